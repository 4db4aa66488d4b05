//! Custom formula activations in training: per-layer lists with a formula train, the `t.act`
//! hash carries `f(…)` keys, the training kernels agree with the exact derivative, and a formula
//! that turns NaN stops the run cleanly (no NaN reaches the page, no panic).
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::{Split, TwoD};
use activation_lab::nn::{ActivationSpec, Status, TrainConfig, Trainer};
use activation_lab::training::TrainSetup;
use activation_lab::Activation;

fn two_d(kind: TwoD) -> Split {
    kind.generate_split(500, 0.0, 0.5, 3).unwrap()
}

fn config(acts: &str, hidden: &[usize]) -> TrainConfig {
    TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(hidden),
        activations: ActivationSpec::parse_list(acts).unwrap(),
        lr: 0.03,
        batch_size: 16,
        epochs: 40,
        seed: 5,
        ..TrainConfig::default()
    }
}

#[test]
fn per_layer_list_with_a_formula_trains() {
    for (kind, acts) in [
        (TwoD::Xor, "f(x*sigmoid(1.702*x)),tanh"),
        (TwoD::Circle, "f(max(0.1*x, x)),f(x / (1 + abs(x)))"),
        (TwoD::Circle, "relu,f(tanh(x))"),
    ] {
        let mut t = Trainer::new(config(acts, &[8, 8]), two_d(kind)).unwrap();
        let first = t.evaluate().train.loss;
        while t.status() == Status::Running {
            t.run_epoch();
        }
        let e = t.evaluate();
        let acc = e.test.unwrap().accuracy.unwrap();
        assert!(
            acc >= 0.93,
            "{kind:?}/{acts}: accuracy {acc} (loss {first} → {})",
            e.train.loss
        );
        assert!(
            e.train.loss < first / 3.0,
            "{acts}: {first} → {}",
            e.train.loss
        );
    }
}

#[test]
fn a_formula_equal_to_a_catalog_function_trains_like_it() {
    // tanh typed as a formula and the catalog's tanh: the same network to f32 rounding.
    let run = |acts: &str| {
        let mut t = Trainer::new(config(acts, &[6]), two_d(TwoD::Circle)).unwrap();
        t.step(300);
        t.evaluate().train.loss
    };
    let (typed, catalog) = (run("f(tanh(x))"), run("tanh"));
    assert!(
        (typed - catalog).abs() <= 1e-3 * catalog.abs().max(1e-3),
        "formula tanh {typed} vs catalog tanh {catalog}"
    );
}

#[test]
fn train_hash_round_trips_formula_keys() {
    let s = TrainSetup::parse_hash("t.h=8,8&t.act=f(max(0.1*x, x)),f(x%20*%20sigmoid(x))").unwrap();
    let keys: Vec<&str> = s
        .config
        .activations
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(keys, ["f(max(0.1*x,x))", "f(x*sigmoid(x))"]);
    let hash = s.to_hash();
    assert!(hash.contains("t.act=f(max(0.1"), "{hash}");
    assert_eq!(TrainSetup::parse_hash(&hash).unwrap(), s);
    let e = TrainSetup::parse_hash("t.act=f(sigmod(x))")
        .unwrap_err()
        .to_string();
    assert!(e.contains("did you mean sigmoid"), "{e}");
    let e = TrainSetup::parse_hash("t.act=step")
        .unwrap_err()
        .to_string();
    assert!(e.contains("cannot be trained"), "{e}");
}

#[test]
fn kernels_of_a_formula_match_its_exact_derivative() {
    let a = Activation::new("f(x*sigmoid(1.702*x) + 0.1*sin(3*x))", &[]).unwrap();
    let xs: Vec<f32> = (0..2001).map(|i| -8.0 + 0.008 * i as f32).collect();
    let f = a.formula().unwrap();
    let mut out = vec![0.0f32; xs.len()];
    let mut grad = vec![0.0f32; xs.len()];
    f.forward(&xs, &mut out);
    f.backward(&xs, &vec![1.0; xs.len()], &mut grad);
    for ((&x, &y), &g) in xs.iter().zip(&out).zip(&grad) {
        let (v, d) = (a.value(f64::from(x)), a.derivative(f64::from(x)));
        assert!(
            (f64::from(y) - v).abs() <= 1e-5 * (1.0 + v.abs()),
            "f({x}) {y} vs {v}"
        );
        assert!(
            (f64::from(g) - d).abs() <= 1e-5 * (1.0 + d.abs()),
            "f'({x}) {g} vs {d}"
        );
    }
}

#[test]
fn a_formula_that_turns_nan_stops_the_run_cleanly() {
    for acts in ["f(ln(x))", "f(sqrt(x))", "f(exp(1000*x))", "relu,f(x/0)"] {
        let hidden: &[usize] = if acts.contains(',') { &[8, 8] } else { &[8] };
        let mut t = Trainer::new(config(acts, hidden), two_d(TwoD::Circle)).unwrap();
        let taken = t.step(10_000);
        let Status::Diverged { step } = t.status() else {
            panic!("{acts}: did not stop: {:?} after {taken} steps", t.status());
        };
        assert!(taken < 10_000 && step >= 1, "{acts}");
        assert_eq!(t.step(5), 0, "{acts}: a stopped run takes no more steps");
        let snap = serde_json::to_string(&t.snapshot()).unwrap();
        assert!(!snap.contains("NaN"), "{acts}: {snap}");
        assert!(t.network().params.iter().all(|p| p.is_finite()), "{acts}");
    }
}
