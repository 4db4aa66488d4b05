//! A training run as URL-hash pairs (`t.ds=circle&t.h=8,8&t.act=relu&t.lr=0.01…`), parsed and
//! validated here and nowhere else. The `t.` prefix keeps these pairs apart from the curves view's
//! (`PageState` skips them), so one link carries both views.

use std::sync::Arc;

use crate::activation::truncate_for_message;
use crate::data::boundary::{self, Noise, Preset};
use crate::data::images::{parse_images, ImageSource, MNIST};
use crate::data::toy::{split_seed, DEFAULT_SAMPLES_CLASSIFY, MAX_NOISE, MAX_SAMPLES, MIN_SAMPLES};
use crate::data::user::UserData;
use crate::data::Shape;
use crate::data::{shuffled_split, Split, Task, TwoD};
use crate::error::{Error, Result};
use crate::experiment::{default_activations, Contender};
use crate::formula::Formula;
use crate::nn::layer::list::{format_layers, parse_layers};
use crate::nn::layer::spec::{dense_list, is_plain_mlp, LayerSpec};
use crate::nn::{ActivationSpec, Decay, DropoutKind, Init, Loss, Optimizer, Schedule, TrainConfig};
use crate::state::format_number;

/// Prefix of every training pair in the URL hash.
pub const PREFIX: &str = "t.";
/// Most activations in one comparison.
pub const MAX_COMPARE: usize = 12;

/// Which data a run trains on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DataChoice {
    TwoD(TwoD),
    Images(ImageSource),
    /// Points labelled by y > f(x) for `TrainSetup::boundary` (`t.ds=fn&t.fn=sine`).
    Function,
    /// Points the user placed on the map; kept in the browser, not in the link.
    Custom,
    /// The user's CSV; kept in the browser, not in the link.
    Csv,
}

impl DataChoice {
    pub fn name(&self) -> &'static str {
        match self {
            DataChoice::TwoD(d) => d.name(),
            DataChoice::Images(s) => s.name,
            DataChoice::Function => "fn",
            DataChoice::Custom => "custom",
            DataChoice::Csv => "csv",
        }
    }

    /// `circle`, `xor`, …, `digits`, `mnist`, `fn`, `custom` or `csv`.
    pub fn parse(name: &str) -> Result<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "fn" | "function" => return Ok(DataChoice::Function),
            "custom" => return Ok(DataChoice::Custom),
            "csv" => return Ok(DataChoice::Csv),
            _ => {}
        }
        match ImageSource::from_name(name) {
            Ok(s) => Ok(DataChoice::Images(s)),
            Err(_) => TwoD::from_name(name).map(DataChoice::TwoD),
        }
    }

    /// Whether the data comes from the user's browser (`TrainSetup::build_user_split`).
    pub fn is_user_data(&self) -> bool {
        matches!(self, DataChoice::Custom | DataChoice::Csv)
    }

    /// The image file the page must fetch, if any.
    pub fn image_source(&self) -> Option<ImageSource> {
        match self {
            DataChoice::Images(s) => Some(*s),
            _ => None,
        }
    }
}

/// Everything the training and compare tabs need to reproduce a run.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainSetup {
    pub data: DataChoice,
    /// 2-D sets: noise on the Playground's 0..=50 scale, points and train share.
    pub noise: f64,
    pub samples: usize,
    pub train_ratio: f64,
    pub config: TrainConfig,
    /// The compare tab's line-up.
    pub compare: Vec<Contender>,
    /// Training accuracy counted as "reached" for epochs-to-target.
    pub target: f32,
    /// Stop condition: the run stops at the first evaluation whose test accuracy reaches this
    /// (`None`: train all epochs).
    pub stop_accuracy: Option<f32>,
    /// The curve of the function-boundary set (`t.fn`: a preset name or a formula).
    pub boundary: Formula,
}

impl Default for TrainSetup {
    fn default() -> Self {
        TrainSetup {
            data: DataChoice::TwoD(TwoD::Circle),
            noise: 0.0,
            samples: TwoD::Circle.default_samples(),
            train_ratio: 0.5,
            config: {
                let d = super::defaults::defaults_for(DataChoice::TwoD(TwoD::Circle), None);
                TrainConfig {
                    layers: dense_list(&d.hidden),
                    lr: d.lr,
                    batch_size: d.batch_size,
                    epochs: d.epochs,
                    ..TrainConfig::default()
                }
            },
            compare: default_activations()
                .into_iter()
                .map(Contender::from)
                .collect(),
            target: 0.9,
            stop_accuracy: None,
            boundary: Preset::Sine.formula(),
        }
    }
}

