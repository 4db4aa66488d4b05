//! Steps to a target training error, and the ratio between two activations: the articles'
//! "ReLU reaches 25% training error ≈6× faster than tanh" (Krizhevsky et al. 2012, a CNN on
//! CIFAR-10), re-measured on whatever MLP and data set the caller picks.

use std::sync::Arc;

use serde::Serialize;

use super::compare::with_activation;
use crate::data::{Split, Task};
use crate::error::{Error, Result};
use crate::nn::{ActivationSpec, Status, TrainConfig, Trainer};
use crate::training::summary::whole_epochs;

/// One activation's run towards the target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConvergenceRun {
    pub activation: String,
    /// Steps (mini-batches) after which training error first was ≤ target; `None` if never.
    pub steps_to_target: Option<u64>,
    /// The epoch (from 1) those steps end in: a whole number (4.27 epochs of steps → 5).
    pub epochs_to_target: Option<u64>,
    /// Training error at the last check.
    pub final_train_error: f32,
}

/// Result of [`convergence_ratio`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConvergenceRatio {
    pub target_error: f32,
    pub fast: ConvergenceRun,
    pub slow: ConvergenceRun,
    /// `slow.steps / fast.steps` (the articles' ≈6 for ReLU vs tanh); `None` if either missed.
    pub ratio: Option<f64>,
}

/// Trains `config` (for at most `config.epochs` epochs), checking the training error on the whole
/// training set every `check_every` steps, and reports when it first reaches `target_error`.
pub fn steps_to_target(
    config: &TrainConfig,
    split: impl Into<Arc<Split>>,
    target_error: f32,
    check_every: usize,
) -> Result<ConvergenceRun> {
    let split: Arc<Split> = split.into();
    if !matches!(split.train.task, Task::Classification { .. }) {
        return Err(Error::Invalid(
            "steps to a target error needs a classification data set".into(),
        ));
    }
    if !(target_error.is_finite() && (0.0..1.0).contains(&target_error)) {
        return Err(Error::Invalid(format!(
            "target training error must lie in [0, 1), got {target_error}"
        )));
    }
    let mut t = Trainer::new(config.clone(), split)?;
    let check_every = check_every.max(1);
    let per_epoch = t.steps_per_epoch() as f64;
    let mut error = 1.0;
    let mut reached = None;
    while t.status() == Status::Running {
        t.step(check_every);
        let acc = t.evaluate().train.accuracy.unwrap_or(0.0);
        error = 1.0 - acc;
        if error <= target_error {
            reached = Some(t.step_count());
            break;
        }
    }
    Ok(ConvergenceRun {
        activation: config
            .activations
            .first()
            .map(ActivationSpec::label)
            .unwrap_or_default(),
        steps_to_target: reached,
        epochs_to_target: reached.map(|s| whole_epochs(s as f64 / per_epoch)),
        final_train_error: error,
    })
}

/// Steps to `target_error` for `fast` and `slow` (e.g. relu and tanh) on the same config, seed and
/// batch order, and their ratio.
pub fn convergence_ratio(
    base: &TrainConfig,
    split: impl Into<Arc<Split>>,
    fast: &ActivationSpec,
    slow: &ActivationSpec,
    target_error: f32,
    check_every: usize,
) -> Result<ConvergenceRatio> {
    let split: Arc<Split> = split.into();
    let f = steps_to_target(
        &with_activation(base, fast),
        Arc::clone(&split),
        target_error,
        check_every,
    )?;
    let s = steps_to_target(
        &with_activation(base, slow),
        split,
        target_error,
        check_every,
    )?;
    let ratio = match (f.steps_to_target, s.steps_to_target) {
        (Some(a), Some(b)) => Some(b as f64 / a as f64),
        _ => None,
    };
    Ok(ConvergenceRatio {
        target_error,
        fast: f,
        slow: s,
        ratio,
    })
}
