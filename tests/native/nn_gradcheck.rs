//! The analytic backward pass against central finite differences (f64), for every catalog
//! activation, every head (also the article's binary cross-entropy over softmax), with and
//! without L1/L2, learnable PReLU slopes, RReLU's training noise and both dropout kinds. Also
//! checks that the f32 path computes the same gradient.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::activation::{names, Activation};
use activation_lab::nn::build::plan;
use activation_lab::nn::gradcheck::{check, objective};
use activation_lab::nn::layer::spec::dense_list;
use activation_lab::nn::{
    ActivationSpec, Dropout, DropoutKind, Head, Init, Layer, Net, Targets, TrainConfig,
};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

const TOL: f64 = 1e-5;

struct Case {
    net: Net<f64>,
    x: Vec<f64>,
    labels: Vec<u32>,
    values: Vec<f32>,
}

impl Case {
    fn targets(&self) -> Targets<'_> {
        match self.net.head {
            Head::Mse if self.labels.is_empty() => Targets::Values(&self.values),
            _ => Targets::Labels(&self.labels),
        }
    }
}

/// A 3-`hidden`-k network with `act` after every hidden layer (one PReLU slope per unit or per
/// layer), `dropout` after each, skips where widths allow when `residual`, Glorot-normal weights
/// drawn from `rng`.
#[allow(clippy::too_many_arguments)]
fn build(
    act: &Activation,
    per_unit: bool,
    dropout: Dropout,
    hidden: &[usize],
    outputs: usize,
    head: Head,
    residual: bool,
    rng: &mut Pcg64Mcg,
) -> Net<f64> {
    let config = TrainConfig {
        layers: dense_list(hidden),
        activations: vec![ActivationSpec::from(act)],
        prelu_per_unit: per_unit,
        dropout: dropout.rate as f32,
        dropout_kind: dropout.kind,
        init: Some(Init::GlorotNormal),
        residual,
        ..TrainConfig::default()
    };
    let p = plan(&config, None, 3, outputs).unwrap();
    let mut net = Net::new(p.input, p.layers, head);
    net.init(rng);
    net
}

/// Nonzero biases and PReLU slopes away from their init, drawn from `rng` layer by layer.
fn perturb(net: &mut Net<f64>, rng: &mut Pcg64Mcg, slopes: bool) {
    for l in net.layers.clone() {
        match l {
            Layer::Dense(d) => {
                for i in d.biases {
                    net.params[i] = rng.random::<f64>() - 0.5;
                }
            }
            Layer::Activation(a) if slopes => {
                for i in a.alpha {
                    net.params[i] = 0.1 + 0.3 * rng.random::<f64>();
                }
            }
            _ => {}
        }
    }
}

/// PReLU slope ranges of every activation layer.
fn slopes(net: &Net<f64>) -> Vec<std::ops::Range<usize>> {
    net.layers
        .iter()
        .filter_map(|l| match l {
            Layer::Activation(a) => Some(a.alpha.clone()),
            _ => None,
        })
        .collect()
}

/// A 3-5-4-k network with random weights (std ≈ 0.8 so inputs spread over both sides of kinks).
fn case(act: &Activation, head: Head, per_unit: bool, dropout: Dropout, regression: bool) -> Case {
    let mut rng = Pcg64Mcg::seed_from_u64(7);
    let outputs = match head {
        Head::Softmax | Head::SoftmaxBce => 3,
        Head::SigmoidBce | Head::SigmoidMse => 1,
        Head::Mse if regression => 1,
        Head::Mse => 3,
    };
    let mut net = build(
        act,
        per_unit,
        dropout,
        &[5, 4],
        outputs,
        head,
        false,
        &mut rng,
    );
    // Nonzero biases and PReLU slopes away from their init so every path carries gradient.
    perturb(&mut net, &mut rng, true);
    let rows = 6;
    let x: Vec<f64> = (0..rows * 3)
        .map(|_| rng.random::<f64>() * 4.0 - 2.0)
        .collect();
    let classes = if matches!(head, Head::SigmoidBce | Head::SigmoidMse) {
        2
    } else {
        3
    };
    let labels = if regression {
        vec![]
    } else {
        (0..rows).map(|r| (r % classes) as u32).collect()
    };
    let values = (0..rows).map(|_| rng.random::<f32>() * 2.0 - 1.0).collect();
    Case {
        net,
        x,
        labels,
        values,
    }
}

fn assert_passes(label: &str, c: &Case, l1: f64, l2: f64, noise: Option<u64>) {
    let r = check(&c.net, &c.x, c.targets(), l1, l2, noise);
    assert!(
        r.max_rel_error < TOL,
        "{label}: parameter {} analytic {} vs numeric {} (rel err {:e})",
        r.worst_index,
        r.analytic,
        r.numeric,
        r.max_rel_error
    );
    assert_eq!(r.checked, c.net.params.len());
}

#[test]
fn every_activation_with_every_head_and_l2() {
    for name in names() {
        let act = Activation::from_name(name).unwrap();
        for head in [
            Head::Softmax,
            Head::SigmoidBce,
            Head::SigmoidMse,
            Head::Mse,
            Head::SoftmaxBce,
        ] {
            for l2 in [0.0, 0.05] {
                let c = case(&act, head, false, Dropout::default(), false);
                // RReLU is random in training; check it there with a fixed noise stream.
                let noise = matches!(act, Activation::Rrelu { .. }).then_some(3);
                assert_passes(&format!("{name} {head:?} l2={l2}"), &c, 0.0, l2, noise);
            }
        }
    }
}

