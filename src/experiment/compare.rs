//! One configuration × many activations. Every run uses the same seed, so the same init stream
//! (each layer's weights come from the same draws, scaled per init), the same batch order and the
//! same noise stream: differences between traces are the activation's doing.

use std::sync::Arc;

use serde::Serialize;

use crate::data::Split;
use crate::error::{Error, Result};
use crate::nn::layer::list::parse_layers;
use crate::nn::layer::spec::{ARTICLE_CNN, SMALL_CNN};
use crate::nn::{
    ActivationSpec, DropoutKind, LayerSpec, Optimizer, Snapshot, Status, TrainConfig, Trainer,
};

/// One row of a trace: the state after an epoch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EpochRecord {
    pub epoch: usize,
    pub train_loss: f32,
    pub train_accuracy: Option<f32>,
    pub test_loss: Option<f32>,
    pub test_accuracy: Option<f32>,
    /// Weight-gradient norm of each conv and dense layer at the epoch's last step, input side
    /// first (conv layers first, the output layer last).
    pub grad_norms: Vec<f32>,
    /// Dead fraction of each conv layer's filters and each hidden dense layer's units on the
    /// training set.
    pub dead_fractions: Vec<f32>,
    /// How many of the entries above are conv layers'.
    pub conv_layers: usize,
    /// Output mean and std of each conv and hidden dense layer on the training set (what keeps
    /// or loses its scale with depth).
    pub act_mean: Vec<f32>,
    pub act_std: Vec<f32>,
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
            dead_fractions: e.layers.iter().map(|h| h.dead_fraction).collect(),
            conv_layers: e.conv_layers,
            act_mean: e.layers.iter().map(|h| h.mean).collect(),
            act_std: e.layers.iter().map(|h| h.std).collect(),
        })
    }
}

/// One run of a comparison: an activation, and whether batch normalisation goes before each
/// conv and hidden dense layer's activation (written `relu+bn`), so "ReLU with BatchNorm" can race
/// "SELU without" on one network.
#[derive(Debug, Clone, PartialEq)]
pub struct Contender {
    pub activation: ActivationSpec,
    pub batch_norm: bool,
}

impl Contender {
    /// `relu`, `leaky_relu(0.2)`, `relu+bn`.
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        let lower = text.to_ascii_lowercase();
        let (spec, batch_norm) = match lower.strip_suffix("+bn") {
            Some(_) => (&text[..text.len() - 3], true),
            None => (text, false),
        };
        Ok(Contender {
            activation: ActivationSpec::parse(spec)?,
            batch_norm,
        })
    }

    /// A comma-separated line-up (commas inside parentheses belong to the item).
    pub fn parse_list(text: &str) -> Result<Vec<Self>> {
        let items = ActivationSpec::split_list(text);
        if items.is_empty() {
            return Err(crate::error::Error::text(
                "no activation given",
                "没有给出激活函数",
            ));
        }
        items.into_iter().map(Self::parse).collect()
    }

    /// The label the link, the CLI and the charts use: `relu`, `relu+bn`.
    pub fn label(&self) -> String {
        let a = self.activation.label();
        if self.batch_norm {
            format!("{a}+bn")
        } else {
            a
        }
    }

    /// The run's config: `variant` of `base` for the activation, with batch norm inserted after
    /// every conv and dense item when asked (a plain MLP's dropout becomes `drop` items, since a
    /// list with batch norm carries its own).
    pub fn config(
        &self,
        base: &TrainConfig,
        variant: fn(&TrainConfig, &ActivationSpec) -> TrainConfig,
    ) -> TrainConfig {
        let mut c = variant(base, &self.activation);
        if self.batch_norm {
            let rate = std::mem::take(&mut c.dropout);
            let mut list = Vec::with_capacity(c.layers.len() * 3);
            for l in &c.layers {
                list.push(*l);
                if l.is_weighted() {
                    list.push(LayerSpec::BatchNorm {
                        after_activation: false,
                    });
                    if rate > 0.0 && matches!(l, LayerSpec::Dense { .. }) {
                        list.push(LayerSpec::Dropout { rate });
                    }
                }
            }
            c.layers = list;
        }
        c
    }
}

