//! What the PyTorch and the Keras exports share: the data choice and its checks, Python literals,
//! the network read off the core's own build (so a script's geometry is the trainer's), and the
//! framework-free Python both scripts embed (numpy data loaders, model files, replay steps).

use crate::activation::Activation;
use crate::data::{ImageSource, Shape, Task, TwoD};
use crate::error::{Error, Result};
use crate::nn::build::has_front;
use crate::nn::layer::spec::Padding;
use crate::nn::{DropoutKind, Head, Hidden, Init, Layer, Net, TrainConfig};

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

pub(super) enum Source {
    TwoD(TwoD, usize),
    Images(ImageSource),
}

/// A validated configuration on its data: what every part of a script is written from.
pub(super) struct Target {
    pub source: Source,
    pub inputs: usize,
    pub task: Task,
    pub head: Head,
    pub outputs: usize,
}

/// The residual refusal of export `what` ("PyTorch", "Keras").
pub(super) fn no_residual(what: &str) -> Error {
    Error::text(
        format!("the {what} export has no residual connections yet"),
        format!("{what} 导出还不支持残差连接"),
    )
}

/// Checks `config` on `data` the way the trainer does (the core's messages) and resolves the
/// data set, its task and the loss head.
pub(super) fn target(config: &TrainConfig, data: &DataChoice, what: &str) -> Result<Target> {
    config.validate()?;
    if config.residual {
        return Err(no_residual(what));
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
        Source::TwoD(kind, _) if kind.is_classification() => {
            (2, Task::Classification { classes: 2 })
        }
        Source::TwoD(..) => (2, Task::Regression),
        Source::Images(s) if s.name == "digits" => (64, Task::Classification { classes: 10 }),
        Source::Images(_) => (784, Task::Classification { classes: 10 }),
    };
    let head = config.loss.head_for(task)?;
    let outputs = head.outputs(task);
    config.check_size(inputs, outputs)?;
    Ok(Target {
        source,
        inputs,
        task,
        head,
        outputs,
    })
}

/// A Python string literal of `s` (a JSON string literal is one: the same escapes).
pub(super) fn py_str(s: &str) -> String {
    serde_json::to_string(s).expect("a string always serialises")
}

/// Python literal of an f64 that reads back to the same value.
pub(super) fn py_float(v: f64) -> String {
    let s = format!("{v:?}");
    if s.contains(['.', 'e', 'E']) || s.contains("inf") || s.contains("NaN") {
        s
    } else {
        format!("{s}.0")
    }
}

/// An f32 setting as Python writes it: its shortest round-trip decimal (`0.05`, not the f64
/// widening `0.05000000074505806`), so the script reads like the configuration the user typed.
pub(super) fn py_float32(v: f32) -> String {
    py_float(format!("{v:?}").parse().unwrap_or(f64::from(v)))
}

/// `v` as a Python literal, `None` when absent.
pub(super) fn py_opt32(v: Option<f32>) -> String {
    v.map_or("None".to_string(), py_float32)
}

/// The value of parameter `key` of `a` as a Python literal.
pub(super) fn param(a: &Activation, key: &str) -> String {
    a.params()
        .into_iter()
        .find(|(n, _)| *n == key)
        .map(|(_, v)| py_float(v))
        .unwrap_or_else(|| "0.0".into())
}

