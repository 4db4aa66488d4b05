//! How much of the data the page's live evaluations read. Every evaluation (the loss and accuracy
//! traces, the layer panels, the confusion matrix) runs the network forward over the training and
//! test sets; for the article's CNN on the MNIST subset that is ≈ 10,000 × 24 MFLOP, about a
//! minute in a tab. Such networks are evaluated on a fixed prefix of each set instead (the splits
//! are in seeded random order, so a prefix is a fair sample), sized to this budget.

/// Forward floating-point operations one evaluation may spend over the two sets.
pub const EVAL_BUDGET_FLOPS: u64 = 10_000_000_000;
/// Fewest samples per set an evaluation reads (accuracy within about ±2 %).
pub const MIN_EVAL_SAMPLES: usize = 500;

/// Samples per set an evaluation reads for a network of `training_flops` per training sample
/// (`Trainer::training_flops_per_sample`; the forward pass is about a third) over sets of up to
/// `samples`: `None` (all of them) when that fits the budget.
pub fn eval_limit(training_flops: u64, samples: usize) -> Option<usize> {
    let forward = (training_flops / 3).max(1);
    let fits = EVAL_BUDGET_FLOPS / (2 * forward);
    let n = usize::try_from(fits)
        .unwrap_or(usize::MAX)
        .max(MIN_EVAL_SAMPLES);
    (n < samples).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_networks_read_everything_large_ones_a_prefix() {
        // A 784-128-10 MLP: ≈ 0.6 MFLOP per training sample.
        assert_eq!(eval_limit(600_000, 8000), None);
        // The article's CNN: ≈ 72 MFLOP per training sample → the minimum.
        assert_eq!(eval_limit(72_000_000, 8000), Some(MIN_EVAL_SAMPLES));
        // In between: the budget decides, and a set smaller than the limit is read whole.
        assert_eq!(eval_limit(3_000_000, 8000), Some(5000));
        assert_eq!(eval_limit(3_000_000, 4000), None);
    }
}