#[test]
fn regression_mse_and_l1() {
    for name in ["tanh", "relu", "gelu", "selu"] {
        let act = Activation::from_name(name).unwrap();
        let c = case(&act, Head::Mse, false, Dropout::default(), true);
        assert_passes(&format!("{name} regression"), &c, 0.0, 0.0, None);
        // L1's kink at w = 0 is never hit by random weights.
        assert_passes(&format!("{name} regression l1"), &c, 0.01, 0.02, None);
    }
}

#[test]
fn prelu_slopes_per_layer_and_per_unit() {
    let act = Activation::new("prelu", &[("init", 0.25)]).unwrap();
    for per_unit in [false, true] {
        let c = case(&act, Head::Softmax, per_unit, Dropout::default(), false);
        let n_alpha: usize = slopes(&c.net).iter().map(|r| r.len()).sum();
        assert_eq!(n_alpha, if per_unit { 5 + 4 } else { 2 });
        assert_passes(&format!("prelu per_unit={per_unit}"), &c, 0.0, 0.01, None);
        // The slopes really receive gradient.
        let mut g = vec![0.0; c.net.params.len()];
        objective(&c.net, &c.x, c.targets(), 0.0, 0.0, None, Some(&mut g));
        let alpha_grad: f64 = slopes(&c.net)
            .into_iter()
            .flatten()
            .map(|i| g[i].abs())
            .sum();
        assert!(alpha_grad > 1e-6, "PReLU α gets no gradient");
    }
}

#[test]
fn dropout_both_kinds_in_training_mode() {
    for (kind, act) in [
        (DropoutKind::Standard, "relu"),
        (DropoutKind::Alpha, "selu"),
    ] {
        let act = Activation::from_name(act).unwrap();
        let dropout = Dropout { rate: 0.3, kind };
        let c = case(&act, Head::Softmax, false, dropout, false);
        assert_passes(&format!("dropout {kind:?}"), &c, 0.0, 0.0, Some(11));
    }
}

#[test]
fn f32_path_matches_f64_gradient() {
    for name in names() {
        let act = Activation::from_name(name).unwrap();
        let c = case(&act, Head::Softmax, true, Dropout::default(), false);
        let mut g64 = vec![0.0; c.net.params.len()];
        objective(&c.net, &c.x, c.targets(), 0.0, 0.01, None, Some(&mut g64));
        let net32: Net<f32> = c.net.cast();
        let x32: Vec<f32> = c.x.iter().map(|&v| v as f32).collect();
        let mut ws = net32.workspace(6);
        let mut g32 = vec![0.0f32; net32.params.len()];
        net32.loss_and_gradient(
            &x32,
            c.targets(),
            &mut ws,
            &mut g32,
            &mut activation_lab::nn::Mode::Eval,
        );
        net32.penalty(0.0, 0.01, Some(&mut g32));
        let diff: f64 = g64
            .iter()
            .zip(&g32)
            .map(|(&a, &b)| (a - f64::from(b)).powi(2))
            .sum::<f64>()
            .sqrt();
        let norm: f64 = g64.iter().map(|a| a * a).sum::<f64>().sqrt();
        assert!(
            diff <= 1e-4 * norm.max(1e-3),
            "{name}: f32 gradient off by {diff} (norm {norm})"
        );
    }
}

/// A 3-5-5-5-4-k network: skips into hidden layers 2 and 3 (5 → 5), none into layer 4 (5 → 4).
fn residual_case(act: &Activation, per_unit: bool, dropout: Dropout) -> Case {
    let mut rng = Pcg64Mcg::seed_from_u64(9);
    let mut net = build(
        act,
        per_unit,
        dropout,
        &[5, 5, 5, 4],
        3,
        Head::Softmax,
        true,
        &mut rng,
    );
    perturb(&mut net, &mut rng, false);
    let rows = 6;
    let x = (0..rows * 3)
        .map(|_| rng.random::<f64>() * 4.0 - 2.0)
        .collect();
    Case {
        net,
        x,
        labels: (0..rows).map(|r| (r % 3) as u32).collect(),
        values: vec![],
    }
}

#[test]
fn residual_skips_forward_and_backward() {
    let act = Activation::from_name("tanh").unwrap();
    let c = residual_case(&act, false, Dropout::default());
    assert_eq!(
        (0..4).map(|l| c.net.has_skip(l)).collect::<Vec<_>>(),
        [false, true, true, false]
    );
    // The skips change the function (so the check below is not the plain network's).
    let mut plain = build(
        &act,
        false,
        Dropout::default(),
        &[5, 5, 5, 4],
        3,
        Head::Softmax,
        false,
        &mut Pcg64Mcg::seed_from_u64(0),
    );
    plain.params = c.net.params.clone();
    let with = objective(&c.net, &c.x, c.targets(), 0.0, 0.0, None, None);
    let without = objective(&plain, &c.x, c.targets(), 0.0, 0.0, None, None);
    assert!((with - without).abs() > 1e-3, "{with} vs {without}");
    for name in ["tanh", "sigmoid", "relu", "gelu", "elu"] {
        let act = Activation::from_name(name).unwrap();
        let c = residual_case(&act, false, Dropout::default());
        assert_passes(&format!("residual {name}"), &c, 0.0, 0.01, None);
    }
    let prelu = Activation::from_name("prelu").unwrap();
    assert_passes(
        "residual prelu per unit",
        &residual_case(&prelu, true, Dropout::default()),
        0.0,
        0.0,
        None,
    );
    let dropout = Dropout {
        rate: 0.3,
        kind: DropoutKind::Standard,
    };
    assert_passes(
        "residual dropout",
        &residual_case(&act, false, dropout),
        0.0,
        0.0,
        Some(5),
    );
}
