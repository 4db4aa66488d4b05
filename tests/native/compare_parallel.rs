//! The page's parallel compare trains each activation in its own worker, each with its own copy
//! of the data and its own split (www/js/train-compare-pool.js, www/compare-worker.js). That is
//! only sound if a run alone is the same run as inside the serial line-up: same split, init
//! stream, batch order and dropout noise, so the same trace bit for bit (f32 bits). Checked here
//! for an MLP and a conv net on the 8×8 digits, with SELU's AlphaDropout rule of the article.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::Arc;

use activation_lab::data::{ImageSource, Split};
use activation_lab::experiment::{
    article_variant, compare_with, preset, Contender, EpochRecord, Trace,
};
use activation_lab::nn::{parse_layers, ActivationSpec, Optimizer, TrainConfig};
use activation_lab::training::TrainSetup;

/// The digits file's bytes, as the page's worker receives them.
fn digit_bytes() -> Vec<u8> {
    std::fs::read(ImageSource::from_name("digits").unwrap().path()).unwrap()
}

/// A worker's split: parsed from its own copy of the bytes.
fn worker_split(setup: &TrainSetup) -> Arc<Split> {
    setup.build_split(Some(&digit_bytes())).unwrap()
}

/// Every f32 of a record as bits, so -0.0 ≠ 0.0 and NaN payloads count.
fn bits(r: &EpochRecord) -> Vec<u32> {
    let opt = |v: Option<f32>| v.map_or(u32::MAX, f32::to_bits);
    let mut b = vec![r.epoch as u32, r.train_loss.to_bits()];
    b.extend([
        opt(r.train_accuracy),
        opt(r.test_loss),
        opt(r.test_accuracy),
    ]);
    b.push(r.conv_layers as u32);
    for v in [&r.grad_norms, &r.dead_fractions] {
        b.push(v.len() as u32);
        b.extend(v.iter().map(|x| x.to_bits()));
    }
    b
}

/// Runs `setup`'s line-up serially on one split, then each activation alone on a split of its
/// own, and checks every trace is the same bit for bit; returns the serial traces.
fn serial_equals_alone(setup: &TrainSetup) -> Vec<Trace> {
    let acts = &setup.compare;
    let serial = compare_with(
        &setup.config,
        acts,
        worker_split(setup),
        article_variant,
        |_, _| {},
    )
    .unwrap();
    assert_eq!(serial.len(), acts.len());
    for (i, a) in acts.iter().enumerate() {
        let alone = compare_with(
            &setup.config,
            std::slice::from_ref(a),
            worker_split(setup),
            article_variant,
            |_, _| {},
        )
        .unwrap();
        let (s, p) = (&serial[i], &alone[0]);
        assert_eq!(s.activation, p.activation);
        assert_eq!(s.status, p.status, "{}", s.activation);
        assert_eq!(s.epochs.len(), p.epochs.len(), "{}", s.activation);
        assert!(!s.epochs.is_empty(), "{} trained no epoch", s.activation);
        for (rs, rp) in s.epochs.iter().zip(&p.epochs) {
            assert_eq!(bits(rs), bits(rp), "{} epoch {}", s.activation, rs.epoch);
        }
    }
    serial
}

fn setup(hash: &str) -> TrainSetup {
    TrainSetup::parse_hash(hash).unwrap()
}

#[test]
fn an_mlp_run_alone_is_its_serial_run_bit_for_bit() {
    let s = setup(
        "t.ds=digits&t.h=32,16&t.opt=adam&t.lr=0.003&t.bs=32&t.ep=3&t.do=0.2&t.cv=0.5&t.seed=5\
         &t.cmp=sigmoid,relu,selu,gelu_tanh",
    );
    let traces = serial_equals_alone(&s);
    // The runs differ from each other (else the check above could not tell them apart).
    let last = |t: &Trace| t.epochs.last().unwrap().train_loss.to_bits();
    assert_ne!(last(&traces[0]), last(&traces[1]));
    assert_ne!(last(&traces[2]), last(&traces[3]));
}

#[test]
fn a_conv_run_alone_is_its_serial_run_bit_for_bit() {
    let mut s = setup("t.ds=digits&t.cmp=relu,elu,leaky_relu(0.2),selu&t.seed=9");
    let acts = s.compare.clone();
    s.config = TrainConfig {
        optimizer: Optimizer::adam(),
        lr: 0.003,
        batch_size: 64,
        epochs: 2,
        clip_value: Some(0.5),
        seed: 9,
        ..TrainConfig::default()
    };
    s.config
        .set_layers(parse_layers("conv4k3,conv8k3,pool2,drop0.25,flatten,16,drop0.5").unwrap());
    assert_eq!(s.compare, acts);
    let traces = serial_equals_alone(&s);
    for t in &traces {
        let r = t.epochs.last().unwrap();
        assert_eq!(r.conv_layers, 2, "{}", t.activation);
        assert!(
            r.grad_norms[..r.conv_layers].iter().all(|g| *g > 0.0),
            "{}",
            t.activation
        );
    }
    assert_ne!(
        traces[0].epochs[1].train_loss.to_bits(),
        traces[1].epochs[1].train_loss.to_bits()
    );
}

#[test]
fn selu_runs_use_alpha_dropout_in_a_comparison() {
    // The article's rule, which the page's compare applies to every line-up.
    let base = TrainConfig {
        dropout: 0.3,
        ..TrainConfig::default()
    };
    let selu = ActivationSpec::parse("selu").unwrap();
    let relu = ActivationSpec::parse("relu").unwrap();
    assert_eq!(
        article_variant(&base, &selu).dropout_kind,
        activation_lab::nn::DropoutKind::Alpha
    );
    assert_eq!(
        article_variant(&base, &relu).dropout_kind,
        activation_lab::nn::DropoutKind::Standard
    );
}

/// A run's first epochs do not depend on how many it was given (nothing in training reads the
/// count before the last epoch ends): tests/nn_conv_accuracy.rs takes the article compare's 2-epoch
/// ReLU run from the first epochs of its longer ReLU run instead of training it twice. Checked on
/// the article's own net and settings (Adam, clip value, dropout), on the digits.
#[test]
fn a_runs_first_epochs_do_not_depend_on_its_epoch_count() {
    let p = preset("article-cnn").unwrap();
    let split = Arc::new(
        ImageSource::from_name("digits")
            .unwrap()
            .load_split()
            .unwrap(),
    );
    let relu = Contender::parse("relu").unwrap();
    let run = |epochs: usize| {
        let mut config = p.config.clone();
        config.epochs = epochs;
        let one = std::slice::from_ref(&relu);
        compare_with(&config, one, Arc::clone(&split), p.variant, |_, _| {})
            .unwrap()
            .remove(0)
    };
    let (short, long) = (run(1), run(2));
    assert_eq!((short.epochs.len(), long.epochs.len()), (1, 2));
    assert_eq!(bits(&short.epochs[0]), bits(&long.epochs[0]));
    // The second epoch trained on (else the long run could be the short one).
    assert_ne!(long.epochs[1].train_loss, long.epochs[0].train_loss);
}
