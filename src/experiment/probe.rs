//! Two probes of what depth does to signals. Gradient probe (Nielsen, *Neural Networks and Deep
//! Learning*, ch. 5): in a deep narrow sigmoid net the early layers learn much more slowly.
//! Normalisation probe (Klambauer et al. 2017): with SELU and LeCun-normal weights, activations keep
//! mean ≈ 0 and variance ≈ 1 through many layers.

use std::sync::Arc;

use rand_distr::{Distribution, StandardNormal};
use serde::Serialize;

use crate::data::Split;
use crate::error::{Error, Result};
use crate::nn::config::{MAX_LAYERS, MAX_UNITS};
use crate::nn::layer::spec::dense_list;
use crate::nn::trainer::init_stream;
use crate::nn::{ActivationSpec, Head, Init, Mode, Net, Status, TrainConfig, Trainer};

/// Samples the gradient probe averages over (Nielsen used 1,000 MNIST images).
pub const GRADIENT_PROBE_SAMPLES: usize = 1000;

/// Per-hidden-layer gradient norms at init and after each epoch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradientProbe {
    pub activation: String,
    pub hidden: Vec<usize>,
    /// ‖∂C/∂bˡ‖ per hidden layer at initialisation, input side first (Nielsen's measure).
    pub at_init: Vec<f32>,
    /// ‖∂C/∂Wˡ‖ per hidden layer at initialisation.
    pub weights_at_init: Vec<f32>,
    /// ‖∂C/∂bˡ‖ per hidden layer after each training epoch.
    pub per_epoch: Vec<Vec<f32>>,
    pub status: Status,
}

/// Runs `config` for `epochs` epochs (may be 0) and records each hidden layer's gradient norm over
/// the first [`GRADIENT_PROBE_SAMPLES`] training samples, at init and after every epoch.
pub fn gradient_probe(
    config: &TrainConfig,
    split: impl Into<Arc<Split>>,
    epochs: usize,
) -> Result<GradientProbe> {
    if config.dense_units().is_empty() {
        return Err(Error::Invalid(
            "the gradient probe needs at least one hidden layer".into(),
        ));
    }
    let config = TrainConfig {
        epochs: epochs.max(1),
        ..config.clone()
    };
    let n_hidden = config.dense_units().len();
    let mut t = Trainer::new(config.clone(), split)?;
    let hidden_norms = |norms: Vec<(f32, f32)>| -> (Vec<f32>, Vec<f32>) {
        norms[..n_hidden].iter().map(|&(w, b)| (b, w)).unzip()
    };
    let (at_init, weights_at_init) = hidden_norms(t.full_gradient_norms(GRADIENT_PROBE_SAMPLES));
    let mut per_epoch = Vec::new();
    for _ in 0..epochs {
        if t.status() != Status::Running {
            break;
        }
        let start = t.epoch();
        while t.status() == Status::Running && t.epoch() == start {
            t.step(1);
        }
        if t.epoch() > start {
            per_epoch.push(hidden_norms(t.full_gradient_norms(GRADIENT_PROBE_SAMPLES)).0);
        }
    }
    let activation = if config.activations.len() == 1 {
        config.activations[0].label()
    } else {
        config
            .activations
            .iter()
            .map(ActivationSpec::label)
            .collect::<Vec<_>>()
            .join("+")
    };
    Ok(GradientProbe {
        activation,
        hidden: config.dense_units(),
        at_init,
        weights_at_init,
        per_epoch,
        status: t.status(),
    })
}

/// Mean and standard deviation of one hidden layer's outputs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LayerMoments {
    pub mean: f32,
    pub std: f32,
}

/// Result of [`normalization_probe`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NormalizationProbe {
    pub activation: String,
    pub init: Init,
    pub width: usize,
    /// One per hidden layer, input side first.
    pub layers: Vec<LayerMoments>,
}

/// Most samples the normalisation probe pushes through the net at once.
pub const MAX_PROBE_SAMPLES: usize = 4096;

