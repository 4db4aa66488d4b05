//! The articles' claims, measured: sigmoid's early layers get far smaller gradients (Nielsen ch. 5),
//! SELU with LeCun init keeps activations near mean 0 / std 1 through 32 layers, comparisons share
//! init and batch order, and the convergence ratio is computed from real runs.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::Arc;

use activation_lab::data::images::DIGITS;
use activation_lab::data::TwoD;
use activation_lab::experiment::{
    compare, convergence_ratio, gradient_probe, normalization_probe, with_activation,
};
use activation_lab::nn::{ActivationSpec, Init, Optimizer, Status, TrainConfig, Trainer};

fn nielsen(act: &str) -> TrainConfig {
    TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&[30; 4]),
        activations: vec![ActivationSpec::named(act)],
        optimizer: Optimizer::Sgd,
        lr: 0.1,
        batch_size: 10,
        ..TrainConfig::default()
    }
}

#[test]
fn sigmoid_first_layer_learns_several_times_slower_than_last() {
    let split = Arc::new(DIGITS.load_split().unwrap());
    let p = gradient_probe(&nielsen("sigmoid"), Arc::clone(&split), 1).unwrap();
    assert_eq!(p.at_init.len(), 4);
    let (first, last) = (p.at_init[0], p.at_init[3]);
    assert!(
        first * 5.0 < last,
        "sigmoid at init: first {first}, last {last}"
    );
    // Layer by layer the gradient grows towards the output.
    assert!(p.at_init.windows(2).all(|w| w[0] < w[1]), "{:?}", p.at_init);
    // It persists after an epoch of training.
    assert_eq!(p.per_epoch.len(), 1);
    assert!(p.per_epoch[0][0] * 5.0 < p.per_epoch[0][3]);
    // ReLU with He init does not vanish like that.
    let r = gradient_probe(&nielsen("relu"), split, 0).unwrap();
    assert!(r.at_init[0] * 2.0 > r.at_init[3], "relu: {:?}", r.at_init);
}

#[test]
fn selu_with_lecun_init_self_normalises_through_32_layers() {
    let selu = ActivationSpec::named("selu");
    let p = normalization_probe(&selu, None, 32, 100, 1000, 1).unwrap();
    assert_eq!(p.init, Init::LecunNormal);
    assert_eq!(p.layers.len(), 32);
    for (l, m) in p.layers.iter().enumerate() {
        assert!(
            m.mean.abs() < 0.1 && (m.std - 1.0).abs() < 0.1,
            "layer {}: mean {} std {}",
            l + 1,
            m.mean,
            m.std
        );
    }
    // The same net with He init drifts away, and tanh with Glorot shrinks: the probe tells apart.
    let he = normalization_probe(&selu, Some(Init::HeNormal), 32, 100, 1000, 1).unwrap();
    assert!(he.layers[31].std > 2.0, "{:?}", he.layers[31]);
    let tanh = normalization_probe(&ActivationSpec::named("tanh"), None, 32, 100, 1000, 1).unwrap();
    assert!(tanh.layers[31].std < 0.3, "{:?}", tanh.layers[31]);
    // Bad sizes are errors, not panics.
    assert!(normalization_probe(&selu, None, 0, 100, 1000, 1).is_err());
    assert!(normalization_probe(&selu, None, 65, 100, 1000, 1).is_err());
    assert!(normalization_probe(&selu, None, 8, 100, 1, 1).is_err());
}

#[test]
fn compare_runs_share_seed_and_match_standalone_runs() {
    let split = Arc::new(TwoD::Circle.generate_split(300, 5.0, 0.5, 2).unwrap());
    let base = TrainConfig {
        epochs: 4,
        ..TrainConfig::default()
    };
    let acts = ActivationSpec::parse_list("relu,tanh,leaky_relu(0.2)").unwrap();
    let mut seen = Vec::new();
    let traces = compare(&base, &acts, Arc::clone(&split), |run, r| {
        seen.push((run, r.epoch))
    })
    .unwrap();
    assert_eq!(traces.len(), 3);
    assert_eq!(seen.len(), 12);
    assert_eq!(traces[2].activation, "leaky_relu(negative_slope=0.2)");
    for (t, a) in traces.iter().zip(&acts) {
        assert_eq!(t.status, Status::Finished);
        assert_eq!(
            t.epochs.iter().map(|e| e.epoch).collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
        // Each trace equals a standalone run of the same config: same init and batch order.
        let mut alone = Trainer::new(with_activation(&base, a), Arc::clone(&split)).unwrap();
        let mut losses = Vec::new();
        while alone.status() == Status::Running {
            losses.push(alone.run_epoch().evaluation.unwrap().train.loss);
        }
        let traced: Vec<f32> = t.epochs.iter().map(|e| e.train_loss).collect();
        assert_eq!(traced, losses);
    }
    assert_ne!(traces[0].epochs, traces[1].epochs);
    // A bad activation fails before any run starts.
    let bad = vec![ActivationSpec::named("relu"), ActivationSpec::named("nope")];
    assert!(compare(&base, &bad, split, |_, _| {}).is_err());
}

#[test]
fn convergence_ratio_is_measured_from_both_runs() {
    let split = Arc::new(DIGITS.load_split().unwrap());
    let base = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&[32, 32]),
        optimizer: Optimizer::Sgd,
        lr: 0.05,
        batch_size: 32,
        epochs: 50,
        ..TrainConfig::default()
    };
    let relu = ActivationSpec::named("relu");
    let tanh = ActivationSpec::named("tanh");
    let r = convergence_ratio(&base, Arc::clone(&split), &relu, &tanh, 0.1, 5).unwrap();
    let (f, s) = (
        r.fast
            .steps_to_target
            .expect("relu reaches 10% training error"),
        r.slow
            .steps_to_target
            .expect("tanh reaches 10% training error"),
    );
    assert!(r.fast.final_train_error <= 0.1 && r.slow.final_train_error <= 0.1);
    assert_eq!(f % 5, 0, "checked every 5 steps");
    // Steps to the target counted independently: a plain loop over the trainer, checking the
    // training error every 5 steps, must stop where `convergence_ratio` says.
    let count = |act: &ActivationSpec| {
        let mut t = Trainer::new(with_activation(&base, act), Arc::clone(&split)).unwrap();
        loop {
            t.step(5);
            let acc = t.evaluate().train.accuracy.unwrap();
            if 1.0 - acc <= 0.1 || t.status() != Status::Running {
                return t.step_count();
            }
        }
    };
    assert_eq!(f, count(&relu), "relu steps to 10% error");
    assert_eq!(s, count(&tanh), "tanh steps to 10% error");
    let ratio = r.ratio.unwrap();
    assert_eq!(ratio, s as f64 / f as f64);
    // The page's compare section reports the ratio of its runs' summaries through `speedup`.
    let summary = |steps| activation_lab::training::RunSummary {
        activation: String::new(),
        final_test_accuracy: None,
        final_test_binary_accuracy: None,
        best_test_accuracy: None,
        final_test_loss: None,
        epochs_to_target: None,
        steps_to_target: Some(steps),
        diverged: false,
        millis: 0.0,
    };
    assert_eq!(
        activation_lab::training::summary::speedup(&summary(f), &summary(s)),
        Some(ratio)
    );
    eprintln!("relu {f} steps, tanh {s} steps, ratio {ratio:.2}");
}
