//! The embeddable experiments: `<activation-train>` and `<activation-compare>` elements and
//! embed.html's `#view=train&t.…` / `#view=compare&t.…` views. One parser for both: an element's
//! attributes are renamed to the page's `t.` link keys ([`ATTRIBUTES`]) and read by
//! [`TrainSetup::from_pairs`] like any link; the widget's own settings (view, preset, charts,
//! autoplay, speed, theme, lang) are checked here. A widget is a [`Widget`]; it writes itself back
//! as an embed hash and as both copy-and-paste snippets.

use super::presets::{cnn_preset, compare_preset, CNN_PRESETS, COMPARE_PRESETS};
use super::setup::{TrainSetup, PREFIX};
use crate::activation::truncate_for_message;
use crate::data::Task;
use crate::error::{Error, Result};
use crate::state::{format_number, percent_decode, Lang, Theme, MAX_HASH_LEN, MAX_PAIRS};

/// Which experiment a widget shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// One training run: play/pause/step/reset and its charts.
    Train,
    /// One setup trained once per activation (the compare section).
    Compare,
}

impl View {
    pub const ALL: [View; 2] = [View::Train, View::Compare];

    /// The name in `view=` and in the snippets (`train`, `compare`).
    pub fn name(self) -> &'static str {
        match self {
            View::Train => "train",
            View::Compare => "compare",
        }
    }

    /// The custom element's tag.
    pub fn element(self) -> &'static str {
        match self {
            View::Train => "activation-train",
            View::Compare => "activation-compare",
        }
    }

    pub fn parse(name: &str) -> Result<Self> {
        match name {
            "train" => Ok(View::Train),
            "compare" => Ok(View::Compare),
            other => {
                let other = truncate_for_message(other);
                Err(Error::text(
                    format!(
                        "unknown embed view `{other}`; expected `curves`, `train` or `compare`"
                    ),
                    format!("未知的嵌入视图 `{other}`；应为 `curves`、`train` 或 `compare`"),
                ))
            }
        }
    }

    /// The chart names this view offers, in the order the documentation lists them.
    pub fn chart_names(self) -> Vec<&'static str> {
        Chart::ALL
            .iter()
            .filter(|c| c.kind(self).is_some())
            .map(|c| c.name())
            .collect()
    }
}

/// A chart a widget can show (`charts="loss,boundary"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    Loss,
    Accuracy,
    /// The decision map over the plane (2-D data sets).
    Boundary,
    /// Every hidden unit as a tile of what it computes (today's network view).
    Network,
    /// Gradient norm per layer: over epochs (train), by layer after the last epoch (compare).
    Gradients,
    /// A conv net's filters and feature maps of one test image.
    Maps,
    /// Activation mean and std per layer.
    MeanStd,
    /// Dead units per layer: over epochs (train), by layer after the last epoch (compare).
    Dead,
    Confusion,
    /// Misclassified test images (image sets).
    Misclassified,
}

