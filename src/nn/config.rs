//! What a training run is: the one configuration type shared by the CLI, the web worker and saved
//! models, with the single `validate` that enforces sane caps before anything is allocated.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::init::Init;
use super::layers::{self, LayerSpec};
use super::loss::Loss;
use super::net::DropoutKind;
use super::optim::Optimizer;
use super::schedule::Schedule;
use crate::activation::{truncate_for_message, Activation};
use crate::error::{Error, Result};

/// Most hidden layers a network may have (the normalisation probe goes to 32+).
pub const MAX_LAYERS: usize = 64;
/// Most units in one hidden layer.
pub const MAX_UNITS: usize = 1024;
/// Most parameters in a network (keeps the browser's memory and step time bounded).
pub const MAX_PARAMS: usize = 4_000_000;
/// Largest mini-batch.
pub const MAX_BATCH: usize = 4096;
/// Most epochs in one run.
pub const MAX_EPOCHS: usize = 10_000;
/// Most batch rows × (hidden + output units). The training workspace holds up to four f32 buffers
/// of this many values (pre-activations, outputs, RReLU slopes, dropout masks), so this bounds them
/// to 64 MiB; with `MAX_PARAMS` it keeps the largest accepted run within ~300 MB (docs/hosting.md).
pub const MAX_BATCH_UNITS: usize = 1 << 22;
/// Largest learning rate (large enough to demonstrate divergence).
pub const MAX_LR: f32 = 1000.0;

/// A catalog activation by name with parameter overrides, in a serialisable form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivationSpec {
    pub name: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, f64>,
}

impl ActivationSpec {
    pub fn named(name: &str) -> Self {
        ActivationSpec {
            name: name.to_string(),
            params: BTreeMap::new(),
        }
    }

    /// Validates through the catalog.
    pub fn build(&self) -> Result<Activation> {
        let overrides: Vec<(&str, f64)> =
            self.params.iter().map(|(k, &v)| (k.as_str(), v)).collect();
        Activation::new(&self.name, &overrides)
    }

    /// Validates through the catalog and refuses functions gradient descent cannot train
    /// (step), with the catalog's explanation.
    pub fn build_trainable(&self) -> Result<Activation> {
        let a = self.build()?;
        a.trainable()
            .map_err(|(why, why_zh)| Error::text(why, why_zh))?;
        Ok(a)
    }

