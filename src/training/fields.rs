//! Which form fields are invalid, each on its own: the page marks every one where it is and names
//! it by its visible label, so the reasons here never contain the `t.` key. A field is checked
//! with only the data set (and, for a schedule parameter, the schedule; for the activations, the
//! layers) beside it, through the same parser and validation a run uses.

use serde::Serialize;

use super::setup::{unframed_reason, TrainSetup};
use super::setup::{MAX_TRAIN_RATIO, MIN_TRAIN_RATIO};
use crate::data::toy::{MAX_NOISE, MAX_SAMPLES, MIN_SAMPLES};
use crate::error::Error;
use crate::nn::config::{MAX_BATCH, MAX_EPOCHS, MAX_LR, MAX_UNITS};

/// One invalid field: its `t.` key (empty: the fields are each fine but not together) and why,
/// in English and Chinese, without naming the field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldProblem {
    pub key: String,
    pub en: String,
    pub zh: String,
    /// For `layers`: the 0-based item (editor row) the problem starts at, when one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<usize>,
}

/// Keys whose values are whole numbers ≥ 0 (`h` is a list of them).
const WHOLE: [&str; 7] = ["h", "bs", "ep", "seed", "warm", "every", "n"];

/// Keys whose values are numbers.
const NUMERIC: [&str; 19] = [
    "lr", "bs", "ep", "h", "l1", "l2", "do", "seed", "warm", "cv", "cn", "stop", "noise", "ratio",
    "target", "gamma", "floor", "every", "n",
];

/// The allowed range of a numeric field as the reader sees it (`(0, 1000]`, `1 – 4096`), and
/// whether `n` lies in it (a value inside it was refused for another reason, which the core gives).
fn range(key: &str, n: f64) -> Option<(String, bool)> {
    let open_closed = |hi: f64| (format!("(0, {hi}]"), n > 0.0 && n <= hi);
    let closed = |lo: f64, hi: f64| (format!("[{lo}, {hi}]"), (lo..=hi).contains(&n));
    let whole = |lo: usize, hi: usize| (format!("{lo} – {hi}"), n >= lo as f64 && n <= hi as f64);
    Some(match key {
        "lr" => open_closed(MAX_LR as f64),
        "bs" => whole(1, MAX_BATCH),
        "ep" | "every" => whole(1, MAX_EPOCHS),
        "h" => whole(1, MAX_UNITS),
        "n" => whole(MIN_SAMPLES, MAX_SAMPLES),
        "do" => ("[0, 1)".into(), (0.0..1.0).contains(&n)),
        "l1" | "l2" => closed(0.0, 10.0),
        "noise" => closed(0.0, MAX_NOISE),
        "ratio" => closed(MIN_TRAIN_RATIO, MAX_TRAIN_RATIO),
        "target" | "stop" | "gamma" => open_closed(1.0),
        "floor" => closed(0.0, 1.0),
        _ => return None,
    })
}

/// Why `value` is not accepted for `key` (`e`: the core's refusal, whose own message is used when
/// no plainer reason applies).
fn reason(key: &str, value: &str, e: &Error) -> (String, String) {
    let values: Vec<&str> = if key == "h" {
        value.split(',').collect()
    } else {
        vec![value]
    };
    for v in values.iter().map(|v| v.trim()) {
        let Ok(n) = v.parse::<f64>() else {
            if v.is_empty() {
                return ("is empty".into(), "不能为空".into());
            }
            if !NUMERIC.contains(&key) {
                break;
            }
            return ("is not a number".into(), "不是数字".into());
        };
        if !n.is_finite() {
            return ("must be a finite number".into(), "必须是有限的数".into());
        }
        if WHOLE.contains(&key) && n < 0.0 {
            return ("must not be negative".into(), "不能为负数".into());
        }
        if WHOLE.contains(&key) && n.fract() != 0.0 {
            return ("must be a whole number".into(), "必须是整数".into());
        }
    }
    let number = values.first().and_then(|v| v.trim().parse::<f64>().ok());
    if let Some((text, inside)) = number.and_then(|n| range(key, n)) {
        if !inside || key == "h" {
            return (format!("must lie in {text}"), format!("须在 {text} 之内"));
        }
    }
    if matches!(key, "cv" | "cn") && number.is_some_and(|n| n < 0.0) {
        return (
            "must be a positive number (0 or empty: off)".into(),
            "必须是正数（0 或留空：不裁剪）".into(),
        );
    }
    // A message of the core's own (a formula, a name): it already says what is wrong.
    unframed_reason(e)
}