impl Chart {
    pub const ALL: [Chart; 10] = [
        Chart::Loss,
        Chart::Accuracy,
        Chart::Boundary,
        Chart::Network,
        Chart::Gradients,
        Chart::Maps,
        Chart::MeanStd,
        Chart::Dead,
        Chart::Confusion,
        Chart::Misclassified,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Chart::Loss => "loss",
            Chart::Accuracy => "accuracy",
            Chart::Boundary => "boundary",
            Chart::Network => "network",
            Chart::Gradients => "gradients",
            Chart::Maps => "maps",
            Chart::MeanStd => "meanstd",
            Chart::Dead => "dead",
            Chart::Confusion => "confusion",
            Chart::Misclassified => "misclassified",
        }
    }

    /// What draws it in `view`: a `TrainCharts` kind, or a panel of its own (`network`, `maps`);
    /// `None` when the view does not offer it.
    pub fn kind(self, view: View) -> Option<&'static str> {
        match (view, self) {
            (View::Train, Chart::Loss) => Some("loss"),
            (View::Train, Chart::Accuracy) => Some("accuracy"),
            (View::Train, Chart::Boundary) => Some("boundary"),
            (View::Train, Chart::Network) => Some("network"),
            (View::Train, Chart::Gradients) => Some("grad"),
            (View::Train, Chart::Maps) => Some("maps"),
            (View::Train, Chart::MeanStd) => Some("meanstd"),
            (View::Train, Chart::Dead) => Some("dead"),
            (View::Train, Chart::Confusion) => Some("confusion"),
            (View::Train, Chart::Misclassified) => Some("digits"),
            (View::Compare, Chart::Accuracy) => Some("cmp_acc"),
            (View::Compare, Chart::Loss) => Some("cmp_loss"),
            (View::Compare, Chart::Gradients) => Some("cmp_grad"),
            (View::Compare, Chart::Dead) => Some("cmp_dead"),
            (View::Compare, Chart::MeanStd) => Some("cmp_stats"),
            (View::Compare, _) => None,
        }
    }

    /// Whether it is a panel with its own worker messages rather than a `TrainCharts` chart.
    pub fn is_panel(self) -> bool {
        matches!(self, Chart::Network | Chart::Maps)
    }

    fn parse(view: View, name: &str) -> Result<Self> {
        let found = Chart::ALL.into_iter().find(|c| c.name() == name);
        match found.filter(|c| c.kind(view).is_some()) {
            Some(c) => Ok(c),
            None => {
                let name = truncate_for_message(name);
                let valid = view.chart_names().join(", ");
                let tag = view.element();
                Err(Error::text(
                    format!("<{tag}>: unknown chart `{name}`; valid: {valid}"),
                    format!("<{tag}>：未知的图表 `{name}`；可用：{valid}"),
                ))
            }
        }
    }

    /// Why this chart cannot show `setup`, if it cannot.
    fn unfit(self, view: View, setup: &TrainSetup) -> Option<Error> {
        let images = setup.image_shape().is_some();
        let conv = crate::nn::build::has_front(&setup.config.layers);
        let (en, zh): (String, String) = match self {
            Chart::Boundary if images => (
                format!(
                    "the decision map needs a 2-D data set; `{}` is an image set (try `confusion` or `misclassified`)",
                    setup.data.name()
                ),
                format!(
                    "决策图需要二维数据集；`{}` 是图像数据集（可改用 `confusion` 或 `misclassified`）",
                    setup.data.name()
                ),
            ),
            Chart::Misclassified if !images => (
                "misclassified images need an image set (`digits`, `mnist`)".into(),
                "误分类图像需要图像数据集（`digits`、`mnist`）".into(),
            ),
            Chart::Network if conv => (
                "the network view has no picture for conv layers (try `maps`)".into(),
                "网络视图不显示卷积层（可改用 `maps`）".into(),
            ),
            Chart::Maps if !conv => (
                "filters and feature maps need conv layers (e.g. layers=\"conv8k5same,pool2\")"
                    .into(),
                "卷积核与特征图需要卷积层（例如 layers=\"conv8k5same,pool2\"）".into(),
            ),
            Chart::Confusion if setup.shape().1 == Task::Regression => (
                "a confusion matrix needs classes; this data set is a regression".into(),
                "混淆矩阵需要类别；此数据集是回归".into(),
            ),
            Chart::Accuracy if view == View::Train && setup.shape().1 == Task::Regression => (
                "accuracy needs classes; this data set is a regression".into(),
                "准确率需要类别；此数据集是回归".into(),
            ),
            _ => return None,
        };
        let (name, tag) = (self.name(), view.element());
        Some(Error::text(
            format!("<{tag}>: chart `{name}`: {en}"),
            format!("<{tag}>：图表 `{name}`：{zh}"),
        ))
    }
}

