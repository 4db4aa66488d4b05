//! The two-class loss choice (issue 9, TF Playground #29): MSE scores the sigmoid probability, so
//! a confidently wrong output gets almost no gradient, where BCE's is largest.

use activation_lab::data::Task;
use activation_lab::nn::loss::{Head, Loss, Targets};
use activation_lab::training::TrainSetup;

fn dlogit(head: Head, z: f64, label: u32) -> f64 {
    let mut pred = [0.0f64];
    let mut d = [0.0f64];
    head.evaluate(
        &[z],
        1,
        Targets::Labels(&[label]),
        &mut pred,
        Some(&mut d),
        1.0,
    );
    d[0]
}

#[test]
fn mse_on_two_classes_is_squared_error_on_the_sigmoid() {
    let two = Task::Classification { classes: 2 };
    assert_eq!(Loss::Mse.head_for(two).unwrap(), Head::SigmoidMse);
    assert_eq!(Loss::Auto.head_for(two).unwrap(), Head::SigmoidBce);
    // Three classes keep one-hot squared error on linear outputs.
    let three = Task::Classification { classes: 3 };
    assert_eq!(Loss::Mse.head_for(three).unwrap(), Head::Mse);
    assert_eq!(Head::SigmoidMse.outputs(two), 1);

    let mut pred = [0.0f64];
    let loss = Head::SigmoidMse.evaluate(&[0.0], 1, Targets::Labels(&[1]), &mut pred, None, 1.0);
    assert!((pred[0] - 0.5).abs() < 1e-15 && (loss.loss_sum - 0.25).abs() < 1e-15);
}

#[test]
fn confidently_wrong_gives_mse_a_vanishing_gradient_and_bce_a_full_one() {
    // Label 1, logit −8: the network says p ≈ 3.4e-4.
    let bce = dlogit(Head::SigmoidBce, -8.0, 1);
    let mse = dlogit(Head::SigmoidMse, -8.0, 1);
    let s = 1.0 / (1.0 + 8f64.exp());
    assert!(
        (bce - (s - 1.0)).abs() < 1e-12,
        "BCE gradient p − y, got {bce}"
    );
    assert!(
        (mse - 2.0 * (s - 1.0) * s * (1.0 - s)).abs() < 1e-12,
        "MSE gradient, got {mse}"
    );
    assert!(bce.abs() / mse.abs() > 1000.0, "BCE {bce} vs MSE {mse}");
    // Near the boundary the two agree in sign and are of the same order.
    let (b, m) = (
        dlogit(Head::SigmoidBce, 0.0, 1),
        dlogit(Head::SigmoidMse, 0.0, 1),
    );
    assert!(b < 0.0 && m < 0.0 && (b / m - 2.0).abs() < 1e-12);
}

#[test]
fn a_two_class_run_with_mse_trains() {
    let setup = TrainSetup::parse_hash("t.ds=circle&t.loss=mse&t.ep=60&t.h=8,8").unwrap();
    let split = setup.build_split(None).unwrap();
    let mut trainer = activation_lab::nn::Trainer::new(setup.config.clone(), split).unwrap();
    assert_eq!(trainer.output_width(), 1);
    while trainer.step(1000) > 0 {}
    let test = trainer.evaluate().test.unwrap();
    assert!(test.accuracy.unwrap() > 0.9, "{test:?}");
}
