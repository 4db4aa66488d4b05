//! "Export as PyTorch": a standalone Python script that trains the same network as a
//! [`TrainConfig`] — same layers, activation and its parameters, init, loss head, optimizer, L1/L2,
//! clipping, dropout, batch size, epochs and seed — on the same data set (the shipped
//! `data/*.bin[.gz]` file, or the 2-D set regenerated with the same formulas as `data::toy`).
//!
//! Not bit-identical to the tab: torch has its own random streams (init, batch order, the 2-D
//! points), so curves match in shape, not to the last digit. Everything else is a straight
//! translation; the validation is the core's (`TrainConfig::validate`, the catalog, `head_for`).

use crate::activation::Activation;
use crate::data::{ImageSource, Shape, Task, TwoD};
use crate::error::{Error, Result};
use crate::nn::build::has_front;
use crate::nn::layer::activation::{ActivationLayer, Hidden};
use crate::nn::layer::dropout::DropoutLayer;
use crate::nn::{DropoutKind, Head, Init, Layer, Optimizer, TrainConfig};

pub use super::script::DataChoice;
use super::script::{py_float, py_float32, py_str, Source};

/// The model file's `data` entry as a Python literal (2-D sets record how they were generated).
fn data_info_py(source: &Source, data: &DataChoice, seed: u64) -> String {
    match source {
        Source::TwoD(kind, n) => format!(
            r#"{{"name": {:?}, "generated": {{"samples": {n}, "noise": {}, "train_ratio": {}, "seed": {seed}}}}}"#,
            kind.name(),
            py_float(data.noise),
            py_float(data.train_ratio)
        ),
        Source::Images(s) => format!(r#"{{"name": {:?}}}"#, s.name),
    }
}

/// Python expression building the torch module for one hidden layer's activation.
fn activation_module(a: &Activation, units: usize, per_unit: bool) -> Result<String> {
    let p = |k: &str| {
        a.params()
            .into_iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| py_float(v))
            .unwrap_or_else(|| "0.0".into())
    };
    Ok(match a.name() {
        "identity" => "nn.Identity()".into(),
        "sigmoid" => "nn.Sigmoid()".into(),
        "tanh" => "nn.Tanh()".into(),
        "relu" => "nn.ReLU()".into(),
        "leaky_relu" => format!("nn.LeakyReLU(negative_slope={})", p("negative_slope")),
        "prelu" => format!(
            "nn.PReLU(num_parameters={}, init={})",
            if per_unit { units } else { 1 },
            p("init")
        ),
        "rrelu" => format!("nn.RReLU(lower={}, upper={})", p("lower"), p("upper")),
        "elu" => format!("nn.ELU(alpha={})", p("alpha")),
        "celu" => format!("nn.CELU(alpha={})", p("alpha")),
        "selu" => "nn.SELU()".into(),
        "gelu" => "nn.GELU()".into(),
        "gelu_tanh" => "nn.GELU(approximate=\"tanh\")".into(),
        "relu6" => "nn.ReLU6()".into(),
        "hardtanh" => format!(
            "nn.Hardtanh(min_val={}, max_val={})",
            p("min_val"),
            p("max_val")
        ),
        "hardsigmoid" => "nn.Hardsigmoid()".into(),
        "hardswish" => "nn.Hardswish()".into(),
        "silu" => "nn.SiLU()".into(),
        "swish" => format!("Swish(beta={})", p("beta")),
        "mish" => "nn.Mish()".into(),
        "softplus" => format!(
            "nn.Softplus(beta={}, threshold={})",
            p("beta"),
            p("threshold")
        ),
        "softsign" => "nn.Softsign()".into(),
        "logsigmoid" => "nn.LogSigmoid()".into(),
        "tanhshrink" => "nn.Tanhshrink()".into(),
        "softshrink" => format!("nn.Softshrink(lambd={})", p("lambd")),
        "hardshrink" => format!("nn.Hardshrink(lambd={})", p("lambd")),
        // No torch module: a `Lambda` (defined in the script's helpers) around a tensor
        // expression. The exponential branches are clamped to x ≤ 0 so the unused side of
        // `torch.where` cannot overflow and turn the gradient into NaN.
        "arctan" => lambda("arctan", "torch.atan(x)"),
        "elish" => lambda(
            "elish",
            "torch.where(x >= 0, x, torch.expm1(torch.clamp(x, max=0.0))) * torch.sigmoid(x)",
        ),
        "hard_elish" => lambda(
            "hard_elish",
            "torch.where(x >= 0, x, torch.expm1(torch.clamp(x, max=0.0))) \
             * torch.clamp((x + 1) / 2, 0.0, 1.0)",
        ),
        "squareplus" => lambda(
            "squareplus",
            &format!("(x + torch.sqrt(x * x + {})) / 2", p("b")),
        ),
        "bent_identity" => lambda("bent_identity", "(torch.sqrt(x * x + 1) - 1) / 2 + x"),
        "sin" => lambda("sin", "torch.sin(x)"),
        "gaussian" => lambda("gaussian", "torch.exp(-x * x)"),
        "custom" => {
            let f = a.formula().expect("custom activations carry a formula");
            lambda(&format!("f(x) = {}", f.source()), &f.to_torch("x"))
        }
        other => {
            return Err(Error::text(
                format!("`{other}` has no PyTorch export yet"),
                format!("`{other}` 还不能导出为 PyTorch"),
            ))
        }
    })
}

/// A `Lambda` module (see the script helpers) computing `expr` of the tensor `x`.
fn lambda(label: &str, expr: &str) -> String {
    format!("Lambda(lambda x: {expr}, {label:?})")
}

