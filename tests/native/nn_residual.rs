//! Residual connections rescue deep saturating nets: with identity skips the first hidden layer's
//! gradient is of the same order as the last one's, without them it vanishes (the articles'
//! vanishing-gradient story and its modern cure). Also: config validation and training.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::TwoD;
use activation_lab::nn::{ActivationSpec, Status, TrainConfig, Trainer};

fn deep(act: &str, residual: bool) -> TrainConfig {
    TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&[16; 10]),
        activations: vec![ActivationSpec::named(act)],
        residual,
        lr: 0.03,
        batch_size: 32,
        epochs: 20,
        seed: 4,
        ..TrainConfig::default()
    }
}

/// The first hidden layer's speed of learning (bias-gradient norm ‖δ‖, what the gradient panel
/// draws) over the last hidden layer's, at initialisation.
fn first_over_last(act: &str, residual: bool) -> f32 {
    let split = TwoD::Circle.generate_split(400, 0.0, 0.5, 1).unwrap();
    let mut t = Trainer::new(deep(act, residual), split).unwrap();
    let norms = t.full_gradient_norms(200);
    let hidden = norms.len() - 1;
    norms[0].1 / norms[hidden - 1].1
}

#[test]
fn skips_keep_the_first_layer_gradient_close_to_the_last() {
    // Sigmoid (σ′ ≤ ¼ per layer) is the articles' vanishing case: ten layers shrink the first
    // layer's gradient by about 10⁻⁵ relative to the last; with skips it stays of the same order.
    let plain = first_over_last("sigmoid", false);
    let skip = first_over_last("sigmoid", true);
    eprintln!("sigmoid: first/last speed of learning {plain:e} without skips, {skip:e} with");
    assert!(plain < 1e-3, "plain deep sigmoid should vanish: {plain}");
    assert!((0.1..10.0).contains(&skip), "with skips: {skip}");
    assert!(
        skip.ln().abs() * 4.0 < plain.ln().abs(),
        "{skip} vs {plain}"
    );
}

#[test]
fn a_deep_residual_sigmoid_net_learns_where_the_plain_one_stalls() {
    let split = TwoD::Circle.generate_split(400, 0.0, 0.5, 2).unwrap();
    let mut acc = Vec::new();
    for residual in [false, true] {
        let mut t = Trainer::new(deep("sigmoid", residual), split.clone()).unwrap();
        while t.status() == Status::Running {
            t.run_epoch();
        }
        acc.push(t.evaluate().test.unwrap().accuracy.unwrap());
    }
    eprintln!(
        "deep sigmoid test accuracy: plain {}, residual {}",
        acc[0], acc[1]
    );
    assert!(acc[1] >= 0.9, "residual: {}", acc[1]);
    assert!(acc[1] > acc[0] + 0.2, "{acc:?}");
}

#[test]
fn residual_needs_equal_consecutive_widths() {
    let c = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&[8, 4, 8]),
        residual: true,
        ..TrainConfig::default()
    };
    let err = c.validate().unwrap_err().to_string();
    assert!(err.contains("same width"), "{err}");
    let json = r#"{"hidden":[4,4],"residual":true}"#;
    let c: TrainConfig = serde_json::from_str(json).unwrap();
    assert!(c.residual && c.validate().is_ok());
    // Saved models carry the flag.
    let split = TwoD::Xor.generate_split(100, 0.0, 0.5, 1).unwrap();
    let t = Trainer::new(c, split.clone()).unwrap();
    let loaded = Trainer::load(&t.save(), split).unwrap();
    assert!(loaded.network().has_skips());
}