/// The elements' attributes and the `t.` link key each one stands for (the page's link format:
/// `training::setup`). Every key `TrainSetup::to_hash` writes has one, so a snippet can carry any
/// setup; `layers` also takes plain widths (an MLP) or `none`.
pub const ATTRIBUTES: [(&str, &str); 30] = [
    ("dataset", "ds"),
    ("noise", "noise"),
    ("points", "n"),
    ("train-share", "ratio"),
    ("curve", "fn"),
    ("layers", "layers"),
    ("activation", "act"),
    ("prelu-per-unit", "prelu_unit"),
    ("residual", "res"),
    ("init", "init"),
    ("loss", "loss"),
    ("optimizer", "opt"),
    ("lr", "lr"),
    ("schedule", "sched"),
    ("decay-every", "every"),
    ("decay-gamma", "gamma"),
    ("lr-floor", "floor"),
    ("warmup", "warm"),
    ("batch", "bs"),
    ("epochs", "ep"),
    ("l1", "l1"),
    ("l2", "l2"),
    ("dropout", "do"),
    ("dropout-kind", "dk"),
    ("clip-value", "cv"),
    ("clip-norm", "cn"),
    ("seed", "seed"),
    ("activations", "cmp"),
    ("target", "target"),
    ("stop", "stop"),
];

/// The widget's own settings, as attributes and as embed-hash keys (`view` is the hash's only).
pub const WIDGET_KEYS: [&str; 6] = ["preset", "charts", "autoplay", "speed", "theme", "lang"];

/// Training speed of a widget unless `speed` says otherwise: fast enough to finish a 2-D run in
/// seconds, slow enough to watch the boundary form (the page's own default is "as fast as possible").
pub const DEFAULT_SPEED: f64 = 20.0;
/// Fastest speed setting, in epochs per second (0 means as fast as possible).
pub const MAX_SPEED: f64 = 1000.0;
/// Longest attribute value accepted (a whole link is at most `MAX_HASH_LEN`).
const MAX_VALUE: usize = 1000;

/// One embedded experiment.
#[derive(Debug, Clone, PartialEq)]
pub struct Widget {
    pub view: View,
    pub setup: TrainSetup,
    pub charts: Vec<Chart>,
    /// Starts training when it first comes into view (never under prefers-reduced-motion: the
    /// page's rule, see www/js/embed-widget.js).
    pub autoplay: bool,
    /// Epochs per second; 0: as fast as possible.
    pub speed: f64,
    pub theme: Option<Theme>,
    pub lang: Option<Lang>,
}

/// The settings of one widget before they are checked: the preset, the `t.` pairs given (key
/// without the prefix) and the widget's own keys.
#[derive(Default)]
struct Given {
    preset: Option<String>,
    /// `t.` pairs, prefix included.
    pairs: Vec<(String, String)>,
    charts: Option<String>,
    autoplay: Option<bool>,
    speed: Option<f64>,
    theme: Option<Theme>,
    lang: Option<Lang>,
}

fn widget_error(view: View, en: String, zh: String) -> Error {
    let tag = view.element();
    Error::text(format!("<{tag}>: {en}"), format!("<{tag}>：{zh}"))
}

impl Given {
    /// One widget key (`preset`, `charts`, …); `source` names the setting in messages.
    fn widget_key(&mut self, view: View, key: &str, value: &str) -> Result<()> {
        let bad = |why: (&str, &str)| {
            let v = truncate_for_message(value);
            widget_error(
                view,
                format!("`{key}` = `{v}`: {}", why.0),
                format!("`{key}` = `{v}`：{}", why.1),
            )
        };
        match key {
            "preset" => self.preset = Some(value.trim().to_string()),
            "charts" => self.charts = Some(value.to_string()),
            "autoplay" => {
                self.autoplay = Some(match value.trim() {
                    "" | "1" | "true" | "autoplay" => true,
                    "0" | "false" => false,
                    _ => return Err(bad(("expected `1` or `0`", "应为 `1` 或 `0`"))),
                })
            }
            "speed" => {
                let v: f64 = value
                    .trim()
                    .parse()
                    .map_err(|_| bad(("not a number", "不是数字")))?;
                if !(v.is_finite() && (0.0..=MAX_SPEED).contains(&v)) {
                    return Err(bad((
                        "epochs per second, 0 (as fast as possible) to 1000",
                        "每秒训练轮数，0（尽快）到 1000",
                    )));
                }
                self.speed = Some(v);
            }
            "theme" => self.theme = Theme::from_key(value.trim())?,
            "lang" => self.lang = Some(lang_of(value)?),
            _ => unreachable!("not a widget key: {key}"),
        }
        Ok(())
    }
}

