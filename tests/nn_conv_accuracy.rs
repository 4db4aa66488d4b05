//! Issue #15's accuracy targets on the MNIST subset (8,000 train / 2,000 test), run natively:
//! the small CNN ≥ 97 % test accuracy within 15 epochs with ReLU; the article's CNN with its own
//! settings ≥ 97.5 % within 5 epochs; the six-activation compare on the article's net leaves
//! sigmoid far behind. They train for minutes, too long for a debug build, so they are `#[ignore]`d
//! in the default `cargo test`; `make test` runs them through `make cnn-accuracy` (the `accuracy`
//! profile: release without LTO). `nn_conv_train.rs` keeps a debug-sized check of the same code
//! paths. Not timed: each prints the epoch it reached its target and its wall time.
#![cfg(not(target_arch = "wasm32"))]

use std::time::Instant;

use activation_lab::data::{ImageSource, Split};
use activation_lab::experiment::{compare_with, preset};
use activation_lab::nn::{ActivationSpec, Status, Trainer};

fn mnist() -> Split {
    ImageSource::from_name("mnist")
        .unwrap()
        .load_split()
        .unwrap()
}

/// Trains `name`'s preset with `activation` until `target` test accuracy or the preset's epochs;
/// returns (epoch reached or None, best accuracy).
fn reach(name: &str, activation: &str, target: f32) -> (Option<usize>, f32) {
    let p = preset(name).unwrap();
    let config = (p.variant)(&p.config, &ActivationSpec::parse(activation).unwrap());
    let mut t = Trainer::new(config, mnist()).unwrap();
    let start = Instant::now();
    let mut best = 0.0f32;
    while t.status() == Status::Running {
        let snap = t.run_epoch();
        let acc = snap.evaluation.unwrap().test.unwrap().accuracy.unwrap();
        best = best.max(acc);
        eprintln!(
            "{name} {activation}: epoch {} test accuracy {acc:.4} ({:.0} s)",
            t.epoch(),
            start.elapsed().as_secs_f64()
        );
        if acc >= target {
            return (Some(t.epoch()), best);
        }
    }
    (None, best)
}

#[test]
#[ignore = "minutes of training: run with `make cnn-accuracy`"]
fn small_cnn_reaches_97_percent_within_15_epochs_with_relu() {
    let (epoch, best) = reach("small-cnn", "relu", 0.97);
    assert!(epoch.is_some_and(|e| e <= 15), "best {best}");
}

#[test]
#[ignore = "minutes of training: run with `make cnn-accuracy`"]
fn article_cnn_reaches_97_5_percent_within_5_epochs_with_relu() {
    let (epoch, best) = reach("article-cnn", "relu", 0.975);
    assert!(epoch.is_some_and(|e| e <= 5), "best {best}");
}

#[test]
#[ignore = "the six-activation compare trains 12 article-net epochs: `make cnn-accuracy`"]
fn the_article_compare_leaves_sigmoid_far_behind() {
    let mut p = preset("article-cnn").unwrap();
    p.config.epochs = 2;
    let start = Instant::now();
    let traces = compare_with(&p.config, &p.activations, mnist(), p.variant, |run, r| {
        eprintln!(
            "compare run {run} epoch {}: test accuracy {:?} ({:.0} s)",
            r.epoch,
            r.test_accuracy,
            start.elapsed().as_secs_f64()
        );
    })
    .unwrap();
    let last = |i: usize| traces[i].epochs.last().unwrap().test_accuracy.unwrap();
    let sigmoid = last(0);
    for (i, t) in traces.iter().enumerate().skip(1) {
        assert!(
            last(i) > sigmoid + 0.3 && last(i) > 0.9,
            "{}: {} vs sigmoid {sigmoid}",
            t.activation,
            last(i)
        );
    }
}
