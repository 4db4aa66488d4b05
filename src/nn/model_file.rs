//! The saved-model format (TF Playground #23, #39): a trained network and the config that made it,
//! as one versioned JSON document that the page downloads/loads and the CLI reads/writes, so a model
//! trained in either opens in the other.
//!
//! The document names its format and version, carries the whole [`TrainConfig`], the data's shape
//! (features, task, optional dataset name and input standardisation) and, per dense layer, its
//! shape, weights (row-major `inputs × outputs`, row k = input k's outgoing weights), biases and
//! PReLU slopes. f32 values are written in their shortest exact decimal form, so a round trip
//! reproduces every parameter bit for bit. Everything is checked on load before a network is built.

use serde::{Deserialize, Serialize};

use super::config::{TrainConfig, MAX_PARAMS};
use super::trainer::Trainer;
use crate::data::csv::Normalisation;
use crate::data::{Shape, Split, Task};
use crate::error::{Error, Result};

/// The `format` field every model file carries.
pub const FORMAT: &str = "activation-lab-model";
/// The version this build writes; it reads versions 1..=VERSION.
pub const VERSION: u32 = 2;
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

/// One dense layer's shape and parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerParams {
    pub inputs: usize,
    pub outputs: usize,
    /// `inputs × outputs`, row-major.
    #[serde(deserialize_with = "f32s_via_f64")]
    pub weights: Vec<f32>,
    #[serde(deserialize_with = "f32s_via_f64")]
    pub biases: Vec<f32>,
    /// Learned PReLU slopes of the nonlinearity after this layer (absent for other activations).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "f32s_via_f64"
    )]
    pub prelu_alpha: Vec<f32>,
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

/// One conv layer's parameters (version 2): weights `(k·k·C_in) × filters` row-major, row
/// `(ky·k + kx)·C_in + c`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConvParams {
    pub input: Shape,
    pub output: Shape,
    #[serde(deserialize_with = "f32s_via_f64")]
    pub weights: Vec<f32>,
    #[serde(deserialize_with = "f32s_via_f64")]
    pub biases: Vec<f32>,
    /// PReLU slopes, one per filter (absent for other activations).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "f32s_via_f64"
    )]
    pub prelu_alpha: Vec<f32>,
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
    /// The image shape of the samples (version 2; needed by conv layers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<Shape>,
    /// Conv layers, input side first (version 2; empty without a layer list).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conv: Vec<ConvParams>,
    /// Dense layers, input side first; the last is the output layer.
    pub layers: Vec<LayerParams>,
}

