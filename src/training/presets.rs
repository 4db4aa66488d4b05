//! The training page's presets, owned by the core: the compare section's activation choices and
//! its article experiments (the MLP stand-in, the article's own CNN, ReLU vs tanh, deep sigmoid),
//! and the skip-connection demonstration's deep sigmoid net. The page asks for them
//! (src/web/train_presets.rs) and only fills the form with the pairs.

use super::setup::{DataChoice, TrainSetup};
use crate::data::images::MNIST;
use crate::error::{Error, Result};
use crate::nn::{ActivationSpec, Decay};

/// The compare section's check boxes, in order.
pub const COMPARE_CHOICES: [&str; 12] = [
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
];

/// The compare presets, by the names the page's buttons carry.
pub const COMPARE_PRESETS: [&str; 4] = ["article-cnn", "article", "tanh", "deep"];

/// Epochs of the page's "the article's experiment" (the CLI preset's network and settings; two
/// epochs keep six runs of the article's CNN on MNIST within minutes in a tab).
pub const ARTICLE_CNN_PAGE_EPOCHS: usize = 2;

/// The preset whose result is a speed ratio: (preset, fast activation, slow activation).
pub const RATIO_PRESET: (&str, &str, &str) = ("tanh", "relu", "tanh");

/// Presets that open the layer panels (their story is the per-layer gradient).
pub const LAYER_PRESETS: [&str; 1] = ["deep"];

/// The `t.` pairs (without the prefix) of compare preset `name`; `ds` is the data set the page
/// shows (the article preset keeps MNIST when it is chosen, else uses the 8×8 digits).
pub fn compare_preset(name: &str, ds: &str) -> Result<Vec<(&'static str, String)>> {
    if name == "article-cnn" {
        return article_cnn();
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
const OFF: [(&str, &str); 11] = [
    ("init", "auto"),
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
fn article_cnn() -> Result<Vec<(&'static str, String)>> {
    let p = crate::experiment::preset("article-cnn")?;
    let mut config = p.config;
    config.epochs = ARTICLE_CNN_PAGE_EPOCHS;
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
            .ok_or_else(|| Error::Invalid(format!("article preset: unexpected key `{key}`")))?;
        pairs.push((key, crate::state::percent_decode(v)?));
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

/// A short label for a check box: parameters as bare values (`leaky_relu 0.2`).
pub fn short_label(label: &str) -> Result<String> {
    let spec = ActivationSpec::parse(label)?;
    let values: Vec<String> = spec.params.values().map(|v| v.to_string()).collect();
    Ok(if values.is_empty() {
        spec.name
    } else {
        format!("{} {}", spec.name, values.join(" "))
    })
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
