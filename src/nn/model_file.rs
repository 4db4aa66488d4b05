//! The saved-model format (TF Playground #23, #39): a trained network and the config that made it,
//! as one versioned JSON document that the page downloads/loads and the CLI reads/writes, so a model
//! trained in either opens in the other.
//!
//! The document names its format and version, carries the whole [`TrainConfig`] (whose layer
//! list describes every layer), the data's shape (features, task, image shape, optional dataset
//! name and input standardisation) and one list `layers` with an entry per layer that has
//! parameters, in network order: `dense` (shape, weights row-major `inputs × outputs`, row k =
//! input k's outgoing weights, biases, and the PReLU slopes of its activation), `conv2d` (shapes,
//! weights `(k·k·C_in) × filters`, biases, slopes) and `batch_norm` (γ, β and the running
//! statistics). Version 3; versions 1 and 2 (dense entries without a kind, conv layers in a
//! separate `conv` list) still load. f32 values are written in their shortest exact decimal form,
//! so a round trip reproduces every parameter bit for bit. Everything is checked on load before a
//! network is built.

use serde::{Deserialize, Serialize};

use super::build;
use super::config::{TrainConfig, MAX_PARAMS};
use super::layer::Layer;
use super::net::Net;
use super::trainer::Trainer;
use crate::data::csv::Normalisation;
use crate::data::{Shape, Split, Task};
use crate::error::{Error, Result};

/// The `format` field every model file carries.
pub const FORMAT: &str = "activation-lab-model";
/// The version this build writes; it reads versions 1..=VERSION.
pub const VERSION: u32 = 3;
/// Largest document accepted (a network at the parameter cap in JSON is well below this).
pub const MAX_MODEL_BYTES: usize = 96 * 1024 * 1024;
/// Most classes a classification model may have.
pub const MAX_CLASSES: usize = 1000;
/// Most input features.
pub const MAX_FEATURES: usize = 100_000;

/// The data a model was trained on, as far as it matters for using it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataInfo {
    /// A built-in set's name (`spiral`, `digits`), or a label for the user's own data.
    pub name: String,
    /// Per-feature standardisation applied to inputs before the network (CSV data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normalisation: Option<Normalisation>,
    /// How a generated 2-D set was made, so the same points can be regenerated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<Generated>,
}

/// The parameters of a generated 2-D set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Generated {
    pub samples: usize,
    /// On TF Playground's 0..50 scale.
    pub noise: f64,
    pub train_ratio: f64,
    pub seed: u64,
}

impl DataInfo {
    /// A named data set with nothing else recorded.
    pub fn named(name: &str) -> Self {
        DataInfo {
            name: name.to_string(),
            normalisation: None,
            generated: None,
        }
    }
}

/// The task in a serialisable form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum TaskInfo {
    Classification { classes: usize },
    Regression,
}

impl From<Task> for TaskInfo {
    fn from(t: Task) -> Self {
        match t {
            Task::Classification { classes } => TaskInfo::Classification { classes },
            Task::Regression => TaskInfo::Regression,
        }
    }
}

impl From<TaskInfo> for Task {
    fn from(t: TaskInfo) -> Self {
        match t {
            TaskInfo::Classification { classes } => Task::Classification { classes },
            TaskInfo::Regression => Task::Regression,
        }
    }
}

/// What a [`LayerParams`] entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamsKind {
    /// Versions 1 and 2 wrote dense entries without a kind.
    #[default]
    Dense,
    Conv2d,
    BatchNorm,
}

/// One layer's parameters: the fields of its kind are present, the others absent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerParams {
    #[serde(default)]
    pub kind: ParamsKind,
    /// Dense: fan-in and units.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub inputs: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub outputs: usize,
    /// Conv: input and output shapes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<Shape>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Shape>,
    /// Dense `inputs × outputs`, conv `(k·k·C_in) × filters`, row-major.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "f32s_via_f64"
    )]
    pub weights: Vec<f32>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "f32s_via_f64"
    )]
    pub biases: Vec<f32>,
    /// Learned PReLU slopes of the activation after this layer (absent for other activations).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "f32s_via_f64"
    )]
    pub prelu_alpha: Vec<f32>,
    /// Batch norm: γ, β, running mean and variance, one per channel.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "f32s_via_f64"
    )]
    pub gamma: Vec<f32>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "f32s_via_f64"
    )]
    pub beta: Vec<f32>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "f32s_via_f64"
    )]
    pub running_mean: Vec<f32>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "f32s_via_f64"
    )]
    pub running_var: Vec<f32>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl LayerParams {
    fn values(&self) -> impl Iterator<Item = &f32> + Clone {
        self.weights
            .iter()
            .chain(&self.biases)
            .chain(&self.prelu_alpha)
            .chain(&self.gamma)
            .chain(&self.beta)
            .chain(&self.running_mean)
            .chain(&self.running_var)
    }
}

