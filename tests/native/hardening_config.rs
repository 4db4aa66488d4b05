//! Hostile input against the training configuration (`TrainConfig` JSON + `validate` +
//! `check_size`): what the worker, saved models and the CLI read. Never panics; what is accepted
//! round-trips through JSON and stays inside the caps that keep a tab within ~300 MB.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::nn::config::{
    MAX_BATCH, MAX_BATCH_UNITS, MAX_EPOCHS, MAX_LAYERS, MAX_PARAMS, MAX_UNITS,
};
use activation_lab::nn::TrainConfig;
use proptest::prelude::*;
use serde_json::{json, Value};

fn parse(text: &str) -> Result<TrainConfig, String> {
    let c: TrainConfig = serde_json::from_str(text).map_err(|e| e.to_string())?;
    c.validate().map_err(|e| e.to_string())?;
    c.check_size(784, 10).map_err(|e| e.to_string())?;
    Ok(c)
}

fn rejected(text: &str) -> String {
    match parse(text) {
        Ok(c) => panic!("config should be rejected: {c:?}"),
        Err(m) => m,
    }
}

fn hostile_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|v| serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)),
        (0u64..40).prop_map(Value::from),
        Just(json!(1e300)),
        Just(json!(-1)),
        Just(json!("NaN")),
        Just(Value::Null),
    ]
}

/// Mostly sane values of a field (so some configs are accepted), sometimes hostile ones.
fn field(sane: impl Strategy<Value = Value> + 'static) -> impl Strategy<Value = Value> {
    prop_oneof![6 => sane, 1 => hostile_number()]
}

fn units() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => proptest::collection::vec(1u64..64, 0..6).prop_map(|v| json!(v)),
        1 => proptest::collection::vec(0u64..1100, 0..8).prop_map(|v| json!(v)),
        1 => proptest::collection::vec(1u64..2000, 60..70).prop_map(|v| json!(v)),
        1 => Just(json!([1_000_000_000u64])),
        1 => Just(json!([1024, 1, 1024, 1, 1024, 1, 1024])),
        1 => hostile_number(),
    ]
}

fn activation() -> impl Strategy<Value = Value> {
    let names = activation_lab::activation::names();
    (
        proptest::sample::select(names),
        prop_oneof![
            3 => Just(std::collections::BTreeMap::new()),
            1 => proptest::collection::btree_map(
                prop_oneof![Just("alpha".to_string()), Just("negative_slope".to_string()), "[a-z_]{1,14}"],
                prop_oneof![0.0f64..2.0, any::<f64>()],
                0..3,
            ),
        ],
    )
        .prop_map(|(n, p)| {
            let params: serde_json::Map<String, Value> = p
                .into_iter()
                .filter_map(|(k, v)| serde_json::Number::from_f64(v).map(|n| (k, Value::Number(n))))
                .collect();
            json!({ "name": n, "params": params })
        })
}

fn config_value() -> impl Strategy<Value = Value> {
    (
        units(),
        prop_oneof![6 => proptest::collection::vec(activation(), 1..2), 1 => proptest::collection::vec(activation(), 0..4)],
        field((1e-4f64..10.0).prop_map(|v| json!(v))),
        field((1u64..5000).prop_map(|v| json!(v))),
        field((1u64..12_000).prop_map(|v| json!(v))),
        field((0.0f64..0.9).prop_map(|v| json!(v))),
        proptest::sample::select(vec![
            json!({ "kind": "sgd" }),
            json!({ "kind": "adam", "beta1": 0.9, "beta2": 0.999, "eps": 1e-8 }),
            json!({ "kind": "momentum", "momentum": 0.9, "nesterov": true }),
            json!({ "kind": "momentum", "momentum": 1.5, "nesterov": false }),
            json!({ "kind": "adam", "beta1": -1.0, "beta2": 0.999, "eps": 0.0 }),
            json!({ "kind": "rmsprop" }),
        ]),
        proptest::option::weighted(0.2, hostile_number()),
        proptest::option::weighted(0.1, "[a-z]{1,8}"),
    )
        .prop_map(|(hidden, acts, lr, batch, epochs, dropout, opt, clip, extra)| {
            let mut v = json!({
                "hidden": hidden, "activations": acts, "lr": lr, "batch_size": batch,
                "epochs": epochs, "dropout": dropout, "optimizer": opt,
            });
            if let Some(c) = clip {
                v["clip_norm"] = c;
            }
            if let Some(k) = extra {
                v[k] = json!(1);
            }
            v
        })
}

