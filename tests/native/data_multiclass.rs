//! The multiclass 2-D sets (3-arm spiral, k Gaussians): labels, balance, names, and that the
//! existing trainer with its softmax head learns them.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::{Task, TwoD};
use activation_lab::nn::{ActivationSpec, Status, TrainConfig, Trainer};

#[test]
fn classes_are_balanced_and_named() {
    for (kind, k) in [
        (TwoD::SpiralThree, 3),
        (TwoD::Gaussians(3), 3),
        (TwoD::Gaussians(4), 4),
        (TwoD::Gaussians(5), 5),
        (TwoD::Gaussians(6), 6),
    ] {
        assert_eq!(kind.classes(), k);
        assert_eq!(TwoD::from_name(kind.name()).unwrap(), kind);
        let d = kind.generate(601, 0.0, 2).unwrap();
        assert_eq!(d.task, Task::Classification { classes: k });
        let counts = d.class_counts();
        assert_eq!(counts.len(), k, "{kind:?}");
        assert_eq!(counts.iter().sum::<usize>(), 601);
        let (lo, hi) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
        assert!(hi - lo <= 1, "{kind:?}: {counts:?}");
    }
    assert_eq!(TwoD::from_name("Gaussians-4").unwrap(), TwoD::Gaussians(4));
    assert!(TwoD::from_name("gaussians7").is_err());
    let err = TwoD::Gaussians(9)
        .generate(100, 0.0, 1)
        .unwrap_err()
        .to_string();
    assert!(err.contains("3 to 6"), "{err}");
}

#[test]
fn blobs_sit_around_their_centres_and_arms_are_rotated_copies() {
    let d = TwoD::Gaussians(4).generate(400, 0.0, 5).unwrap();
    // Class j's centre is at angle 2πj/4 on a circle of radius 4.
    for (j, want) in [
        (0, (4.0, 0.0)),
        (1, (0.0, 4.0)),
        (2, (-4.0, 0.0)),
        (3, (0.0, -4.0)),
    ] {
        let pts: Vec<&[f32]> = d
            .inputs
            .chunks_exact(2)
            .zip(&d.labels)
            .filter(|(_, &l)| l == j)
            .map(|(p, _)| p)
            .collect();
        let n = pts.len() as f64;
        let mx = pts.iter().map(|p| f64::from(p[0])).sum::<f64>() / n;
        let my = pts.iter().map(|p| f64::from(p[1])).sum::<f64>() / n;
        assert!(
            (mx - want.0).abs() < 0.3 && (my - want.1).abs() < 0.3,
            "class {j}: ({mx}, {my})"
        );
    }
    // Noise-free arms: arm 1's i-th point is arm 0's rotated by 120° (clockwise in x = r sin t,
    // y = r cos t coordinates).
    let s = TwoD::SpiralThree.generate(300, 0.0, 1).unwrap();
    let (c, sn) = (
        (2.0 * std::f64::consts::PI / 3.0).cos(),
        (2.0 * std::f64::consts::PI / 3.0).sin(),
    );
    for i in 1..100 {
        let a = &s.inputs[2 * i..2 * i + 2];
        let b = &s.inputs[2 * (100 + i)..2 * (100 + i) + 2];
        let (x, y) = (f64::from(a[0]), f64::from(a[1]));
        // sin(t + δ) = sin t cos δ + cos t sin δ; cos(t + δ) = cos t cos δ − sin t sin δ.
        let (rx, ry) = (x * c + y * sn, y * c - x * sn);
        assert!((rx - f64::from(b[0])).abs() < 1e-4 && (ry - f64::from(b[1])).abs() < 1e-4);
    }
}

fn test_accuracy(kind: TwoD, noise: f64, hidden: &[usize], act: &str, epochs: usize) -> f32 {
    let split = kind.generate_split(600, noise, 0.5, 7).unwrap();
    let config = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(hidden),
        activations: vec![ActivationSpec::named(act)],
        lr: 0.02,
        batch_size: 16,
        epochs,
        seed: 3,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(config, split).unwrap();
    assert_eq!(
        t.output_width(),
        kind.classes(),
        "softmax head, one unit per class"
    );
    while t.status() == Status::Running {
        t.run_epoch();
    }
    assert_eq!(t.status(), Status::Finished);
    t.evaluate().test.unwrap().accuracy.unwrap()
}

#[test]
fn k_gaussians_train_to_high_accuracy() {
    for k in 3..=6 {
        let acc = test_accuracy(TwoD::Gaussians(k), 0.0, &[8], "relu", 20);
        assert!(acc >= 0.97, "k = {k}: test accuracy {acc}");
    }
}

#[test]
fn three_arm_spiral_trains_to_high_accuracy() {
    let acc = test_accuracy(TwoD::SpiralThree, 0.0, &[16, 16], "tanh", 150);
    assert!(acc >= 0.95, "test accuracy {acc}");
}
