//! Seeded train/test splits. Both take `train_ratio` in (0, 1): the train part gets
//! `floor(n · train_ratio)` samples (the Playground's `splitIndex`), the test part the rest, and
//! both must end up non-empty.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

use super::{Dataset, Split, Task};
use crate::error::{Error, Result};

/// How many samples train for `n` samples and this ratio, after validating both.
pub fn train_count(n: usize, train_ratio: f64) -> Result<usize> {
    if !train_ratio.is_finite() || train_ratio <= 0.0 || train_ratio >= 1.0 {
        return Err(Error::Invalid(format!(
            "train ratio must be strictly between 0 and 1 (e.g. 0.5 for 50%), got {train_ratio}"
        )));
    }
    let train = (n as f64 * train_ratio).floor() as usize;
    if train == 0 || train == n {
        return Err(Error::Invalid(format!(
            "a train ratio of {train_ratio} on {n} samples leaves the {} set empty",
            if train == 0 { "training" } else { "test" }
        )));
    }
    Ok(train)
}

/// Shuffle all samples with `seed` (Fisher–Yates), then the first `floor(n · train_ratio)` train:
/// what the Playground does for its 2-D sets.
pub fn shuffled_split(data: &Dataset, train_ratio: f64, seed: u64) -> Result<Split> {
    let n = data.len();
    let train = train_count(n, train_ratio)?;
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut Pcg64Mcg::seed_from_u64(seed));
    Ok(Split {
        train: data.select(&order[..train]),
        test: data.select(&order[train..]),
    })
}

/// Like `shuffled_split`, but every class is split in the same proportion, so the test set's class
/// mix matches the whole set's. Sizes are exactly those of `shuffled_split`; the test share of
/// each class is rounded by largest remainder (ties to the lower class). Within each part the
/// samples come in a seeded random order, so any prefix is a fair sample. Regression sets have no
/// classes and are split as by `shuffled_split`.
pub fn stratified_split(data: &Dataset, train_ratio: f64, seed: u64) -> Result<Split> {
    let classes = match data.task {
        Task::Classification { classes } => classes,
        Task::Regression => return shuffled_split(data, train_ratio, seed),
    };
    let n = data.len();
    let test_total = n - train_count(n, train_ratio)?;

    let mut members: Vec<Vec<usize>> = vec![Vec::new(); classes];
    for (i, &label) in data.labels.iter().enumerate() {
        members
            .get_mut(label as usize)
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "sample {i} has label {label}, but the set has {classes} classes"
                ))
            })?
            .push(i);
    }

    // Test quota per class: floor of the proportional share, then the leftover seats to the
    // largest remainders.
    let mut quota: Vec<usize> = members.iter().map(|m| m.len() * test_total / n).collect();
    let mut by_remainder: Vec<usize> = (0..classes).collect();
    by_remainder.sort_by_key(|&c| std::cmp::Reverse(members[c].len() * test_total % n));
    let leftover = test_total - quota.iter().sum::<usize>();
    for &c in by_remainder.iter().take(leftover) {
        quota[c] += 1;
    }

    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let (mut train, mut test) = (
        Vec::with_capacity(n - test_total),
        Vec::with_capacity(test_total),
    );
    for (class_members, q) in members.iter_mut().zip(quota) {
        class_members.shuffle(&mut rng);
        test.extend_from_slice(&class_members[..q]);
        train.extend_from_slice(&class_members[q..]);
    }
    train.shuffle(&mut rng);
    test.shuffle(&mut rng);
    Ok(Split {
        train: data.select(&train),
        test: data.select(&test),
    })
}