impl From<ActivationSpec> for Contender {
    fn from(activation: ActivationSpec) -> Self {
        Contender {
            activation,
            batch_norm: false,
        }
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
        layers: crate::nn::layer::spec::dense_list(&[hidden_units]),
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

/// The article's rule for its SELU branch: [`with_activation`], and AlphaDropout instead of
/// standard dropout when the activation is SELU (its init, LeCun normal, is SELU's default).
pub fn article_variant(base: &TrainConfig, activation: &ActivationSpec) -> TrainConfig {
    let mut c = with_activation(base, activation);
    if activation.name == "selu" {
        c.dropout_kind = DropoutKind::Alpha;
    }
    c
}

/// The MNIST article's six activations with GELU in its tanh form, as the article's Keras code.
pub fn article_activations() -> Vec<ActivationSpec> {
    ActivationSpec::parse_list("sigmoid,relu,elu,leaky_relu(0.2),selu,gelu_tanh")
        .expect("the article's list is valid")
}

/// A named experiment: its config, the runs it compares, the data set it is made for and how each
/// activation's run is derived from the config.
pub struct Preset {
    pub config: TrainConfig,
    pub activations: Vec<Contender>,
    pub dataset: &'static str,
    pub variant: fn(&TrainConfig, &ActivationSpec) -> TrainConfig,
}

/// Preset names for messages.
pub const PRESETS: &str = "article-cnn, small-cnn, selu-vs-batchnorm";

/// `selu-vs-batchnorm`'s network: 16 dense layers of 64 units, deep enough that the signal's
/// statistics drift layer by layer unless something keeps them in place.
pub const DEEP_MLP: [usize; 16] = [64; 16];

/// Seed 002's claim that SELU normalises itself and so needs no BatchNorm, on MNIST: SELU (LeCun
/// normal), ReLU with BatchNorm before every activation, and plain ReLU, on a 16 × 64 MLP with
/// Adam 1e-3, batch 128, 3 epochs; the per-layer mean and std show why.
fn selu_vs_batchnorm() -> Preset {
    let config = TrainConfig {
        layers: crate::nn::layer::spec::dense_list(&DEEP_MLP),
        optimizer: Optimizer::adam(),
        lr: 0.001,
        batch_size: 128,
        epochs: 3,
        ..TrainConfig::default()
    };
    let run = |text: &str| Contender::parse(text).expect("the preset's runs are valid");
    Preset {
        config,
        activations: vec![run("selu"), run("relu+bn"), run("relu")],
        dataset: "mnist",
        variant: article_variant,
    }
}

/// `article-cnn`: the article's network and settings on MNIST (Conv32k3 → Conv64k3 → MaxPool2 →
/// Dropout 0.25 → Flatten → Dense128 → Dropout 0.5 → Dense10 softmax; Adam 1e-3, clip value 0.5,
/// batch 128; the SELU run with AlphaDropout), 5 epochs. `small-cnn`: a ConvNetJS-sized net
/// (conv 5×5×8 same → pool 2 → conv 5×5×16 same → pool 3 → dense 10), Adam 1e-3, batch 32,
/// 15 epochs.
pub fn preset(name: &str) -> Result<Preset> {
    if name == "selu-vs-batchnorm" {
        return Ok(selu_vs_batchnorm());
    }
    let (layers, batch, epochs, clip) = match name {
        "article-cnn" => (ARTICLE_CNN, 128, 5, Some(0.5)),
        "small-cnn" => (SMALL_CNN, 32, 15, None),
        _ => {
            return Err(Error::Invalid(format!(
                "unknown preset `{}`; valid: {PRESETS}",
                crate::activation::truncate_for_message(name)
            )))
        }
    };
    let mut config = TrainConfig {
        optimizer: Optimizer::adam(),
        lr: 0.001,
        batch_size: batch,
        epochs,
        clip_value: clip,
        ..TrainConfig::default()
    };
    config.set_layers(parse_layers(layers)?);
    Ok(Preset {
        config,
        activations: article_activations()
            .into_iter()
            .map(Contender::from)
            .collect(),
        dataset: "mnist",
        variant: article_variant,
    })
}

/// Trains `base` once per activation for `base.epochs` epochs; `on_epoch(run, record)` is called
/// after every epoch (progress bars, streaming output). A diverged run keeps its trace so far.
pub fn compare(
    base: &TrainConfig,
    activations: &[ActivationSpec],
    split: impl Into<Arc<Split>>,
    on_epoch: impl FnMut(usize, &EpochRecord),
) -> Result<Vec<Trace>> {
    let runs: Vec<Contender> = activations.iter().cloned().map(Contender::from).collect();
    compare_with(base, &runs, split, with_activation, on_epoch)
}

/// [`compare`] with each run's config made by `variant` (e.g. [`article_variant`]).
pub fn compare_with(
    base: &TrainConfig,
    activations: &[Contender],
    split: impl Into<Arc<Split>>,
    variant: fn(&TrainConfig, &ActivationSpec) -> TrainConfig,
    mut on_epoch: impl FnMut(usize, &EpochRecord),
) -> Result<Vec<Trace>> {
    let split: Arc<Split> = split.into();
    // Validate every run before spending time on any.
    let mut trainers = Vec::with_capacity(activations.len());
    for a in activations {
        trainers.push(Trainer::new(a.config(base, variant), Arc::clone(&split))?);
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