/// Reads parameters through f64: a number beyond f32's range becomes ±∞, and the checks name the
/// layer ("non-finite value") instead of serde's bare "number out of range" (its exact
/// `float_roundtrip` parser refuses such f32s outright). A finite f32 written as its shortest decimal reads back bit-identical this way (tested).
fn f32s_via_f64<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Vec<f32>, D::Error> {
    Ok(Vec::<f64>::deserialize(d)?
        .into_iter()
        .map(|v| v as f32)
        .collect())
}

/// The whole document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    pub format: String,
    pub version: u32,
    pub config: TrainConfig,
    pub features: usize,
    pub task: TaskInfo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<DataInfo>,
    /// Training progress when saved (informational).
    #[serde(default)]
    pub epochs_trained: usize,
    #[serde(default)]
    pub steps_trained: u64,
    /// The image shape of the samples (needed by conv layers; from version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<Shape>,
    /// Version 2's conv layers, input side first; a parsed file holds them in `layers`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conv: Vec<LayerParams>,
    /// Every layer with parameters, input side first; the last is the output layer.
    pub layers: Vec<LayerParams>,
}

impl ModelFile {
    /// Captures a trainer's config and current parameters.
    pub fn from_trainer(t: &Trainer, data: Option<DataInfo>) -> Self {
        ModelFile {
            format: FORMAT.to_string(),
            version: VERSION,
            config: t.config().clone(),
            features: t.split().train.features,
            task: t.split().train.task.into(),
            data,
            epochs_trained: t.epoch(),
            steps_trained: t.step_count(),
            shape: t.split().train.shape,
            conv: Vec::new(),
            layers: layer_params(t.network()),
        }
    }

