//! The training page's presets, owned by the core: the compare section's activation choices and
//! its article experiments (the MLP stand-in, the article's own CNN, ReLU vs tanh, deep sigmoid),
//! and the skip-connection demonstration's deep sigmoid net. The page asks for them
//! (src/web/train_presets.rs) and only fills the form with the pairs.

use super::setup::{DataChoice, TrainSetup, MAX_COMPARE};
use crate::data::images::MNIST;
use crate::error::{Error, Result};
use crate::nn::{ActivationSpec, Decay};

/// The compare section's check boxes, in order (`relu+bn`: ReLU with BatchNorm before each
/// activation, the SELU-vs-BatchNorm preset's second run).
pub const COMPARE_CHOICES: [&str; 13] = [
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu(negative_slope=0.2)",
    "elu",
    "selu",
    "gelu",
    "silu",
    "softplus",
    "mish",
    "prelu",
    "gelu_tanh",
    "relu+bn",
];

/// The compare presets, by the names the page's buttons carry.
pub const COMPARE_PRESETS: [&str; 5] = [
    "article-cnn",
    "article",
    "tanh",
    "deep",
    "selu-vs-batchnorm",
];

/// Epochs of the page's "the article's experiment" (the CLI preset's network and settings; two
/// epochs keep six runs of the article's CNN on MNIST within minutes in a tab).
pub const ARTICLE_CNN_PAGE_EPOCHS: usize = 2;

/// The preset whose result is a speed ratio: (preset, fast activation, slow activation).
pub const RATIO_PRESET: (&str, &str, &str) = ("tanh", "relu", "tanh");

/// Presets that open the layer panels (their story is the per-layer gradient).
pub const LAYER_PRESETS: [&str; 2] = ["deep", "selu-vs-batchnorm"];

/// The `t.` pairs (without the prefix) of compare preset `name`; `ds` is the data set the page
/// shows (the article preset keeps MNIST when it is chosen, else uses the 8×8 digits).
pub fn compare_preset(name: &str, ds: &str) -> Result<Vec<(&'static str, String)>> {
    compare_preset_as(name, ds, false)
}

