//! Divergence explained: real diverging runs get the right cause and a fix that changes the right
//! field; a healthy run gets no diagnosis.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::{Split, TwoD};
use activation_lab::nn::{
    explain_divergence, ActivationSpec, Cause, Init, Optimizer, Snapshot, Status, TrainConfig,
    Trainer,
};

fn split() -> Split {
    TwoD::Circle.generate_split(300, 0.0, 0.5, 6).unwrap()
}

/// Steps one at a time, keeping every snapshot, until the run stops.
fn history(config: &TrainConfig) -> Vec<Snapshot> {
    let mut t = Trainer::new(config.clone(), split()).unwrap();
    let mut h = vec![t.snapshot()];
    while t.status() == Status::Running {
        t.step(1);
        h.push(t.snapshot());
    }
    h
}

fn diverges(config: &TrainConfig) -> Vec<Snapshot> {
    let h = history(config);
    assert!(
        matches!(h.last().unwrap().status, Status::Diverged { .. }),
        "{config:?} did not diverge"
    );
    h
}

fn base(act: &str) -> TrainConfig {
    TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&[8, 8]),
        activations: vec![ActivationSpec::named(act)],
        batch_size: 10,
        epochs: 20,
        seed: 2,
        ..TrainConfig::default()
    }
}

#[test]
fn huge_learning_rate_with_relu_names_the_unbounded_activation_and_divides_lr() {
    let c = TrainConfig {
        lr: 20.0,
        ..base("relu")
    };
    let d = explain_divergence(&c, &diverges(&c)).unwrap();
    eprintln!("{}", d.message);
    assert_eq!(d.cause, Cause::UnboundedActivationHighLr);
    assert!(
        d.message.contains("relu") && d.message.contains("adam"),
        "{}",
        d.message
    );
    assert_eq!(d.fix.config.lr, 2.0);
    assert_eq!(
        TrainConfig {
            lr: 20.0,
            ..d.fix.config.clone()
        },
        c
    );
    assert!(d.fix.label.contains("20 → 2"), "{}", d.fix.label);
}

#[test]
fn huge_learning_rate_with_tanh_is_a_plain_learning_rate_problem_and_the_fix_trains() {
    let c = TrainConfig {
        optimizer: Optimizer::Sgd,
        lr: 30.0,
        ..base("tanh")
    };
    let d = explain_divergence(&c, &diverges(&c)).unwrap();
    assert_eq!(d.cause, Cause::LearningRateTooHigh);
    assert!(d.message.contains("sgd"), "{}", d.message);
    // Applying the proposed fixes (each one click) reaches a run that does not diverge.
    let mut fixed = d.fix.config;
    for _ in 0..3 {
        let h = history(&fixed);
        match explain_divergence(&fixed, &h) {
            Some(next) => fixed = next.fix.config,
            None => {
                assert_eq!(h.last().unwrap().status, Status::Finished);
                return;
            }
        }
    }
    panic!("the learning-rate fixes never reached a stable run");
}

#[test]
fn an_init_too_large_for_the_activation_is_blamed_when_it_blows_up_at_once() {
    // He init (variance gain 2 per layer) with the identity activation over 64 layers: outputs
    // and gradients come out ~2³² too large, so the first SGD step with an ordinary learning rate
    // already throws the weights out.
    let c = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&[16; 64]),
        activations: vec![ActivationSpec::named("identity")],
        init: Some(Init::HeNormal),
        optimizer: Optimizer::Sgd,
        lr: 0.01,
        ..base("identity")
    };
    let h = diverges(&c);
    let Status::Diverged { step } = h.last().unwrap().status else {
        unreachable!()
    };
    eprintln!("diverged at step {step}");
    let d = explain_divergence(&c, &h).unwrap();
    assert_eq!(d.cause, Cause::InitScale, "{}", d.message);
    assert_eq!(d.fix.config.init, None);
    assert!(d.message.contains("he_normal"), "{}", d.message);
    let fixed = history(&TrainConfig {
        epochs: 2,
        ..d.fix.config
    });
    assert_eq!(fixed.last().unwrap().status, Status::Finished);
}

#[test]
fn exploding_gradients_without_clipping_propose_clip_norm() {
    // A synthetic history: moderate lr, gradient norm up 1000×, then divergence.
    let c = TrainConfig {
        lr: 0.05,
        ..base("relu")
    };
    let mut h = history(&TrainConfig {
        epochs: 1,
        ..c.clone()
    });
    h.truncate(5);
    let mut last = h.last().unwrap().clone();
    last.grad_norms.iter_mut().for_each(|g| *g *= 1000.0);
    last.status = Status::Diverged {
        step: last.step + 1,
    };
    h.push(last);
    let d = explain_divergence(&c, &h).unwrap();
    assert_eq!(d.cause, Cause::NoClipping, "{}", d.message);
    assert_eq!(d.fix.config.clip_norm, Some(1.0));
    // With clipping already on, the fallback is the learning rate.
    let clipped = TrainConfig {
        clip_norm: Some(5.0),
        ..c
    };
    let d = explain_divergence(&clipped, &h).unwrap();
    assert_eq!(d.cause, Cause::LearningRateTooHigh);
    assert_eq!(d.fix.config.lr, 0.005);
}

#[test]
fn healthy_runs_get_no_diagnosis() {
    let c = TrainConfig {
        epochs: 2,
        ..base("relu")
    };
    let h = history(&c);
    assert_eq!(h.last().unwrap().status, Status::Finished);
    assert_eq!(explain_divergence(&c, &h), None);
    assert_eq!(explain_divergence(&c, &[]), None);
}
