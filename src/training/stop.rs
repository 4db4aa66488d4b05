//! The stop condition (TF Playground users asked for it): a run ends at the first evaluation whose
//! test accuracy reaches a target, or when its epochs are done (the trainer's own `Finished`).
//! Kept apart from the trainer so the rule is one line the page, the worker and tests share.

use serde::Serialize;

use super::history::TrainRecord;

/// Why a run stopped before its last epoch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TargetReached {
    /// Test accuracy at the evaluation that stopped the run.
    pub accuracy: f32,
    pub target: f32,
    pub step: u64,
    pub epoch: f64,
}

/// `Some` when `record` meets the stop accuracy `target` (no target, or no test accuracy: never).
pub fn target_reached(target: Option<f32>, record: &TrainRecord) -> Option<TargetReached> {
    let target = target?;
    let accuracy = record.test_accuracy?;
    (accuracy >= target).then_some(TargetReached {
        accuracy,
        target,
        step: record.step,
        epoch: record.epoch,
    })
}
