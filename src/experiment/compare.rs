//! One configuration × many activations. Every run uses the same seed, so the same init stream
//! (each layer's weights come from the same draws, scaled per init), the same batch order and the
//! same noise stream: differences between traces are the activation's doing.

use std::sync::Arc;

use serde::Serialize;

use crate::data::Split;
use crate::error::Result;
use crate::nn::{ActivationSpec, Optimizer, Snapshot, Status, TrainConfig, Trainer};

/// One row of a trace: the state after an epoch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EpochRecord {
    pub epoch: usize,
    pub train_loss: f32,
    pub train_accuracy: Option<f32>,
    pub test_loss: Option<f32>,
    pub test_accuracy: Option<f32>,
    /// Weight-gradient norm of each dense layer at the epoch's last step (input side first).
    pub grad_norms: Vec<f32>,
    /// Dead-unit fraction of each hidden layer on the training set.
    pub dead_fractions: Vec<f32>,
}

impl EpochRecord {
    /// The record of a snapshot taken right after an evaluation (`Trainer::run_epoch`).
    pub fn from_snapshot(s: &Snapshot) -> Option<Self> {
        let e = s.evaluation.as_ref()?;
        Some(EpochRecord {
            epoch: e.epoch,
            train_loss: e.train.loss,
            train_accuracy: e.train.accuracy,
            test_loss: e.test.map(|m| m.loss),
            test_accuracy: e.test.and_then(|m| m.accuracy),
            grad_norms: s.grad_norms.clone(),
            dead_fractions: e.hidden.iter().map(|h| h.dead_fraction).collect(),
        })
    }
}

/// The per-epoch trace of one activation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trace {
    /// The activation's label, e.g. `leaky_relu(negative_slope=0.2)`.
    pub activation: String,
    pub status: Status,
    pub epochs: Vec<EpochRecord>,
}

/// The MNIST article's line-up: sigmoid, relu, elu, leaky_relu(0.2), selu, gelu.
pub fn default_activations() -> Vec<ActivationSpec> {
    ActivationSpec::parse_list("sigmoid,relu,elu,leaky_relu(0.2),selu,gelu")
        .expect("the default list is valid")
}

/// The MNIST article's setup scaled to an MLP: Adam, clip value 0.5, batch 128; one hidden layer of
/// 64 units (MNIST, 784-64-10) or 32 (8×8 digits, 64-32-10).
pub fn default_compare_config(hidden_units: usize) -> TrainConfig {
    TrainConfig {
        hidden: vec![hidden_units],
        optimizer: Optimizer::adam(),
        lr: 0.001,
        batch_size: 128,
        epochs: 20,
        clip_value: Some(0.5),
        ..TrainConfig::default()
    }
}

/// `base` with every hidden layer using `activation`.
pub fn with_activation(base: &TrainConfig, activation: &ActivationSpec) -> TrainConfig {
    TrainConfig {
        activations: vec![activation.clone()],
        ..base.clone()
    }
}

/// Trains `base` once per activation for `base.epochs` epochs; `on_epoch(run, record)` is called
/// after every epoch (progress bars, streaming output). A diverged run keeps its trace so far.
pub fn compare(
    base: &TrainConfig,
    activations: &[ActivationSpec],
    split: impl Into<Arc<Split>>,
    mut on_epoch: impl FnMut(usize, &EpochRecord),
) -> Result<Vec<Trace>> {
    let split: Arc<Split> = split.into();
    // Validate every run before spending time on any.
    let mut trainers = Vec::with_capacity(activations.len());
    for a in activations {
        trainers.push(Trainer::new(with_activation(base, a), Arc::clone(&split))?);
    }
    let mut traces = Vec::with_capacity(trainers.len());
    for (run, (mut t, a)) in trainers.into_iter().zip(activations).enumerate() {
        let mut epochs = Vec::new();
        while t.status() == Status::Running {
            let snap = t.run_epoch();
            if let Some(rec) = EpochRecord::from_snapshot(&snap) {
                // A divergence mid-epoch evaluates without completing an epoch: no new row.
                if rec.epoch > epochs.len() {
                    on_epoch(run, &rec);
                    epochs.push(rec);
                }
            }
        }
        traces.push(Trace {
            activation: a.label(),
            status: t.status(),
            epochs,
        });
    }
    Ok(traces)
}
