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
    /// Fractional epochs at the first check where training accuracy was ≥ target.
    pub epochs_to_target: Option<f64>,
    pub steps_to_target: Option<u64>,
    pub diverged: bool,
    pub millis: f64,
}

/// Per-epoch test metrics of one run plus its first target hit.
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
        epochs_to_target: reached.map(|r| r.1),
        steps_to_target: reached.map(|r| r.0),
        diverged: matches!(status, Status::Diverged { .. }),
        millis,
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