/// The language a widget speaks: its `lang` setting, else the host page's language tag (`zh-CN`,
/// `en`, … as `<html lang>` gives it; English unless it is Chinese).
pub fn ui_lang(own: Option<Lang>, host: &str) -> Lang {
    own.or_else(|| lang_of(host).ok()).unwrap_or(Lang::En)
}

/// The `lang` a widget's attributes or hash give, when it is valid: the language to refuse the
/// rest of them in.
pub fn lang_hint<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<Lang> {
    pairs
        .into_iter()
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("lang"))
        .and_then(|(_, v)| lang_of(v).ok())
}

/// `en`, `zh`, or an HTML language tag (`zh-CN`, `en-GB`): Chinese for `zh…`, else English.
fn lang_of(value: &str) -> Result<Lang> {
    let v = value.trim().to_ascii_lowercase();
    if v == "zh" || v.starts_with("zh-") {
        Ok(Lang::Zh)
    } else if v == "en" || v.starts_with("en-") {
        Ok(Lang::En)
    } else {
        Lang::from_key(value.trim())
    }
}

impl Widget {
    /// A widget from its element's attributes (names as written, values as the DOM gives them).
    /// Unknown attributes are an error naming the valid ones; a preset's settings come first and
    /// the other attributes change them.
    pub fn from_attributes(view: View, attributes: &[(&str, &str)]) -> Result<Widget> {
        if attributes.len() > MAX_PAIRS {
            return Err(widget_error(
                view,
                format!("too many attributes (at most {MAX_PAIRS})"),
                format!("属性太多（最多 {MAX_PAIRS} 个）"),
            ));
        }
        let mut given = Given::default();
        let mut seen: Vec<String> = Vec::new();
        for &(name, value) in attributes {
            let name = name.trim().to_ascii_lowercase();
            if value.len() > MAX_VALUE {
                let n = truncate_for_message(&name);
                return Err(widget_error(
                    view,
                    format!("attribute `{n}` is too long (at most {MAX_VALUE} characters)"),
                    format!("属性 `{n}` 太长（最多 {MAX_VALUE} 个字符）"),
                ));
            }
            if seen.contains(&name) {
                continue; // the DOM keeps one value per name; a repeat cannot happen there
            }
            seen.push(name.clone());
            if WIDGET_KEYS.contains(&name.as_str()) {
                given.widget_key(view, &name, value)?;
            } else if let Some(&(_, key)) = ATTRIBUTES.iter().find(|(a, _)| *a == name) {
                let (key, value) = setup_pair(key, value);
                given.pairs.push((format!("{PREFIX}{key}"), value));
            } else {
                let n = truncate_for_message(&name);
                let valid: Vec<&str> = ATTRIBUTES.iter().map(|(a, _)| *a).collect();
                let valid = format!("{}, {}", WIDGET_KEYS.join(", "), valid.join(", "));
                return Err(widget_error(
                    view,
                    format!("unknown attribute `{n}`; valid: {valid}"),
                    format!("未知的属性 `{n}`；可用：{valid}"),
                ));
            }
        }
        Self::build(view, given)
    }