/// Python statement initialising `weight` (fan_in = columns of torch's `out × in` matrix).
fn init_call(init: Init) -> &'static str {
    match init {
        Init::GlorotUniform => "nn.init.xavier_uniform_(layer.weight)",
        Init::GlorotNormal => "nn.init.xavier_normal_(layer.weight)",
        Init::HeUniform => "nn.init.kaiming_uniform_(layer.weight, nonlinearity=\"relu\")",
        Init::HeNormal => "nn.init.kaiming_normal_(layer.weight, nonlinearity=\"relu\")",
        Init::LecunNormal => "nn.init.kaiming_normal_(layer.weight, nonlinearity=\"linear\")",
    }
}

/// Python expression building a dropout module (`nn.Dropout` or, for SELU nets, `nn.AlphaDropout`),
/// or `None` for rate 0.
fn dropout_expr(rate: f32, kind: DropoutKind) -> String {
    if rate <= 0.0 {
        return "None".into();
    }
    match kind {
        DropoutKind::Standard => format!("nn.Dropout(p={})", py_float32(rate)),
        DropoutKind::Alpha => format!("nn.AlphaDropout(p={})", py_float32(rate)),
    }
}

/// The network read off the one the core builds: the image part's `FRONT` rows, one `HIDDEN`
/// row per hidden dense layer, and the output layer's fan-in. Each row comes from its layer's
/// file (`pytorch_row`), so the script's geometry is the trainer's.
struct Rows {
    image: Option<ImagePart>,
    hidden: Vec<String>,
    fan_in: usize,
}

/// The conv, pool, batch norm and dropout layers before the flatten, as the script's `FRONT` rows.
struct ImagePart {
    /// Height, width, channels of a sample (our inputs are these, flattened row by row).
    shape: Shape,
    rows: Vec<String>,
}

/// Python expression building a layer's activation module.
fn activation_of(a: &ActivationLayer) -> Result<String> {
    let (act, per_unit) = match &a.f {
        Hidden::Fixed(f) => (f.clone(), false),
        Hidden::Prelu { per_unit, init } => (Activation::Prelu { init: *init }, *per_unit),
        Hidden::Rrelu { lower, upper } => (
            Activation::Rrelu {
                lower: *lower,
                upper: *upper,
            },
            false,
        ),
    };
    activation_module(&act, a.shape.channels, per_unit)
}

/// The rows of `config`'s network on `source`.
fn network_rows(
    config: &TrainConfig,
    source: &Source,
    inputs: usize,
    outputs: usize,
    head: Head,
) -> Result<Rows> {
    let shape = match source {
        Source::Images(s) if s.name == "digits" => Some(Shape::new(8, 8, 1)),
        Source::Images(_) => Some(Shape::new(28, 28, 1)),
        Source::TwoD(..) if has_front(&config.layers) => {
            return Err(Error::text(
                "conv and pool layers need image data (digits 8×8×1, mnist 28×28×1); this data \
                 set is flat: use dense layers only",
                "卷积层和池化层需要图像数据（digits 8×8×1、mnist 28×28×1）；这个数据集是平面的：只能用全连接层",
            ))
        }
        Source::TwoD(..) => None,
    };
    let mut rng = rand_pcg::Pcg64Mcg::new(0);
    let net = crate::nn::build::network(config, shape, inputs, outputs, head, &mut rng)?;
    let layers = &net.layers;
    let split = layers
        .iter()
        .position(|l| matches!(l, Layer::Dense(_)))
        .unwrap_or(layers.len());
    let image = if has_front(&config.layers) {
        Some(ImagePart {
            shape: net.input,
            rows: front_rows(&layers[..split])?,
        })
    } else {
        None
    };
    let mut hidden = Vec::new();
    let mut fan_in = inputs;
    let mut i = split;
    while let Some(Layer::Dense(d)) = layers.get(i) {
        let end = layers[i + 1..]
            .iter()
            .position(|l| matches!(l, Layer::Dense(_)))
            .map_or(layers.len(), |k| i + 1 + k);
        fan_in = d.inputs;
        if end < layers.len() {
            hidden.push(dense_row(d, &layers[i + 1..end])?);
        }
        i = end;
    }
    Ok(Rows {
        image,
        hidden,
        fan_in,
    })
}

/// The `FRONT` rows of the image part (a conv layer's row carries the activation right after it).
fn front_rows(part: &[Layer]) -> Result<Vec<String>> {
    let mut rows = Vec::new();
    let mut i = 0;
    while i < part.len() {
        rows.push(match &part[i] {
            Layer::Conv2d(c) => {
                let init = init_call(c.init);
                match part.get(i + 1) {
                    Some(Layer::Activation(a)) => {
                        i += 1;
                        c.pytorch_row(Some(&activation_of(a)?), init)
                    }
                    _ => c.pytorch_row(None, init),
                }
            }
            Layer::Activation(a) => ActivationLayer::pytorch_row(&activation_of(a)?),
            Layer::MaxPool2d(p) => p.pytorch_row(),
            Layer::AvgPool2d(p) => p.pytorch_row(),
            Layer::BatchNorm(b) => b.pytorch_row(),
            Layer::Dropout(d) => {
                DropoutLayer::pytorch_row(&dropout_expr(d.dropout.rate as f32, d.dropout.kind))
            }
            Layer::Flatten(_) => {
                i += 1;
                continue;
            }
            Layer::Dense(_) | Layer::Residual(_) => unreachable!("not in the image part"),
        });
        i += 1;
    }
    Ok(rows)
}

/// A hidden dense layer's `HIDDEN` row from the layers after it (batch norm, activation,
/// dropout) up to the next dense layer.
fn dense_row(d: &crate::nn::layer::dense::Dense, after: &[Layer]) -> Result<String> {
    let mut activation = None;
    let mut norm = None;
    let mut dropout = "None".to_string();
    for l in after {
        match l {
            Layer::Activation(a) => activation = Some(activation_of(a)?),
            Layer::BatchNorm(b) => norm = Some(b.after_activation),
            Layer::Dropout(x) => dropout = dropout_expr(x.dropout.rate as f32, x.dropout.kind),
            Layer::Residual(_) => return Err(no_residual()),
            _ => {}
        }
    }
    let activation = activation.expect("a hidden dense layer has an activation");
    Ok(d.pytorch_row(&activation, init_call(d.init), norm, &dropout))
}

