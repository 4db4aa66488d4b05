//! Where a run starts for each data set: the network, learning rate, batch and epoch count that
//! reach a good result with the default activation (relu), in one table. The page asks for these
//! when the data set changes (unless the user changed the fields), the compare runs the same
//! config, and tests/native/training_defaults.rs trains with every row and checks the result:
//! 8×8 digits ≥ 97 % and the MNIST subset ≥ 95 % test accuracy.

use serde::Serialize;

use super::setup::{DataChoice, TrainSetup};
use crate::data::images::MNIST;
use crate::data::{Task, TwoD};
use crate::nn::Optimizer;

/// The fields a data set's defaults set (everything else stays the user's).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataDefaults {
    /// Units per hidden layer, input side first.
    pub hidden: Vec<usize>,
    /// Adam's learning rate (every default trains with Adam).
    pub lr: f32,
    pub batch_size: usize,
    pub epochs: usize,
    /// Why these values, in English and Chinese (what they reach, measured by the tests).
    pub why_en: &'static str,
    pub why_zh: &'static str,
}

/// What the core knows about the user's CSV when choosing its defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UserShape {
    pub rows: usize,
    pub features: usize,
    pub task: Task,
}

fn row(hidden: &[usize], lr: f32, batch_size: usize, epochs: usize) -> DataDefaults {
    DataDefaults {
        hidden: hidden.to_vec(),
        lr,
        batch_size,
        epochs,
        why_en: "",
        why_zh: "",
    }
}

impl DataDefaults {
    fn because(mut self, en: &'static str, zh: &'static str) -> Self {
        self.why_en = en;
        self.why_zh = zh;
        self
    }
}

/// The defaults of a built-in 2-D set.
fn two_d(d: TwoD) -> DataDefaults {
    match d {
        TwoD::Spiral | TwoD::SpiralThree => row(&[16, 16, 16], 0.01, 16, 300).because(
            "spirals need a deeper, wider network and more epochs (≥ 95 % test accuracy)",
            "螺旋需要更深更宽的网络和更多轮次（测试准确率 ≥ 95 %）",
        ),
        TwoD::Plane | TwoD::MultiGaussian => row(&[8, 8], 0.01, 16, 200).because(
            "regression: a smaller learning rate settles the fit",
            "回归：较小的学习率让拟合稳定",
        ),
        _ => row(&[8, 8], 0.03, 32, 200).because(
            "the Playground's small network separates this set (≥ 95 % test accuracy)",
            "Playground 的小网络即可分开这组数据（测试准确率 ≥ 95 %）",
        ),
    }
}

/// The defaults of a user CSV: one hidden layer sized by its features, batch and epochs by its
/// rows (about 4,000 steps, at least 20 and at most 300 epochs).
fn csv(shape: UserShape) -> DataDefaults {
    let f = shape.features.max(1);
    let hidden = if f <= 2 {
        vec![8, 8]
    } else {
        vec![(4 * f).clamp(16, 128)]
    };
    let batch_size = if shape.rows >= 4000 { 64 } else { 32 };
    let steps_per_epoch = (shape.rows / 2).div_ceil(batch_size).max(1);
    let epochs = (4000 / steps_per_epoch).clamp(20, 300);
    let lr = match (shape.task, f <= 2) {
        (Task::Regression, _) => 0.003,
        (Task::Classification { .. }, true) => 0.03,
        (Task::Classification { .. }, false) => 0.003,
    };
    row(&hidden, lr, batch_size, epochs).because(
        "sized for your data: units from its features, epochs from its rows",
        "按你的数据调整：单元数取决于特征数，轮数取决于行数",
    )
}

/// The defaults for `data` (`user`: the loaded CSV's shape, when the data is a CSV).
pub fn defaults_for(data: DataChoice, user: Option<UserShape>) -> DataDefaults {
    match data {
        DataChoice::TwoD(d) => two_d(d),
        DataChoice::Images(s) if s.name == MNIST.name => row(&[128], 0.002, 32, 10).because(
            "784 inputs: one hidden layer of 128, Adam 0.002, 10 epochs (≥ 95 % test accuracy)",
            "784 个输入：一个 128 单元隐藏层，Adam 0.002，10 轮（测试准确率 ≥ 95 %）",
        ),
        DataChoice::Images(_) => row(&[32], 0.003, 32, 30).because(
            "64 inputs: one hidden layer of 32, Adam 0.003, 30 epochs (≥ 97 % test accuracy)",
            "64 个输入：一个 32 单元隐藏层，Adam 0.003，30 轮（测试准确率 ≥ 97 %）",
        ),
        DataChoice::Csv => match user {
            Some(shape) => csv(shape),
            None => two_d(TwoD::Circle),
        },
        DataChoice::Function | DataChoice::Custom => two_d(TwoD::Circle),
    }
}

/// Every built-in data set's defaults, for the page's table (`(name, defaults)`).
pub fn table() -> Vec<(&'static str, DataDefaults)> {
    let mut out: Vec<(&'static str, DataDefaults)> = TwoD::ALL
        .into_iter()
        .map(|d| (d.name(), two_d(d)))
        .collect();
    for s in crate::data::images::ImageSource::ALL {
        out.push((s.name, defaults_for(DataChoice::Images(s), None)));
    }
    for d in [DataChoice::Function, DataChoice::Custom] {
        out.push((d.name(), defaults_for(d, None)));
    }
    out
}

/// One field the defaults changed, with its old and new value as the form shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The `t.` key (`h`, `opt`, `lr`, `bs` or `ep`).
    pub key: &'static str,
    pub from: String,
    pub to: String,
}