/// The generator must reach the accepting branch often enough for the round-trip property to
/// mean something.
#[test]
fn the_generator_produces_accepted_configs() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = config_value();
    let accepted = (0..1000)
        .filter(|_| {
            parse(
                &strategy
                    .new_tree(&mut runner)
                    .unwrap()
                    .current()
                    .to_string(),
            )
            .is_ok()
        })
        .count();
    assert!(
        accepted >= 50,
        "only {accepted} of 1000 generated configs were accepted"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        let _ = parse(&text);
    }

    #[test]
    fn accepted_configs_round_trip_and_respect_every_cap(v in config_value()) {
        let Ok(c) = parse(&v.to_string()) else { return Ok(()) };
        prop_assert!(c.dense_units().len() <= MAX_LAYERS);
        prop_assert!(c.dense_units().iter().all(|&u| (1..=MAX_UNITS).contains(&u)));
        prop_assert!((1..=MAX_BATCH).contains(&c.batch_size));
        prop_assert!((1..=MAX_EPOCHS).contains(&c.epochs));
        prop_assert!(c.lr.is_finite() && c.lr > 0.0);
        let n = c.check_size(784, 10).unwrap();
        prop_assert!(n <= MAX_PARAMS);
        prop_assert!(c.batch_size * (c.dense_units().iter().sum::<usize>() + 10) <= MAX_BATCH_UNITS);
        let json = serde_json::to_string(&c).unwrap();
        let back: TrainConfig = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &c);
        back.validate().unwrap();
    }
}

#[test]
fn a_billion_units_is_an_error_not_an_allocation() {
    let m = rejected(r#"{"hidden":[1000000000]}"#);
    assert!(
        m.contains("1 to 1024 units") && m.contains("1000000000"),
        "{m}"
    );
    // Within the per-layer cap but over the parameter cap.
    let m = rejected(&json!({ "hidden": vec![1024; 8] }).to_string());
    assert!(m.contains("parameters"), "{m}");
    // Alternating wide/narrow layers has few parameters but a huge batch workspace.
    let wide: Vec<usize> = (0..64).map(|i| if i % 2 == 0 { 1024 } else { 1 }).collect();
    let m = rejected(&json!({ "hidden": wide, "batch_size": 4096 }).to_string());
    assert!(m.contains("too much memory"), "{m}");
}

#[test]
fn negative_and_absurd_counts_are_rejected() {
    let m = rejected(r#"{"epochs":-5}"#);
    assert!(m.contains("invalid value") && m.contains("-5"), "{m}");
    let m = rejected(r#"{"epochs":0}"#);
    assert!(m.contains("epochs must be 1 to"), "{m}");
    let m = rejected(r#"{"epochs":18446744073709551615}"#);
    assert!(m.contains("epochs must be 1 to"), "{m}");
    let m = rejected(r#"{"batch_size":1e9}"#);
    assert!(m.contains("invalid type"), "{m}");
    let m = rejected(
        r#"{"hidden":[8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8]}"#,
    );
    assert!(m.contains("hidden layers is too many"), "{m}");
}

#[test]
fn non_finite_numbers_are_rejected() {
    // JSON has no NaN/Infinity literals; serde_json refuses them, and overflowing literals.
    for text in [r#"{"lr":NaN}"#, r#"{"lr":Infinity}"#, r#"{"lr":1e999}"#] {
        let m = rejected(text);
        assert!(
            m.contains("expected value") || m.contains("out of range"),
            "{text}: {m}"
        );
    }
    // A float that overflows f32 is refused: serde_json's exact parser (float_roundtrip) says
    // "number out of range" for the f32 field before validation would see an infinity.
    let m = rejected(r#"{"lr":1e300}"#);
    assert!(
        m.contains("out of range") || m.contains("learning rate"),
        "{m}"
    );
    let m = rejected(r#"{"activations":[{"name":"elu","params":{"alpha":1e308}}]}"#);
    assert!(m.contains("alpha"), "{m}");
    let m = rejected(r#"{"clip_norm":-1}"#);
    assert!(m.contains("clip norm must be a positive number"), "{m}");
}

#[test]
fn unknown_fields_are_named() {
    let m = rejected(r#"{"hidden":[4],"__proto__":{"polluted":true}}"#);
    assert!(m.contains("unknown field `__proto__`"), "{m}");
    let m = rejected(r#"{"activations":[{"name":"<script>alert(1)</script>"}]}"#);
    assert!(m.contains("unknown activation"), "{m}");
}

#[test]
fn deeply_nested_json_fails_cleanly_without_overflowing_the_stack() {
    for depth in [200, 100_000] {
        let text = format!("{{\"hidden\":{}{}}}", "[".repeat(depth), "]".repeat(depth));
        let m = rejected(&text);
        assert!(
            m.contains("recursion limit") || m.contains("invalid type"),
            "{depth}: {m}"
        );
    }
    // Unknown keys stop the parse at the first level; a nested value under a known key hits the
    // parser's depth limit.
    let nested_obj = format!("{}{}", "{\"a\":".repeat(50_000), "}".repeat(50_000));
    assert!(rejected(&nested_obj).contains("unknown field `a`"));
    let under_params = format!(
        "{{\"activations\":[{{\"name\":\"elu\",\"params\":{{\"alpha\":{}1{}}}}}]}}",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    let m = rejected(&under_params);
    assert!(
        m.contains("recursion limit") || m.contains("invalid type"),
        "{m}"
    );
}

#[test]
fn default_and_documented_largest_configs_are_accepted() {
    parse("{}").unwrap();
    // The largest accepted shapes used by docs/hosting.md's memory computation.
    parse(&json!({ "hidden": [1024, 1024, 1024], "batch_size": 1024 }).to_string()).unwrap();
    let alt: Vec<usize> = (0..64).map(|i| if i % 2 == 0 { 1024 } else { 1 }).collect();
    parse(&json!({ "hidden": alt, "batch_size": 120 }).to_string()).unwrap();
}