    /// Parses `relu`, `leaky_relu(0.2)` (positional, catalog order),
    /// `elu(alpha=0.5)` / `hardtanh(min_val=-2;max_val=2)`, or a custom formula `f(<formula>)`
    /// such as `f(max(0.1*x, x))` (stored in its canonical key form, `f(max(0.1*x,x))`).
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        if crate::activation::formula_of_spec(text).is_some() {
            let a = Activation::new(text, &[])?;
            return Ok(ActivationSpec::named(&a.key()));
        }
        let (name, args) = match text.find('(') {
            Some(open) => {
                let inner = text[open + 1..].strip_suffix(')').ok_or_else(|| {
                    let text = truncate_for_message(text);
                    Error::text(
                        format!("`{text}`: missing closing parenthesis"),
                        format!("`{text}`：缺少右括号"),
                    )
                })?;
                (&text[..open], inner)
            }
            None => (text, ""),
        };
        let spec = Activation::spec(name)?;
        let mut params = BTreeMap::new();
        for (i, arg) in args
            .split([';', ' '])
            .filter(|a| !a.trim().is_empty())
            .enumerate()
        {
            let (key, value) = match arg.split_once('=') {
                Some((k, v)) => (k.trim().to_string(), v),
                None => {
                    let p = spec.params.get(i).ok_or_else(|| {
                        Error::text(
                            format!("`{}` takes {} parameter(s)", spec.name, spec.params.len()),
                            format!("`{}` 只接受 {} 个参数", spec.name, spec.params.len()),
                        )
                    })?;
                    (p.name.to_string(), arg)
                }
            };
            let v: f64 = value.trim().parse().map_err(|_| {
                let value = truncate_for_message(value.trim());
                Error::text(
                    format!("`{}`: `{value}` is not a number", spec.name),
                    format!("`{}`：`{value}` 不是数字", spec.name),
                )
            })?;
            params.insert(key, v);
        }
        let parsed = ActivationSpec {
            name: spec.name.to_string(),
            params,
        };
        parsed.build()?;
        Ok(parsed)
    }

    /// Parses a comma-separated list; commas inside parentheses belong to the item.
    pub fn parse_list(text: &str) -> Result<Vec<Self>> {
        let mut items = Vec::new();
        let (mut depth, mut start) = (0i32, 0);
        for (i, c) in text.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(&text[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        items.push(&text[start..]);
        let items: Vec<&str> = items.into_iter().filter(|s| !s.trim().is_empty()).collect();
        if items.is_empty() {
            return Err(Error::text("no activation given", "没有给出激活函数"));
        }
        items.into_iter().map(Self::parse).collect()
    }

    /// A short label: `relu`, `leaky_relu(negative_slope=0.2)`.
    pub fn label(&self) -> String {
        if self.params.is_empty() {
            self.name.clone()
        } else {
            let args: Vec<String> = self
                .params
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            format!("{}({})", self.name, args.join(";"))
        }
    }
}

impl From<&Activation> for ActivationSpec {
    fn from(a: &Activation) -> Self {
        ActivationSpec {
            name: a.key(),
            params: a
                .params()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        }
    }
}

/// Everything that defines a training run (together with the data split).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrainConfig {
    /// Units per hidden layer, input side first (may be empty: a linear model). With `layers`,
    /// the units of its dense items.
    pub hidden: Vec<usize>,
    /// The full layer list (conv, pool, dropout, flatten, dense; see [`super::layers`]) when the
    /// network is more than dense layers; empty for a plain MLP described by `hidden`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<LayerSpec>,
    /// One activation for every conv and hidden dense layer, or one per such layer (conv layers
    /// first).
    pub activations: Vec<ActivationSpec>,
    /// PReLU: one learned slope per unit instead of one per layer.
    pub prelu_per_unit: bool,
    /// Identity skip connections between consecutive equal-width hidden layers (ResNet-style).
    pub residual: bool,
    /// Overrides the per-activation default init for every layer.
    pub init: Option<Init>,
    pub loss: Loss,
    pub optimizer: Optimizer,
    pub lr: f32,
    /// How the learning rate changes over the run (default: constant).
    pub schedule: Schedule,
    pub batch_size: usize,
    pub epochs: usize,
    /// L1 penalty λ·Σ|w| on weights.
    pub l1: f32,
    /// L2 penalty λ/2·Σw² on weights (torch weight decay).
    pub l2: f32,
    /// Keras `clipvalue`: clamp each gradient element.
    pub clip_value: Option<f32>,
    /// Keras `clipnorm`: rescale the whole gradient to this global L2 norm.
    pub clip_norm: Option<f32>,
    /// Dropout rate after each hidden layer, in [0, 1).
    pub dropout: f32,
    pub dropout_kind: DropoutKind,
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            hidden: vec![8, 8],
            layers: Vec::new(),
            activations: vec![ActivationSpec::named("relu")],
            prelu_per_unit: false,
            residual: false,
            init: None,
            loss: Loss::Auto,
            optimizer: Optimizer::adam(),
            lr: 0.01,
            schedule: Schedule::default(),
            batch_size: 32,
            epochs: 30,
            l1: 0.0,
            l2: 0.0,
            clip_value: None,
            clip_norm: None,
            dropout: 0.0,
            dropout_kind: DropoutKind::Standard,
            seed: 1,
        }
    }
}

impl TrainConfig {
    /// The fixed setup both training benchmarks time (criterion and the browser bench): ReLU,
    /// Adam at lr 0.001, `hidden` units, batch `batch_size`, enough epochs never to finish.
    pub fn benchmark(hidden: Vec<usize>, batch_size: usize) -> Self {
        TrainConfig {
            hidden,
            activations: vec![ActivationSpec::named("relu")],
            batch_size,
            epochs: 10_000,
            lr: 0.001,
            ..TrainConfig::default()
        }
    }