fn no_residual() -> Error {
    Error::text(
        "the PyTorch export has no residual connections yet",
        "PyTorch 导出还不支持残差连接",
    )
}

/// The script's `IMAGE`, `FRONT` and `EVAL_CHUNK` lines.
fn image_block(image: Option<&ImagePart>) -> String {
    let Some(image) = image else {
        return "IMAGE = None  # flat samples: dense layers only\nFRONT = []\nEVAL_CHUNK = 4096\n"
            .into();
    };
    let s = image.shape;
    format!(
        "# Our samples are images stored row by row with the channels last (HWC); the model turns\n\
         # them into torch's NCHW for the conv layers and flattens back in HWC order, so the dense\n\
         # weights after the flatten are activation-lab's as they are.\n\
         IMAGE = ({}, {}, {})  # height, width, channels\n\
         # The conv, pool and dropout layers before the flatten, input side first. pad = (left,\n\
         # right, top, bottom): activation-lab's `same` puts an odd padding pixel right/bottom.\n\
         FRONT = [\n{}\n]\n\
         EVAL_CHUNK = 256\n",
        s.height,
        s.width,
        s.channels,
        image.rows.join("\n")
    )
}

/// The script for `config` on `data`. Errors are the core's validation messages.
pub fn pytorch_script(config: &TrainConfig, data: &DataChoice) -> Result<String> {
    pytorch_script_with_replay(config, data, None)
}