    /// A widget from embed.html's hash: `view=train|compare`, the widget keys and the page's `t.`
    /// pairs (percent-encoded as in any link).
    pub fn parse_hash(hash: &str) -> Result<Widget> {
        if hash.len() > MAX_HASH_LEN {
            return Err(Error::text("link settings are too long", "链接设置太长"));
        }
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let mut pairs: Vec<(String, String)> = Vec::new();
        for part in hash
            .split('&')
            .filter(|p| !p.is_empty())
            .take(MAX_PAIRS + 1)
        {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            pairs.push((percent_decode(k)?, percent_decode(v)?));
        }
        if pairs.len() > MAX_PAIRS {
            return Err(Error::text(
                format!("link has too many settings (at most {MAX_PAIRS})"),
                format!("链接的设置太多（最多 {MAX_PAIRS} 项）"),
            ));
        }
        let view = match pairs.iter().find(|(k, _)| k == "view") {
            Some((_, v)) => View::parse(v)?,
            None => {
                return Err(Error::text(
                    "the embed link names no view (`view=train` or `view=compare`)",
                    "嵌入链接没有指明视图（`view=train` 或 `view=compare`）",
                ))
            }
        };
        let mut given = Given::default();
        let mut seen: Vec<&str> = Vec::new();
        for (key, value) in &pairs {
            if seen.contains(&key.as_str()) {
                let k = truncate_for_message(key);
                return Err(Error::text(
                    format!("link setting `{k}` appears twice"),
                    format!("链接设置 `{k}` 出现了两次"),
                ));
            }
            seen.push(key);
            if key == "view" {
                continue;
            } else if WIDGET_KEYS.contains(&key.as_str()) {
                given.widget_key(view, key, value)?;
            } else if key.starts_with(PREFIX) {
                // The page's pairs: `TrainSetup::from_pairs` names a bad one.
                given.pairs.push((key.clone(), value.clone()));
            } else {
                let k = truncate_for_message(key);
                return Err(Error::text(
                    format!(
                        "unknown link setting `{k}` for view `{}`; valid: view, {}, t.…",
                        view.name(),
                        WIDGET_KEYS.join(", ")
                    ),
                    format!(
                        "视图 `{}` 不认识链接设置 `{k}`；可用：view、{}、t.…",
                        view.name(),
                        WIDGET_KEYS.join("、")
                    ),
                ));
            }
        }
        Self::build(view, given)
    }

    /// The widget of the page's current setup with the view's defaults (the page's "Copy embed
    /// code"). The page may show data a widget cannot load (the reader's points or CSV): refused.
    pub fn for_setup(view: View, setup: TrainSetup) -> Result<Widget> {
        Self::finish(view, setup, Given::default())
    }

    /// Checks the setup (the preset's pairs, changed by the given ones) and the widget keys.
    fn build(view: View, given: Given) -> Result<Widget> {
        let preset = preset_pairs(view, given.preset.as_deref(), &given.pairs)?;
        let mut merged: Vec<(String, String)> = preset
            .into_iter()
            .map(|(k, v)| (format!("{PREFIX}{k}"), v))
            .filter(|(k, _)| !given.pairs.iter().any(|(gk, _)| gk == k))
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect();
        merged.extend(given.pairs.iter().cloned());
        let setup = TrainSetup::from_pairs(merged.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
        Self::finish(view, setup, given)
    }

    fn finish(view: View, setup: TrainSetup, given: Given) -> Result<Widget> {
        if setup.data.is_user_data() {
            return Err(widget_error(
                view,
                format!(
                    "data set `{}` is kept in one browser; a widget needs a named data set",
                    setup.data.name()
                ),
                format!(
                    "数据集 `{}` 只保存在一个浏览器中；小部件需要有名字的数据集",
                    setup.data.name()
                ),
            ));
        }
        let charts = match &given.charts {
            Some(list) => parse_charts(view, list)?,
            None => default_charts(view, &setup),
        };
        if let Some(e) = charts.iter().find_map(|c| c.unfit(view, &setup)) {
            return Err(e);
        }
        Ok(Widget {
            view,
            setup,
            charts,
            autoplay: given.autoplay.unwrap_or(false),
            speed: given.speed.unwrap_or(DEFAULT_SPEED),
            theme: given.theme,
            lang: given.lang,
        })
    }

    /// The embed hash (`view=train&charts=…&t.…`): widget keys that differ from the defaults,
    /// then the setup's canonical pairs. `parse_hash` of it gives back `self`.
    pub fn to_hash(&self) -> String {
        let mut parts = vec![format!("view={}", self.view.name())];
        for (k, v) in self.widget_pairs() {
            parts.push(format!("{k}={}", encode_value(&v)));
        }
        parts.push(self.setup.to_hash());
        parts.join("&")
    }

    /// The widget keys that differ from their defaults, in [`WIDGET_KEYS`] order.
    fn widget_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.charts != default_charts(self.view, &self.setup) {
            let names: Vec<&str> = self.charts.iter().map(|c| c.name()).collect();
            out.push(("charts", names.join(",")));
        }
        if self.autoplay {
            out.push(("autoplay", "1".to_string()));
        }
        if self.speed != DEFAULT_SPEED {
            out.push(("speed", format_number(self.speed)));
        }
        if let Some(t) = self.theme {
            out.push(("theme", t.key().to_string()));
        }
        if let Some(l) = self.lang {
            out.push(("lang", l.key().to_string()));
        }
        out
    }