/// [`compare_preset`]; with `as_written`, the article's experiment uses the loss its code compiles
/// with (`Loss::SoftmaxBce`, binary cross-entropy over the softmax's outputs) instead of
/// categorical cross-entropy. Only that preset has a loss "as written".
pub fn compare_preset_as(
    name: &str,
    ds: &str,
    as_written: bool,
) -> Result<Vec<(&'static str, String)>> {
    if name == "article-cnn" {
        return from_experiment(name, Some(ARTICLE_CNN_PAGE_EPOCHS), as_written);
    }
    if as_written {
        return Err(Error::text(
            format!("only the article's experiment has a loss as written, not `{name}`"),
            format!("只有文章的实验才有“按原文”的损失，`{name}` 没有"),
        ));
    }
    if name == "selu-vs-batchnorm" {
        return from_experiment(name, None, false);
    }
    let mnist = ds == "mnist";
    let pairs: [(&'static str, &str); 15] = match name {
        "article" => [
            ("ds", if mnist { "mnist" } else { "digits" }),
            ("h", if mnist { "64" } else { "32" }),
            ("act", "relu"),
            ("opt", "adam"),
            ("lr", "0.001"),
            ("bs", "128"),
            ("ep", "20"),
            ("cv", "0.5"),
            ("cn", "0"),
            ("l1", "0"),
            ("l2", "0"),
            ("do", "0"),
            ("init", "auto"),
            ("cmp", "sigmoid,relu,elu,leaky_relu(0.2),selu,gelu"),
            ("target", "0.9"),
        ],
        "tanh" => common("64", "relu", "0.01", "30", "relu,tanh", "0.75"),
        "deep" => common("30,30,30,30", "sigmoid", "0.1", "10", "sigmoid,relu", "0.9"),
        other => {
            return Err(Error::Invalid(format!(
                "unknown compare preset `{other}`; expected one of {}",
                COMPARE_PRESETS.join(", ")
            )))
        }
    };
    Ok(pairs.iter().map(|&(k, v)| (k, v.to_string())).collect())
}

/// The form's keys the article's experiment sets to "off" when its link leaves them out (the
/// link omits defaults; the form keeps what the reader typed unless a preset overrides it).
const OFF: [(&str, &str); 12] = [
    ("init", "auto"),
    ("cv", "0"),
    ("loss", "auto"),
    ("sched", "constant"),
    ("warm", "0"),
    ("l1", "0"),
    ("l2", "0"),
    ("do", "0"),
    ("cn", "0"),
    ("dk", "standard"),
    ("stop", "0"),
    ("res", "0"),
];

/// "The article's experiment": the CLI's `article-cnn` preset (`experiment::preset`, the one
/// source of its network, optimiser, batch, clipping, seed and line-up) on MNIST for
/// [`ARTICLE_CNN_PAGE_EPOCHS`] epochs, as `t.` pairs; the page's compare gives SELU its
/// AlphaDropout as the preset's variant does (`experiment::article_variant`).
/// `selu-vs-batchnorm` is the CLI's preset as it is (SELU, ReLU with BatchNorm, plain ReLU on a
/// 16 × 64 MLP, 3 epochs on MNIST). Its layer list goes in as `layers`, so a conv list the form
/// held does not stay.
/// With `as_written`, the article's loss (`Loss::SoftmaxBce`).
fn from_experiment(
    name: &str,
    epochs: Option<usize>,
    as_written: bool,
) -> Result<Vec<(&'static str, String)>> {
    let p = crate::experiment::preset(name)?;
    let mut config = p.config;
    if let Some(epochs) = epochs {
        config.epochs = epochs;
    }
    if as_written {
        config.loss = crate::nn::Loss::SoftmaxBce;
    }
    let layers = crate::nn::layer::list::format_layers(&config.layers);
    let setup = TrainSetup {
        data: DataChoice::Images(MNIST),
        config,
        compare: p.activations,
        target: 0.9,
        ..TrainSetup::default()
    };
    setup.validate()?;
    let mut pairs: Vec<(&'static str, String)> = Vec::new();
    let hash = setup.to_hash();
    for part in hash.split('&') {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let key = k.strip_prefix("t.").unwrap_or(k);
        let key = KEYS
            .iter()
            .copied()
            .find(|&known| known == key)
            .ok_or_else(|| Error::Invalid(format!("{name} preset: unexpected key `{key}`")))?;
        pairs.push((key, crate::state::percent_decode(v)?));
    }
    if !pairs.iter().any(|(key, _)| *key == "layers") {
        pairs.retain(|(key, _)| *key != "h");
        pairs.push(("layers", layers));
    }
    for (k, v) in OFF {
        if !pairs.iter().any(|(key, _)| *key == k) {
            pairs.push((k, v.to_string()));
        }
    }
    if !pairs.iter().any(|(key, _)| *key == "target") {
        pairs.push(("target", "0.9".into()));
    }
    Ok(pairs)
}

/// Every key `TrainSetup::to_hash` may write (the preset's pairs borrow these names).
pub(crate) const KEYS: [&str; 31] = [
    "ds",
    "noise",
    "n",
    "ratio",
    "fn",
    "layers",
    "h",
    "act",
    "prelu_unit",
    "res",
    "init",
    "loss",
    "opt",
    "lr",
    "sched",
    "every",
    "gamma",
    "floor",
    "warm",
    "bs",
    "ep",
    "l1",
    "l2",
    "do",
    "cv",
    "cn",
    "dk",
    "seed",
    "cmp",
    "target",
    "stop",
];

/// The tanh and deep presets: the 8×8 digits, plain SGD, batch 32, no clipping or regularisation.
fn common(
    h: &'static str,
    act: &'static str,
    lr: &'static str,
    ep: &'static str,
    cmp: &'static str,
    target: &'static str,
) -> [(&'static str, &'static str); 15] {
    [
        ("ds", "digits"),
        ("h", h),
        ("act", act),
        ("opt", "sgd"),
        ("lr", lr),
        ("bs", "32"),
        ("ep", ep),
        ("cv", "0"),
        ("cn", "0"),
        ("l1", "0"),
        ("l2", "0"),
        ("do", "0"),
        ("init", "auto"),
        ("cmp", cmp),
        ("target", target),
    ]
}

/// The skip demonstration: 10 × 16 sigmoid units on the circle set, with skips.
pub const DEEP_SIGMOID: [(&str, &str); 14] = [
    ("ds", "circle"),
    ("h", "16,16,16,16,16,16,16,16,16,16"),
    ("act", "sigmoid"),
    ("init", "auto"),
    ("opt", "sgd"),
    ("lr", "0.03"),
    ("bs", "32"),
    ("l1", "0"),
    ("l2", "0"),
    ("cv", "0"),
    ("cn", "0"),
    ("do", "0"),
    ("seed", "4"),
    ("res", "1"),
];

/// How many runs of a comparison train at once, each in a worker of its own, on a device with
/// `cores` logical cores (`navigator.hardwareConcurrency`): one core is left to the page, at least
/// one run. Measured (tests/e2e/measure-latency.mjs, headless Chromium, 2 cores shared with other
/// jobs at a load average of ≈ 21): the page's input latency while the article's CNN trains was
/// 11 / 214 ms (median / 95th percentile) idle, 14 / 364 ms with one worker and 19 / 683 ms with
/// two, so a worker per core does not keep the page under 100 ms there.
pub fn compare_workers(cores: usize) -> usize {
    cores.saturating_sub(1).clamp(1, MAX_COMPARE)
}

/// A short label for a check box: parameters as bare values (`leaky_relu 0.2`, `relu+bn`).
pub fn short_label(label: &str) -> Result<String> {
    Ok(contender_label(&crate::experiment::Contender::parse(
        label,
    )?))
}

/// The one label the page shows for a comparison's contender: its activation's
/// [`display_label`], `+bn` when it trains with batch norm (as the line-up's syntax writes it).
pub fn contender_label(c: &crate::experiment::Contender) -> String {
    let label = display_label(&c.activation);
    if c.batch_norm {
        format!("{label}+bn")
    } else {
        label
    }
}

/// The one label the page shows for an activation, wherever it names one (the compare check
/// boxes, progress rows, chart legends and result table): its name and bare parameter values
/// (`leaky_relu 0.2`). Files (CSV, links) keep the canonical `ActivationSpec::label`.
pub fn display_label(spec: &ActivationSpec) -> String {
    let values: Vec<String> = spec.params.values().map(|v| v.to_string()).collect();
    if values.is_empty() {
        spec.name.clone()
    } else {
        format!("{} {}", spec.name, values.join(" "))
    }
}

/// The layer editor's presets, by the names of the CLI's `compare --preset` (one source:
/// `experiment::compare::preset`).
pub const CNN_PRESETS: [&str; 2] = ["article-cnn", "small-cnn"];

/// The `t.` pairs (without the prefix) of CNN preset `name` (`article-cnn`: the article's MNIST
/// net and settings; `small-cnn`: the ConvNetJS-sized net): its data set, layer list, activation,
/// optimiser, learning rate, batch, epochs, clipping and the article's six activations to
/// compare. Every other training setting is reset to its default (`None`: leave the key out, so a
/// schedule parameter of the form's old schedule is dropped).
pub fn cnn_preset(name: &str) -> Result<Vec<(&'static str, Option<String>)>> {
    let p = crate::experiment::compare::preset(name)?;
    let c = &p.config;
    let list = |l: &[ActivationSpec]| {
        l.iter()
            .map(ActivationSpec::label)
            .collect::<Vec<_>>()
            .join(",")
    };
    let clip = |v: Option<f32>| v.map_or_else(|| "0".to_string(), |v| v.to_string());
    let constant = c.schedule.decay == Decay::Constant && c.schedule.warmup_steps == 0;
    if !constant {
        return Err(Error::Invalid(format!(
            "preset `{name}` has a schedule the page cannot show"
        )));
    }
    let some = |v: &str| Some(v.to_string());
    Ok(vec![
        ("ds", some(p.dataset)),
        ("layers", Some(crate::nn::format_layers(&c.layers))),
        ("h", None),
        ("act", Some(list(&c.activations))),
        ("init", some("auto")),
        ("loss", Some(c.loss.name().to_string())),
        ("opt", Some(c.optimizer.name().to_string())),
        ("lr", Some(c.lr.to_string())),
        ("bs", Some(c.batch_size.to_string())),
        ("ep", Some(c.epochs.to_string())),
        ("cv", Some(clip(c.clip_value))),
        ("cn", Some(clip(c.clip_norm))),
        ("l1", Some(c.l1.to_string())),
        ("l2", Some(c.l2.to_string())),
        ("do", some("0")),
        ("dk", some("standard")),
        ("sched", some("constant")),
        ("every", None),
        ("gamma", None),
        ("floor", None),
        ("warm", some("0")),
        ("res", some("0")),
        ("cmp", Some(super::setup::lineup_text(&p.activations))),
    ])
}
