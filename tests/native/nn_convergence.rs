//! Real-data convergence thresholds from the issue: 8×8 digits ≥ 97% test accuracy with ReLU in at
//! most 30 epochs, and the MNIST 10k subset ≥ 95%.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::images::{DIGITS, MNIST};
use activation_lab::nn::{ActivationSpec, Status, TrainConfig, Trainer};

fn train(split: activation_lab::data::Split, hidden: usize, epochs: usize, lr: f32) -> f32 {
    let config = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&[hidden]),
        activations: vec![ActivationSpec::named("relu")],
        lr,
        batch_size: 32,
        epochs,
        seed: 1,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(config, split).unwrap();
    while t.status() == Status::Running {
        t.step(1000);
    }
    assert_eq!(t.epoch(), epochs);
    let e = t.evaluate();
    e.test.unwrap().accuracy.unwrap()
}

#[test]
fn digits_8x8_relu_reaches_97_percent_in_30_epochs() {
    let acc = train(DIGITS.load_split().unwrap(), 32, 30, 0.003);
    eprintln!("digits 64-32-10 relu, 30 epochs: test accuracy {acc}");
    assert!(acc >= 0.97, "digits test accuracy {acc}");
}

#[test]
fn mnist_10k_subset_reaches_95_percent() {
    let acc = train(MNIST.load_split().unwrap(), 64, 20, 0.003);
    eprintln!("MNIST 784-64-10 relu, 20 epochs: test accuracy {acc}");
    assert!(acc >= 0.95, "MNIST test accuracy {acc}");
}
