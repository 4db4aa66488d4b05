//! Saved models: a round trip reproduces predictions bit for bit, and every malformed document is
//! rejected with a message that says what is wrong.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::csv::Normalisation;
use activation_lab::data::{Dataset, Split, Task, TwoD};
use activation_lab::nn::model_file::{FORMAT, VERSION};
use activation_lab::nn::{
    ActivationSpec, DataInfo, Generated, ModelFile, Status, TrainConfig, Trainer,
};
use serde_json::{json, Value};

fn three_class_split() -> Split {
    // Three clusters along a line, 60 points; half train, half test.
    let mut inputs = Vec::new();
    let mut labels = Vec::new();
    for i in 0..60u32 {
        let c = i % 3;
        let jitter = (i as f32 * 0.37).sin() * 0.3;
        inputs.extend([c as f32 * 2.0 - 2.0 + jitter, jitter * 0.5]);
        labels.push(c);
    }
    let make = |range: std::ops::Range<usize>| Dataset {
        features: 2,
        shape: None,
        task: Task::Classification { classes: 3 },
        inputs: inputs[range.start * 2..range.end * 2].to_vec(),
        labels: labels[range].to_vec(),
        targets: Vec::new(),
    };
    Split {
        train: make(0..30),
        test: make(30..60),
    }
}

fn trained(config: TrainConfig, split: Split) -> Trainer {
    let mut t = Trainer::new(config, split).unwrap();
    t.step(25);
    assert_eq!(t.status(), Status::Running);
    t
}

fn grid() -> Vec<f32> {
    (0..400)
        .flat_map(|i| [(i % 20) as f32 * 0.6 - 6.0, (i / 20) as f32 * 0.6 - 6.0])
        .collect()
}

#[test]
fn round_trip_gives_bit_identical_predictions() {
    let prelu = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&[5, 4]),
        activations: vec![ActivationSpec::parse("prelu").unwrap()],
        prelu_per_unit: true,
        lr: 0.05,
        batch_size: 8,
        seed: 11,
        ..TrainConfig::default()
    };
    let cases = [
        (prelu, three_class_split()),
        (
            TrainConfig {
                layers: activation_lab::nn::layer::spec::dense_list(&[6]),
                activations: vec![ActivationSpec::named("tanh")],
                seed: 3,
                ..TrainConfig::default()
            },
            TwoD::Plane.generate_split(200, 0.0, 0.5, 1).unwrap(),
        ),
        (
            TrainConfig {
                layers: activation_lab::nn::layer::spec::dense_list(&[7, 3]),
                activations: vec![ActivationSpec::named("elu"), ActivationSpec::named("gelu")],
                seed: 9,
                ..TrainConfig::default()
            },
            TwoD::Spiral.generate_split(200, 0.0, 0.5, 1).unwrap(),
        ),
    ];
    for (config, split) in cases {
        let mut a = trained(config, split.clone());
        let json = a.save();
        let mut b = Trainer::load(&json, split).unwrap();
        assert_eq!(b.network().params, a.network().params);
        let (pa, pb) = (a.predict(&grid()).unwrap(), b.predict(&grid()).unwrap());
        assert_eq!(
            pa.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            pb.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
        assert_eq!(a.evaluate().test, b.evaluate().test);
        // And the document re-serialises identically.
        assert_eq!(ModelFile::parse(&json).unwrap().to_json(), json);
    }
}

#[test]
fn document_names_format_version_shapes_and_data() {
    let split = three_class_split();
    let t = trained(
        TrainConfig {
            layers: activation_lab::nn::layer::spec::dense_list(&[4]),
            activations: vec![ActivationSpec::parse("prelu").unwrap()],
            ..TrainConfig::default()
        },
        split,
    );
    let norm = Normalisation {
        mean: vec![0.5, -1.0],
        std: vec![2.0, 0.0],
    };
    let generated = Generated {
        samples: 60,
        noise: 5.0,
        train_ratio: 0.5,
        seed: 8,
    };
    let json = t.save_with_data(DataInfo {
        normalisation: Some(norm.clone()),
        generated: Some(generated),
        ..DataInfo::named("my.csv")
    });
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["format"], FORMAT);
    assert_eq!(v["version"], VERSION);
    assert_eq!(v["features"], 2);
    assert_eq!(v["task"], json!({"kind": "classification", "classes": 3}));
    assert_eq!(v["layers"][0]["inputs"], 2);
    assert_eq!(v["layers"][0]["outputs"], 4);
    assert_eq!(v["layers"][0]["weights"].as_array().unwrap().len(), 8);
    assert_eq!(v["layers"][0]["prelu_alpha"].as_array().unwrap().len(), 1);
    assert_eq!(v["layers"][1]["outputs"], 3);
    assert!(v["layers"][1].get("prelu_alpha").is_none());
    assert_eq!(v["steps_trained"], 25);
    let back = ModelFile::parse(&json).unwrap();
    let data = back.data.unwrap();
    assert_eq!(data.name, "my.csv");
    assert_eq!(data.normalisation, Some(norm));
    assert_eq!(data.generated, Some(generated));
}