/// Pushes `samples` standard-normal inputs of size `width` through `depth` hidden layers of
/// `width` units (weights from `init`, or the activation's default; zero biases) and measures each
/// layer's output mean and standard deviation, in evaluation mode.
pub fn normalization_probe(
    activation: &ActivationSpec,
    init: Option<Init>,
    depth: usize,
    width: usize,
    samples: usize,
    seed: u64,
) -> Result<NormalizationProbe> {
    if depth == 0 || depth > MAX_LAYERS {
        return Err(Error::Invalid(format!(
            "depth must be 1 to {MAX_LAYERS}, got {depth}"
        )));
    }
    if width == 0 || width > MAX_UNITS {
        return Err(Error::Invalid(format!(
            "width must be 1 to {MAX_UNITS}, got {width}"
        )));
    }
    if !(2..=MAX_PROBE_SAMPLES).contains(&samples) {
        return Err(Error::Invalid(format!(
            "samples must be 2 to {MAX_PROBE_SAMPLES}, got {samples}"
        )));
    }
    let act = activation.build()?;
    let init = init.unwrap_or_else(|| Init::default_for(&act));
    let mut rng = init_stream(seed);
    // Built without the trainer's caps: the probe's net never trains, and the widest, deepest
    // one (64 × 1024) is past the parameter cap.
    let config = TrainConfig {
        layers: dense_list(&vec![width; depth]),
        activations: vec![activation.clone()],
        init: Some(init),
        ..TrainConfig::default()
    };
    let plan = crate::nn::build::plan(&config, None, width, 1)?;
    let mut net: Net<f32> = Net::new(plan.input, plan.layers, Head::Mse);
    net.init(&mut rng);
    let x: Vec<f32> = (0..samples * width)
        .map(|_| {
            let v: f64 = StandardNormal.sample(&mut rng);
            v as f32
        })
        .collect();
    let mut ws = net.workspace(samples);
    net.forward(&x, samples, &mut ws, &mut Mode::Eval);
    let layers = net
        .unit_layers()
        .iter()
        .map(|u| {
            let a = net.output_of(&x, &ws, u.read);
            let n = a.len() as f64;
            let mean = a.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
            let var = a
                .iter()
                .map(|&v| (f64::from(v) - mean).powi(2))
                .sum::<f64>()
                / n;
            let clean = |v: f64| if v.is_finite() { v as f32 } else { f32::MAX };
            LayerMoments {
                mean: clean(mean),
                std: clean(var.sqrt()),
            }
        })
        .collect();
    Ok(NormalizationProbe {
        activation: activation.label(),
        init,
        width,
        layers,
    })
}

/// The three init families the page compares for one activation, each with the variant the
/// current init uses (uniform or normal) where it belongs to that family.
fn init_families(current: Init) -> [Init; 3] {
    let pick = |uniform: Init, normal: Init| {
        if current == uniform {
            uniform
        } else {
            normal
        }
    };
    [
        pick(Init::GlorotUniform, Init::GlorotNormal),
        pick(Init::HeUniform, Init::HeNormal),
        Init::LecunNormal,
    ]
}

/// The normalisation probe for one activation under Glorot, He and LeCun weights (same inputs,
/// same seed), so the page can show side by side what each init does to the signal with depth.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InitProbes {
    /// The init the run uses (the override, or the activation's default).
    pub current: Init,
    pub depth: usize,
    pub width: usize,
    pub samples: usize,
    pub probes: Vec<NormalizationProbe>,
}

/// [`normalization_probe`] for each init family; `init` is the run's override (None = the
/// activation's default), which the result marks as `current`.
pub fn init_probes(
    activation: &ActivationSpec,
    init: Option<Init>,
    depth: usize,
    width: usize,
    samples: usize,
    seed: u64,
) -> Result<InitProbes> {
    let current = init.unwrap_or_else(|| {
        activation
            .build()
            .map(|a| Init::default_for(&a))
            .unwrap_or(Init::GlorotUniform)
    });
    let probes = init_families(current)
        .into_iter()
        .map(|i| normalization_probe(activation, Some(i), depth, width, samples, seed))
        .collect::<Result<Vec<_>>>()?;
    Ok(InitProbes {
        current,
        depth,
        width,
        samples,
        probes,
    })
}

/// The same config without and with skip connections: per-hidden-layer gradient norms at
/// initialisation (Nielsen's speed of learning), and the first/last layer ratio of each.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkipComparison {
    pub plain: GradientProbe,
    pub residual: GradientProbe,
    /// ‖δ¹‖ / ‖δᴸ‖ without skips (≪ 1: the first layer's gradient vanished).
    pub plain_ratio: f32,
    /// The same with skips (≈ 1: skips carry the gradient back).
    pub residual_ratio: f32,
}

/// Runs [`gradient_probe`] at initialisation for `config` with `residual` off and on.
pub fn skip_comparison(
    config: &TrainConfig,
    split: impl Into<Arc<Split>>,
) -> Result<SkipComparison> {
    let split: Arc<Split> = split.into();
    let with = |residual: bool| {
        gradient_probe(
            &TrainConfig {
                residual,
                ..config.clone()
            },
            Arc::clone(&split),
            0,
        )
    };
    let ratio = |p: &GradientProbe| {
        let (first, last) = (p.at_init[0], p.at_init[p.at_init.len() - 1]);
        if last > 0.0 {
            first / last
        } else {
            0.0
        }
    };
    let (plain, residual) = (with(false)?, with(true)?);
    Ok(SkipComparison {
        plain_ratio: ratio(&plain),
        residual_ratio: ratio(&residual),
        plain,
        residual,
    })
}
