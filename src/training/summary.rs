//! The comparison's result table: per activation, final and best test accuracy and when the run
//! first reached the target training accuracy (the articles measure "epochs to 25% training
//! error"), plus the measured ratio between two runs.

use serde::{Deserialize, Serialize};

use crate::nn::Status;

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub activation: String,
    pub final_test_accuracy: Option<f32>,
    pub best_test_accuracy: Option<f32>,
    pub final_test_loss: Option<f32>,
    /// The epoch in which training accuracy first was ≥ target, counted from 1 (a check at 4.27
    /// epochs is in epoch 5): a whole number, as the articles count.
    pub epochs_to_target: Option<u64>,
    pub steps_to_target: Option<u64>,
    pub diverged: bool,
    pub millis: f64,
    /// Keras 2's binary accuracy at the last epoch, with the article's loss as written only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_test_binary_accuracy: Option<f32>,
}

/// The epoch (from 1) that fractional epoch count `epochs` falls in: 4.27 → 5, 3.0 → 3, 0 → 1.
pub fn whole_epochs(epochs: f64) -> u64 {
    if epochs.is_finite() && epochs > 0.0 {
        // f64 noise (3.0000000000000004 steps/epoch products) must not push a whole count up.
        (epochs - 1e-9).ceil().max(1.0) as u64
    } else {
        1
    }
}

/// Per-epoch test metrics of one run plus its first target hit (`reached`: step and fractional
/// epoch).
pub fn summarize(
    activation: &str,
    test_accuracy: &[Option<f32>],
    test_loss: &[Option<f32>],
    reached: Option<(u64, f64)>,
    status: Status,
    millis: f64,
) -> RunSummary {
    let accs: Vec<f32> = test_accuracy.iter().flatten().copied().collect();
    RunSummary {
        activation: activation.to_string(),
        final_test_accuracy: accs.last().copied(),
        best_test_accuracy: accs.iter().copied().reduce(f32::max),
        final_test_loss: test_loss.iter().flatten().last().copied(),
        epochs_to_target: reached.map(|r| whole_epochs(r.1)),
        steps_to_target: reached.map(|r| r.0),
        diverged: matches!(status, Status::Diverged { .. }),
        millis,
        final_test_binary_accuracy: None,
    }
}

/// Steps-to-target of `slow` over `fast` (the articles' "≈6×" for tanh over ReLU); `None` when
/// either run never reached the target.
pub fn speedup(fast: &RunSummary, slow: &RunSummary) -> Option<f64> {
    match (fast.steps_to_target, slow.steps_to_target) {
        (Some(f), Some(s)) if f > 0 => Some(s as f64 / f as f64),
        _ => None,
    }
}
