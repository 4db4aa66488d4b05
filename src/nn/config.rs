//! What a training run is: the one configuration type shared by the CLI, the web worker and saved
//! models, with the single `validate` that enforces sane caps before anything is allocated. The
//! network is one layer list (`layers`); a plain MLP's widths (`t.h=8,8`, `"hidden": [8, 8]` in
//! older files) are shorthand for dense items, turned into them where they are read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::init::Init;
use super::layer::dropout::DropoutKind;
use super::layer::spec::{self, LayerSpec};
use super::loss::Loss;
use super::optim::Optimizer;
use super::schedule::Schedule;
use crate::activation::{truncate_for_message, Activation};
use crate::error::{Error, Result};

pub use super::limits::{
    MAX_BATCH, MAX_BATCH_UNITS, MAX_EPOCHS, MAX_LAYERS, MAX_LR, MAX_PARAMS, MAX_UNITS,
};

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
        let items = Self::split_list(text);
        if items.is_empty() {
            return Err(Error::text("no activation given", "没有给出激活函数"));
        }
        items.into_iter().map(Self::parse).collect()
    }

    /// The non-blank items of a comma-separated list; commas inside parentheses belong to the
    /// item (`leaky_relu(negative_slope=0.2)`, `f(max(x, 0.1*x))`).
    pub fn split_list(text: &str) -> Vec<&str> {
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
        items.into_iter().filter(|s| !s.trim().is_empty()).collect()
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
#[serde(try_from = "ConfigText", into = "ConfigText")]
pub struct TrainConfig {
    /// The network, input side first (conv, pool, batch norm, dropout, flatten, dense; see
    /// [`super::layer::spec`]); the output layer is implicit. Empty: a linear model.
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
    /// A plain MLP's dropout rate after each hidden layer, in [0, 1) (a list with other items
    /// carries `drop…` items instead).
    pub dropout: f32,
    pub dropout_kind: DropoutKind,
    pub seed: u64,
}

/// The configuration as text gives it: every field optional when read. The network is written
/// as `hidden` widths when it is a plain MLP (the shorthand every version has read), else as
/// `layers` with `hidden` its dense widths (as version 2 wrote it); both are read, and checked
/// against each other when both are given.
#[derive(Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct ConfigText {
    hidden: Option<Vec<usize>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    layers: Option<Vec<LayerSpec>>,
    activations: Vec<ActivationSpec>,
    prelu_per_unit: bool,
    residual: bool,
    init: Option<Init>,
    loss: Loss,
    optimizer: Optimizer,
    lr: f32,
    schedule: Schedule,
    batch_size: usize,
    epochs: usize,
    l1: f32,
    l2: f32,
    clip_value: Option<f32>,
    clip_norm: Option<f32>,
    dropout: f32,
    dropout_kind: DropoutKind,
    seed: u64,
}

impl Default for ConfigText {
    fn default() -> Self {
        let c = TrainConfig::default();
        ConfigText {
            hidden: None,
            layers: None,
            activations: c.activations,
            prelu_per_unit: c.prelu_per_unit,
            residual: c.residual,
            init: c.init,
            loss: c.loss,
            optimizer: c.optimizer,
            lr: c.lr,
            schedule: c.schedule,
            batch_size: c.batch_size,
            epochs: c.epochs,
            l1: c.l1,
            l2: c.l2,
            clip_value: c.clip_value,
            clip_norm: c.clip_norm,
            dropout: c.dropout,
            dropout_kind: c.dropout_kind,
            seed: c.seed,
        }
    }
}

impl From<TrainConfig> for ConfigText {
    fn from(c: TrainConfig) -> Self {
        let layers = (!spec::is_plain_mlp(&c.layers)).then(|| c.layers.clone());
        ConfigText {
            hidden: Some(c.dense_units()),
            layers,
            activations: c.activations,
            prelu_per_unit: c.prelu_per_unit,
            residual: c.residual,
            init: c.init,
            loss: c.loss,
            optimizer: c.optimizer,
            lr: c.lr,
            schedule: c.schedule,
            batch_size: c.batch_size,
            epochs: c.epochs,
            l1: c.l1,
            l2: c.l2,
            clip_value: c.clip_value,
            clip_norm: c.clip_norm,
            dropout: c.dropout,
            dropout_kind: c.dropout_kind,
            seed: c.seed,
        }
    }
}

impl TryFrom<ConfigText> for TrainConfig {
    type Error = String;