    /// Checks every field and the network's size; the message says what to change.
    pub fn validate(&self) -> Result<()> {
        let bad = |en: String, zh: String| Err(Error::text(en, zh));
        if self.hidden.len() > MAX_LAYERS {
            let n = self.hidden.len();
            return bad(
                format!("{n} hidden layers is too many; at most {MAX_LAYERS}"),
                format!("{n} 个隐藏层太多了；最多 {MAX_LAYERS} 个"),
            );
        }
        if let Some(&u) = self.hidden.iter().find(|&&u| u == 0 || u > MAX_UNITS) {
            return bad(
                format!("a hidden layer needs 1 to {MAX_UNITS} units, got {u}"),
                format!("隐藏层须有 1 到 {MAX_UNITS} 个单元，现为 {u}"),
            );
        }
        if self.activations.is_empty() {
            return bad(
                "give at least one activation".into(),
                "请至少给出一个激活函数".into(),
            );
        }
        let n_act = self.conv_count() + self.hidden.len();
        if self.activations.len() != 1 && self.activations.len() != n_act {
            let got = self.activations.len();
            return bad(
                format!(
                    "give one activation for all layers or one per hidden layer ({n_act}, conv layers included), got {got}"
                ),
                format!(
                    "请给所有层一个激活函数，或每个隐藏层一个（共 {n_act} 个，含卷积层），现为 {got} 个"
                ),
            );
        }
        if !self.layers.is_empty() {
            layers::check_order(&self.layers)?;
            if layers::dense_units(&self.layers) != self.hidden {
                return bad(
                    "the hidden widths do not match the layer list's dense layers".into(),
                    "隐藏层宽度与层列表中的全连接层不一致".into(),
                );
            }
            if self.dropout != 0.0 {
                return bad(
                    "with a layer list, put dropout in it as drop<rate> items (e.g. 128,drop0.5)"
                        .into(),
                    "使用层列表时，请把 dropout 写成其中的 drop<比率> 项（如 128,drop0.5）".into(),
                );
            }
        }
        for a in &self.activations {
            a.build_trainable()?;
        }
        if !(self.lr.is_finite() && self.lr > 0.0 && self.lr <= MAX_LR) {
            return bad(
                format!(
                    "learning rate must be a number in (0, {MAX_LR}], got {}",
                    self.lr
                ),
                format!("学习率须为 (0, {MAX_LR}] 之内的数，现为 {}", self.lr),
            );
        }
        if self.batch_size == 0 || self.batch_size > MAX_BATCH {
            return bad(
                format!(
                    "batch size must be 1 to {MAX_BATCH}, got {}",
                    self.batch_size
                ),
                format!("批大小须为 1 到 {MAX_BATCH}，现为 {}", self.batch_size),
            );
        }
        if self.epochs == 0 || self.epochs > MAX_EPOCHS {
            return bad(
                format!("epochs must be 1 to {MAX_EPOCHS}, got {}", self.epochs),
                format!("轮数须为 1 到 {MAX_EPOCHS}，现为 {}", self.epochs),
            );
        }
        for (what, v) in [("l1", self.l1), ("l2", self.l2)] {
            if !(v.is_finite() && (0.0..=10.0).contains(&v)) {
                return bad(
                    format!("{what} must lie in [0, 10], got {v}"),
                    format!("{what} 须在 [0, 10] 之内，现为 {v}"),
                );
            }
        }
        for (what, what_zh, v) in [
            ("clip value", "裁剪值", self.clip_value),
            ("clip norm", "裁剪范数", self.clip_norm),
        ] {
            if let Some(c) = v {
                if !(c.is_finite() && c > 0.0) {
                    return bad(
                        format!("{what} must be a positive number, got {c}"),
                        format!("{what_zh}须为正数，现为 {c}"),
                    );
                }
            }
        }
        if !(self.dropout.is_finite() && (0.0..1.0).contains(&self.dropout)) {
            return bad(
                format!("dropout must lie in [0, 1), got {}", self.dropout),
                format!("dropout 须在 [0, 1) 之内，现为 {}", self.dropout),
            );
        }
        if self.residual && !self.hidden.windows(2).any(|w| w[0] == w[1]) {
            return bad(
                "residual connections need two consecutive hidden layers of the same width (e.g. 8,8,8)"
                    .into(),
                "残差连接需要两个相邻且宽度相同的隐藏层（如 8,8,8）".into(),
            );
        }
        self.schedule.validate()?;
        self.optimizer.validate()
    }

