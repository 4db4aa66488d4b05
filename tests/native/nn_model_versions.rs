//! Model file versions: a version-1 file (an MLP on moons with per-unit PReLU, written before
//! layer lists existed; `tests/data/model_v1_moons.json`) still loads and evaluates to the metrics
//! its training run printed, and re-saving it writes version 3 with the same content otherwise
//! (each layer entry now names its kind). A version-2 conv file likewise.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::TwoD;
use activation_lab::nn::model_file::VERSION;
use activation_lab::nn::{ModelFile, Trainer};

const V1: &str = include_str!("../data/model_v1_moons.json");

#[test]
fn a_version_1_file_loads_and_reproduces_its_metrics() {
    let file = ModelFile::parse(V1).unwrap();
    assert_eq!(file.version, 1);
    assert!(
        file.conv.is_empty()
            && file.shape.is_none()
            && activation_lab::nn::layer::spec::is_plain_mlp(&file.config.layers)
    );
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
    assert_eq!(VERSION, 3);
    old["version"] = again["version"].clone();
    let mut layers = again["layers"].clone();
    for l in layers.as_array_mut().unwrap() {
        assert_eq!(l["kind"], "dense");
        l.as_object_mut().unwrap().remove("kind");
    }
    assert_eq!(layers, old["layers"]);
    assert_eq!(again["config"], old["config"]);
}

/// A version-2 conv model (`tests/data/model_v2_digits_cnn.json`, written by the engine before
/// the layer redesign: `train --dataset digits --layers conv4k3same,pool2,conv3k2,drop0.1,flatten,9
/// --activation prelu --epochs 2 --seed 3 --save …`) loads into the one-list network, evaluates to
/// what that run printed, and re-saves as version 3 with the same numbers in one `layers` list.
#[test]
fn a_version_2_conv_file_loads_and_reproduces_its_metrics() {
    const V2: &str = include_str!("../data/model_v2_digits_cnn.json");
    let file = ModelFile::parse(V2).unwrap();
    assert_eq!(file.version, 2);
    let split = activation_lab::data::ImageSource::from_name("digits")
        .unwrap()
        .load_split()
        .unwrap();
    let mut t = Trainer::from_model(&file, split).unwrap();
    let e = t.evaluate();
    // What that run printed for its last epoch (and `eval-model` on the file).
    assert_eq!(e.train.loss, 0.40249646);
    assert_eq!(e.train.accuracy, Some(0.8775226));
    assert_eq!(e.test.unwrap().loss, 0.39014822);
    assert_eq!(e.test.unwrap().accuracy, Some(0.87777776));
    let old: serde_json::Value = serde_json::from_str(V2).unwrap();
    let again: serde_json::Value = serde_json::from_str(&t.save()).unwrap();
    assert_eq!(again["version"], 3);
    assert!(again.get("conv").is_none());
    assert_eq!(again["config"], old["config"]);
    let layers = again["layers"].as_array().unwrap();
    let kinds: Vec<&str> = layers.iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["conv2d", "conv2d", "dense", "dense"]);
    for (new, old) in layers[..2].iter().zip(old["conv"].as_array().unwrap()) {
        for key in ["input", "output", "weights", "biases", "prelu_alpha"] {
            assert_eq!(new[key], old[key], "{key}");
        }
    }
    for (new, old) in layers[2..].iter().zip(old["layers"].as_array().unwrap()) {
        for key in ["inputs", "outputs", "weights", "biases", "prelu_alpha"] {
            assert_eq!(new.get(key), old.get(key), "{key}");
        }
    }
}