/// A valid document as a JSON value, for the rejection cases to break.
fn valid() -> Value {
    let t = trained(
        TrainConfig {
            layers: activation_lab::nn::layer::spec::dense_list(&[3]),
            activations: vec![ActivationSpec::parse("prelu").unwrap()],
            ..TrainConfig::default()
        },
        three_class_split(),
    );
    serde_json::from_str(&t.save()).unwrap()
}

fn rejects(doc: &Value, words: &str) {
    let err = ModelFile::parse(&doc.to_string()).unwrap_err().to_string();
    assert!(err.contains(words), "expected `{words}` in: {err}");
}

#[test]
fn every_malformed_document_is_rejected_clearly() {
    assert!(ModelFile::parse(&valid().to_string()).is_ok());
    let err = ModelFile::parse("{not json").unwrap_err().to_string();
    assert!(err.contains("not valid JSON"), "{err}");
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut v = valid();
        f(&mut v);
        v
    };
    rejects(
        &edit(&|v| v["format"] = json!("keras")),
        "format is `keras`",
    );
    rejects(
        &edit(&|v| {
            v.as_object_mut().unwrap().remove("format");
        }),
        "no `format",
    );
    rejects(
        &edit(&|v| v["version"] = json!(VERSION + 1)),
        "not supported",
    );
    rejects(&edit(&|v| v["version"] = json!(0)), "not supported");
    rejects(&edit(&|v| v["version"] = json!("1")), "numeric `version`");
    rejects(&edit(&|v| v["config"]["lr"] = json!(-1.0)), "learning rate");
    rejects(&edit(&|v| v["surprise"] = json!(1)), "malformed");
    rejects(&edit(&|v| v["features"] = json!(0)), "features");
    rejects(
        &edit(&|v| v["task"] = json!({"kind": "classification", "classes": 1})),
        "classes",
    );
    rejects(
        &edit(&|v| {
            v["layers"].as_array_mut().unwrap().pop();
        }),
        "dense layers are expected",
    );
    rejects(
        &edit(&|v| v["layers"][0]["outputs"] = json!(4)),
        "config makes it 2×3",
    );
    rejects(
        &edit(&|v| {
            v["layers"][1]["weights"].as_array_mut().unwrap().pop();
        }),
        "needs 9 weights",
    );
    rejects(
        &edit(&|v| {
            v["layers"][1]["biases"]
                .as_array_mut()
                .unwrap()
                .push(json!(0.0));
        }),
        "needs 3 biases",
    );
    rejects(
        &edit(&|v| v["layers"][0]["prelu_alpha"] = json!([0.25, 0.25])),
        "PReLU slope",
    );
    rejects(
        &edit(&|v| v["layers"][0]["weights"][0] = json!(1e39)),
        "non-finite",
    );
    rejects(
        &edit(&|v| v["layers"][0]["weights"][0] = json!("x")),
        "malformed",
    );
    rejects(
        &edit(&|v| {
            v["data"] = json!({"name": "d", "normalisation": {"mean": [0.0], "std": [1.0]}})
        }),
        "standardisation",
    );
    rejects(
        &edit(&|v| {
            v["data"] =
                json!({"name": "d", "normalisation": {"mean": [0.0, 0.0], "std": [1.0, -1.0]}})
        }),
        "std ≥ 0",
    );
    rejects(
        &edit(&|v| {
            v["data"] =
                json!({"name": "d", "generated": {"samples": 10, "noise": 1.0, "train_ratio": 0.5}})
        }),
        "malformed",
    );
    // Over the parameter cap, caught by the config's size check before any layer is read.
    rejects(
        &edit(&|v| v["config"]["hidden"] = json!([1024, 1024, 1024, 1024, 1024])),
        "parameters",
    );
}

#[test]
fn loading_onto_mismatched_data_is_rejected() {
    let json = valid().to_string();
    let two_class = TwoD::Circle.generate_split(100, 0.0, 0.5, 1).unwrap();
    let err = Trainer::load(&json, two_class).err().unwrap().to_string();
    assert!(
        err.contains("3 classes") && err.contains("2 classes"),
        "{err}"
    );
    let regression = TwoD::Plane.generate_split(100, 0.0, 0.5, 1).unwrap();
    assert!(Trainer::load(&json, regression).is_err());
}

#[test]
fn any_finite_f32_parameter_survives_the_json_round_trip() {
    // The file writes f32s as their shortest decimal and reads them through f64 (so overflow is
    // a named error, not serde's); that must give back the same bits for every finite f32.
    use rand::{Rng, SeedableRng};
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(9);
    for _ in 0..200_000 {
        let v = f32::from_bits(rng.random::<u32>());
        if !v.is_finite() {
            continue;
        }
        let text = serde_json::to_string(&v).unwrap();
        let back = serde_json::from_str::<f64>(&text).unwrap() as f32;
        assert_eq!(back.to_bits(), v.to_bits(), "{v:e} -> {text}");
    }
}