    /// Replaces the architecture by a layer list (sets `hidden` to its dense widths).
    pub fn set_layers(&mut self, list: Vec<LayerSpec>) {
        self.hidden = layers::dense_units(&list);
        self.layers = list;
    }

    /// Number of conv layers in the layer list.
    pub fn conv_count(&self) -> usize {
        layers::conv_count(&self.layers)
    }

    /// The activation of hidden dense layer `l`.
    pub fn activation(&self, l: usize) -> Result<Activation> {
        self.activation_at(self.conv_count() + l)
    }

    /// The activation of conv layer `i`.
    pub fn conv_activation(&self, i: usize) -> Result<Activation> {
        self.activation_at(i)
    }

    fn activation_at(&self, i: usize) -> Result<Activation> {
        let spec = if self.activations.len() == 1 {
            &self.activations[0]
        } else {
            self.activations
                .get(i)
                .ok_or_else(|| Error::Invalid("too few activations for the layers".into()))?
        };
        spec.build()
    }

    /// The init of every conv layer: the override, or each activation's usual init.
    pub fn conv_inits(&self) -> Result<Vec<Init>> {
        (0..self.conv_count())
            .map(|i| {
                let a = self.conv_activation(i)?;
                Ok(self.init.unwrap_or_else(|| Init::default_for(&a)))
            })
            .collect()
    }

    /// The init of every dense layer, hidden layers first then the output layer: the override,
    /// or each activation's usual init (Glorot uniform for the output layer).
    pub fn layer_inits(&self) -> Result<Vec<Init>> {
        let mut inits = Vec::with_capacity(self.hidden.len() + 1);
        for l in 0..self.hidden.len() {
            let a = self.activation(l)?;
            inits.push(self.init.unwrap_or_else(|| Init::default_for(&a)));
        }
        inits.push(self.init.unwrap_or(Init::GlorotUniform));
        Ok(inits)
    }

    /// Number of parameters for `inputs` features and `outputs` head units, or an error over the cap.
    /// A layer list with conv or pool layers is checked when the network is built
    /// ([`super::build::network`], which knows the image shape); this returns 0 for it.
    pub fn check_size(&self, inputs: usize, outputs: usize) -> Result<usize> {
        if super::build::has_front(&self.layers) {
            return Ok(0);
        }
        let mut sizes = vec![inputs];
        sizes.extend(&self.hidden);
        sizes.push(outputs);
        let n: usize = sizes.windows(2).map(|w| w[0] * w[1] + w[1] * 2).sum();
        if n > MAX_PARAMS {
            return Err(Error::text(
                format!(
                    "the network would have {n} parameters; at most {MAX_PARAMS}: use fewer or smaller layers"
                ),
                format!("网络将有 {n} 个参数，最多 {MAX_PARAMS} 个：请减少层数或缩小各层"),
            ));
        }
        let units = self.hidden.iter().sum::<usize>() + outputs;
        if self.batch_size.saturating_mul(units) > MAX_BATCH_UNITS {
            return Err(Error::text(
                format!(
                    "batch size {} × {units} units would need too much memory (at most {MAX_BATCH_UNITS} \
                     values): use a smaller batch or fewer units",
                    self.batch_size
                ),
                format!(
                    "批大小 {} × {units} 个单元需要太多内存（最多 {MAX_BATCH_UNITS} 个数值）：请减小批大小或单元数",
                    self.batch_size
                ),
            ));
        }
        Ok(n)
    }
}
