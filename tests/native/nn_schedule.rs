//! Learning-rate schedules: exact rates at known steps, monotonicity, validation, serde backwards
//! compatibility, and that the trainer really follows the schedule.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::TwoD;
use activation_lab::nn::{Decay, LrPlan, Schedule, Status, TrainConfig, Trainer};

fn close(a: f32, b: f64) -> bool {
    (f64::from(a) - b).abs() <= 1e-6 * b.abs().max(1e-3)
}

fn plan(decay: Decay, warmup: u64, steps_per_epoch: usize, epochs: usize) -> LrPlan {
    let s = Schedule {
        decay,
        warmup_steps: warmup,
    };
    LrPlan::new(s, 0.1, steps_per_epoch, epochs).unwrap()
}

#[test]
fn constant_is_the_base_rate_everywhere() {
    let p = plan(Decay::Constant, 0, 10, 5);
    assert_eq!(p.total_steps, 50);
    for s in [0, 1, 25, 49, 1000] {
        assert_eq!(p.lr_at(s), 0.1);
    }
}

#[test]
fn step_decay_multiplies_by_gamma_every_n_epochs() {
    let p = plan(
        Decay::Step {
            every_epochs: 2,
            gamma: 0.5,
        },
        0,
        10,
        7,
    );
    // Epochs 0-1: 0.1, epochs 2-3: 0.05, epochs 4-5: 0.025, epoch 6: 0.0125.
    for (step, want) in [
        (0, 0.1),
        (19, 0.1),
        (20, 0.05),
        (39, 0.05),
        (40, 0.025),
        (60, 0.0125),
        (69, 0.0125),
    ] {
        assert!(close(p.lr_at(step), want), "step {step}: {}", p.lr_at(step));
    }
}

#[test]
fn cosine_goes_from_base_to_floor_through_the_midpoint() {
    let p = plan(Decay::Cosine { floor: 0.1 }, 0, 10, 10);
    // 100 steps: progress = step / 99.
    assert!(close(p.lr_at(0), 0.1));
    assert!(close(p.lr_at(99), 0.01), "{}", p.lr_at(99));
    // 101 steps: progress = step / 100; halfway is floor + (1 - floor)/2 = 0.55 of base, a quarter
    // in is cos(π/4).
    let q = plan(Decay::Cosine { floor: 0.1 }, 0, 1, 101);
    assert!(close(q.lr_at(50), 0.055), "{}", q.lr_at(50));
    let want = 0.1 * (0.1 + 0.9 * 0.5 * (1.0 + std::f64::consts::FRAC_1_SQRT_2));
    assert!(close(q.lr_at(25), want), "{} vs {want}", q.lr_at(25));
    let rates: Vec<f32> = (0..100).map(|s| p.lr_at(s)).collect();
    assert!(
        rates.windows(2).all(|w| w[1] <= w[0]),
        "cosine must not rise"
    );
    assert!(rates.windows(2).any(|w| w[1] < w[0]));
}

#[test]
fn warmup_rises_linearly_then_hands_over() {
    let p = plan(Decay::Cosine { floor: 0.0 }, 10, 10, 11);
    for s in 0..10u64 {
        assert!(close(p.lr_at(s), 0.1 * (s + 1) as f64 / 10.0), "step {s}");
    }
    let rates: Vec<f32> = (0..10).map(|s| p.lr_at(s)).collect();
    assert!(rates.windows(2).all(|w| w[1] > w[0]), "warm-up must rise");
    // The cosine starts at the base right after warm-up and ends at 0 at the last step (109).
    assert!(close(p.lr_at(10), 0.1));
    assert!(p.lr_at(109).abs() < 1e-9);
    // Warm-up with a constant rate.
    let c = plan(Decay::Constant, 4, 10, 1);
    assert!(close(c.lr_at(0), 0.025));
    assert!(close(c.lr_at(3), 0.1));
    assert_eq!(c.lr_at(4), 0.1);
}

#[test]
fn curve_samples_the_whole_run() {
    let p = plan(
        Decay::Step {
            every_epochs: 1,
            gamma: 0.1,
        },
        0,
        5,
        3,
    );
    let c = p.curve(8);
    assert_eq!(c.len(), 8);
    assert_eq!(c[0], (0, 0.1));
    assert_eq!(c.last().unwrap().0, 14);
    assert!(close(c.last().unwrap().1, 0.001));
    assert!(c.windows(2).all(|w| w[1].0 > w[0].0));
    for &(s, lr) in &c {
        assert_eq!(lr, p.lr_at(s));
    }
    // Never more points than steps.
    assert_eq!(p.curve(1000).len(), 15);
}