/// The words before a rejected setting's name, in English and Chinese, and those after its
/// value: `training setting `t.lr` = `abc`: <why>`.
const FRAME_EN: (&str, &str) = ("training setting `", "`: ");
const FRAME_ZH: (&str, &str) = ("训练设置 `", "`：");

/// The English and Chinese start of a rejected `t.` setting's message, before its reason
/// (`key` without the prefix).
fn setting_frame(key: &str, value: &str) -> (String, String) {
    let value = truncate_for_message(value);
    (
        format!("{}{PREFIX}{key}` = `{value}{}", FRAME_EN.0, FRAME_EN.1),
        format!("{}{PREFIX}{key}` = `{value}{}", FRAME_ZH.0, FRAME_ZH.1),
    )
}

/// The reason of a rejected `t.` setting without the [`setting_frame`] in front, in English and
/// Chinese (the form shows the setting at its field). A message without the frame is whole.
pub(crate) fn unframed_reason(e: &Error) -> (String, String) {
    let strip = |text: String, (start, end): (&str, &str)| match text
        .strip_prefix(start)
        .and_then(|rest| rest.split_once(end))
    {
        Some((_, why)) => why.to_string(),
        None => text,
    };
    (
        strip(e.message_in(false), FRAME_EN),
        strip(e.message_in(true), FRAME_ZH),
    )
}

/// A rejected `t.` setting; `why` in English and Chinese.
fn bad(key: &str, value: &str, (why, why_zh): (&str, &str)) -> Error {
    let (frame, frame_zh) = setting_frame(key, value);
    Error::text(format!("{frame}{why}"), format!("{frame_zh}{why_zh}"))
}

/// [`bad`] with the reason of a core error, in both languages.
fn bad_because(key: &str, value: &str, e: &Error) -> Error {
    bad(key, value, (&e.message_in(false), &e.message_in(true)))
}

fn number(key: &str, value: &str) -> Result<f64> {
    let v: f64 = value
        .trim()
        .parse()
        .map_err(|_| bad(key, value, ("not a number", "不是数字")))?;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(bad(key, value, ("must be a finite number", "须为有限的数")))
    }
}

fn integer(key: &str, value: &str, max: u64) -> Result<u64> {
    let v: u64 = value
        .trim()
        .parse()
        .map_err(|_| bad(key, value, ("not a whole number", "不是整数")))?;
    if v > max {
        return Err(bad(
            key,
            value,
            (&format!("at most {max}"), &format!("最多 {max}")),
        ));
    }
    Ok(v)
}

/// `0` or empty turns clipping off.
fn optional_positive(key: &str, value: &str) -> Result<Option<f32>> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    let v = number(key, value)?;
    Ok((v != 0.0).then_some(v as f32))
}

/// Shortest text that parses back to the same f32 (`0.03`, not `0.029999999329447746`).
fn format_f32(v: f32) -> String {
    v.to_string()
}

/// Smallest share of the points used for training.
pub const MIN_TRAIN_RATIO: f64 = 0.1;
/// Largest share of the points used for training (the rest are the test set).
pub const MAX_TRAIN_RATIO: f64 = 0.9;