    fn try_from(t: ConfigText) -> std::result::Result<Self, String> {
        let layers = match (t.hidden, t.layers) {
            (None, None) => TrainConfig::default().layers,
            (Some(h), None) => spec::dense_list(&h),
            (Some(h), Some(l)) if l.is_empty() => spec::dense_list(&h),
            (Some(h), Some(l)) if spec::dense_units(&l) != h => {
                // Out-of-range widths first, as `validate` would name them.
                if let Some(u) = h.iter().find(|&&u| u == 0 || u > MAX_UNITS) {
                    return Err(format!(
                        "a hidden layer needs 1 to {MAX_UNITS} units, got {u}"
                    ));
                }
                return Err("the hidden widths do not match the layer list's dense layers".into());
            }
            (_, Some(l)) => l,
        };
        Ok(TrainConfig {
            layers,
            activations: t.activations,
            prelu_per_unit: t.prelu_per_unit,
            residual: t.residual,
            init: t.init,
            loss: t.loss,
            optimizer: t.optimizer,
            lr: t.lr,
            schedule: t.schedule,
            batch_size: t.batch_size,
            epochs: t.epochs,
            l1: t.l1,
            l2: t.l2,
            clip_value: t.clip_value,
            clip_norm: t.clip_norm,
            dropout: t.dropout,
            dropout_kind: t.dropout_kind,
            seed: t.seed,
        })
    }
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            layers: spec::dense_list(&[8, 8]),
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
            layers: spec::dense_list(&hidden),
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
        let hidden = self.dense_units();
        if hidden.len() > MAX_LAYERS {
            let n = hidden.len();
            return bad(
                format!("{n} hidden layers is too many; at most {MAX_LAYERS}"),
                format!("{n} 个隐藏层太多了；最多 {MAX_LAYERS} 个"),
            );
        }
        if let Some(&u) = hidden.iter().find(|&&u| u == 0 || u > MAX_UNITS) {
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
        let n_act = self.conv_count() + hidden.len();
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
        super::layer::list::check_order(&self.layers)?;
        if !spec::is_plain_mlp(&self.layers) && self.dropout != 0.0 {
            return bad(
                "with a layer list, put dropout in it as drop<rate> items (e.g. 128,drop0.5)"
                    .into(),
                "使用层列表时，请把 dropout 写成其中的 drop<比率> 项（如 128,drop0.5）".into(),
            );
        }
        for a in &self.activations {
            a.build_trainable()?;
        }
        self.validate_training()?;
        if self.residual && !hidden.windows(2).any(|w| w[0] == w[1]) {
            return bad(
                "residual connections need two consecutive hidden layers of the same width (e.g. 8,8,8)"
                    .into(),
                "残差连接需要两个相邻且宽度相同的隐藏层（如 8,8,8）".into(),
            );
        }
        self.schedule.validate()?;
        self.optimizer.validate()
    }

    /// The optimisation settings: learning rate, batch, epochs, penalties, clipping, dropout.
    fn validate_training(&self) -> Result<()> {
        let bad = |en: String, zh: String| Err(Error::text(en, zh));
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
        Ok(())
    }

    /// Replaces the network by a layer list.
    pub fn set_layers(&mut self, list: Vec<LayerSpec>) {
        self.layers = list;
    }

    /// The widths of the dense (hidden) layers, input side first.
    pub fn dense_units(&self) -> Vec<usize> {
        spec::dense_units(&self.layers)
    }

    /// Number of conv layers in the layer list.
    pub fn conv_count(&self) -> usize {
        spec::conv_count(&self.layers)
    }

    /// The activation of hidden dense layer `l`.
    pub fn activation(&self, l: usize) -> Result<Activation> {
        self.activation_at(self.conv_count() + l)
    }

    /// The activation of conv layer `i`.
    pub fn conv_activation(&self, i: usize) -> Result<Activation> {
        self.activation_at(i)
    }

    /// The activation of the `i`-th conv or dense item (conv items come first).
    pub fn activation_at(&self, i: usize) -> Result<Activation> {
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
        let n = self.dense_units().len();
        let mut inits = Vec::with_capacity(n + 1);
        for l in 0..n {
            let a = self.activation(l)?;
            inits.push(self.init.unwrap_or_else(|| Init::default_for(&a)));
        }
        inits.push(self.init.unwrap_or(Init::GlorotUniform));
        Ok(inits)
    }
}
