//! Model file versions: a version-1 file (an MLP on moons with per-unit PReLU, written before
//! layer lists existed; `tests/data/model_v1_moons.json`) still loads and evaluates to the metrics
//! its training run printed, and re-saving it writes version 2 with the same content otherwise.
//! Conv models (version 2 only) are covered in `nn_conv_train.rs`.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::TwoD;
use activation_lab::nn::model_file::VERSION;
use activation_lab::nn::{ModelFile, Trainer};

const V1: &str = include_str!("data/model_v1_moons.json");

#[test]
fn a_version_1_file_loads_and_reproduces_its_metrics() {
    let file = ModelFile::parse(V1).unwrap();
    assert_eq!(file.version, 1);
    assert!(file.conv.is_empty() && file.shape.is_none() && file.config.layers.is_empty());
    let g = file.data.as_ref().unwrap().generated.unwrap();
    let split = TwoD::from_name("moons")
        .unwrap()
        .generate_split(g.samples, g.noise, g.train_ratio, g.seed)
        .unwrap();
    let mut t = Trainer::from_model(&file, split).unwrap();
    let e = t.evaluate();
    // What `train --dataset moons --layers 6,5 --activation prelu --prelu-per-unit --epochs 3
    // --seed 5` printed for its last epoch when it saved the file.
    assert_eq!(e.test.unwrap().loss, 0.22417854);
    assert_eq!(e.test.unwrap().accuracy, Some(0.908));
    assert_eq!(e.train.loss, 0.24817643);
    let again: serde_json::Value =
        serde_json::from_str(&t.save_with_data(file.data.clone().unwrap())).unwrap();
    let mut old: serde_json::Value = serde_json::from_str(V1).unwrap();
    assert_eq!(again["version"], VERSION);
    assert_eq!(VERSION, 2);
    old["version"] = again["version"].clone();
    assert_eq!(again["layers"], old["layers"]);
    assert_eq!(again["config"], old["config"]);
}
