//! Conv networks train, end to end, at CI cost: a small CNN learns the 8×8 digits; a run is
//! bit-for-bit reproducible (dropout noise, batch order and init from the seed); conv diagnostics
//! (per-layer gradient norm, activation mean/std, dead filters) are reported and mean what they
//! say; v2 model files with conv layers round-trip; caps and shape errors are clear. The MNIST
//! accuracy targets of issue #15 live in `nn_conv_accuracy.rs` (release build, `make cnn-accuracy`).
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::{ImageSource, Shape, Split};
use activation_lab::nn::{
    parse_layers, ActivationSpec, DropoutKind, ModelFile, Status, TrainConfig, Trainer,
};

fn digits() -> Split {
    ImageSource::from_name("digits")
        .unwrap()
        .load_split()
        .unwrap()
}

fn cnn(layers: &str, act: &str) -> TrainConfig {
    let mut c = TrainConfig {
        activations: vec![ActivationSpec::parse(act).unwrap()],
        lr: 0.003,
        batch_size: 32,
        epochs: 8,
        seed: 3,
        ..TrainConfig::default()
    };
    c.set_layers(parse_layers(layers).unwrap());
    c
}

#[test]
fn the_digit_sets_carry_their_image_shape() {
    let d = digits();
    assert_eq!(d.train.shape, Some(Shape::new(8, 8, 1)));
    assert_eq!(d.test.shape, d.train.shape);
}

#[test]
fn a_small_cnn_learns_the_8x8_digits() {
    let mut t = Trainer::new(
        cnn("conv8k3same,pool2,conv16k3same,pool2,32", "relu"),
        digits(),
    )
    .unwrap();
    while t.status() == Status::Running {
        t.run_epoch();
    }
    let e = t.evaluate();
    let acc = e.test.unwrap().accuracy.unwrap();
    assert!(acc >= 0.95, "test accuracy {acc}");
    assert_eq!(e.conv().len(), 2);
    let snap = t.snapshot();
    assert_eq!(snap.conv_layers, 2);
    assert!(snap.grad_norms[..snap.conv_layers].iter().all(|&g| g > 0.0));
}

#[test]
fn same_seed_same_run_bit_for_bit() {
    let config = TrainConfig {
        dropout_kind: DropoutKind::Alpha,
        ..cnn("conv4k3,drop0.2,pool2,12,drop0.3", "selu")
    };
    let run = || {
        let mut t = Trainer::new(config.clone(), digits()).unwrap();
        t.step(30);
        (t.network().params.clone(), t.snapshot())
    };
    let (a, sa) = run();
    let (b, sb) = run();
    assert!(a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits()));
    assert_eq!(sa, sb);
    let other = {
        let mut t = Trainer::new(TrainConfig { seed: 4, ..config }, digits()).unwrap();
        t.step(30);
        t.network().params.clone()
    };
    assert_ne!(a, other);
}

#[test]
fn dead_filters_are_the_ones_with_zero_output_everywhere() {
    let mut t = Trainer::new(cnn("conv6k3,pool2,10", "relu"), digits()).unwrap();
    // Kill filters 1 and 4: zero weights and a negative bias make their ReLU output 0 everywhere.
    let mut params = t.network().params.clone();
    let conv = t
        .network()
        .layers
        .iter()
        .find_map(|l| match l {
            activation_lab::nn::Layer::Conv2d(c) => Some(c.clone()),
            _ => None,
        })
        .unwrap();
    let f = conv.filters();
    for (i, p) in params[conv.weights.clone()].iter_mut().enumerate() {
        if [1, 4].contains(&(i % f)) {
            *p = 0.0;
        }
    }
    params[conv.biases.start + 1] = -1.0;
    params[conv.biases.start + 4] = -0.5;
    t.load_params(&params).unwrap();
    let e = t.evaluate();
    let s = e.conv()[0];
    assert!((s.dead_fraction - 2.0 / 6.0).abs() < 1e-6, "{s:?}");
    assert!(
        s.sparsity >= 2.0 / 6.0 && s.std > 0.0 && s.mean > 0.0,
        "{s:?}"
    );
}

#[test]
fn a_conv_model_file_is_version_3_and_round_trips_bit_for_bit() {
    let split = digits();
    let mut t = Trainer::new(
        cnn("conv4k3same,pool2,conv3k2,drop0.1,flatten,9", "prelu"),
        split.clone(),
    )
    .unwrap();
    t.step(20);
    let json = t.save();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["version"], 3);
    let kinds: Vec<&str> = v["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["conv2d", "conv2d", "dense", "dense"]);
    assert_eq!(v["shape"]["height"], 8);
    let mut back = Trainer::load(&json, split.clone()).unwrap();
    let x = &split.test.inputs[..split.test.features * 20];
    let (p, q) = (t.predict(x).unwrap(), back.predict(x).unwrap());
    assert!(p.iter().zip(&q).all(|(a, b)| a.to_bits() == b.to_bits()));
    // A conv layer that disagrees with the config is refused with a message.
    let mut bad = v.clone();
    bad["layers"][1]["biases"] = serde_json::json!([0.0]);
    let err = ModelFile::parse(&bad.to_string()).unwrap_err().to_string();
    assert!(err.contains("conv layer 2"), "{err}");
    let mut no_shape = v.clone();
    no_shape.as_object_mut().unwrap().remove("shape");
    let err = ModelFile::parse(&no_shape.to_string())
        .unwrap_err()
        .to_string();
    assert!(err.contains("shape"), "{err}");
}

#[test]
fn shape_and_size_errors_are_clear() {
    let flat = activation_lab::data::TwoD::from_name("circle")
        .unwrap()
        .generate_split(100, 0.0, 0.5, 1)
        .unwrap();
    let err = Trainer::new(cnn("conv4k3,8", "relu"), flat)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("image data"), "{err}");
    let err = Trainer::new(cnn("conv4k9,8", "relu"), digits())
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("does not fit its 8×8×1 input"), "{err}");
    let err = Trainer::new(cnn("conv8k3,pool2,pool2,pool2", "relu"), digits())
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("pool2"), "{err}");
    // 256 filters twice at 8×8 with a 4096 batch: far beyond the memory cap, refused up front.
    let huge = TrainConfig {
        batch_size: 4096,
        ..cnn("conv256k3same,conv256k3same,pool2", "relu")
    };
    let err = Trainer::new(huge, digits()).err().unwrap().to_string();
    assert!(err.contains("too much memory"), "{err}");
}