/// The constants block every script has: its configuration, data, replay file and training
/// settings (each script adds its own framework's parts after it).
fn settings_block(
    config: &TrainConfig,
    data: &DataChoice,
    t: &Target,
    replay_file: Option<&str>,
) -> Result<String> {
    let config_json = serde_json::to_string(config).map_err(|e| Error::Invalid(e.to_string()))?;
    let task_json = match t.task {
        Task::Classification { classes } => {
            format!(r#"{{"kind": "classification", "classes": {classes}}}"#)
        }
        Task::Regression => r#"{"kind": "regression"}"#.to_string(),
    };
    let data_info = match &t.source {
        Source::TwoD(kind, n) => format!(
            r#"{{"name": {:?}, "generated": {{"samples": {n}, "noise": {}, "train_ratio": {}, "seed": {}}}}}"#,
            kind.name(),
            py_float(data.noise),
            py_float(data.train_ratio),
            config.seed
        ),
        Source::Images(s) => format!(r#"{{"name": {:?}}}"#, s.name),
    };
    Ok(format!(
        r#"

CONFIG = json.loads({config})
FEATURES = {inputs}
TASK = {task_json}
DATA_INFO = {data_info}
REPLAY_FILE = {replay}
SEED = {seed}
EPOCHS = {epochs}
BATCH_SIZE = {batch}
OUTPUTS = {outputs}
L1 = {l1}
L2 = {l2}
CLIP_VALUE = {cv}
CLIP_NORM = {cn}
MODEL_VERSION = {model_version}
"#,
        config = py_str(&config_json),
        inputs = t.inputs,
        replay = replay_file.map_or("None".to_string(), py_str),
        seed = config.seed,
        epochs = config.epochs,
        batch = config.batch_size,
        outputs = t.outputs,
        l1 = py_float32(config.l1),
        l2 = py_float32(config.l2),
        cv = py_opt32(config.clip_value),
        cn = py_opt32(config.clip_norm),
        model_version = crate::nn::model_file::VERSION,
    ))
}

/// The script's `DATASET` lines and `load_data(seed)`, which returns numpy arrays passed through
/// `wrap` (a Python function name, e.g. `to_torch`; empty for none).
fn data_block(t: &Target, data: &DataChoice, wrap: &str) -> String {
    match &t.source {
        Source::TwoD(kind, n) => format!(
            "DATASET = {:?}\nSAMPLES = {n}\nNOISE = {}\nTRAIN_RATIO = {}\n\n\ndef load_data(seed):\n    return {wrap}(two_d(DATASET, SAMPLES, NOISE, TRAIN_RATIO, seed))\n",
            kind.name(),
            py_float(data.noise),
            py_float(data.train_ratio)
        ),
        Source::Images(s) => format!(
            "DATASET = {:?}\nDATA_FILE = {:?}  # from the site's data/ folder (www/data/ in the repository)\nTRAIN_RATIO = {}\nSPLIT_SEED = {}\n\n\ndef load_data(seed):\n    return {wrap}(image_set(DATA_FILE, TRAIN_RATIO, SPLIT_SEED))\n",
            s.name,
            s.file,
            py_float(s.train_ratio),
            s.split_seed
        ),
    }
}

/// What an exporter puts around the shared parts.
pub(super) struct Framework {
    /// As the docstring and messages name it ("PyTorch", "Keras 3").
    pub name: &'static str,
    /// The docstring's "Run …" lines.
    pub usage: &'static str,
    /// Imports and the framework's own classes, before [`SHARED_PY`].
    pub prelude: &'static str,
    /// The Python function `load_data` passes the numpy arrays through (empty: none).
    pub wrap_data: &'static str,
}

/// The script up to its framework-specific settings: docstring, prelude, the shared helpers, the
/// data block and the settings every script has.
pub(super) fn opening(
    config: &TrainConfig,
    data: &DataChoice,
    t: &Target,
    replay_file: Option<&str>,
    framework: &Framework,
) -> Result<String> {
    let mut script = header(config, data, framework.name, framework.usage);
    script.push_str(framework.prelude);
    script.push_str(SHARED_PY);
    script.push_str(&data_block(t, data, framework.wrap_data));
    script.push_str(&settings_block(config, data, t, replay_file)?);
    Ok(script)
}

/// The image part (if any), its `FRONT` rows as `rows` formats them, and the first dense layer's
/// fan-in.
pub(super) fn network(
    config: &TrainConfig,
    t: &Target,
    what: &str,
    rows: impl Fn(&ImagePart) -> Result<Vec<String>>,
) -> Result<(Option<ImagePart>, Vec<String>, usize)> {
    let image = image_part(config, t, what)?;
    let front = image.as_ref().map(rows).transpose()?.unwrap_or_default();
    let dense_in = image.as_ref().map_or(t.inputs, |i| i.out_len);
    Ok((image, front, dense_in))
}

/// The script's first line and docstring: what it trains, the configuration it was made from and
/// how to run it (`usage`: the framework's lines).
fn header(config: &TrainConfig, data: &DataChoice, what: &str, usage: &str) -> String {
    let labels: Vec<String> = config.activations.iter().map(|a| a.label()).collect();
    let config_json = serde_json::to_string(config).unwrap_or_default();
    format!(
        r#"#!/usr/bin/env python3
"""Activation Lab export ({what}): {} on {}, {}.

Generated by activation-lab {} from this configuration (JSON):
{}

{usage}
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
    )
}

/// One hidden dense layer as both scripts write it.
pub(super) struct DenseRow {
    pub inputs: usize,
    pub units: usize,
    pub activation: Activation,
    pub init: Init,
    /// Dropout after the layer (0: none).
    pub dropout: f32,
}

/// The hidden dense layers (each with the activation and dropout after it, up to the next dense
/// layer) and the output layer's fan-in, read off the built network.
pub(super) fn dense_rows(
    config: &TrainConfig,
    t: &Target,
    what: &str,
) -> Result<(Vec<DenseRow>, usize)> {
    let net = built(config, t)?;
    let layers = &net.layers;
    let mut rows = Vec::new();
    let mut fan_in = t.inputs;
    let dense_at: Vec<usize> = (0..layers.len())
        .filter(|&i| matches!(layers[i], Layer::Dense(_)))
        .collect();
    for (k, &i) in dense_at.iter().enumerate() {
        let Layer::Dense(d) = &layers[i] else {
            unreachable!()
        };
        fan_in = d.inputs;
        let Some(&end) = dense_at.get(k + 1) else {
            break; // the output layer
        };
        let (mut activation, mut dropout) = (None, 0.0);
        for l in &layers[i + 1..end] {
            match l {
                Layer::Activation(a) => activation = Some(activation_of(&a.f)),
                Layer::Dropout(x) => dropout = x.dropout.rate as f32,
                other => return Err(unsupported(other, what)),
            }
        }
        rows.push(DenseRow {
            inputs: d.inputs,
            units: d.outputs,
            activation: activation.expect("a hidden dense layer has an activation"),
            init: d.init,
            dropout,
        });
    }
    Ok((rows, fan_in))
}

/// The catalog activation of a layer's function.
fn activation_of(f: &Hidden) -> Activation {
    match f {
        Hidden::Fixed(a) => a.clone(),
        Hidden::Prelu { init, .. } => Activation::Prelu { init: *init },
        Hidden::Rrelu { lower, upper } => Activation::Rrelu {
            lower: *lower,
            upper: *upper,
        },
    }
}

/// The refusal of a layer kind export `what` cannot write yet.
fn unsupported(layer: &Layer, what: &str) -> Error {
    let kind = layer.kind();
    Error::text(
        format!("the {what} export has no `{kind}` layers yet"),
        format!("{what} 导出还不支持 `{kind}` 层"),
    )
}

/// The network the trainer builds for `config` on `t` (with the core's checks: shapes, caps).
fn built(config: &TrainConfig, t: &Target) -> Result<Net<f32>> {
    let shape = match &t.source {
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
    crate::nn::build::network(config, shape, t.inputs, t.outputs, t.head, &mut rng)
}

/// A conv layer before the flatten, with its activation and init.
pub(super) struct ConvLayer {
    pub c_in: usize,
    pub filters: usize,
    pub kernel: usize,
    pub stride: usize,
    /// `same` padding (TensorFlow's rule: an odd padding pixel right/bottom).
    pub same: bool,
    /// Zero padding (left, right, top, bottom).
    pub pad: [usize; 4],
    pub input: Shape,
    pub output: Shape,
    pub activation: Activation,
    pub init: Init,
}

/// One conv, pool or dropout layer before the flatten, read off the built network.
pub(super) enum ImageLayer {
    Conv(ConvLayer),
    Pool { size: usize, stride: usize },
    Dropout { rate: f32, kind: DropoutKind },
}

/// The layers before the flatten.
pub(super) struct ImagePart {
    /// Height, width, channels of a sample (our inputs are these, flattened row by row).
    pub shape: Shape,
    pub layers: Vec<ImageLayer>,
    /// Values per sample after the flatten (the first dense layer's fan-in).
    pub out_len: usize,
}

/// The image part of `config` (`None` for a network of dense layers only). The network is built
/// once with the core's own checks (shapes, caps), and each layer is read from it, so the
/// script's geometry is the trainer's. With [`dense_rows`], the one place an export reads the
/// engine's layer types.
fn image_part(config: &TrainConfig, t: &Target, what: &str) -> Result<Option<ImagePart>> {
    if !has_front(&config.layers) {
        return Ok(None);
    }
    let net = built(config, t)?;
    let split = net
        .layers
        .iter()
        .position(|l| matches!(l, Layer::Dense(_)))
        .unwrap_or(net.layers.len());
    let part = &net.layers[..split];
    let mut layers = Vec::new();
    let mut i = 0;
    while i < part.len() {
        match &part[i] {
            Layer::Conv2d(c) => {
                let Some(Layer::Activation(a)) = part.get(i + 1) else {
                    return Err(unsupported(part.get(i + 1).unwrap_or(&part[i]), what));
                };
                i += 1;
                let (left, right, top, bottom) = c.padding_sides();
                layers.push(ImageLayer::Conv(ConvLayer {
                    c_in: c.input.channels,
                    filters: c.filters(),
                    kernel: c.kernel,
                    stride: c.stride,
                    same: c.padding == Padding::Same,
                    pad: [left, right, top, bottom],
                    input: c.input,
                    output: c.output,
                    activation: activation_of(&a.f),
                    init: c.init,
                }));
            }
            Layer::MaxPool2d(p) => layers.push(ImageLayer::Pool {
                size: p.size,
                stride: p.stride,
            }),
            Layer::Dropout(d) => layers.push(ImageLayer::Dropout {
                rate: d.dropout.rate as f32,
                kind: d.dropout.kind,
            }),
            Layer::Flatten(_) => {}
            other => return Err(unsupported(other, what)),
        }
        i += 1;
    }
    Ok(Some(ImagePart {
        shape: net.input,
        layers,
        out_len: net.layers[split - 1].output().len(),
    }))
}

/// A [`Shape`] as the model file writes it (a Python dict literal).
pub(super) fn shape_py(s: Shape) -> String {
    format!(
        r#"{{"height": {}, "width": {}, "channels": {}}}"#,
        s.height, s.width, s.channels
    )
}

/// The script's `IMAGE`, `FRONT` (rows formatted by the exporter) and `EVAL_CHUNK` lines.
pub(super) fn image_block(image: Option<&ImagePart>, rows: &[String]) -> String {
    let Some(image) = image else {
        return "IMAGE = None  # flat samples: dense layers only\nFRONT = []\nEVAL_CHUNK = 4096\n"
            .into();
    };
    let s = image.shape;
    format!(
        "# Our samples are images stored row by row with the channels last (HWC).\n\
         IMAGE = ({}, {}, {})  # height, width, channels\n\
         # The conv, pool and dropout layers before the flatten, input side first. pad = (left,\n\
         # right, top, bottom): activation-lab's `same` puts an odd padding pixel right/bottom.\n\
         FRONT = [\n{}\n]\n\
         EVAL_CHUNK = 256\n",
        s.height,
        s.width,
        s.channels,
        rows.join("\n")
    )
}

/// Python shared by every export, after its imports (numpy as np, gzip, json, math, os, struct):
/// the FRONT row builders, the data sets as numpy arrays (2-D sets with `data::toy`'s formulas,
/// the image files in `data::images`' format), model files and the replay's steps.
pub(super) const SHARED_PY: &str = r#"

def conv(c_in, filters, kernel, stride, pad, activation, init, shapes, same=False):
    """A FRONT row: Conv2d with zero padding (left, right, top, bottom), then its activation."""
    return {"kind": "conv", "c_in": c_in, "filters": filters, "kernel": kernel, "stride": stride,
            "pad": pad, "same": same, "activation": activation, "init": init, "shapes": shapes}


def pool(size, stride):
    """A FRONT row: max pooling without padding."""
    return {"kind": "pool", "size": size, "stride": stride}


def dropout(make=None, rate=0.0, alpha=False):
    """A FRONT row: dropout on the feature maps (AlphaDropout for SELU nets)."""
    return {"kind": "dropout", "make": make, "rate": rate, "alpha": alpha}


def two_d(name, n, noise, train_ratio, seed):
    """TF Playground's 2-D sets (and two moons) with the formulas of activation-lab's data::toy, as
    numpy arrays ((x_train, y_train), (x_test, y_test)): labels int64, regression targets float32."""
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
    x = np.array(pts, dtype=np.float32)[order]
    v = np.array(vals, dtype=np.float32)[order]
    train = int(math.floor(n * train_ratio))
    y = v.astype(np.int64) if name not in ("plane", "multi_gaussian") else v
    return (x[:train], y[:train]), (x[train:], y[train:])


def read_alim(file):
    """Reads activation-lab's ALIM image-set format (see src/data/images.rs) from --data-dir;
    inputs pixel/pixel_max. Returns numpy (x, y) for every image."""
    path = os.path.join(ARGS.data_dir, os.path.basename(file))
    raw = open(path, "rb").read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    magic, version, pixel_max, _, n, rows, cols, classes, _ = struct.unpack("<4sBBHIHHHH", raw[:20])
    if magic != b"ALIM" or version != 1:
        raise SystemExit(f"{path}: not an ALIM v1 image set")
    labels = np.frombuffer(raw, np.uint8, n, 20).astype(np.int64)
    pixels = np.frombuffer(raw, np.uint8, n * rows * cols, 20 + n).reshape(n, rows * cols)
    return pixels.astype(np.float32) / np.float32(pixel_max), labels


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
    to_x = lambda a: a.reshape(len(a), -1).astype(np.float32) / np.float32(255)
    return (to_x(parts[0]), parts[1].astype(np.int64)), (to_x(parts[2]), parts[3].astype(np.int64))


def image_set(file, train_ratio, split_seed):
    """The shipped image set with a stratified, seeded split (the full MNIST when --data-dir holds
    it in torchvision's layout)."""
    if DATASET == "mnist":
        full = full_mnist()
        if full is not None:
            return full
    x, labels = read_alim(file)
    classes = int(labels.max()) + 1
    # Stratified split: every class split in the same proportion (seeded).
    rng = np.random.default_rng(split_seed)
    train_idx, test_idx = [], []
    for c in range(classes):
        idx = rng.permutation(np.flatnonzero(labels == c))
        k = int(round(len(idx) * (1 - train_ratio)))
        test_idx += list(idx[:k]); train_idx += list(idx[k:])
    train_idx, test_idx = rng.permutation(train_idx), rng.permutation(test_idx)
    return (x[train_idx], labels[train_idx]), (x[test_idx], labels[test_idx])


def initial_arrays(initial):
    """A model file's parameters (version 3: one entry per layer, in order) as float32 arrays in
    activation-lab's layouts: dense layers [(weights inputs x outputs, biases, PReLU slopes or
    None)] and conv layers [(weights kernel row x kernel column x input channel x filter, biases,
    slopes or None)]."""
    f32 = lambda v: np.array(v, dtype=np.float32)
    slopes = lambda e: f32(e["prelu_alpha"]) if "prelu_alpha" in e else None
    dense = [(f32(e["weights"]).reshape(e["inputs"], e["outputs"]), f32(e["biases"]), slopes(e))
             for e in initial["layers"] if e["kind"] == "dense"]
    rows = [r for r in FRONT if r["kind"] == "conv"]
    saved = [e for e in initial["layers"] if e["kind"] == "conv2d"]
    conv = [(f32(e["weights"]).reshape(r["kernel"], r["kernel"], r["c_in"], r["filters"]), f32(e["biases"]), slopes(e))
            for r, e in zip(rows, saved)]
    return dense, conv


def write_model_file(path, dense, conv, epochs, steps):
    """Writes activation-lab's versioned model file (src/nn/model_file.rs) from arrays in the
    layouts of `initial_arrays`: the page and `activation-lab eval-model` open it."""
    flat = lambda a: np.asarray(a, dtype=np.float32).ravel().tolist()
    def entry(e, w, b, a):
        e.update(weights=flat(w), biases=flat(b))
        if a is not None:
            e["prelu_alpha"] = flat(a)
        return e
    rows = [r for r in FRONT if r["kind"] == "conv"]
    layers = [entry({"kind": "conv2d", "input": r["shapes"][0], "output": r["shapes"][1]}, w, b, a)
              for r, (w, b, a) in zip(rows, conv)]
    layers += [entry({"kind": "dense", "inputs": w.shape[0], "outputs": w.shape[1]}, w, b, a) for w, b, a in dense]
    doc = {"format": "activation-lab-model", "version": MODEL_VERSION, "config": CONFIG, "features": FEATURES,
           "task": TASK, "data": DATA_INFO, "epochs_trained": epochs, "steps_trained": steps,
           "layers": layers}
    if IMAGE is not None:
        doc["shape"] = {"height": IMAGE[0], "width": IMAGE[1], "channels": IMAGE[2]}
    with open(path, "w") as f:
        json.dump(doc, f)


def read_replay():
    """The replay file written next to this script (src/export/replay.rs)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), REPLAY_FILE)
    with open(path) as f:
        replay = json.load(f)
    if replay.get("format") != "activation-lab-replay":
        raise SystemExit(f"{path}: not an activation-lab replay file")
    return replay


def replay_arrays(replay):
    """The replay's training and test samples as numpy ((x, y), (x, y))."""
    d = replay["data"]
    if d["kind"] == "points":
        f = d["features"]
        regression = TASK["kind"] == "regression"
        def part(xs, ys):
            x = np.array(xs, dtype=np.float32).reshape(-1, f)
            y = np.array(ys, dtype=np.float32) if regression else np.array(ys, dtype=np.float64).astype(np.int64)
            return x, y
        return part(d["train_x"], d["train_y"]), part(d["test_x"], d["test_y"])
    x, y = read_alim(d["file"])
    train, test = np.array(d["train"], dtype=np.int64), np.array(d["test"], dtype=np.int64)
    return (x[train], y[train]), (x[test], y[test])


def replay_steps(replay, n_train, steps):
    """(step, training-row indices, learning rate) of each replayed step: activation-lab's batch
    order and rates; after its recorded epochs, a seeded numpy shuffle."""
    batch, orders, rates = replay["batch"], replay["orders"], replay["lr"]
    per_epoch = (n_train + batch - 1) // batch
    rng = np.random.default_rng(SEED)
    order = None
    for step in range(steps):
        epoch, b = divmod(step, per_epoch)
        if b == 0:
            order = np.array(orders[epoch], dtype=np.int64) if epoch < len(orders) else rng.permutation(n_train)
        yield step, order[b * batch:(b + 1) * batch], rates[step] if step < len(rates) else rates[-1]


def replay_row(step, loss, ours):
    """One `step,loss,lab_loss,rel_diff` row: this framework's batch loss next to ours."""
    if step < len(ours):
        rel = abs(loss - ours[step]) / max(abs(ours[step]), 1e-30)
        print(f"{step + 1},{loss:.9g},{ours[step]:.9g},{rel:.3g}")
    else:
        print(f"{step + 1},{loss:.9g},,")
"#;