/// [`pytorch_script`] that, given the file name of a replay document (see `export::replay`,
/// written next to the script), starts from our initial weights and follows our trainer step for
/// step.
pub fn pytorch_script_with_replay(
    config: &TrainConfig,
    data: &DataChoice,
    replay_file: Option<&str>,
) -> Result<String> {
    config.validate()?;
    if config.residual {
        return Err(no_residual());
    }
    let source = match ImageSource::from_name(&data.name) {
        Ok(s) => Source::Images(s),
        Err(_) => {
            let kind = TwoD::from_name(&data.name)?;
            let n = data.samples.unwrap_or(kind.default_samples());
            // The tab's own checks (sample count, noise, train share) with its messages.
            kind.generate_split(n, data.noise, data.train_ratio, config.seed)?;
            Source::TwoD(kind, n)
        }
    };
    let (inputs, task) = match &source {
        Source::TwoD(kind, _) => (
            2,
            if kind.is_classification() {
                Task::Classification { classes: 2 }
            } else {
                Task::Regression
            },
        ),
        Source::Images(s) if s.name == "digits" => (64, Task::Classification { classes: 10 }),
        Source::Images(_) => (784, Task::Classification { classes: 10 }),
    };
    let head = config.loss.head_for(task)?;
    let outputs = head.outputs(task);
    config.check_size(inputs, outputs)?;

    let Rows {
        image,
        hidden: layers,
        fan_in,
    } = network_rows(config, &source, inputs, outputs, head)?;
    let out_init = init_call(config.init.unwrap_or(Init::GlorotUniform));
    let (loss_fn, head_name) = match head {
        Head::SigmoidBce => ("nn.BCEWithLogitsLoss()", "bce"),
        Head::Softmax => ("nn.CrossEntropyLoss()", "softmax"),
        Head::SigmoidMse => ("nn.MSELoss()", "sigmoid_mse"),
        Head::Mse => ("nn.MSELoss()", "mse"),
        Head::SoftmaxBce => ("softmax_bce", "softmax_bce"),
    };
    let lr = py_float32(config.lr);
    let l2 = py_float32(config.l2);
    let optimizer = match config.optimizer {
        Optimizer::Sgd => format!("torch.optim.SGD(groups, lr={lr})"),
        Optimizer::Momentum { momentum, nesterov } => format!(
            "torch.optim.SGD(groups, lr={lr}, momentum={}, nesterov={})",
            py_float32(momentum),
            if nesterov { "True" } else { "False" }
        ),
        Optimizer::Adam { beta1, beta2, eps } => format!(
            "torch.optim.Adam(groups, lr={lr}, betas=({}, {}), eps={})",
            py_float32(beta1),
            py_float32(beta2),
            py_float32(eps)
        ),
    };
    let opt_py = |v: Option<f32>| v.map_or("None".to_string(), py_float32);

    let data_block = match &source {
        Source::TwoD(kind, n) => format!(
            "DATASET = {:?}\nSAMPLES = {n}\nNOISE = {}\nTRAIN_RATIO = {}\n\n\ndef load_data(seed):\n    return two_d(DATASET, SAMPLES, NOISE, TRAIN_RATIO, seed)\n",
            kind.name(),
            py_float(data.noise),
            py_float(data.train_ratio)
        ),
        Source::Images(s) => format!(
            "DATASET = {:?}\nDATA_FILE = {:?}  # from the site's data/ folder (www/data/ in the repository)\nTRAIN_RATIO = {}\nSPLIT_SEED = {}\n\n\ndef load_data(seed):\n    return image_set(DATA_FILE, TRAIN_RATIO, SPLIT_SEED)\n",
            s.name,
            s.file,
            py_float(s.train_ratio),
            s.split_seed
        ),
    };

    let labels: Vec<String> = config.activations.iter().map(|a| a.label()).collect();
    let config_json = serde_json::to_string(config).map_err(|e| Error::Invalid(e.to_string()))?;
    let mut script = String::new();
    script.push_str(&format!(
        r#"#!/usr/bin/env python3
"""Activation Lab export: {} on {}, {}.

Generated by activation-lab {} from this configuration (JSON):
{}

Run (needs torch and numpy; see docs/export.md in the repository):
  python3 this_script.py [--epochs N] [--device auto|cpu|cuda|mps] [--data-dir DIR] [--save-model FILE]
  torchrun --nproc_per_node=N this_script.py ...   (DistributedDataParallel; rank 0 prints and saves)
Same layers, activation, init, loss, optimizer, regularisation, clipping, batch size and seed as
the tab; torch's random streams differ, so numbers match in behaviour, not bit for bit -- unless the
script was exported with --replay: then it starts from our initial weights and follows our data,
batch order and learning rates step for step.
"""
"#,
        labels.join(" + "),
        data.name,
        if crate::nn::layer::spec::is_plain_mlp(&config.layers) {
            format!("hidden {:?}", config.dense_units())
        } else {
            format!("layers {}", crate::nn::format_layers(&config.layers))
        },
        env!("CARGO_PKG_VERSION"),
        config_json
    ));
    script.push_str(PRELUDE);
    script.push_str(&data_block);
    let task_json = match task {
        Task::Classification { classes } => {
            format!(r#"{{"kind": "classification", "classes": {classes}}}"#)
        }
        Task::Regression => r#"{"kind": "regression"}"#.to_string(),
    };
    script.push_str(&format!(
        r#"

CONFIG = json.loads({config})
FEATURES = {inputs}
TASK = {task_json}
DATA_INFO = {data_info}
REPLAY_FILE = {replay}
SEED = {seed}
EPOCHS = {epochs}
BATCH_SIZE = {batch}
HEAD = {head_name:?}
OUTPUTS = {outputs}
L1 = {l1}
L2 = {l2}
CLIP_VALUE = {cv}
CLIP_NORM = {cn}
MODEL_VERSION = {model_version}

{image_block}
# (in, out, activation factory, weight init, batch norm before/after the activation, dropout
# factory) per hidden dense layer
HIDDEN = [
{layers}
]


def output_layer():
    layer = nn.Linear({fan_in}, OUTPUTS)
    {out_init}
    return layer


def make_optimizer(model):
    # L1 and L2 reach the weight gradients before clipping (regularise_and_clip), as in
    # activation-lab's trainer, so the optimizer itself has no weight decay.
    groups = [{{"params": list(model.parameters()), "weight_decay": 0.0}}]
    return {optimizer}


LOSS = {loss_fn}
"#,
        config = py_str(&config_json),
        data_info = data_info_py(&source, data, config.seed),
        replay = replay_file.map_or("None".to_string(), py_str),
        seed = config.seed,
        epochs = config.epochs,
        batch = config.batch_size,
        l1 = py_float32(config.l1),
        cv = opt_py(config.clip_value),
        cn = opt_py(config.clip_norm),
        layers = layers.join("\n"),
        image_block = image_block(image.as_ref()),
        model_version = crate::nn::model_file::VERSION,
    ));
    script.push_str(MAIN);
    Ok(script)
}

/// Helpers shared by every export: imports, the 2-D generators (data::toy's formulas), the
/// image-set reader (data::images' format), Swish.
const PRELUDE: &str = r#"
import argparse
import gzip
import json
import math
import os
import struct
import sys

import numpy as np
import torch
from torch import nn


class Lambda(nn.Module):
    """An element-wise activation torch has no module for, from a tensor expression."""

    def __init__(self, fn, name):
        super().__init__()
        self.fn = fn
        self.name = name

    def forward(self, x):
        return self.fn(x)

    def extra_repr(self):
        return self.name


def T(v):
    """A formula constant as a 0-d tensor, so torch.maximum & co. accept it."""
    return torch.tensor(v, dtype=torch.float32)


class Swish(nn.Module):
    """x * sigmoid(beta * x) with a fixed beta."""

    def __init__(self, beta=1.0):
        super().__init__()
        self.beta = beta

    def forward(self, x):
        return x * torch.sigmoid(self.beta * x)


def softmax_bce(logits, y):
    """The MNIST article's loss as written: binary cross-entropy of the softmax outputs against the
    one-hot targets, averaged over the outputs (Keras's loss='binary_crossentropy' after a softmax
    layer). From the logits: ln(1 - p_k) is the log-sum-exp of the other logits, so it stays finite."""
    k = logits.shape[1]
    diagonal = torch.eye(k, dtype=torch.bool, device=logits.device)
    others = logits.unsqueeze(1).expand(-1, k, -1).masked_fill(diagonal, float("-inf"))
    total = torch.logsumexp(logits, 1, keepdim=True)
    log_p, log_q = logits - total, torch.logsumexp(others, 2) - total
    return -torch.where(nn.functional.one_hot(y, k).bool(), log_p, log_q).mean()


def conv(c_in, filters, kernel, stride, pad, activation, init, shapes):
    """A FRONT row: Conv2d with explicit zero padding (left, right, top, bottom), then its
    activation (None: batch norm comes first, the activation is an `act` row after it)."""
    return {"kind": "conv", "c_in": c_in, "filters": filters, "kernel": kernel, "stride": stride,
            "pad": pad, "activation": activation, "init": init, "shapes": shapes}


def act(make):
    """A FRONT row: an activation on its own (after a conv layer's batch norm)."""
    return {"kind": "act", "make": make}


def pool(size, stride):
    """A FRONT row: MaxPool2d without padding."""
    return {"kind": "pool", "size": size, "stride": stride}


def avgpool(size, stride):
    """A FRONT row: AvgPool2d without padding."""
    return {"kind": "avgpool", "size": size, "stride": stride}


def gap():
    """A FRONT row: global average pooling (each channel's mean)."""
    return {"kind": "gap"}


def batchnorm(channels):
    """A FRONT row: BatchNorm2d (momentum 0.1, eps 1e-5, as activation-lab's)."""
    return {"kind": "batchnorm", "channels": channels}


def dropout(make):
    """A FRONT row: dropout on the feature maps (AlphaDropout for SELU nets)."""
    return {"kind": "dropout", "make": make}


class ToImage(nn.Module):
    """Flat samples (height, width, channels, row by row: activation-lab's HWC layout) -> NCHW."""

    def __init__(self, h, w, c):
        super().__init__()
        self.shape = (h, w, c)

    def forward(self, x):
        return x.reshape(-1, *self.shape).permute(0, 3, 1, 2)


class FlattenHWC(nn.Module):
    """Flatten NCHW feature maps in activation-lab's order (row, column, channel), so the dense
    weights after it are the same numbers in both engines."""

    def forward(self, x):
        return x.permute(0, 2, 3, 1).flatten(1)


def two_d(name, n, noise, train_ratio, seed):
    """TF Playground's 2-D sets (and two moons) with the formulas of activation-lab's data::toy."""
    rng = np.random.default_rng(seed)
    noise = noise / 100.0
    u = lambda a, b: rng.uniform(a, b)
    pts, vals = [], []
    halves = (n - n // 2, n // 2)
    if name == "circle":
        for count, r0, r1 in ((halves[0], 0.0, 2.5), (halves[1], 3.5, 5.0)):
            for _ in range(count):
                r, a = u(r0, r1), u(0, 2 * math.pi)
                x, y = r * math.sin(a), r * math.cos(a)
                nx, ny = u(-5, 5) * noise, u(-5, 5) * noise
                pts.append((x, y)); vals.append(1.0 if math.hypot(x + nx, y + ny) < 2.5 else 0.0)
    elif name == "xor":
        pad = lambda v: v + 0.3 if v > 0 else v - 0.3
        for _ in range(n):
            x, y = pad(u(-5, 5)), pad(u(-5, 5))
            nx, ny = u(-5, 5) * noise, u(-5, 5) * noise
            pts.append((x, y)); vals.append(1.0 if (x + nx) * (y + ny) >= 0 else 0.0)
    elif name == "gaussian":
        sd = math.sqrt(0.5 + noise * 3.5 / 0.5)
        for count, c, label in ((halves[0], 2.0, 1.0), (halves[1], -2.0, 0.0)):
            for _ in range(count):
                pts.append((rng.normal(c, sd), rng.normal(c, sd))); vals.append(label)
    elif name == "spiral":
        for count, dt, label in ((halves[0], 0.0, 1.0), (halves[1], math.pi, 0.0)):
            for i in range(count):
                r = i / count * 5
                t = 1.75 * i / count * 2 * math.pi + dt
                pts.append((r * math.sin(t) + u(-1, 1) * noise, r * math.cos(t) + u(-1, 1) * noise)); vals.append(label)
    elif name == "moons":
        n_out = n // 2
        for count, inner in ((n_out, False), (n - n_out, True)):
            for i in range(count):
                t = math.pi * i / (count - 1) if count > 1 else 0.0
                x, y = (1 - math.cos(t), 1 - math.sin(t) - 0.5) if inner else (math.cos(t), math.sin(t))
                x, y = x + noise * rng.normal(), y + noise * rng.normal()
                pts.append(((x - 0.5) * 3, (y - 0.25) * 3)); vals.append(1.0 if inner else 0.0)
    elif name in ("plane", "multi_gaussian"):
        bumps = ((-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1))
        def bump(x, y):
            best = 0.0
            for cx, cy, s in bumps:
                h = s * min(max(1 - math.hypot(x - cx, y - cy) / 2, 0.0), 1.0)
                best = h if abs(h) > abs(best) else best
            return best
        for _ in range(n):
            x, y = u(-6, 6), u(-6, 6)
            nx, ny = u(-6, 6) * noise, u(-6, 6) * noise
            pts.append((x, y)); vals.append((x + nx + y + ny) / 10 if name == "plane" else bump(x + nx, y + ny))
    else:
        raise SystemExit(f"unknown 2-D set {name}")
    order = rng.permutation(n)
    x = torch.tensor(np.array(pts, dtype=np.float32)[order])
    v = np.array(vals, dtype=np.float32)[order]
    train = int(math.floor(n * train_ratio))
    y = torch.tensor(v).long() if name not in ("plane", "multi_gaussian") else torch.tensor(v)
    return (x[:train], y[:train]), (x[train:], y[train:])


def read_alim(file):
    """Reads activation-lab's ALIM image-set format (see src/data/images.rs) from --data-dir;
    inputs pixel/pixel_max. Returns (x, y) for every image."""
    path = os.path.join(ARGS.data_dir, os.path.basename(file))
    raw = open(path, "rb").read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    magic, version, pixel_max, _, n, rows, cols, classes, _ = struct.unpack("<4sBBHIHHHH", raw[:20])
    if magic != b"ALIM" or version != 1:
        raise SystemExit(f"{path}: not an ALIM v1 image set")
    labels = np.frombuffer(raw, np.uint8, n, 20).astype(np.int64)
    pixels = np.frombuffer(raw, np.uint8, n * rows * cols, 20 + n).reshape(n, rows * cols)
    return torch.tensor(pixels.astype(np.float32) / np.float32(pixel_max)), torch.tensor(labels)


def read_idx(stem):
    """One file of the full MNIST in torchvision's layout (DIR/MNIST/raw/<stem>[.gz]) or DIR/<stem>."""
    for folder in (os.path.join(ARGS.data_dir, "MNIST", "raw"), ARGS.data_dir):
        for name in (stem, stem + ".gz"):
            path = os.path.join(folder, name)
            if os.path.exists(path):
                raw = open(path, "rb").read()
                if raw[:2] == b"\x1f\x8b":
                    raw = gzip.decompress(raw)
                dims = raw[3]
                shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
                return np.frombuffer(raw, np.uint8, offset=4 + 4 * dims).reshape(shape)
    return None


def full_mnist():
    """The 60,000/10,000 MNIST split when --data-dir holds it in torchvision's layout, else None."""
    parts = [read_idx(s) for s in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                   "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")]
    if any(p is None for p in parts):
        return None
    to_x = lambda a: torch.tensor(a.reshape(len(a), -1).astype(np.float32) / np.float32(255))
    to_y = lambda a: torch.tensor(a.astype(np.int64))
    return (to_x(parts[0]), to_y(parts[1])), (to_x(parts[2]), to_y(parts[3]))


def image_set(file, train_ratio, split_seed):
    """The shipped image set with a stratified, seeded split (the full MNIST when --data-dir holds
    it in torchvision's layout)."""
    if DATASET == "mnist":
        full = full_mnist()
        if full is not None:
            return full
    x, y = read_alim(file)
    labels = y.numpy()
    classes = int(labels.max()) + 1
    # Stratified split: every class split in the same proportion (seeded).
    rng = np.random.default_rng(split_seed)
    train_idx, test_idx = [], []
    for c in range(classes):
        idx = rng.permutation(np.flatnonzero(labels == c))
        k = int(round(len(idx) * (1 - train_ratio)))
        test_idx += list(idx[:k]); train_idx += list(idx[k:])
    train_idx, test_idx = rng.permutation(train_idx), rng.permutation(test_idx)
    return (x[train_idx], y[train_idx]), (x[test_idx], y[test_idx])


"#;

const MAIN: &str = r#"

def add_activation(modules, entries, act):
    """Appends an activation; a PReLU's slopes belong to the conv/dense entry before it."""
    modules.append(act)
    if isinstance(act, nn.PReLU):
        [e for e in entries if e["kind"] != "batch_norm"][-1]["prelu"] = act


def image_layers(modules, entries):
    """Appends the image part (FRONT) to `modules` and its parameter layers to `entries`."""
    modules.append(ToImage(*IMAGE))
    for row in FRONT:
        kind = row["kind"]
        if kind == "conv":
            left, right, top, bottom = row["pad"]
            if (left, top) == (right, bottom):
                layer = nn.Conv2d(row["c_in"], row["filters"], row["kernel"], stride=row["stride"], padding=(top, left))
            else:  # torch pads both sides alike; an odd 'same' padding goes right/bottom first
                modules.append(nn.ZeroPad2d((left, right, top, bottom)))
                layer = nn.Conv2d(row["c_in"], row["filters"], row["kernel"], stride=row["stride"])
            row["init"](layer)
            nn.init.zeros_(layer.bias)
            modules.append(layer)
            entries.append({"kind": "conv2d", "module": layer, "shapes": row["shapes"]})
            if row["activation"] is not None:
                add_activation(modules, entries, row["activation"]())
        elif kind == "act":
            add_activation(modules, entries, row["make"]())
        elif kind == "pool":
            modules.append(nn.MaxPool2d(row["size"], stride=row["stride"]))
        elif kind == "avgpool":
            modules.append(nn.AvgPool2d(row["size"], stride=row["stride"]))
        elif kind == "gap":
            modules.append(nn.AdaptiveAvgPool2d(1))
        elif kind == "batchnorm":
            bn = nn.BatchNorm2d(row["channels"])
            modules.append(bn)
            entries.append({"kind": "batch_norm", "module": bn})
        else:
            modules.append(row["make"]())
    modules.append(FlattenHWC())


def build_model():
    """The network; `model.entries` lists its Conv2d, Linear and BatchNorm layers in order (with
    the PReLU module after a conv or dense layer), as activation-lab's model file does, for
    loading and saving weights."""
    modules, entries = [], []
    if IMAGE is not None:
        image_layers(modules, entries)
    for fan_in, units, activation, init, norm, make_dropout in HIDDEN:
        layer = nn.Linear(fan_in, units)
        init(layer)
        nn.init.zeros_(layer.bias)
        modules.append(layer)
        entries.append({"kind": "dense", "module": layer})
        if norm == "pre":
            modules.append(nn.BatchNorm1d(units))
            entries.append({"kind": "batch_norm", "module": modules[-1]})
        add_activation(modules, entries, activation())
        if norm == "post":
            modules.append(nn.BatchNorm1d(units))
            entries.append({"kind": "batch_norm", "module": modules[-1]})
        if make_dropout() is not None:
            modules.append(make_dropout())
    layer = output_layer()
    nn.init.zeros_(layer.bias)
    modules.append(layer)
    entries.append({"kind": "dense", "module": layer})
    model = nn.Sequential(*modules)
    model.entries = entries
    return model


def weighted_layers(model):
    """The Conv2d and Linear layers (the L1/L2 penalty reaches their weights only)."""
    return [e["module"] for e in model.entries if e["kind"] != "batch_norm"]


def loss_and_correct(model, x, y):
    logits = model(x)
    if HEAD == "bce":
        loss = LOSS(logits.squeeze(1), y.float())
        correct = ((logits.squeeze(1) > 0).long() == y).sum().item()
    elif HEAD in ("softmax", "softmax_bce"):  # softmax_bce: the article's loss as written
        loss = LOSS(logits, y)
        correct = (logits.argmax(1) == y).sum().item()
    elif HEAD == "sigmoid_mse":  # squared error on the probability (two classes)
        p = torch.sigmoid(logits.squeeze(1))
        loss = LOSS(p, y.float())
        correct = ((p >= 0.5).long() == y).sum().item()
    elif y.dtype == torch.long:  # MSE on one-hot targets
        loss = LOSS(logits, nn.functional.one_hot(y, OUTPUTS).float())
        correct = (logits.argmax(1) == y).sum().item()
    else:
        loss = LOSS(logits.squeeze(1), y)
        correct = float("nan")
    return loss, correct


def regularise_and_clip(model):
    """activation-lab's order: L1/L2 gradients on the conv and dense weights (not biases or PReLU
    slopes), then
    clip each element to +-CLIP_VALUE, then rescale to global norm <= CLIP_NORM."""
    with torch.no_grad():
        if L1 > 0 or L2 > 0:
            for layer in weighted_layers(model):
                w = layer.weight
                w.grad.add_(torch.sign(w) * L1 + w * L2)
        grads = [p.grad for p in model.parameters() if p.grad is not None]
        if CLIP_VALUE is not None:
            for g in grads:
                g.clamp_(-CLIP_VALUE, CLIP_VALUE)
        if CLIP_NORM is not None:
            norm = math.sqrt(sum(float(g.double().pow(2).sum()) for g in grads))
            if norm > CLIP_NORM:
                scale = float(np.float32(CLIP_NORM / norm))
                for g in grads:
                    g.mul_(scale)


def train_step(model, net, optimizer, x, y, lr=None):
    """One mini-batch; returns its mean data loss (without the L1/L2 terms)."""
    if lr is not None:
        for group in optimizer.param_groups:
            group["lr"] = lr
    loss, _ = loss_and_correct(net, x, y)
    optimizer.zero_grad()
    loss.backward()
    regularise_and_clip(model)
    optimizer.step()
    return loss.item()


def evaluate(model, data, device):
    """Mean loss and accuracy over (x, y) in chunks, in evaluation mode."""
    x, y = data
    model.eval()
    total, correct = 0.0, 0.0
    with torch.no_grad():
        for start in range(0, len(x), EVAL_CHUNK):
            xb, yb = x[start:start + EVAL_CHUNK].to(device), y[start:start + EVAL_CHUNK].to(device)
            loss, c = loss_and_correct(model, xb, yb)
            total += loss.item() * len(xb)
            correct += c
    model.train()
    n = max(len(x), 1)
    return total / n, correct / n


def pick_device():
    want = ARGS.device
    mps = getattr(torch.backends, "mps", None)
    has_mps = mps is not None and mps.is_available()
    if want == "auto":
        want = "cuda" if torch.cuda.is_available() else ("mps" if has_mps else "cpu")
    if want == "cuda":
        if not torch.cuda.is_available():
            raise SystemExit("--device cuda: torch sees no CUDA device")
        local = int(os.environ.get("LOCAL_RANK", "0"))
        device = torch.device("cuda", local % torch.cuda.device_count())
        torch.cuda.set_device(device)
        return device
    if want == "mps":
        if not has_mps:
            raise SystemExit("--device mps: torch sees no Apple GPU")
        return torch.device("mps")
    return torch.device("cpu")


def save_model(model, path, epochs, steps):
    """Writes the weights as activation-lab's versioned model file (src/nn/model_file.rs): the page
    and `activation-lab eval-model` open it. Dense weights are stored inputs x outputs, row-major;
    conv weights (kernel row, kernel column, input channel) x filters."""
    def floats(t):
        return t.detach().float().cpu().contiguous().flatten().tolist()
    layers = []
    for e in model.entries:
        m = e["module"]
        if e["kind"] == "dense":
            entry = {"kind": "dense", "inputs": m.in_features, "outputs": m.out_features,
                     "weights": floats(m.weight.t()), "biases": floats(m.bias)}
        elif e["kind"] == "conv2d":
            entry = {"kind": "conv2d", "input": e["shapes"][0], "output": e["shapes"][1],
                     "weights": floats(m.weight.permute(2, 3, 1, 0)),  # F,C,kh,kw -> kh,kw,C,F
                     "biases": floats(m.bias)}
        else:
            entry = {"kind": "batch_norm", "gamma": floats(m.weight), "beta": floats(m.bias),
                     "running_mean": floats(m.running_mean), "running_var": floats(m.running_var)}
        if e.get("prelu") is not None:
            entry["prelu_alpha"] = floats(e["prelu"].weight)
        layers.append(entry)
    doc = {"format": "activation-lab-model", "version": MODEL_VERSION, "config": CONFIG, "features": FEATURES,
           "task": TASK, "data": DATA_INFO, "epochs_trained": epochs, "steps_trained": steps,
           "layers": layers}
    if IMAGE is not None:
        doc["shape"] = {"height": IMAGE[0], "width": IMAGE[1], "channels": IMAGE[2]}
    with open(path, "w") as f:
        json.dump(doc, f)


def load_initial(model, initial):
    """Copies a model file's parameters (activation-lab's init, version 3: one entry per conv,
    dense and batch norm layer in order) into the torch model."""
    def vec(v):
        return torch.tensor(v, dtype=torch.float32)
    with torch.no_grad():
        for e, saved in zip(model.entries, initial["layers"]):
            m = e["module"]
            if e["kind"] == "conv2d":
                f, c, kh, kw = m.weight.shape
                m.weight.copy_(vec(saved["weights"]).reshape(kh, kw, c, f).permute(3, 2, 0, 1))
                m.bias.copy_(vec(saved["biases"]))
            elif e["kind"] == "dense":
                m.weight.copy_(vec(saved["weights"]).reshape(saved["inputs"], saved["outputs"]).t())
                m.bias.copy_(vec(saved["biases"]))
            else:
                m.weight.copy_(vec(saved["gamma"]))
                m.bias.copy_(vec(saved["beta"]))
                m.running_mean.copy_(vec(saved["running_mean"]))
                m.running_var.copy_(vec(saved["running_var"]))
            if e.get("prelu") is not None:
                e["prelu"].weight.copy_(vec(saved["prelu_alpha"]))


def replay_data(replay):
    d = replay["data"]
    if d["kind"] == "points":
        f = d["features"]
        regression = TASK["kind"] == "regression"
        def part(xs, ys):
            x = torch.tensor(xs, dtype=torch.float32).reshape(-1, f)
            y = torch.tensor(ys, dtype=torch.float32) if regression else torch.tensor(ys, dtype=torch.float64).long()
            return x, y
        return part(d["train_x"], d["train_y"]), part(d["test_x"], d["test_y"])
    x, y = read_alim(d["file"])
    train, test = torch.tensor(d["train"]), torch.tensor(d["test"])
    return (x[train], y[train]), (x[test], y[test])


def replay_main(device):
    """Follows activation-lab's run: its initial weights, data, batch order and learning rates.
    Prints step,loss,lab_loss,rel_diff for the steps activation-lab recorded (or --steps)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), REPLAY_FILE)
    with open(path) as f:
        replay = json.load(f)
    if replay.get("format") != "activation-lab-replay":
        raise SystemExit(f"{path}: not an activation-lab replay file")
    (x_train, y_train), test = replay_data(replay)
    model = build_model()
    load_initial(model, replay["initial"])
    model.to(device)
    optimizer = make_optimizer(model)
    batch, orders, rates, ours = replay["batch"], replay["orders"], replay["lr"], replay["losses"]
    per_epoch = (len(x_train) + batch - 1) // batch
    steps = ARGS.steps if ARGS.steps is not None else max(len(ours), 1)
    print("step,loss,lab_loss,rel_diff")
    order = None
    for step in range(steps):
        epoch, b = divmod(step, per_epoch)
        if b == 0:
            order = torch.tensor(orders[epoch]) if epoch < len(orders) else torch.randperm(len(x_train))
        idx = order[b * batch:(b + 1) * batch]
        lr = rates[step] if step < len(rates) else rates[-1]
        loss = train_step(model, model, optimizer, x_train[idx].to(device), y_train[idx].to(device), lr)
        if step < len(ours):
            rel = abs(loss - ours[step]) / max(abs(ours[step]), 1e-30)
            print(f"{step + 1},{loss:.9g},{ours[step]:.9g},{rel:.3g}")
        else:
            print(f"{step + 1},{loss:.9g},,")
    test_loss, test_acc = evaluate(model, test, device)
    print(f"after {steps} steps: test_loss={test_loss:.9g} test_acc={test_acc:.6f}", flush=True)
    if ARGS.save_model:
        save_model(model, ARGS.save_model, steps // per_epoch, steps)


def main():
    device = pick_device()
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    torch.manual_seed(SEED)
    if REPLAY_FILE is not None and not ARGS.no_replay:
        if world > 1:
            raise SystemExit("a replay runs in one process; drop torchrun or pass --no-replay")
        return replay_main(device)
    if world > 1:
        import torch.distributed as dist
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    (x_train, y_train), (x_test, y_test) = load_data(SEED)
    model = build_model().to(device)  # same seed on every rank: the same initial weights
    net = model
    if world > 1:
        from torch.nn.parallel import DistributedDataParallel
        net = DistributedDataParallel(model, device_ids=[device] if device.type == "cuda" else None)
    optimizer = make_optimizer(model)
    batch = min(BATCH_SIZE, len(x_train))
    if batch % world != 0:
        raise SystemExit(f"the batch size {batch} does not split evenly over {world} processes")
    local = batch // world
    from torch.utils.data.distributed import DistributedSampler
    sampler = DistributedSampler(range(len(x_train)), num_replicas=world, rank=rank, shuffle=True, seed=SEED)
    epochs = ARGS.epochs if ARGS.epochs is not None else EPOCHS
    steps = 0
    if rank == 0:
        backend = f", {torch.distributed.get_backend()}" if world > 1 else ""
        print(f"training on {world} process(es), device {device}{backend}, {local} samples per process and step",
              file=sys.stderr, flush=True)
        print("epoch,train_loss,train_acc,test_loss,test_acc", flush=True)
    for epoch in range(1, epochs + 1):
        sampler.set_epoch(epoch)
        order = torch.tensor(list(sampler))
        for start in range(0, len(order), local):
            idx = order[start:start + local]
            train_step(model, net, optimizer, x_train[idx].to(device), y_train[idx].to(device))
            steps += 1
        if rank == 0:
            row = [epoch]
            for part in ((x_train, y_train), (x_test, y_test)):
                loss, acc = evaluate(model, part, device)
                row += [f"{loss:.9g}", f"{acc:.4f}"]
            print(",".join(map(str, row)), flush=True)
    if rank == 0 and ARGS.save_model:
        save_model(model, ARGS.save_model, epochs, steps)
    if world > 1:
        # Leave together, then end the process without Python's finalization: gloo's worker thread
        # frees its last finished work (here the barrier's) lazily, and that frees a Python object,
        # which needs the GIL; when the main thread is already finalizing, the worker thread is
        # forced to exit inside a noexcept destructor and the rank aborts ("terminate called without
        # an active exception", SIGABRT; in a core dump: ~AsyncBarrierWork in
        # ProcessGroupGloo::runLoop → PyThread_exit_thread). Every result is written by now.
        dist.barrier()
        del net
        dist.destroy_process_group()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=None, help="override the exported epoch count")
    parser.add_argument("--data-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"),
                        help="folder holding the data/*.bin[.gz] files, or the full MNIST in torchvision's "
                             "layout (DIR/MNIST/raw/train-images-idx3-ubyte[.gz] ...)")
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda", "mps"],
                        help="where to train (auto: cuda, else mps, else cpu)")
    parser.add_argument("--save-model", metavar="FILE", default=None,
                        help="write the trained weights as an activation-lab model file (opens in the page)")
    parser.add_argument("--steps", type=int, default=None, help="replay: steps to run (default: those recorded)")
    parser.add_argument("--no-replay", action="store_true", help="ignore the replay file; train normally")
    ARGS = parser.parse_args()
    main()
"#;