impl ModelFile {
    /// Captures a trainer's config and current parameters.
    pub fn from_trainer(t: &Trainer, data: Option<DataInfo>) -> Self {
        let net = t.network();
        let layers = net
            .layers
            .iter()
            .map(|d| LayerParams {
                inputs: d.inputs,
                outputs: d.outputs,
                weights: net.params[d.weights.clone()].to_vec(),
                biases: net.params[d.biases.clone()].to_vec(),
                prelu_alpha: net.params[d.alpha.clone()].to_vec(),
            })
            .collect();
        let conv = net
            .front
            .iter()
            .flat_map(|f| f.convs())
            .map(|c| ConvParams {
                input: c.input,
                output: c.output,
                weights: net.params[c.weights.clone()].to_vec(),
                biases: net.params[c.biases.clone()].to_vec(),
                prelu_alpha: net.params[c.alpha.clone()].to_vec(),
            })
            .collect();
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
            conv,
            layers,
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
        // Look at format and version first, so an old or foreign file gets that message rather
        // than a complaint about some field. The header pass skips everything else without
        // allocating, and the document is then read straight into typed f32 vectors (a generic
        // JSON tree of a large file would take several times its size in memory).
        #[derive(Deserialize)]
        struct Head {
            format: Option<serde_json::Value>,
            version: Option<serde_json::Value>,
        }
        let not_json = |e: serde_json::Error| {
            if e.is_eof() {
                Error::text(
                    format!("the model file is cut short (truncated JSON): {e}"),
                    format!(
                        "模型文件被截断了（JSON 不完整）：第 {} 行第 {} 列",
                        e.line(),
                        e.column()
                    ),
                )
            } else {
                Error::text(
                    format!("the model file is not valid JSON: {e}"),
                    format!(
                        "模型文件不是有效的 JSON：第 {} 行第 {} 列",
                        e.line(),
                        e.column()
                    ),
                )
            }
        };
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
                    format!(
                        "not an Activation Lab model: format is `{other}`, expected `{FORMAT}`"
                    ),
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
            Some(v) if (1..=u64::from(VERSION)).contains(&v) => {}
            Some(v) => {
                return Err(Error::text(
                    format!(
                        "model format version {v} is not supported; this build reads version 1 to {VERSION}"
                    ),
                    format!("不支持模型格式版本 {v}；这个版本只能读取 1 到 {VERSION}"),
                ))
            }
            None => {
                return Err(Error::text(
                    "the model file has no numeric `version` field",
                    "模型文件缺少数字形式的 `version` 字段",
                ))
            }
        }
        let file: ModelFile = serde_json::from_str(json).map_err(|e| {
            Error::text(
                format!("the model file is malformed: {e}"),
                format!(
                    "模型文件格式有误（第 {} 行第 {} 列）：缺少字段或字段类型不对",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        file.check()?;
        Ok(file)
    }

    /// Consistency of everything after parsing.
    fn check(&self) -> Result<()> {
        let bad = |m: String, zh: String| {
            Err(Error::text(
                format!("the model file is inconsistent: {m}"),
                format!("模型文件前后不一致：{zh}"),
            ))
        };
        self.config.validate()?;
        if self.features == 0 || self.features > MAX_FEATURES {
            return bad(
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
                return bad(
                    format!("classes must be 2 to {MAX_CLASSES}, got {classes}"),
                    format!("类别数须为 2 到 {MAX_CLASSES}，现为 {classes}"),
                );
            }
        }
        let head = self.config.loss.head_for(task)?;
        let outputs = head.outputs(task);
        self.config.check_size(self.features, outputs)?;
        let n_hidden = self.config.hidden.len();
        if self.layers.len() != n_hidden + 1 {
            return bad(
                format!(
                    "the config has {n_hidden} hidden layers, so {} dense layers are expected; the file has {}",
                    n_hidden + 1,
                    self.layers.len()
                ),
                format!(
                    "配置有 {n_hidden} 个隐藏层，应有 {} 个全连接层；文件中有 {} 个",
                    n_hidden + 1,
                    self.layers.len()
                ),
            );
        }
        let front_out = self.check_conv()?;
        let mut sizes = vec![front_out.unwrap_or(self.features)];
        sizes.extend(&self.config.hidden);
        sizes.push(outputs);
        let mut total: usize = self
            .conv
            .iter()
            .map(|c| c.weights.len() + c.biases.len())
            .sum();
        for (l, layer) in self.layers.iter().enumerate() {
            let (i, o) = (sizes[l], sizes[l + 1]);
            let n = l + 1;
            if (layer.inputs, layer.outputs) != (i, o) {
                return bad(
                    format!(
                        "layer {n} is {}×{} but the config makes it {i}×{o}",
                        layer.inputs, layer.outputs
                    ),
                    format!(
                        "第 {n} 层是 {}×{}，但按配置应为 {i}×{o}",
                        layer.inputs, layer.outputs
                    ),
                );
            }
            if layer.weights.len() != i * o {
                return bad(
                    format!(
                        "layer {n} needs {} weights, the file has {}",
                        i * o,
                        layer.weights.len()
                    ),
                    format!(
                        "第 {n} 层需要 {} 个权重，文件中有 {} 个",
                        i * o,
                        layer.weights.len()
                    ),
                );
            }
            if layer.biases.len() != o {
                return bad(
                    format!(
                        "layer {n} needs {o} biases, the file has {}",
                        layer.biases.len()
                    ),
                    format!(
                        "第 {n} 层需要 {o} 个偏置，文件中有 {} 个",
                        layer.biases.len()
                    ),
                );
            }
            let alphas = if l < n_hidden {
                let act = self.config.activation(l)?;
                super::hidden::Hidden::new(&act, self.config.prelu_per_unit).param_count(o)
            } else {
                0
            };
            if layer.prelu_alpha.len() != alphas {
                return bad(
                    format!(
                        "layer {n} needs {alphas} PReLU slope(s), the file has {}",
                        layer.prelu_alpha.len()
                    ),
                    format!(
                        "第 {n} 层需要 {alphas} 个 PReLU 斜率，文件中有 {} 个",
                        layer.prelu_alpha.len()
                    ),
                );
            }
            let values = layer
                .weights
                .iter()
                .chain(&layer.biases)
                .chain(&layer.prelu_alpha);
            if let Some(v) = values.clone().find(|v| !v.is_finite()) {
                return bad(
                    format!("layer {n} contains a non-finite value ({v})"),
                    format!("第 {n} 层含有非有限的数值（{v}）"),
                );
            }
            total += values.count();
        }
        if total > MAX_PARAMS {
            return bad(
                format!("{total} parameters; at most {MAX_PARAMS}"),
                format!("{total} 个参数；最多 {MAX_PARAMS} 个"),
            );
        }
        if let Some(norm) = self.data.as_ref().and_then(|d| d.normalisation.as_ref()) {
            if norm.mean.len() != self.features || norm.std.len() != self.features {
                return bad(
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
                return bad(
                    "the input standardisation must be finite with std ≥ 0".into(),
                    "输入标准化须为有限值，且标准差 ≥ 0".into(),
                );
            }
        }
        if let Some(g) = self.data.as_ref().and_then(|d| d.generated) {
            if !(g.noise.is_finite() && g.train_ratio.is_finite()) {
                return bad(
                    "the data's noise and train ratio must be finite".into(),
                    "数据的噪声和训练占比须为有限值".into(),
                );
            }
        }
        Ok(())
    }

    /// The conv layers against the config's layer list and the shape; returns the length of
    /// the image part's output (`None` without one).
    fn check_conv(&self) -> Result<Option<usize>> {
        let bad = |m: String, zh: String| {
            Err(Error::text(
                format!("the model file is inconsistent: {m}"),
                format!("模型文件前后不一致：{zh}"),
            ))
        };
        if !super::build::has_front(&self.config.layers) {
            if !self.conv.is_empty() {
                return bad(
                    "conv parameters without conv layers in the config".into(),
                    "有卷积参数，但配置中没有卷积层".into(),
                );
            }
            return Ok(None);
        }
        let Some(shape) = self.shape.filter(|s| s.len() == self.features) else {
            return bad(
                "conv layers need the image `shape` of the samples".into(),
                "卷积层需要样本的图像形状 `shape`".into(),
            );
        };
        let (front, _) = super::build::plan_front(&self.config, shape)?;
        let convs: Vec<_> = front.convs().collect();
        if convs.len() != self.conv.len() {
            return bad(
                format!(
                    "the config has {} conv layers, the file {}",
                    convs.len(),
                    self.conv.len()
                ),
                format!(
                    "配置有 {} 个卷积层，文件中有 {} 个",
                    convs.len(),
                    self.conv.len()
                ),
            );
        }
        for (n, (c, p)) in convs.iter().zip(&self.conv).enumerate() {
            let n = n + 1;
            if (p.input, p.output) != (c.input, c.output)
                || p.weights.len() != c.weights.len()
                || p.biases.len() != c.biases.len()
                || p.prelu_alpha.len() != c.alpha.len()
            {
                return bad(
                    format!(
                        "conv layer {n} does not match the config ({} → {})",
                        c.input, c.output
                    ),
                    format!("第 {n} 个卷积层与配置不符（{} → {}）", c.input, c.output),
                );
            }
            let mut values = p.weights.iter().chain(&p.biases).chain(&p.prelu_alpha);
            if let Some(v) = values.find(|v| !v.is_finite()) {
                return bad(
                    format!("conv layer {n} contains a non-finite value ({v})"),
                    format!("第 {n} 个卷积层含有非有限的数值（{v}）"),
                );
            }
        }
        Ok(Some(front.output().len()))
    }

    /// The parameters in the network's flat layout (weights, biases, slopes per conv layer, then
    /// per dense layer).
    pub fn flat_params(&self) -> Vec<f32> {
        let conv = self
            .conv
            .iter()
            .flat_map(|c| c.weights.iter().chain(&c.biases).chain(&c.prelu_alpha));
        let dense = self
            .layers
            .iter()
            .flat_map(|l| l.weights.iter().chain(&l.biases).chain(&l.prelu_alpha));
        conv.chain(dense).copied().collect()
    }
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
        if split.train.features != file.features
            || split.train.task != task
            || (!file.conv.is_empty() && split.train.shape != file.shape)
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
        t.load_params(&file.flat_params())?;
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