    /// The element's attributes for this widget: the setup's pairs renamed ([`ATTRIBUTES`]),
    /// then the widget keys. `from_attributes` of them gives back `self`.
    pub fn attributes(&self) -> Vec<(&'static str, String)> {
        let hash = self.setup.to_hash();
        let mut out = Vec::new();
        for part in hash.split('&') {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let key = k.strip_prefix(PREFIX).unwrap_or(k);
            // The compare line-up and its target mean nothing to a training widget.
            if self.view == View::Train && matches!(key, "cmp" | "target") {
                continue;
            }
            let value = percent_decode(v).unwrap_or_default();
            let (name, value) = match key {
                "h" => ("layers", value),
                other => match ATTRIBUTES.iter().find(|(_, k)| *k == other) {
                    Some(&(name, _)) => (name, value),
                    None => continue,
                },
            };
            out.push((name, value));
        }
        out.extend(self.widget_pairs());
        out
    }

    /// The two snippets a reader copies: an iframe of embed.html and the element with its script
    /// tag, both for this widget, at `base` (the directory embed.html and embed.js are served from,
    /// ending in `/`).
    /// The iframe's title is in Chinese with `zh`.
    pub fn snippets(&self, base: &str, zh: bool) -> (String, String) {
        let tag = self.view.element();
        let data = self.setup.data.name();
        let config = &self.setup.config;
        let act: Vec<String> = config.activations.iter().map(|a| a.label()).collect();
        let cmp: Vec<String> = self.setup.compare.iter().map(|c| c.label()).collect();
        let (act, cmp) = (act.join(", "), cmp.join(", "));
        let title = match (self.view, zh) {
            (View::Train, false) => format!("Activation Lab: training {act} on {data}"),
            (View::Train, true) => format!("Activation Lab：在 {data} 上训练 {act}"),
            (View::Compare, false) => format!("Activation Lab: comparing {cmp} on {data}"),
            (View::Compare, true) => format!("Activation Lab：在 {data} 上比较 {cmp}"),
        };
        let src = format!("{base}embed.html#{}", self.to_hash());
        let iframe = format!(
            "<iframe src=\"{}\" width=\"640\" height=\"{}\" style=\"border:0;max-width:100%\" loading=\"lazy\" title=\"{}\"></iframe>",
            html_attr(&src),
            self.frame_height(),
            html_attr(&title)
        );
        let attrs: Vec<String> = self
            .attributes()
            .into_iter()
            .map(|(k, v)| format!("{k}=\"{}\"", html_attr(&v)))
            .collect();
        let element = format!(
            "<script type=\"module\" src=\"{}\"></script>\n<{tag} {}></{tag}>",
            html_attr(&format!("{base}embed.js")),
            attrs.join(" ")
        );
        (iframe, element)
    }

    /// The iframe's height in CSS pixels at its 640 px width: the card (www/embed.js) has a fixed
    /// frame, head and foot (76 px), two charts per row (218 px and an 8 px gap each), and for a
    /// comparison the runs' list (50 px, scrolling beyond three rows of runs).
    pub fn frame_height(&self) -> u32 {
        let rows = self.charts.len().div_ceil(2) as u32;
        let runs = match self.view {
            View::Train => 0,
            View::Compare => 50,
        };
        76 + rows * 226 + runs
    }
}

