//! "Export as PyTorch": a standalone Python script that trains the same network as a
//! [`TrainConfig`] — same layers, activation and its parameters, init, loss head, optimizer, L1/L2,
//! clipping, dropout, batch size, epochs and seed — on the same data set (the shipped
//! `data/*.bin[.gz]` file, or the 2-D set regenerated with the same formulas as `data::toy`).
//!
//! Not bit-identical to the tab: torch has its own random streams (init, batch order, the 2-D
//! points), so curves match in shape, not to the last digit. Everything else is a straight
//! translation; the validation is the core's (`TrainConfig::validate`, the catalog, `head_for`).

use crate::activation::Activation;
use crate::data::{ImageSource, Task, TwoD};
use crate::error::{Error, Result};
use crate::nn::{DropoutKind, Head, Init, Optimizer, TrainConfig};

/// Which data the script trains on, as the page and the CLI name it.
#[derive(Debug, Clone, PartialEq)]
pub struct DataChoice {
    /// `circle`, `xor`, `gaussian`, `spiral`, `moons`, `plane`, `multi_gaussian`, `digits`, `mnist`.
    pub name: String,
    /// Points to generate (2-D sets; `None` = the set's default).
    pub samples: Option<usize>,
    /// Noise on the Playground's 0..50 scale (2-D sets).
    pub noise: f64,
    /// Train share (2-D sets; image sets use their fixed 80/20 split).
    pub train_ratio: f64,
}

impl DataChoice {
    pub fn named(name: &str) -> Self {
        DataChoice {
            name: name.to_string(),
            samples: None,
            noise: 0.0,
            train_ratio: crate::data::toy::DEFAULT_TRAIN_RATIO,
        }
    }
}

enum Source {
    TwoD(TwoD, usize),
    Images(ImageSource),
}

/// Python literal of an f64 that reads back to the same value.
fn py_float(v: f64) -> String {
    let s = format!("{v:?}");
    if s.contains(['.', 'e', 'E']) || s.contains("inf") || s.contains("NaN") {
        s
    } else {
        format!("{s}.0")
    }
}

