//! The training tab's core: setup ⇄ URL hash (round trip, hostile input), history and summaries.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::TwoD;
use activation_lab::nn::{Status, Trainer};
use activation_lab::state::PageState;
use activation_lab::training::history::MAX_RECORDS;
use activation_lab::training::summary::speedup;
use activation_lab::training::{summarize, DataChoice, History, TrainRecord, TrainSetup};

#[test]
fn empty_hash_gives_defaults_and_curves_pairs_are_ignored() {
    assert_eq!(TrainSetup::parse_hash("").unwrap(), TrainSetup::default());
    assert_eq!(
        TrainSetup::parse_hash("#fn=relu&deriv=1").unwrap(),
        TrainSetup::default()
    );
}

#[test]
fn hash_round_trips_every_field() {
    let hash =
        "t.ds=spiral&t.noise=10&t.n=400&t.ratio=0.7&t.h=6,4,3&t.act=tanh,prelu,leaky_relu(0.2)\
                &t.init=he_normal&t.opt=momentum&t.lr=0.05&t.bs=16&t.ep=40&t.l1=0.001&t.l2=0.01\
                &t.cv=0.5&t.cn=2&t.do=0.1&t.dk=alpha&t.seed=9&t.cmp=relu,tanh&t.target=0.75";
    let s = TrainSetup::parse_hash(hash).unwrap();
    assert_eq!(s.data, DataChoice::TwoD(TwoD::Spiral));
    assert_eq!(s.config.dense_units(), vec![6, 4, 3]);
    assert_eq!(s.config.activations.len(), 3);
    assert_eq!(s.config.clip_norm, Some(2.0));
    assert_eq!(s.compare.len(), 2);
    assert_eq!(TrainSetup::parse_hash(&s.to_hash()).unwrap(), s);
    // The curves view accepts the same link and ignores the training pairs.
    let curves = PageState::parse(&format!("fn=gelu&{}", s.to_hash())).unwrap();
    assert_eq!(curves.functions().len(), 1);
}

#[test]
fn defaults_and_image_sets_round_trip() {
    for h in [
        "",
        "t.ds=digits&t.h=32&t.bs=128",
        "t.ds=mnist&t.h=64&t.act=selu",
    ] {
        let s = TrainSetup::parse_hash(h).unwrap();
        assert_eq!(TrainSetup::parse_hash(&s.to_hash()).unwrap(), s, "{h}");
    }
}

#[test]
fn hostile_and_out_of_range_settings_are_rejected_with_a_message() {
    let cases = [
        ("t.lr=NaN", "lr"),
        ("t.lr=1e9", "learning rate"),
        ("t.h=2000", "units"),
        ("t.h=8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8", "too many"),
        ("t.ds=mnist&t.h=1024,1024,1024,1024,1024", "parameters"),
        ("t.ds=nope", "unknown dataset"),
        ("t.act=relu<script>", "unknown activation"),
        ("t.bs=0", "batch"),
        ("t.noise=99", "noise"),
        ("t.ratio=1", "train share"),
        ("t.lr=0.1&t.lr=0.2", "twice"),
        ("t.zzz=1", "unknown training setting"),
        ("t.do=1", "dropout"),
        ("t.ds=plane&t.loss=bce", "regression"),
        ("t.h=8,8&t.act=relu,tanh,elu", "one per hidden layer"),
        ("t.cmp=", "no activation"),
        ("t.lr=%zz", "%"),
    ];
    for (hash, needle) in cases {
        let err = TrainSetup::parse_hash(hash).expect_err(hash).to_string();
        assert!(
            err.to_lowercase().contains(&needle.to_lowercase()),
            "{hash}: `{err}` should mention `{needle}`"
        );
        assert!(!err.contains("<script>") || err.contains('`'), "{err}");
    }
}

#[test]
fn circle_setup_builds_a_split_that_trains() {
    let s = TrainSetup::parse_hash("t.ds=circle&t.ep=30").unwrap();
    let split = s.build_split(None).unwrap();
    assert_eq!(split.train.len() + split.test.len(), 500);
    let mut t = Trainer::new(s.config.clone(), split).unwrap();
    let mut history = History::new();
    while t.status() == Status::Running {
        t.step(t.steps_per_epoch());
        t.evaluate();
        history.push(TrainRecord::from_snapshot(&t.snapshot(), t.steps_per_epoch()).unwrap());
    }
    let r = history.records();
    assert_eq!(r.len(), 30);
    assert!(r.last().unwrap().train_loss < r[0].train_loss);
    assert!((r.last().unwrap().epoch - 30.0).abs() < 1e-9);
    assert_eq!(r[0].grad_norms.len(), 3, "two hidden layers + output");
    assert_eq!(r[0].act_mean.len(), 2);
    let csv = history.to_csv();
    assert_eq!(csv.lines().count(), 31);
    assert!(
        csv.starts_with("step,epoch,train_loss,train_accuracy,test_loss,test_accuracy,grad_norm_1")
    );
    assert!(!csv.contains("NaN"));
    // Image sets need their bytes.
    let digits = TrainSetup::parse_hash("t.ds=digits").unwrap();
    assert!(digits
        .build_split(None)
        .unwrap_err()
        .to_string()
        .contains("not loaded"));
}

fn record(step: u64) -> TrainRecord {
    TrainRecord {
        step,
        epoch: step as f64 / 10.0,
        train_loss: 1.0 / (step as f32 + 1.0),
        train_accuracy: Some(0.5),
        test_loss: None,
        test_accuracy: None,
        lr: 0.1,
        conv_layers: 0,
        grad_norms: vec![0.1],
        act_mean: vec![],
        act_std: vec![],
        dead_fraction: vec![],
        sparsity: vec![],
        prelu_alpha: vec![],
        train_binary_accuracy: None,
        test_binary_accuracy: None,
        clipped: vec![],
    }
}

#[test]
fn history_is_bounded_ordered_and_replaces_same_step() {
    let mut h = History::new();
    h.push(record(5));
    h.push(record(5));
    h.push(record(3));
    assert_eq!(h.len(), 1);
    for s in 6..6 + 3 * MAX_RECORDS as u64 {
        h.push(record(s));
    }
    assert!(h.len() <= MAX_RECORDS);
    assert_eq!(h.records()[0].step, 5, "the first record survives thinning");
    assert_eq!(h.records().last().unwrap().step, 5 + 3 * MAX_RECORDS as u64);
    assert!(h.records().windows(2).all(|w| w[0].step < w[1].step));
    assert_eq!(h.nearest(0.0).unwrap().step, 5);
}

#[test]
fn summary_reports_best_final_and_ratio() {
    let fast = summarize(
        "relu",
        &[Some(0.5), Some(0.9), Some(0.8)],
        &[Some(1.0), Some(0.5), Some(0.6)],
        Some((10, 0.5)),
        Status::Finished,
        12.0,
    );
    assert_eq!(fast.final_test_accuracy, Some(0.8));
    assert_eq!(fast.best_test_accuracy, Some(0.9));
    assert_eq!(fast.final_test_loss, Some(0.6));
    let slow = summarize(
        "tanh",
        &[Some(0.4)],
        &[Some(1.2)],
        Some((60, 3.0)),
        Status::Finished,
        1.0,
    );
    assert_eq!(speedup(&fast, &slow), Some(6.0));
    let never = summarize("sigmoid", &[], &[], None, Status::Diverged { step: 3 }, 1.0);
    assert!(never.diverged);
    assert_eq!(speedup(&fast, &never), None);
}