#[test]
fn bad_schedules_are_rejected_with_clear_messages() {
    let cases = [
        (
            Decay::Step {
                every_epochs: 0,
                gamma: 0.5,
            },
            0,
            "every",
        ),
        (
            Decay::Step {
                every_epochs: 1,
                gamma: 1.5,
            },
            0,
            "gamma",
        ),
        (
            Decay::Step {
                every_epochs: 1,
                gamma: f32::NAN,
            },
            0,
            "gamma",
        ),
        (Decay::Cosine { floor: -0.1 }, 0, "floor"),
        (Decay::Cosine { floor: 2.0 }, 0, "floor"),
        (Decay::Constant, u64::MAX, "warm-up"),
    ];
    for (decay, warmup, word) in cases {
        let s = Schedule {
            decay,
            warmup_steps: warmup,
        };
        let err = s.validate().unwrap_err().to_string();
        assert!(err.contains(word), "{decay:?}: {err}");
        let c = TrainConfig {
            schedule: s,
            ..TrainConfig::default()
        };
        assert!(c.validate().is_err());
    }
    // A warm-up covering the whole run.
    let s = Schedule {
        decay: Decay::Constant,
        warmup_steps: 50,
    };
    let err = LrPlan::new(s, 0.1, 10, 5).unwrap_err().to_string();
    assert!(err.contains("whole run"), "{err}");
    assert!(Schedule::decay_from_name("exponential").is_err());
    assert_eq!(
        Schedule::decay_from_name("Cosine").unwrap(),
        Decay::Cosine { floor: 0.0 }
    );
}

#[test]
fn config_json_without_schedule_still_parses_and_round_trips() {
    let old = r#"{"hidden":[4],"lr":0.05,"epochs":3}"#;
    let c: TrainConfig = serde_json::from_str(old).unwrap();
    assert_eq!(c.schedule, Schedule::default());
    assert_eq!(c.schedule.decay, Decay::Constant);
    let with = TrainConfig {
        schedule: Schedule {
            decay: Decay::Step {
                every_epochs: 3,
                gamma: 0.25,
            },
            warmup_steps: 7,
        },
        ..TrainConfig::default()
    };
    let json = serde_json::to_string(&with).unwrap();
    assert!(json.contains(r#""kind":"step""#), "{json}");
    let back: TrainConfig = serde_json::from_str(&json).unwrap();
    assert_eq!(back, with);
    let partial = r#"{"schedule":{"decay":{"kind":"cosine","floor":0.2}}}"#;
    let c: TrainConfig = serde_json::from_str(partial).unwrap();
    assert_eq!(c.schedule.decay, Decay::Cosine { floor: 0.2 });
    assert_eq!(c.schedule.warmup_steps, 0);
    assert!(
        serde_json::from_str::<TrainConfig>(r#"{"schedule":{"decay":{"kind":"cyclic"}}}"#).is_err()
    );
}

#[test]
fn trainer_follows_the_schedule() {
    let split = TwoD::Circle.generate_split(200, 0.0, 0.5, 4).unwrap();
    let base = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&[6]),
        lr: 0.05,
        batch_size: 10,
        epochs: 4,
        seed: 2,
        ..TrainConfig::default()
    };
    let scheduled = TrainConfig {
        schedule: Schedule {
            decay: Decay::Step {
                every_epochs: 1,
                gamma: 0.1,
            },
            warmup_steps: 0,
        },
        ..base.clone()
    };
    let mut a = Trainer::new(base, split.clone()).unwrap();
    let mut b = Trainer::new(scheduled, split).unwrap();
    assert_eq!(b.steps_per_epoch(), 10);
    let (mut la, mut lb) = (Vec::new(), Vec::new());
    while a.status() == Status::Running {
        let (sa, sb) = (a.run_epoch(), b.run_epoch());
        la.push(sa.running_loss.unwrap());
        lb.push(sb.running_loss.unwrap());
        // The snapshot reports the rate of the last step taken: epoch e's last step uses 0.05·0.1^(e-1).
        assert_eq!(sa.lr, 0.05);
        let want = 0.05 * 0.1f64.powi(sb.epoch as i32 - 1);
        assert!(
            close(sb.lr, want),
            "epoch {}: {} vs {want}",
            sb.epoch,
            sb.lr
        );
    }
    // Same init and batch order: identical in epoch 1, then the decayed run moves differently.
    assert_eq!(la[0], lb[0]);
    assert_ne!(la[1..], lb[1..]);
    assert_eq!(b.lr_plan().lr_at(35), b.snapshot().lr);
}