/// An attribute's `t.` key and value: `layers` of `none` or nothing is the network without hidden
/// layers (`t.h=none`; the layer syntax has no empty list).
fn setup_pair(key: &'static str, value: &str) -> (&'static str, String) {
    if key == "layers" && matches!(value.trim(), "" | "none") {
        return ("h", "none".to_string());
    }
    (key, value.to_string())
}

/// The preset's `t.` pairs (key without the prefix; `None`: leave the key out), or none without
/// one. `given` are the `t.` pairs given with it: the MNIST article preset reads their data set.
fn preset_pairs(
    view: View,
    preset: Option<&str>,
    given: &[(String, String)],
) -> Result<Vec<(&'static str, Option<String>)>> {
    let Some(name) = preset else {
        return Ok(Vec::new());
    };
    let ds = given
        .iter()
        .find(|(k, _)| k == "t.ds")
        .map_or("", |(_, v)| v.as_str());
    let offered: Vec<&str> = match view {
        View::Compare => COMPARE_PRESETS.to_vec(),
        View::Train => {
            let mut v = CNN_PRESETS.to_vec();
            v.extend(COMPARE_PRESETS.iter().filter(|p| !CNN_PRESETS.contains(p)));
            v
        }
    };
    if !offered.contains(&name) {
        let n = truncate_for_message(name);
        let valid = offered.join(", ");
        return Err(widget_error(
            view,
            format!("unknown preset `{n}`; valid: {valid}"),
            format!("未知的预设 `{n}`；可用：{valid}"),
        ));
    }
    if view == View::Train && CNN_PRESETS.contains(&name) {
        return cnn_preset(name);
    }
    Ok(compare_preset(name, ds)?
        .into_iter()
        .map(|(k, v)| (k, Some(v)))
        .collect())
}

/// `charts="loss, boundary"`: names of `view`'s charts, each once, at least one.
fn parse_charts(view: View, list: &str) -> Result<Vec<Chart>> {
    let mut charts = Vec::new();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let c = Chart::parse(view, &name.to_ascii_lowercase())?;
        if charts.contains(&c) {
            return Err(widget_error(
                view,
                format!("chart `{name}` is listed twice"),
                format!("图表 `{name}` 列出了两次"),
            ));
        }
        charts.push(c);
    }
    if charts.is_empty() {
        let valid = view.chart_names().join(", ");
        return Err(widget_error(
            view,
            format!("`charts` names no chart; valid: {valid}"),
            format!("`charts` 没有列出图表；可用：{valid}"),
        ));
    }
    Ok(charts)
}

/// The charts a widget shows unless `charts` says otherwise: always two, so the page can reserve
/// their room before the widget loads (www/embed.js). Training: the loss and the decision map
/// (image sets: the confusion matrix; regression: the map of the fitted surface). Comparison:
/// test accuracy and test loss per epoch.
pub fn default_charts(view: View, setup: &TrainSetup) -> Vec<Chart> {
    match view {
        View::Compare => vec![Chart::Accuracy, Chart::Loss],
        View::Train if setup.image_shape().is_some() => vec![Chart::Loss, Chart::Confusion],
        View::Train => vec![Chart::Loss, Chart::Boundary],
    }
}

/// The number of charts [`default_charts`] gives for any setup.
pub const DEFAULT_CHART_COUNT: usize = 2;

/// A value in an embed hash: the setup's encoding rules (`,` `:` `.` stay readable).
fn encode_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b',' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Escapes text for a double-quoted HTML attribute in a snippet the reader pastes elsewhere.
fn html_attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_the_setup_writes_has_an_attribute() {
        for key in super::super::presets::KEYS {
            let named = key == "h" || ATTRIBUTES.iter().any(|(_, k)| *k == key);
            assert!(named, "t.{key} has no attribute");
        }
    }
}