/// An f32 setting as Python writes it: its shortest round-trip decimal (`0.05`, not the f64
/// widening `0.05000000074505806`), so the script reads like the configuration the user typed.
fn py_float32(v: f32) -> String {
    py_float(format!("{v:?}").parse().unwrap_or(f64::from(v)))
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
            return Err(Error::Invalid(format!(
                "`{other}` has no PyTorch export yet"
            )))
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

/// The script for `config` on `data`. Errors are the core's validation messages.
pub fn pytorch_script(config: &TrainConfig, data: &DataChoice) -> Result<String> {
    config.validate()?;
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

    let mut layers = Vec::new();
    let mut fan_in = inputs;
    for (l, &units) in config.hidden.iter().enumerate() {
        let act = config.activation(l)?;
        let init = config.init.unwrap_or_else(|| Init::default_for(&act));
        layers.push(format!(
            "    ({fan_in}, {units}, lambda: {}, lambda layer: {}),",
            activation_module(&act, units, config.prelu_per_unit)?,
            init_call(init)
        ));
        fan_in = units;
    }
    let out_init = init_call(config.init.unwrap_or(Init::GlorotUniform));

    let dropout = if config.dropout > 0.0 {
        match config.dropout_kind {
            DropoutKind::Standard => format!("nn.Dropout(p={})", py_float32(config.dropout)),
            DropoutKind::Alpha => format!("nn.AlphaDropout(p={})", py_float32(config.dropout)),
        }
    } else {
        "None".into()
    };
    let (loss_fn, head_name) = match head {
        Head::SigmoidBce => ("nn.BCEWithLogitsLoss()", "bce"),
        Head::Softmax => ("nn.CrossEntropyLoss()", "softmax"),
        Head::SigmoidMse => ("nn.MSELoss()", "sigmoid_mse"),
        Head::Mse => ("nn.MSELoss()", "mse"),
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
    let mut script = String::new();
    script.push_str(&format!(
        "#!/usr/bin/env python3\n\"\"\"Activation Lab export: {} on {}, hidden {:?}.\n\nGenerated by activation-lab {} from this configuration (JSON):\n{}\n\nRun: python3 this_script.py [--epochs N] [--data-dir DIR]  (needs torch and numpy)\nSame layers, activation, init, loss, optimizer, regularisation, clipping, batch size and seed\nas the tab; torch's random streams differ, so numbers match in behaviour, not bit for bit.\n\"\"\"\n",
        labels.join(" + "),
        data.name,
        config.hidden,
        env!("CARGO_PKG_VERSION"),
        serde_json::to_string(config).map_err(|e| Error::Invalid(e.to_string()))?
    ));
    script.push_str(PRELUDE);
    script.push_str(&data_block);
    script.push_str(&format!(
        "\n\nSEED = {seed}\nEPOCHS = {epochs}\nBATCH_SIZE = {batch}\nHEAD = {head_name:?}\nOUTPUTS = {outputs}\nL1 = {l1}\nL2 = {l2}\nCLIP_VALUE = {cv}\nCLIP_NORM = {cn}\n\n# (in, out, activation factory, weight init) per hidden layer\nHIDDEN = [\n{layers}\n]\n\n\ndef make_dropout():\n    return {dropout}\n\n\ndef build_model():\n    modules = []\n    for fan_in, units, activation, init in HIDDEN:\n        layer = nn.Linear(fan_in, units)\n        init(layer)\n        nn.init.zeros_(layer.bias)\n        modules += [layer, activation()]\n        if make_dropout() is not None:\n            modules.append(make_dropout())\n    layer = nn.Linear({fan_in}, OUTPUTS)\n    {out_init}\n    nn.init.zeros_(layer.bias)\n    modules.append(layer)\n    return nn.Sequential(*modules)\n\n\ndef make_optimizer(model):\n    # L2 as torch weight decay on weights only (biases and PReLU slopes are not penalised).\n    weights = [p for n, p in model.named_parameters() if n.endswith(\"weight\") and p.dim() == 2]\n    others = [p for n, p in model.named_parameters() if not (n.endswith(\"weight\") and p.dim() == 2)]\n    groups = [{{\"params\": weights, \"weight_decay\": L2}}, {{\"params\": others, \"weight_decay\": 0.0}}]\n    return {optimizer}\n\n\nLOSS = {loss_fn}\n",
        seed = config.seed,
        epochs = config.epochs,
        batch = config.batch_size,
        l1 = py_float32(config.l1),
        cv = opt_py(config.clip_value),
        cn = opt_py(config.clip_norm),
        layers = layers.join("\n"),
    ));
    script.push_str(MAIN);
    Ok(script)
}

/// Helpers shared by every export: imports, the 2-D generators (data::toy's formulas), the
/// image-set reader (data::images' format), Swish.
const PRELUDE: &str = r#"
import argparse
import gzip
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


def image_set(file, train_ratio, split_seed):
    """Reads activation-lab's ALIM image-set format (see src/data/images.rs); inputs pixel/pixel_max."""
    path = os.path.join(ARGS.data_dir, os.path.basename(file))
    raw = open(path, "rb").read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    magic, version, pixel_max, _, n, rows, cols, classes, _ = struct.unpack("<4sBBHIHHHH", raw[:20])
    if magic != b"ALIM" or version != 1:
        raise SystemExit(f"{path}: not an ALIM v1 image set")
    labels = np.frombuffer(raw, np.uint8, n, 20).astype(np.int64)
    pixels = np.frombuffer(raw, np.uint8, n * rows * cols, 20 + n).reshape(n, rows * cols)
    x = torch.tensor(pixels.astype(np.float32) / pixel_max)
    y = torch.tensor(labels)
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

def loss_and_correct(model, x, y):
    logits = model(x)
    if HEAD == "bce":
        loss = LOSS(logits.squeeze(1), y.float())
        correct = ((logits.squeeze(1) > 0).long() == y).sum().item()
    elif HEAD == "softmax":
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


def main():
    torch.manual_seed(SEED)
    (x_train, y_train), (x_test, y_test) = load_data(SEED)
    model = build_model()
    optimizer = make_optimizer(model)
    order_gen = torch.Generator().manual_seed(SEED + 2)
    epochs = ARGS.epochs if ARGS.epochs is not None else EPOCHS
    print("epoch,train_loss,train_acc,test_loss,test_acc")
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(len(x_train), generator=order_gen)
        for start in range(0, len(order), BATCH_SIZE):
            idx = order[start:start + BATCH_SIZE]
            loss, _ = loss_and_correct(model, x_train[idx], y_train[idx])
            if L1 > 0:
                loss = loss + L1 * sum(p.abs().sum() for n, p in model.named_parameters() if n.endswith("weight") and p.dim() == 2)
            optimizer.zero_grad()
            loss.backward()
            if CLIP_VALUE is not None:
                nn.utils.clip_grad_value_(model.parameters(), CLIP_VALUE)
            if CLIP_NORM is not None:
                nn.utils.clip_grad_norm_(model.parameters(), CLIP_NORM)
            optimizer.step()
        model.eval()
        with torch.no_grad():
            row = [epoch]
            for x, y in ((x_train, y_train), (x_test, y_test)):
                loss, correct = loss_and_correct(model, x, y)
                row += [f"{loss.item():.6g}", f"{correct / len(x):.4f}"]
        print(",".join(map(str, row)), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=None, help="override the exported epoch count")
    parser.add_argument("--data-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"),
                        help="folder holding the data/*.bin[.gz] files (image sets only)")
    ARGS = parser.parse_args()
    main()
"#;