/// What [`apply`] did, for the page to show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Applied {
    pub changes: Vec<Change>,
    /// "Defaults for digits: network 8,8 → 32, …" in English and Chinese; empty when nothing
    /// changed.
    pub en: String,
    pub zh: String,
}

fn hidden_text(h: &[usize]) -> String {
    if h.is_empty() {
        "none".into()
    } else {
        h.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
    }
}

/// The network as the form shows it: the layer list, or the hidden widths.
fn network_text(c: &crate::nn::TrainConfig) -> String {
    list_text(&c.layers)
}

/// A layer list as the form shows it: a plain MLP's widths, or the list's syntax.
fn list_text(list: &[crate::nn::LayerSpec]) -> String {
    if crate::nn::layer::spec::is_plain_mlp(list) {
        hidden_text(&crate::nn::layer::spec::dense_units(list))
    } else {
        crate::nn::format_layers(list)
    }
}

/// Sets `setup`'s network, optimiser (Adam), learning rate, batch and epochs to
/// its data set's defaults and says what changed. The data set, activation and everything else
/// stay as they are.
pub fn apply(setup: &mut TrainSetup, user: Option<UserShape>) -> Applied {
    apply_keeping(setup, user, &[])
}

/// [`apply`], except for the fields whose `t.` key is in `keep` (the ones the user changed in
/// the form): those stay as they are and are not mentioned.
pub fn apply_keeping(setup: &mut TrainSetup, user: Option<UserShape>, keep: &[&str]) -> Applied {
    let mut d = defaults_for(setup.data, user);
    let c = &mut setup.config;
    let mut changes = Vec::new();
    let mut note = |key, from: String, to: String| {
        if from != to {
            changes.push(Change { key, from, to });
        }
    };
    // The user's network stays when they changed it, unless its conv layers cannot run on the
    // new data (a flat set): then the set's default network replaces it.
    let keep_net = (keep.contains(&"h") || keep.contains(&"layers"))
        && (setup.data.image_source().is_some() || !crate::nn::build::has_front(&c.layers));
    let before = network_text(c);
    let layers = if keep_net {
        d.hidden = c.dense_units();
        c.layers.clone()
    } else {
        crate::nn::layer::spec::dense_list(&d.hidden)
    };
    if keep.contains(&"lr") {
        d.lr = c.lr;
    }
    if keep.contains(&"bs") {
        d.batch_size = c.batch_size;
    }
    if keep.contains(&"ep") {
        d.epochs = c.epochs;
    }
    let adam = if keep.contains(&"opt") {
        c.optimizer
    } else {
        Optimizer::adam()
    };
    note("h", before, list_text(&layers));
    note("opt", c.optimizer.name().into(), adam.name().into());
    note("lr", c.lr.to_string(), d.lr.to_string());
    note("bs", c.batch_size.to_string(), d.batch_size.to_string());
    note("ep", c.epochs.to_string(), d.epochs.to_string());
    c.layers = layers;
    c.optimizer = adam;
    c.lr = d.lr;
    c.batch_size = d.batch_size;
    c.epochs = d.epochs;
    let (en, zh) = describe(setup.data.name(), &changes, &d);
    Applied { changes, en, zh }
}

/// The sentence the page shows after applying defaults.
fn describe(data: &str, changes: &[Change], d: &DataDefaults) -> (String, String) {
    if changes.is_empty() {
        return (String::new(), String::new());
    }
    let label = |key: &str, zh: bool| match (key, zh) {
        ("h", false) => "network",
        ("h", true) => "网络",
        ("opt", false) => "optimizer",
        ("opt", true) => "优化器",
        ("lr", false) => "learning rate",
        ("lr", true) => "学习率",
        ("bs", false) => "batch",
        ("bs", true) => "批大小",
        ("ep", false) => "epochs",
        (_, false) => "epochs",
        (_, true) => "轮数",
    };
    let list = |zh: bool| {
        changes
            .iter()
            .map(|c| format!("{} {} → {}", label(c.key, zh), c.from, c.to))
            .collect::<Vec<_>>()
            .join(if zh { "，" } else { ", " })
    };
    (
        format!("Defaults for {data}: {} ({}).", list(false), d.why_en),
        format!("{data} 的默认设置：{}（{}）。", list(true), d.why_zh),
    )
}

/// Sets the network, learning rate, batch and epochs whose `t.` key is not in `given` to the data
/// set's defaults: a link that names only a data set starts where the table says.
pub(crate) fn fill_unset(setup: &mut TrainSetup, given: &[&str]) {
    let d = defaults_for(setup.data, None);
    let c = &mut setup.config;
    if !given.contains(&"h") && !given.contains(&"layers") {
        c.layers = crate::nn::layer::spec::dense_list(&d.hidden);
    }
    if !given.contains(&"lr") {
        c.lr = d.lr;
    }
    if !given.contains(&"bs") {
        c.batch_size = d.batch_size;
    }
    if !given.contains(&"ep") {
        c.epochs = d.epochs;
    }
}
