//! Weight initialisations made visible (TF Playground #1): a histogram of each dense layer's
//! weights with the spread its init intends, so the page can show how Glorot, He and LeCun differ
//! and what an init the activation does not expect looks like. Call it on a fresh trainer for the
//! initial weights (or at any time for the current ones).

use serde::Serialize;

use super::config::TrainConfig;
use super::init::Init;
use super::trainer::Trainer;
use crate::data::{Dataset, Split, Task};
use crate::error::{Error, Result};

/// Most bins a histogram may have.
pub const MAX_BINS: usize = 1000;

/// Equal-width bins over `[lo, hi]`; values equal to `hi` fall in the last bin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Histogram {
    pub lo: f64,
    pub hi: f64,
    pub counts: Vec<u32>,
}

impl Histogram {
    /// Bins `values` over `[lo, hi]` (values outside are clamped into the end bins).
    pub fn new(
        values: impl IntoIterator<Item = f64>,
        lo: f64,
        hi: f64,
        bins: usize,
    ) -> Result<Self> {
        if bins == 0 || bins > MAX_BINS {
            return Err(Error::Invalid(format!(
                "a histogram needs 1 to {MAX_BINS} bins, got {bins}"
            )));
        }
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            return Err(Error::Invalid(format!(
                "a histogram needs a finite range lo < hi, got [{lo}, {hi}]"
            )));
        }
        let mut counts = vec![0u32; bins];
        let scale = bins as f64 / (hi - lo);
        for v in values {
            if v.is_finite() {
                let i = ((v - lo) * scale).floor().clamp(0.0, (bins - 1) as f64) as usize;
                counts[i] += 1;
            }
        }
        Ok(Histogram { lo, hi, counts })
    }

    pub fn bin_width(&self) -> f64 {
        (self.hi - self.lo) / self.counts.len() as f64
    }

    /// The `bins + 1` bin edges, `lo` first.
    pub fn edges(&self) -> Vec<f64> {
        let w = self.bin_width();
        (0..=self.counts.len())
            .map(|i| self.lo + w * i as f64)
            .collect()
    }
}

/// One dense layer's weights summarised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerHistogram {
    /// 1-based; the last one is the output layer.
    pub layer: usize,
    pub fan_in: usize,
    pub fan_out: usize,
    pub init: Init,
    /// The standard deviation the init draws with.
    pub expected_std: f64,
    pub mean: f64,
    pub std: f64,
    /// Symmetric around 0, out to the largest |weight|.
    pub histogram: Histogram,
}

impl Trainer {
    /// Histograms of every dense layer's weights (biases excluded: they start at 0).
    pub fn weight_histograms(&self, bins: usize) -> Result<Vec<LayerHistogram>> {
        let net = self.network();
        let dense = net.layers.iter().filter_map(|l| match l {
            super::Layer::Dense(d) => Some(d),
            _ => None,
        });
        dense
            .enumerate()
            .map(|(l, d)| {
                let w = &net.params[d.weights.clone()];
                let n = w.len().max(1) as f64;
                let mean = w.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
                let var = w
                    .iter()
                    .map(|&v| (f64::from(v) - mean).powi(2))
                    .sum::<f64>()
                    / n;
                let reach = w.iter().fold(0.0f64, |m, &v| m.max(f64::from(v).abs()));
                let reach = if reach > 0.0 { reach } else { 1.0 };
                Ok(LayerHistogram {
                    layer: l + 1,
                    fan_in: d.inputs,
                    fan_out: d.outputs,
                    init: d.init,
                    expected_std: d.init.std(d.inputs, d.outputs),
                    mean,
                    std: var.sqrt(),
                    histogram: Histogram::new(
                        w.iter().map(|&v| f64::from(v)),
                        -reach,
                        reach,
                        bins,
                    )?,
                })
            })
            .collect()
    }
}

/// Histograms of the weights a run of `config` starts from, on data with `features` inputs and
/// `task`, without the data itself: the trainer is built over one placeholder sample, and the
/// initial weights depend only on the config, the layer sizes and the seed (so the page can show
/// them for MNIST before the images are fetched).
pub fn initial_histograms(
    config: &TrainConfig,
    features: usize,
    task: Task,
    bins: usize,
) -> Result<Vec<LayerHistogram>> {
    initial_histograms_shaped(config, None, features, task, bins)
}

/// [`initial_histograms`] for samples of image `shape` (needed by a network with conv layers).
pub fn initial_histograms_shaped(
    config: &TrainConfig,
    shape: Option<crate::data::Shape>,
    features: usize,
    task: Task,
    bins: usize,
) -> Result<Vec<LayerHistogram>> {
    let sample = Dataset {
        features,
        shape,
        task,
        inputs: vec![0.0; features],
        labels: match task {
            Task::Classification { .. } => vec![0],
            Task::Regression => Vec::new(),
        },
        targets: match task {
            Task::Classification { .. } => Vec::new(),
            Task::Regression => vec![0.0],
        },
    };
    let split = Split {
        train: sample,
        test: Dataset {
            inputs: Vec::new(),
            labels: Vec::new(),
            targets: Vec::new(),
            features,
            shape,
            task,
        },
    };
    let config = TrainConfig {
        batch_size: 1,
        ..config.clone()
    };
    Trainer::new(config, split)?.weight_histograms(bins)
}
