//! Which form fields are invalid, each on its own: the page marks every one where it is and names
//! it by its visible label, so the reasons here never contain the `t.` key. A field is checked
//! with only the data set (and, for a schedule parameter, the schedule; for the activations, the
//! layers) beside it, through the same parser and validation a run uses.

use serde::Serialize;

use super::setup::TrainSetup;
use crate::nn::config::{MAX_BATCH, MAX_EPOCHS, MAX_LR, MAX_UNITS};

/// One invalid field: its `t.` key (empty: the fields are each fine but not together) and why,
/// in English and Chinese, without naming the field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldProblem {
    pub key: String,
    pub en: String,
    pub zh: String,
}

/// Keys whose values are whole numbers ≥ 0 (`h` is a list of them).
const WHOLE: [&str; 7] = ["h", "bs", "ep", "seed", "warm", "every", "n"];

/// Keys whose values are numbers.
const NUMERIC: [&str; 19] = [
    "lr", "bs", "ep", "h", "l1", "l2", "do", "seed", "warm", "cv", "cn", "stop", "noise", "ratio",
    "target", "gamma", "floor", "every", "n",
];

/// The allowed range of a numeric field, as the reader sees it (`(0, 1000]`, `1 to 4096`).
fn range(key: &str) -> Option<(String, String)> {
    let both = |s: String| Some((s.clone(), s));
    match key {
        "lr" => both(format!("(0, {MAX_LR}]")),
        "bs" => both(format!("1 – {MAX_BATCH}")),
        "ep" => both(format!("1 – {MAX_EPOCHS}")),
        "h" => both(format!("1 – {MAX_UNITS}")),
        "do" => both("[0, 1)".into()),
        "l1" | "l2" => both("[0, 10]".into()),
        _ => None,
    }
}

/// Why `value` is not accepted for `key` (`core`: the core's own message, used when no plainer
/// reason applies).
fn reason(key: &str, value: &str, core: &str) -> (String, String) {
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
    if let Some((en, zh)) = range(key) {
        return (format!("must lie in {en}"), format!("须在 {zh} 之内"));
    }
    // A message of the core's own (a formula, a name): it already says what is wrong.
    let text = core
        .split_once("`: ")
        .map_or(core, |(_, why)| why)
        .to_string();
    (text.clone(), text)
}

/// Every invalid field among `pairs` (`t.` keys without the prefix, e.g. `("ep", "-5")`).
pub fn field_problems(pairs: &[(&str, &str)]) -> Vec<FieldProblem> {
    let get = |k: &str| pairs.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
    let ds = get("ds").unwrap_or("circle");
    let mut out = Vec::new();
    if let Err(e) = TrainSetup::from_pairs([("t.ds", ds)]) {
        let text = e.to_string();
        out.push(FieldProblem {
            key: "ds".into(),
            en: text.clone(),
            zh: text,
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
        if let Err(e) = TrainSetup::from_pairs(one) {
            let (en, zh) = if *key == "layers" {
                super::layer_messages::layer_reason(&e.to_string())
            } else {
                reason(key, value, &e.to_string())
            };
            out.push(FieldProblem {
                key: (*key).into(),
                en,
                zh,
            });
        }
    }
    if out.is_empty() {
        if let Err(e) = TrainSetup::from_pairs(keyed.iter().map(|(k, v)| (k.as_str(), *v))) {
            let text = e.to_string();
            out.push(FieldProblem {
                key: String::new(),
                en: text.clone(),
                zh: text,
            });
        }
    }
    out
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
        assert_eq!(s.config.hidden, vec![32]);
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