/// Every invalid field among `pairs` (`t.` keys without the prefix, e.g. `("ep", "-5")`).
pub fn field_problems(pairs: &[(&str, &str)]) -> Vec<FieldProblem> {
    let get = |k: &str| pairs.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
    let ds = get("ds").unwrap_or("circle");
    let mut out = Vec::new();
    if let Err(e) = TrainSetup::from_pairs([("t.ds", ds)]) {
        out.push(FieldProblem {
            key: "ds".into(),
            en: e.message_in(false),
            zh: e.message_in(true),
            item: None,
        });
        return out;
    }
    let keyed: Vec<(String, &str)> = pairs.iter().map(|(k, v)| (format!("t.{k}"), *v)).collect();
    for (key, value) in pairs.iter().filter(|(k, _)| *k != "ds") {
        let mut one = vec![("t.ds", ds), (keyed_name(&keyed, key), *value)];
        let companions: &[&str] = match *key {
            "every" | "gamma" | "floor" => &["sched"],
            "act" => &["h", "layers"],
            // The memory cap of the conv layers depends on the batch.
            "layers" => &["bs"],
            _ => &[],
        };
        for c in companions {
            // Only a companion that is fine on its own (its own problem is reported for it).
            if let Some(v) = get(c).filter(|v| {
                TrainSetup::from_pairs([("t.ds", ds), (keyed_name(&keyed, c), *v)]).is_ok()
            }) {
                one.push((keyed_name(&keyed, c), v));
            }
        }
        if let Err(e) = TrainSetup::from_pairs(one.clone()) {
            let (en, zh, item) = if *key == "layers" {
                let (en, zh) = unframed_reason(&e);
                (en, zh, first_bad_item(&one, value))
            } else {
                let (en, zh) = reason(key, value, &e);
                (en, zh, None)
            };
            out.push(FieldProblem {
                key: (*key).into(),
                en,
                zh,
                item,
            });
        }
    }
    if out.is_empty() {
        if let Err(e) = TrainSetup::from_pairs(keyed.iter().map(|(k, v)| (k.as_str(), *v))) {
            out.push(FieldProblem {
                key: String::new(),
                en: e.message_in(false),
                zh: e.message_in(true),
                item: None,
            });
        }
    }
    out
}

/// The first item of the layer list `value` at which the list stops being accepted (its shortest
/// refused prefix), checked with the other pairs of `one` (the data set, the batch).
fn first_bad_item(one: &[(&str, &str)], value: &str) -> Option<usize> {
    let items: Vec<&str> = value.split(',').collect();
    if items.len() > crate::nn::layer::spec::MAX_ITEMS {
        return None;
    }
    let mut end = 0;
    (0..items.len()).find(|&i| {
        end += items[i].len() + usize::from(i > 0);
        let prefix = &value[..end];
        let pairs = one
            .iter()
            .map(|&(k, v)| (k, if k == "t.layers" { prefix } else { v }));
        TrainSetup::from_pairs(pairs).is_err()
    })
}

/// The prefixed name of `key` held in `keyed` (borrowed from it).
fn keyed_name<'a>(keyed: &'a [(String, &str)], key: &str) -> &'a str {
    keyed
        .iter()
        .find(|(k, _)| k.strip_prefix("t.") == Some(key))
        .map_or("t.?", |(k, _)| k.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_invalid_field_is_named_without_its_key() {
        let p = field_problems(&[("ds", "circle"), ("ep", "-5"), ("lr", "5000"), ("bs", "32")]);
        let keys: Vec<&str> = p.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["ep", "lr"]);
        assert_eq!(p[0].en, "must not be negative");
        assert_eq!(p[0].zh, "不能为负数");
        assert_eq!(p[1].en, "must lie in (0, 1000]");
        for f in &p {
            assert!(!f.en.contains("t.") && !f.en.contains('`'), "{}", f.en);
        }
    }

    #[test]
    fn fractions_layers_and_valid_forms() {
        let p = field_problems(&[("ds", "spiral"), ("bs", "2.5"), ("h", "8,0")]);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].en, "must be a whole number");
        assert_eq!(p[1].en, format!("must lie in 1 – {MAX_UNITS}"));
        assert!(field_problems(&[("ds", "spiral"), ("ep", "10"), ("lr", "0.01")]).is_empty());
        // Each fine alone, wrong together: one form-level problem.
        let p = field_problems(&[("ds", "circle"), ("h", "8,8"), ("act", "relu,tanh,elu")]);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].key, "act");
    }

    #[test]
    fn the_cores_own_reason_comes_in_both_languages() {
        let p = field_problems(&[("ds", "circle"), ("opt", "rmsprop")]);
        assert_eq!(p.len(), 1);
        assert!(
            p[0].en.starts_with("unknown optimizer `rmsprop`"),
            "{}",
            p[0].en
        );
        assert!(p[0].zh.starts_with("未知的优化器 `rmsprop`"), "{}", p[0].zh);
        let p = field_problems(&[("ds", "nosuch")]);
        assert_eq!(p[0].key, "ds");
        assert!(p[0].en.contains("unknown dataset `nosuch`"), "{}", p[0].en);
        assert!(p[0].zh.contains("未知的数据集 `nosuch`"), "{}", p[0].zh);
        // A layer list: the setting's frame goes, the item's stays, in both languages.
        let p = field_problems(&[("ds", "digits"), ("layers", "conv8k9")]);
        assert!(p[0].en.starts_with("`conv8k9` does not fit"), "{}", p[0].en);
        assert!(
            p[0].zh.starts_with("`conv8k9` 放不进它的 8×8×1 输入"),
            "{}",
            p[0].zh
        );
        assert_eq!(p[0].item, Some(0));
    }
}

#[cfg(test)]
mod keep_tests {
    use crate::training::defaults::apply_keeping;
    use crate::training::TrainSetup;

    #[test]
    fn a_switch_keeps_the_fields_the_user_changed() {
        let mut s =
            TrainSetup::parse_hash("t.ds=digits&t.h=8,8&t.lr=0.03&t.bs=32&t.ep=50").unwrap();
        let applied = apply_keeping(&mut s, None, &["ep"]);
        assert_eq!(s.config.epochs, 50);
        assert_eq!(s.config.dense_units(), vec![32]);
        assert_eq!(s.config.lr, 0.003);
        assert!(applied.changes.iter().all(|c| c.key != "ep"));
        assert!(
            applied.en.contains("learning rate 0.03 → 0.003"),
            "{}",
            applied.en
        );
        assert!(!applied.en.contains("epochs 50"), "{}", applied.en);
    }
}
