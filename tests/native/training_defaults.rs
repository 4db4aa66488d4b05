//! Per-data-set defaults (`training::defaults`): a link that names only a data set trains to a good
//! result with relu (8×8 digits ≥ 97 %, MNIST subset ≥ 95 %, the 2-D sets ≥ 90 % at noise 0), a
//! user CSV gets a network sized by its features, and `apply` says what it changed.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::Arc;

use activation_lab::data::images::{DIGITS, MNIST};
use activation_lab::data::{Split, Task, TwoD};
use activation_lab::experiment::{compare, default_activations};
use activation_lab::nn::{Status, TrainConfig, Trainer};
use activation_lab::training::defaults::{apply, defaults_for, table, UserShape};
use activation_lab::training::{DataChoice, TrainSetup};

/// Trains `config` to the end and returns its test accuracy.
fn test_accuracy(config: TrainConfig, split: impl Into<Arc<Split>>) -> f32 {
    let epochs = config.epochs;
    let mut t = Trainer::new(config, split).unwrap();
    while t.status() == Status::Running {
        t.step(1000);
    }
    assert_eq!(t.status(), Status::Finished);
    assert_eq!(t.epoch(), epochs);
    t.evaluate().test.unwrap().accuracy.unwrap()
}

#[test]
fn a_digits_link_trains_relu_to_97_percent() {
    let setup = TrainSetup::parse_hash("t.ds=digits").unwrap();
    assert_eq!(setup.config.activations[0].name, "relu");
    let acc = test_accuracy(setup.config.clone(), DIGITS.load_split().unwrap());
    eprintln!(
        "digits {:?}: test accuracy {acc}",
        setup.config.dense_units()
    );
    assert!(acc >= 0.97, "digits test accuracy {acc}");
}

#[test]
fn an_mnist_link_trains_relu_to_95_percent() {
    let setup = TrainSetup::parse_hash("t.ds=mnist").unwrap();
    let acc = test_accuracy(setup.config.clone(), MNIST.load_split().unwrap());
    eprintln!(
        "MNIST {:?}: test accuracy {acc}",
        setup.config.dense_units()
    );
    assert!(acc >= 0.95, "MNIST test accuracy {acc}");
}

#[test]
fn every_2d_classification_link_trains_relu_to_90_percent() {
    for d in TwoD::ALL.into_iter().filter(|d| d.is_classification()) {
        let setup = TrainSetup::parse_hash(&format!("t.ds={}", d.name())).unwrap();
        let split = setup.build_split(None).unwrap();
        let acc = test_accuracy(setup.config.clone(), split);
        eprintln!(
            "{} {:?}: test accuracy {acc}",
            d.name(),
            setup.config.dense_units()
        );
        assert!(acc >= 0.9, "{}: test accuracy {acc}", d.name());
    }
}

#[test]
fn a_csv_of_digits_gets_a_network_that_learns_it() {
    let split = DIGITS.load_split().unwrap();
    let shape = UserShape {
        rows: split.train.len() + split.test.len(),
        features: split.train.features,
        task: Task::Classification { classes: 10 },
    };
    let d = defaults_for(DataChoice::Csv, Some(shape));
    assert_eq!(d.hidden.len(), 1);
    assert!(d.hidden[0] >= 64, "{:?}", d.hidden);
    let mut setup = TrainSetup::parse_hash("t.ds=csv").unwrap();
    apply(&mut setup, Some(shape));
    let acc = test_accuracy(setup.config, split);
    eprintln!("digits as a CSV {:?}: test accuracy {acc}", d.hidden);
    assert!(acc >= 0.95, "CSV test accuracy {acc}");
    // Two features: the Playground's network.
    let small = UserShape {
        rows: 300,
        features: 2,
        task: Task::Classification { classes: 2 },
    };
    assert_eq!(
        defaults_for(DataChoice::Csv, Some(small)).hidden,
        vec![8, 8]
    );
}

#[test]
fn apply_says_what_changed_in_both_languages() {
    let mut setup = TrainSetup::parse_hash("t.ds=circle&t.h=4&t.lr=0.5&t.opt=sgd").unwrap();
    setup.data = DataChoice::Images(DIGITS);
    let applied = apply(&mut setup, None);
    let keys: Vec<&str> = applied.changes.iter().map(|c| c.key).collect();
    assert_eq!(keys, ["h", "opt", "lr", "ep"]);
    assert!(applied.en.contains("network 4 → 32"), "{}", applied.en);
    assert!(
        applied.en.contains("optimizer sgd → adam"),
        "{}",
        applied.en
    );
    assert!(applied.zh.contains("网络 4 → 32"), "{}", applied.zh);
    assert!(applied.zh.contains("学习率 0.5 → 0.003"), "{}", applied.zh);
    setup.validate().unwrap();
    // The link of the result carries the new values and reads back the same.
    assert_eq!(TrainSetup::parse_hash(&setup.to_hash()).unwrap(), setup);
    // Applying again changes nothing and says nothing.
    let again = apply(&mut setup, None);
    assert!(again.changes.is_empty() && again.en.is_empty() && again.zh.is_empty());
}

#[test]
fn a_link_keeps_what_it_names_and_the_table_covers_every_set() {
    let s = TrainSetup::parse_hash("t.ds=mnist&t.h=16&t.ep=3").unwrap();
    assert_eq!(s.config.dense_units(), vec![16]);
    assert_eq!(s.config.epochs, 3);
    assert_eq!(s.config.lr, defaults_for(s.data, None).lr);
    // The page's default is circle's row.
    let d = defaults_for(DataChoice::TwoD(TwoD::Circle), None);
    let c = TrainSetup::default().config;
    assert_eq!(
        (c.dense_units(), c.lr, c.batch_size, c.epochs),
        (d.hidden, d.lr, d.batch_size, d.epochs)
    );
    let names: Vec<&str> = table().iter().map(|(n, _)| *n).collect();
    for d in TwoD::ALL {
        assert!(names.contains(&d.name()), "{}", d.name());
    }
    assert!(names.contains(&"digits") && names.contains(&"mnist"));
    for (name, row) in table() {
        assert!(!row.why_en.is_empty() && !row.why_zh.is_empty(), "{name}");
        let mut s = TrainSetup::parse_hash(&format!("t.ds={name}")).unwrap();
        s.validate().unwrap();
        assert!(apply(&mut s, None).changes.is_empty(), "{name}");
    }
}

/// The MNIST article's six activations compared with MNIST's defaults; prints the wall time (the
/// issue measured 173 s for the old defaults in the page). Not timed, and left out of the default
/// run: `cargo test --release --test native training_defaults -- --ignored --nocapture`.
#[test]
#[ignore]
fn mnist_compare_of_six_activations_with_the_defaults() {
    let setup = TrainSetup::parse_hash("t.ds=mnist").unwrap();
    let split = MNIST.load_split().unwrap();
    let start = std::time::Instant::now();
    let traces = compare(&setup.config, &default_activations(), split, |_, _| {}).unwrap();
    eprintln!(
        "6-activation MNIST compare: {:.1} s",
        start.elapsed().as_secs_f64()
    );
    for t in &traces {
        let last = t.epochs.last().unwrap();
        eprintln!("{}: test accuracy {:?}", t.activation, last.test_accuracy);
        assert_eq!(t.status, Status::Finished, "{}", t.activation);
    }
    let relu = traces.iter().find(|t| t.activation == "relu").unwrap();
    assert!(relu.epochs.last().unwrap().test_accuracy.unwrap() >= 0.95);
}