    /// The document as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a model file always serialises")
    }

    /// Parses and checks a document: format, version, config, shapes, finite values, caps.
    pub fn parse(json: &str) -> Result<Self> {
        if json.len() > MAX_MODEL_BYTES {
            return Err(Error::text(
                format!(
                    "the model file is {} bytes; at most {MAX_MODEL_BYTES}",
                    json.len()
                ),
                format!(
                    "模型文件有 {} 字节；最多 {MAX_MODEL_BYTES} 字节",
                    json.len()
                ),
            ));
        }
        check_header(json)?;
        // The document is read straight into typed f32 vectors (a generic JSON tree of a large
        // file would take several times its size in memory).
        let mut file: ModelFile = serde_json::from_str(json).map_err(|e| {
            Error::text(
                format!("the model file is malformed: {e}"),
                format!(
                    "模型文件格式有误（第 {} 行第 {} 列）：缺少字段或字段类型不对",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        // Version 2 kept the conv layers apart: they come first in the one list.
        file.layers.splice(
            0..0,
            std::mem::take(&mut file.conv).into_iter().map(|mut c| {
                c.kind = ParamsKind::Conv2d;
                c
            }),
        );
        file.check()?;
        Ok(file)
    }

    /// Consistency of everything after parsing.
    fn check(&self) -> Result<()> {
        self.config.validate()?;
        if self.features == 0 || self.features > MAX_FEATURES {
            return inconsistent(
                format!(
                    "features must be 1 to {MAX_FEATURES}, got {}",
                    self.features
                ),
                format!("特征数须为 1 到 {MAX_FEATURES}，现为 {}", self.features),
            );
        }
        let task: Task = self.task.into();
        if let Task::Classification { classes } = task {
            if !(2..=MAX_CLASSES).contains(&classes) {
                return inconsistent(
                    format!("classes must be 2 to {MAX_CLASSES}, got {classes}"),
                    format!("类别数须为 2 到 {MAX_CLASSES}，现为 {classes}"),
                );
            }
        }
        let expected = self.expected()?;
        check_counts(&expected, &self.layers)?;
        let mut number = [0usize; 3];
        for (want, got) in expected.iter().zip(&self.layers) {
            let k = got.kind as usize;
            number[k] += 1;
            check_entry(want, got, number[k])?;
        }
        let total: usize = self.layers.iter().map(|l| l.values().count()).sum();
        if total > MAX_PARAMS {
            return inconsistent(
                format!("{total} parameters; at most {MAX_PARAMS}"),
                format!("{total} 个参数；最多 {MAX_PARAMS} 个"),
            );
        }
        self.check_data()
    }

    /// The entries the config's network has, with empty values (their lengths are what counts).
    fn expected(&self) -> Result<Vec<LayerParams>> {
        let task: Task = self.task.into();
        let outputs = self.config.loss.head_for(task)?.outputs(task);
        self.config.check_size(self.features, outputs)?;
        if super::layer::spec::has_image_layers(&self.config.layers)
            && self.shape.filter(|s| s.len() == self.features).is_none()
        {
            return inconsistent(
                "conv layers need the image `shape` of the samples".into(),
                "卷积层需要样本的图像形状 `shape`".into(),
            );
        }
        let plan = build::plan(&self.config, self.shape, self.features, outputs)?;
        let net: Net<f32> = Net::new(plan.input, plan.layers, super::Head::Mse);
        Ok(layer_params(&net))
    }

    fn check_data(&self) -> Result<()> {
        if let Some(norm) = self.data.as_ref().and_then(|d| d.normalisation.as_ref()) {
            if norm.mean.len() != self.features || norm.std.len() != self.features {
                return inconsistent(
                    format!(
                        "the input standardisation must have {} means and standard deviations",
                        self.features
                    ),
                    format!("输入标准化须有 {} 个均值和标准差", self.features),
                );
            }
            if !norm.mean.iter().all(|m| m.is_finite())
                || !norm.std.iter().all(|s| s.is_finite() && *s >= 0.0)
            {
                return inconsistent(
                    "the input standardisation must be finite with std ≥ 0".into(),
                    "输入标准化须为有限值，且标准差 ≥ 0".into(),
                );
            }
        }
        if let Some(g) = self.data.as_ref().and_then(|d| d.generated) {
            if !(g.noise.is_finite() && g.train_ratio.is_finite()) {
                return inconsistent(
                    "the data's noise and train ratio must be finite".into(),
                    "数据的噪声和训练占比须为有限值".into(),
                );
            }
        }
        Ok(())
    }

    /// The parameters and state in the network's flat layout (each entry's values go to its
    /// layer's ranges; an activation's slopes come from the entry before it).
    pub fn layout(&self) -> Result<(Vec<f32>, Vec<f32>)> {
        let task: Task = self.task.into();
        let outputs = self.config.loss.head_for(task)?.outputs(task);
        let plan = build::plan(&self.config, self.shape, self.features, outputs)?;
        let mut net: Net<f32> = Net::new(plan.input, plan.layers, super::Head::Mse);
        let mut entries = self.layers.iter();
        let mut last: Option<&LayerParams> = None;
        for layer in &net.layers {
            let (params, state) = (&mut net.params, &mut net.state);
            let put = |dst: &mut [f32], src: &[f32]| {
                if dst.len() == src.len() {
                    dst.copy_from_slice(src);
                }
            };
            match layer {
                Layer::Dense(d) => {
                    last = entries.next();
                    let e = last.ok_or_else(too_few)?;
                    put(&mut params[d.weights.clone()], &e.weights);
                    put(&mut params[d.biases.clone()], &e.biases);
                }
                Layer::Conv2d(c) => {
                    last = entries.next();
                    let e = last.ok_or_else(too_few)?;
                    put(&mut params[c.weights.clone()], &e.weights);
                    put(&mut params[c.biases.clone()], &e.biases);
                }
                Layer::Activation(a) => {
                    if let Some(e) = last {
                        put(&mut params[a.alpha.clone()], &e.prelu_alpha);
                    }
                }
                Layer::BatchNorm(b) => {
                    let e = entries.next().ok_or_else(too_few)?;
                    put(&mut params[b.gamma.clone()], &e.gamma);
                    put(&mut params[b.beta.clone()], &e.beta);
                    let running = &mut state[b.running.clone()];
                    let c = running.len() / 2;
                    put(&mut running[..c], &e.running_mean);
                    put(&mut running[c..], &e.running_var);
                }
                _ => {}
            }
        }
        Ok((net.params, net.state))
    }

    /// The parameters in the network's flat layout (empty when the file does not build).
    pub fn flat_params(&self) -> Vec<f32> {
        self.layout().map(|(p, _)| p).unwrap_or_default()
    }
}

fn too_few() -> Error {
    Error::Invalid("the model file has fewer layers than its network".into())
}

fn inconsistent<T>(m: String, zh: String) -> Result<T> {
    Err(Error::text(
        format!("the model file is inconsistent: {m}"),
        format!("模型文件前后不一致：{zh}"),
    ))
}

/// One entry per dense, conv and batch norm layer of `net`, with the activation's PReLU slopes in
/// the entry of the layer before it.
fn layer_params(net: &Net<f32>) -> Vec<LayerParams> {
    let p = &net.params;
    let mut out: Vec<LayerParams> = Vec::new();
    let mut owner: Option<usize> = None;
    for layer in &net.layers {
        match layer {
            Layer::Dense(d) => {
                owner = Some(out.len());
                out.push(LayerParams {
                    kind: ParamsKind::Dense,
                    inputs: d.inputs,
                    outputs: d.outputs,
                    weights: p[d.weights.clone()].to_vec(),
                    biases: p[d.biases.clone()].to_vec(),
                    ..LayerParams::default()
                });
            }
            Layer::Conv2d(c) => {
                owner = Some(out.len());
                out.push(LayerParams {
                    kind: ParamsKind::Conv2d,
                    input: Some(c.input),
                    output: Some(c.output),
                    weights: p[c.weights.clone()].to_vec(),
                    biases: p[c.biases.clone()].to_vec(),
                    ..LayerParams::default()
                });
            }
            Layer::Activation(a) => {
                if let Some(e) = owner.and_then(|i| out.get_mut(i)) {
                    e.prelu_alpha = p[a.alpha.clone()].to_vec();
                }
            }
            Layer::BatchNorm(b) => {
                let running = &net.state[b.running.clone()];
                let c = running.len() / 2;
                out.push(LayerParams {
                    kind: ParamsKind::BatchNorm,
                    gamma: p[b.gamma.clone()].to_vec(),
                    beta: p[b.beta.clone()].to_vec(),
                    running_mean: running[..c].to_vec(),
                    running_var: running[c..].to_vec(),
                    ..LayerParams::default()
                });
            }
            _ => {}
        }
    }
    out
}

/// The file has as many entries of each kind as the network (the messages of versions 1–2 for
/// dense and conv layers), in the same order.
fn check_counts(want: &[LayerParams], got: &[LayerParams]) -> Result<()> {
    let count = |v: &[LayerParams], k: ParamsKind| v.iter().filter(|l| l.kind == k).count();
    let (dense, conv, bn) = (ParamsKind::Dense, ParamsKind::Conv2d, ParamsKind::BatchNorm);
    if count(want, dense) != count(got, dense) {
        let n_hidden = count(want, dense) - 1;
        return inconsistent(
            format!(
                "the config has {n_hidden} hidden layers, so {} dense layers are expected; the file has {}",
                n_hidden + 1,
                count(got, dense)
            ),
            format!(
                "配置有 {n_hidden} 个隐藏层，应有 {} 个全连接层；文件中有 {} 个",
                n_hidden + 1,
                count(got, dense)
            ),
        );
    }
    if count(want, conv) != count(got, conv) {
        let (w, g) = (count(want, conv), count(got, conv));
        return inconsistent(
            format!("the config has {w} conv layers, the file {g}"),
            format!("配置有 {w} 个卷积层，文件中有 {g} 个"),
        );
    }
    if count(want, bn) != count(got, bn) {
        let (w, g) = (count(want, bn), count(got, bn));
        return inconsistent(
            format!("the config has {w} batch norm layers, the file {g}"),
            format!("配置有 {w} 个批归一化层，文件中有 {g} 个"),
        );
    }
    if let Some(i) = want.iter().zip(got).position(|(w, g)| w.kind != g.kind) {
        return inconsistent(
            format!("layer entry {} is out of the network's order", i + 1),
            format!("第 {} 个层条目与网络的层顺序不符", i + 1),
        );
    }
    Ok(())
}

/// One entry against the network's (`n`: its 1-based number among entries of its kind).
fn check_entry(want: &LayerParams, got: &LayerParams, n: usize) -> Result<()> {
    match want.kind {
        ParamsKind::Dense => check_dense(want, got, n)?,
        ParamsKind::Conv2d => {
            if (got.input, got.output) != (want.input, want.output)
                || got.weights.len() != want.weights.len()
                || got.biases.len() != want.biases.len()
                || got.prelu_alpha.len() != want.prelu_alpha.len()
            {
                let shape = |s: Option<Shape>| s.map(|s| s.to_string()).unwrap_or_default();
                let (i, o) = (shape(want.input), shape(want.output));
                return inconsistent(
                    format!("conv layer {n} does not match the config ({i} → {o})"),
                    format!("第 {n} 个卷积层与配置不符（{i} → {o}）"),
                );
            }
        }
        ParamsKind::BatchNorm => {
            let c = want.gamma.len();
            let lens = [&got.gamma, &got.beta, &got.running_mean, &got.running_var];
            if lens.iter().any(|v| v.len() != c) || !got.weights.is_empty() {
                return inconsistent(
                    format!("batch norm {n} needs {c} values of γ, β, running mean and variance"),
                    format!("第 {n} 个批归一化层需要 γ、β、滑动均值和方差各 {c} 个"),
                );
            }
            if got.running_var.iter().any(|v| *v < 0.0) {
                return inconsistent(
                    format!("batch norm {n} has a negative running variance"),
                    format!("第 {n} 个批归一化层的滑动方差为负"),
                );
            }
        }
    }
    if let Some(v) = got.values().find(|v| !v.is_finite()) {
        let what = match want.kind {
            ParamsKind::Dense => format!("layer {n}"),
            ParamsKind::Conv2d => format!("conv layer {n}"),
            ParamsKind::BatchNorm => format!("batch norm {n}"),
        };
        let what_zh = match want.kind {
            ParamsKind::Dense => format!("第 {n} 层"),
            ParamsKind::Conv2d => format!("第 {n} 个卷积层"),
            ParamsKind::BatchNorm => format!("第 {n} 个批归一化层"),
        };
        return inconsistent(
            format!("{what} contains a non-finite value ({v})"),
            format!("{what_zh}含有非有限的数值（{v}）"),
        );
    }
    Ok(())
}

fn check_dense(want: &LayerParams, got: &LayerParams, n: usize) -> Result<()> {
    let (i, o) = (want.inputs, want.outputs);
    if (got.inputs, got.outputs) != (i, o) {
        return inconsistent(
            format!(
                "layer {n} is {}×{} but the config makes it {i}×{o}",
                got.inputs, got.outputs
            ),
            format!(
                "第 {n} 层是 {}×{}，但按配置应为 {i}×{o}",
                got.inputs, got.outputs
            ),
        );
    }
    if got.weights.len() != i * o {
        return inconsistent(
            format!(
                "layer {n} needs {} weights, the file has {}",
                i * o,
                got.weights.len()
            ),
            format!(
                "第 {n} 层需要 {} 个权重，文件中有 {} 个",
                i * o,
                got.weights.len()
            ),
        );
    }
    if got.biases.len() != o {
        return inconsistent(
            format!(
                "layer {n} needs {o} biases, the file has {}",
                got.biases.len()
            ),
            format!("第 {n} 层需要 {o} 个偏置，文件中有 {} 个", got.biases.len()),
        );
    }
    let alphas = want.prelu_alpha.len();
    if got.prelu_alpha.len() != alphas || !got.gamma.is_empty() || got.input.is_some() {
        return inconsistent(
            format!(
                "layer {n} needs {alphas} PReLU slope(s), the file has {}",
                got.prelu_alpha.len()
            ),
            format!(
                "第 {n} 层需要 {alphas} 个 PReLU 斜率，文件中有 {} 个",
                got.prelu_alpha.len()
            ),
        );
    }
    Ok(())
}

impl Trainer {
    /// The model and its config as a model-file document (no dataset information).
    pub fn save(&self) -> String {
        ModelFile::from_trainer(self, None).to_json()
    }

    /// [`Self::save`] naming the data set (and its input standardisation, if any).
    pub fn save_with_data(&self, data: DataInfo) -> String {
        ModelFile::from_trainer(self, Some(data)).to_json()
    }

    /// A trainer over `split` holding the saved model's config and parameters, ready to evaluate,
    /// predict or train on. The split must match the model's features and task.
    pub fn load(json: &str, split: impl Into<std::sync::Arc<Split>>) -> Result<Trainer> {
        Self::from_model(&ModelFile::parse(json)?, split)
    }

    /// [`Self::load`] from an already parsed file.
    pub fn from_model(
        file: &ModelFile,
        split: impl Into<std::sync::Arc<Split>>,
    ) -> Result<Trainer> {
        let split: std::sync::Arc<Split> = split.into();
        let task: Task = file.task.into();
        let images = super::layer::spec::has_image_layers(&file.config.layers);
        if split.train.features != file.features
            || split.train.task != task
            || (images && split.train.shape != file.shape)
        {
            return Err(Error::text(
                format!(
                    "the model expects {} features and {}, the data has {} features and {}",
                    file.features,
                    describe(task),
                    split.train.features,
                    describe(split.train.task)
                ),
                format!(
                    "模型需要 {} 个特征和{}，数据有 {} 个特征和{}",
                    file.features,
                    describe_zh(task),
                    split.train.features,
                    describe_zh(split.train.task)
                ),
            ));
        }
        let mut t = Trainer::new(file.config.clone(), split)?;
        let (params, state) = file.layout()?;
        t.load_params(&params)?;
        t.load_state(&state)?;
        Ok(t)
    }
}

fn describe(task: Task) -> String {
    match task {
        Task::Classification { classes } => format!("{classes} classes"),
        Task::Regression => "regression targets".into(),
    }
}

fn describe_zh(task: Task) -> String {
    match task {
        Task::Classification { classes } => format!(" {classes} 个类别"),
        Task::Regression => "回归目标".into(),
    }
}

/// Format and version, looked at first so that an old or foreign file gets that message rather
/// than a complaint about some field; this pass skips everything else without allocating.
fn check_header(json: &str) -> Result<()> {
    #[derive(Deserialize)]
    struct Head {
        format: Option<serde_json::Value>,
        version: Option<serde_json::Value>,
    }
    if !json.trim_start().starts_with('{') {
        serde_json::from_str::<serde::de::IgnoredAny>(json).map_err(not_json)?;
        return Err(Error::text(
            "not an Activation Lab model: the file is JSON but not an object",
            "不是激活函数实验室的模型：文件是 JSON，但不是对象",
        ));
    }
    let head: Head = serde_json::from_str(json).map_err(not_json)?;
    match head.format.as_ref().and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(other) => {
            let other = crate::activation::truncate_for_message(other);
            return Err(Error::text(
                format!("not an Activation Lab model: format is `{other}`, expected `{FORMAT}`"),
                format!("不是激活函数实验室的模型：`format` 为 `{other}`，应为 `{FORMAT}`"),
            ));
        }
        None => {
            return Err(Error::text(
                format!("not an Activation Lab model: no `format: \"{FORMAT}\"` field"),
                format!("不是激活函数实验室的模型：缺少 `format: \"{FORMAT}\"` 字段"),
            ))
        }
    }
    match head.version.as_ref().and_then(|v| v.as_u64()) {
        Some(v) if (1..=u64::from(VERSION)).contains(&v) => Ok(()),
        Some(v) => Err(Error::text(
            format!(
                "model format version {v} is not supported; this build reads version 1 to {VERSION}"
            ),
            format!("不支持模型格式版本 {v}；这个版本只能读取 1 到 {VERSION}"),
        )),
        None => Err(Error::text(
            "the model file has no numeric `version` field",
            "模型文件缺少数字形式的 `version` 字段",
        )),
    }
}

/// A document that is not JSON: cut short, or broken at a line and column.
fn not_json(e: serde_json::Error) -> Error {
    let (en, zh) = if e.is_eof() {
        (
            "the model file is cut short (truncated JSON)",
            "模型文件被截断了（JSON 不完整）",
        )
    } else {
        (
            "the model file is not valid JSON",
            "模型文件不是有效的 JSON",
        )
    };
    Error::text(
        format!("{en}: {e}"),
        format!("{zh}：第 {} 行第 {} 列", e.line(), e.column()),
    )
}
