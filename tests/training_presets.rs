//! The training page's presets live in the core (`training::presets`); the page only asks for
//! them. Each is a valid setup that says what the page's buttons promise.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::nn::ActivationSpec;
use activation_lab::training::presets::{
    compare_preset, short_label, COMPARE_CHOICES, COMPARE_PRESETS, DEEP_SIGMOID, RATIO_PRESET,
};
use activation_lab::training::TrainSetup;

fn setup(pairs: &[(&str, String)]) -> TrainSetup {
    let hash: Vec<String> = pairs.iter().map(|(k, v)| format!("t.{k}={v}")).collect();
    TrainSetup::parse_hash(&hash.join("&")).unwrap()
}

#[test]
fn compare_presets_are_valid_setups() {
    for name in COMPARE_PRESETS {
        for ds in ["circle", "digits", "mnist"] {
            let s = setup(&compare_preset(name, ds).unwrap());
            assert!(s.compare.len() >= 2, "{name}: {:?}", s.compare);
        }
    }
    // The article preset keeps MNIST when it is shown, else the 8×8 digits.
    assert_eq!(
        setup(&compare_preset("article", "mnist").unwrap())
            .data
            .name(),
        "mnist"
    );
    assert_eq!(
        setup(&compare_preset("article", "xor").unwrap())
            .data
            .name(),
        "digits"
    );
    // The ratio preset compares exactly its two activations.
    let (name, fast, slow) = RATIO_PRESET;
    let labels: Vec<String> = setup(&compare_preset(name, "digits").unwrap())
        .compare
        .iter()
        .map(ActivationSpec::label)
        .collect();
    assert_eq!(labels, vec![fast.to_string(), slow.to_string()]);
    let e = compare_preset("nope", "digits").unwrap_err().to_string();
    assert!(e.contains("nope") && e.contains("article"), "{e}");
}

#[test]
fn choices_and_skip_preset_parse() {
    for c in COMPARE_CHOICES {
        ActivationSpec::parse(c).unwrap();
    }
    assert_eq!(
        short_label("leaky_relu(negative_slope=0.2)").unwrap(),
        "leaky_relu 0.2"
    );
    assert_eq!(short_label("gelu").unwrap(), "gelu");
    assert!(short_label("nope(").is_err());
    let pairs: Vec<(&str, String)> = DEEP_SIGMOID
        .iter()
        .map(|&(k, v)| (k, v.to_string()))
        .collect();
    let s = setup(&pairs);
    assert_eq!(s.config.hidden, vec![16; 10]);
    assert!(s.config.residual);
}