impl TrainSetup {
    /// Reads the `t.` pairs of a URL hash (other pairs are the curves view's and are ignored).
    /// Pairs must already be percent-decoded. Missing keys keep their defaults (a named data set's
    /// network, learning rate, batch and epochs: `training::defaults`); any bad value is
    /// an error naming it, and the whole result is validated like a run would be.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self> {
        let mut s = TrainSetup::default();
        let mut seen: Vec<&str> = Vec::new();
        let mut data_given = false;
        let mut samples_given = false;
        let mut schedule = ScheduleKeys::default();
        let mut layers: Option<Vec<LayerSpec>> = None;
        for (key, value) in pairs {
            let Some(key) = key.strip_prefix(PREFIX) else {
                continue;
            };
            if seen.contains(&key) {
                let key = truncate_for_message(key);
                return Err(Error::text(
                    format!("training setting `{PREFIX}{key}` appears twice"),
                    format!("训练设置 `{PREFIX}{key}` 出现了两次"),
                ));
            }
            seen.push(key);
            let c = &mut s.config;
            match key {
                "ds" => {
                    s.data = DataChoice::parse(value)?;
                    data_given = true;
                }
                "noise" => s.noise = number(key, value)?,
                "n" => {
                    s.samples = integer(key, value, MAX_SAMPLES as u64)? as usize;
                    samples_given = true;
                }
                "ratio" => s.train_ratio = number(key, value)?,
                "h" => {
                    let widths: Vec<usize> = if value.trim().is_empty() || value == "none" {
                        Vec::new()
                    } else {
                        value
                            .split(',')
                            .map(|u| integer(key, u, 1 << 20).map(|u| u as usize))
                            .collect::<Result<_>>()?
                    };
                    c.layers = dense_list(&widths);
                }
                "layers" => {
                    layers = Some(parse_layers(value).map_err(|e| bad_because(key, value, &e))?)
                }
                "act" => c.activations = ActivationSpec::parse_list(value)?,
                "prelu_unit" => c.prelu_per_unit = integer(key, value, 1)? == 1,
                "res" => c.residual = integer(key, value, 1)? == 1,
                "init" => {
                    c.init = match value {
                        "" | "auto" => None,
                        v => Some(Init::parse(v)?),
                    }
                }
                "loss" => c.loss = Loss::parse(value)?,
                "opt" => c.optimizer = Optimizer::parse(value)?,
                "lr" => c.lr = number(key, value)? as f32,
                "bs" => c.batch_size = integer(key, value, 1 << 20)? as usize,
                "ep" => c.epochs = integer(key, value, 1 << 30)? as usize,
                "l1" => c.l1 = number(key, value)? as f32,
                "l2" => c.l2 = number(key, value)? as f32,
                "cv" => c.clip_value = optional_positive(key, value)?,
                "cn" => c.clip_norm = optional_positive(key, value)?,
                "do" => c.dropout = number(key, value)? as f32,
                "dk" => {
                    c.dropout_kind = match value {
                        "standard" => DropoutKind::Standard,
                        "alpha" => DropoutKind::Alpha,
                        _ => {
                            return Err(bad(
                                key,
                                value,
                                (
                                    "expected `standard` or `alpha`",
                                    "应为 `standard` 或 `alpha`",
                                ),
                            ))
                        }
                    }
                }
                "seed" => c.seed = integer(key, value, u64::MAX)?,
                "cmp" => s.compare = Contender::parse_list(value)?,
                "target" => s.target = number(key, value)? as f32,
                "stop" => s.stop_accuracy = optional_positive(key, value)?,
                "sched" => schedule.decay = Some(Schedule::decay_from_name(value)?),
                "warm" => c.schedule.warmup_steps = integer(key, value, u64::MAX)?,
                "every" => schedule.every = Some(integer(key, value, 1 << 30)? as usize),
                "gamma" => schedule.gamma = Some(number(key, value)? as f32),
                "floor" => schedule.floor = Some(number(key, value)? as f32),
                "fn" => {
                    s.boundary = match Preset::from_name(value) {
                        Ok(p) => p.formula(),
                        Err(_) => Formula::parse(value).map_err(|e| bad_because(key, value, &e))?,
                    }
                }
                other => {
                    let other = truncate_for_message(other);
                    return Err(Error::text(
                        format!("unknown training setting `{PREFIX}{other}`"),
                        format!("未知的训练设置 `{PREFIX}{other}`"),
                    ));
                }
            }
        }
        schedule.apply(&mut s.config.schedule)?;
        if data_given {
            super::defaults::fill_unset(&mut s, &seen);
        }
        // `t.layers` wins over `t.h` (old links carry only `t.h` and read as before).
        if let Some(list) = layers {
            set_network(&mut s.config, list);
        }
        if data_given && !samples_given {
            match s.data {
                DataChoice::TwoD(d) => s.samples = d.default_samples(),
                DataChoice::Function => s.samples = DEFAULT_SAMPLES_CLASSIFY,
                _ => {}
            }
        }
        s.validate()?;
        Ok(s)
    }

    /// Checks the data settings, the line-up and the config (the core's `validate`).
    pub fn validate(&self) -> Result<()> {
        if !(0.0..=MAX_NOISE).contains(&self.noise) {
            let got = format_number(self.noise);
            return Err(Error::text(
                format!("noise must lie in [0, {MAX_NOISE}], got {got}"),
                format!("噪声须在 [0, {MAX_NOISE}] 之内，现为 {got}"),
            ));
        }
        if !(MIN_SAMPLES..=MAX_SAMPLES).contains(&self.samples) {
            let got = self.samples;
            return Err(Error::text(
                format!("points must be {MIN_SAMPLES} to {MAX_SAMPLES}, got {got}"),
                format!("点数须为 {MIN_SAMPLES} 到 {MAX_SAMPLES}，现为 {got}"),
            ));
        }
        if !(MIN_TRAIN_RATIO..=MAX_TRAIN_RATIO).contains(&self.train_ratio) {
            let got = format_number(self.train_ratio);
            return Err(Error::text(
                format!(
                    "train share must lie in [{MIN_TRAIN_RATIO}, {MAX_TRAIN_RATIO}], got {got}"
                ),
                format!("训练占比须在 [{MIN_TRAIN_RATIO}, {MAX_TRAIN_RATIO}] 之内，现为 {got}"),
            ));
        }
        if !(self.target.is_finite() && self.target > 0.0 && self.target <= 1.0) {
            let got = format_f32(self.target);
            return Err(Error::text(
                format!("target accuracy must lie in (0, 1], got {got}"),
                format!("目标准确率须在 (0, 1] 之内，现为 {got}"),
            ));
        }
        if let Some(stop) = self.stop_accuracy {
            if !(stop.is_finite() && stop > 0.0 && stop <= 1.0) {
                let got = format_f32(stop);
                return Err(Error::text(
                    format!("the stop accuracy must lie in (0, 1], got {got}"),
                    format!("停止准确率须在 (0, 1] 之内，现为 {got}"),
                ));
            }
            if self.shape().1 == Task::Regression {
                return Err(Error::text(
                    "a stop accuracy needs a classification data set; regression has no accuracy",
                    "停止准确率需要分类数据集；回归没有准确率",
                ));
            }
        }
        if self.compare.is_empty() || self.compare.len() > MAX_COMPARE {
            let got = self.compare.len();
            return Err(Error::text(
                format!("compare 1 to {MAX_COMPARE} activations, got {got}"),
                format!("请比较 1 到 {MAX_COMPARE} 个激活函数，现为 {got} 个"),
            ));
        }
        self.config.validate()?;
        let (inputs, task) = self.shape();
        let head = self.config.loss.head_for(task)?;
        let shape = self
            .image_shape()
            .map(|(rows, cols)| Shape::new(rows, cols, 1));
        crate::nn::build::check(&self.config, shape, inputs, head.outputs(task)).map(|_| ())
    }

    /// Input features and task of the chosen data. For the user's data (custom points, CSV) the
    /// link cannot know them: the 2-class guess checks the rest of the setup, and the run is
    /// checked again against the real data when its trainer is built.
    pub fn shape(&self) -> (usize, Task) {
        match self.data {
            DataChoice::Function | DataChoice::Custom | DataChoice::Csv => {
                (2, Task::Classification { classes: 2 })
            }
            DataChoice::TwoD(d) if d.is_classification() => (
                2,
                Task::Classification {
                    classes: d.classes(),
                },
            ),
            DataChoice::TwoD(_) => (2, Task::Regression),
            DataChoice::Images(_) => {
                let (rows, cols) = self.image_shape().unwrap_or((0, 0));
                (rows * cols, Task::Classification { classes: 10 })
            }
        }
    }

    /// The declared image shape (rows, columns) of an image set; `None` for every other data
    /// (a CSV of 64 features is not an image).
    pub fn image_shape(&self) -> Option<(usize, usize)> {
        match self.data {
            DataChoice::Images(s) if s.name == MNIST.name => Some((28, 28)),
            DataChoice::Images(_) => Some((8, 8)),
            _ => None,
        }
    }

    /// The `t.` pairs, joined with `&`, values percent-encoded where needed. Defaults are left
    /// out so links stay short; `from_pairs` of the result gives back `self`.
    pub fn to_hash(&self) -> String {
        let d = TrainSetup::default();
        let (c, dc) = (&self.config, &d.config);
        let mut parts: Vec<(&str, String)> = vec![("ds", self.data.name().to_string())];
        let default_samples = match self.data {
            DataChoice::TwoD(t) => Some(t.default_samples()),
            DataChoice::Function => Some(DEFAULT_SAMPLES_CLASSIFY),
            _ => None,
        };
        if let Some(default_samples) = default_samples {
            if self.noise != d.noise {
                parts.push(("noise", format_number(self.noise)));
            }
            if self.samples != default_samples {
                parts.push(("n", self.samples.to_string()));
            }
        }
        if (default_samples.is_some() || self.data == DataChoice::Csv)
            && self.train_ratio != d.train_ratio
        {
            parts.push(("ratio", format_number(self.train_ratio)));
        }
        if self.data == DataChoice::Function {
            let text = self.boundary.source();
            let preset = Preset::ALL
                .into_iter()
                .find(|p| p.formula().source() == text);
            parts.push((
                "fn",
                preset.map_or_else(|| text.to_string(), |p| p.name().to_string()),
            ));
        }
        let hidden: Vec<String> = c.dense_units().iter().map(|u| u.to_string()).collect();
        if !is_plain_mlp(&c.layers) {
            parts.push(("layers", format_layers(&c.layers)));
        } else {
            parts.push((
                "h",
                if hidden.is_empty() {
                    "none".into()
                } else {
                    hidden.join(",")
                },
            ));
        }
        let list = |l: &[ActivationSpec]| {
            l.iter()
                .map(ActivationSpec::label)
                .collect::<Vec<_>>()
                .join(",")
        };
        parts.push(("act", list(&c.activations)));
        if c.prelu_per_unit {
            parts.push(("prelu_unit", "1".into()));
        }
        if c.residual {
            parts.push(("res", "1".into()));
        }
        if let Some(i) = c.init {
            parts.push(("init", i.name().into()));
        }
        if c.loss != dc.loss {
            parts.push(("loss", c.loss.name().into()));
        }
        parts.push(("opt", c.optimizer.name().into()));
        parts.push(("lr", format_f32(c.lr)));
        schedule_pairs(&c.schedule, &mut parts);
        parts.push(("bs", c.batch_size.to_string()));
        parts.push(("ep", c.epochs.to_string()));
        for (k, v, dv) in [
            ("l1", c.l1, dc.l1),
            ("l2", c.l2, dc.l2),
            ("do", c.dropout, 0.0),
        ] {
            if v != dv {
                parts.push((k, format_f32(v)));
            }
        }
        if let Some(v) = c.clip_value {
            parts.push(("cv", format_f32(v)));
        }
        if let Some(v) = c.clip_norm {
            parts.push(("cn", format_f32(v)));
        }
        if c.dropout_kind == DropoutKind::Alpha {
            parts.push(("dk", "alpha".into()));
        }
        parts.push(("seed", c.seed.to_string()));
        if self.compare != d.compare {
            parts.push(("cmp", lineup_text(&self.compare)));
        }
        if self.target != d.target {
            parts.push(("target", format_f32(self.target)));
        }
        if let Some(stop) = self.stop_accuracy {
            parts.push(("stop", format_f32(stop)));
        }
        parts
            .into_iter()
            .map(|(k, v)| format!("{PREFIX}{k}={}", encode(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The train/test split: generated for 2-D sets, parsed from `image_bytes` (the shipped file,
    /// already inflated) for images.
    pub fn build_split(&self, image_bytes: Option<&[u8]>) -> Result<Arc<Split>> {
        let split = match self.data {
            DataChoice::TwoD(d) => {
                d.generate_split(self.samples, self.noise, self.train_ratio, self.config.seed)?
            }
            DataChoice::Images(src) => {
                let bytes = image_bytes.ok_or_else(|| {
                    Error::text(
                        format!("the {} images are not loaded", src.name),
                        format!("{} 图像尚未载入", src.name),
                    )
                })?;
                let set = parse_images(bytes)?;
                src.default_split(&set)?
            }
            DataChoice::Function => {
                let noise = Noise::Jitter(self.noise);
                let data =
                    boundary::generate(&self.boundary, self.samples, noise, self.config.seed)?;
                shuffled_split(&data, self.train_ratio, split_seed(self.config.seed))?
            }
            DataChoice::Custom | DataChoice::Csv => {
                return Err(Error::text(
                    format!(
                    "the {} data is kept in this browser, not in the link; add points or load a \
                         CSV file first",
                    self.data.name()
                ),
                    format!(
                        "{} 数据保存在这个浏览器里，不在链接中；请先添加点或载入 CSV 文件",
                        self.data.name()
                    ),
                ))
            }
        };
        Ok(Arc::new(split))
    }

    /// The train/test split of the user's data (`Custom`: edited points, all training; `Csv`:
    /// split by the train share, seeded like the 2-D sets). The data's kind must match `data`.
    pub fn build_user_split(&self, user: &UserData) -> Result<Arc<Split>> {
        match (self.data, user) {
            (DataChoice::Custom, UserData::Points(_)) | (DataChoice::Csv, UserData::Csv(_)) => Ok(
                Arc::new(user.split(self.train_ratio, split_seed(self.config.seed))?),
            ),
            (DataChoice::Custom | DataChoice::Csv, _) => Err(Error::text(
                format!(
                    "the link asks for `{}` data, but the browser holds the other kind",
                    self.data.name()
                ),
                format!(
                    "链接要求 `{}` 数据，但浏览器里保存的是另一种",
                    self.data.name()
                ),
            )),
            _ => self.build_split(None),
        }
    }
}

/// A compare line-up as `t.cmp` writes it (`sigmoid,relu+bn`).
pub fn lineup_text(l: &[Contender]) -> String {
    l.iter().map(Contender::label).collect::<Vec<_>>().join(",")
}

/// Sets the network of `config` to `list` (`t.layers` and `t.h` both end here).
pub fn set_network(config: &mut TrainConfig, list: Vec<LayerSpec>) {
    config.set_layers(list);
}

/// The schedule pairs as given (`t.sched`, `t.warm`, `t.every`, `t.gamma`, `t.floor`); applied
/// after all pairs are read, so their order does not matter.
#[derive(Default)]
struct ScheduleKeys {
    decay: Option<Decay>,
    every: Option<usize>,
    gamma: Option<f32>,
    floor: Option<f32>,
}

impl ScheduleKeys {
    /// Sets the decay and its parameters; a parameter of another decay is an error (a link with
    /// `t.gamma` but no step decay would silently do nothing otherwise).
    fn apply(self, schedule: &mut Schedule) -> Result<()> {
        if let Some(d) = self.decay {
            schedule.decay = d;
        }
        let wrong = |key: &str, needs: &str| {
            Err(Error::text(
                format!("training setting `{PREFIX}{key}` only applies to `{PREFIX}sched={needs}`"),
                format!("训练设置 `{PREFIX}{key}` 只适用于 `{PREFIX}sched={needs}`"),
            ))
        };
        match &mut schedule.decay {
            Decay::Step {
                every_epochs,
                gamma,
            } => {
                *every_epochs = self.every.unwrap_or(*every_epochs);
                *gamma = self.gamma.unwrap_or(*gamma);
            }
            Decay::Cosine { floor } => *floor = self.floor.unwrap_or(*floor),
            Decay::Constant => {}
        }
        let step = matches!(schedule.decay, Decay::Step { .. });
        let cosine = matches!(schedule.decay, Decay::Cosine { .. });
        if !step && self.every.is_some() {
            return wrong("every", "step");
        }
        if !step && self.gamma.is_some() {
            return wrong("gamma", "step");
        }
        if !cosine && self.floor.is_some() {
            return wrong("floor", "cosine");
        }
        Ok(())
    }
}

/// The schedule's pairs; a constant rate without warm-up adds none.
fn schedule_pairs(s: &Schedule, parts: &mut Vec<(&str, String)>) {
    match s.decay {
        Decay::Constant => {}
        Decay::Step {
            every_epochs,
            gamma,
        } => {
            parts.push(("sched", "step".into()));
            parts.push(("every", every_epochs.to_string()));
            parts.push(("gamma", format_f32(gamma)));
        }
        Decay::Cosine { floor } => {
            parts.push(("sched", "cosine".into()));
            if floor != 0.0 {
                parts.push(("floor", format_f32(floor)));
            }
        }
    }
    if s.warmup_steps > 0 {
        parts.push(("warm", s.warmup_steps.to_string()));
    }
}

/// Percent-encodes what would break a hash pair (`&`, `=`, `%`, `#`, spaces, non-ASCII).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b','
            | b'('
            | b')'
            | b';'
            | b':' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl TrainSetup {
    /// Parses the training pairs of a whole URL hash (with or without `#`); an empty hash or one
    /// with only curves pairs gives the defaults.
    pub fn parse_hash(hash: &str) -> Result<Self> {
        if hash.len() > crate::state::MAX_HASH_LEN {
            return Err(Error::text("link settings are too long", "链接设置太长"));
        }
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let mut pairs = Vec::new();
        for part in hash.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let k = crate::state::percent_decode(k)?;
            if k.starts_with(PREFIX) {
                pairs.push((k, crate::state::percent_decode(v)?));
            }
        }
        Self::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}
