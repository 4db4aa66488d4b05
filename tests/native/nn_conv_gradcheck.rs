//! Gradient checks for every layer kind of a layer list (conv with stride 1/2, padding valid/same,
//! odd and non-square sizes, several input channels; max-pool with stride = size and ≠ size;
//! dropout of both kinds after conv and dense; per-channel PReLU and RReLU on conv) against
//! central finite differences in f64, plus an L2 penalty that reaches the conv weights.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::Shape;
use activation_lab::nn::build::network;
use activation_lab::nn::gradcheck::check;
use activation_lab::nn::{
    parse_layers, ActivationSpec, DropoutKind, Head, Net, Targets, TrainConfig,
};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

const TOL: f64 = 1e-5;

fn net(layers: &str, act: &str, shape: Shape, kind: DropoutKind) -> Net<f64> {
    let mut config = TrainConfig {
        activations: vec![ActivationSpec::parse(act).unwrap()],
        dropout_kind: kind,
        ..TrainConfig::default()
    };
    config.set_layers(parse_layers(layers).unwrap());
    config.validate().unwrap();
    let mut rng = Pcg64Mcg::seed_from_u64(11);
    let net = network(
        &config,
        Some(shape),
        shape.len(),
        3,
        Head::Softmax,
        &mut rng,
    )
    .unwrap();
    let mut net = net.cast::<f64>();
    // Biases and slopes away from their init so every path carries gradient.
    for p in net.params.iter_mut().filter(|p| **p == 0.0) {
        *p = rng.random::<f64>() * 0.4 - 0.2;
    }
    // The conv layers' PReLU slopes (the activation layers before the first dense layer).
    let image_part = net
        .layers
        .iter()
        .take_while(|l| !matches!(l, activation_lab::nn::Layer::Dense(_)));
    let slopes: Vec<_> = image_part
        .filter_map(|l| match l {
            activation_lab::nn::Layer::Activation(a) => Some(a.alpha.clone()),
            _ => None,
        })
        .collect();
    for range in slopes {
        for i in range {
            net.params[i] = 0.1 + 0.3 * rng.random::<f64>();
        }
    }
    net
}

fn run(layers: &str, act: &str, shape: Shape, kind: DropoutKind, noise: Option<u64>) {
    let net = net(layers, act, shape, kind);
    let mut rng = Pcg64Mcg::seed_from_u64(5);
    let rows = 3;
    let x: Vec<f64> = (0..rows * shape.len())
        .map(|_| rng.random::<f64>() * 2.0 - 1.0)
        .collect();
    let labels: Vec<u32> = (0..rows as u32).map(|r| r % 3).collect();
    let r = check(&net, &x, Targets::Labels(&labels), 0.0, 1e-3, noise);
    assert_eq!(r.checked, net.params.len());
    assert!(
        r.max_rel_error < TOL,
        "{layers} / {act}: {r:?} (of {} params)",
        net.params.len()
    );
}

#[test]
fn conv_valid_stride_one_with_channels_and_odd_sizes() {
    run(
        "conv3k3,flatten,5",
        "tanh",
        Shape::new(7, 5, 2),
        DropoutKind::Standard,
        None,
    );
}

#[test]
fn conv_same_padding_stride_two_and_conv_after_conv() {
    // The second conv's input gradient reaches the first conv's weights.
    run(
        "conv3k3s2same,conv2k2same,4",
        "elu",
        Shape::new(7, 6, 1),
        DropoutKind::Standard,
        None,
    );
    run(
        "conv2k4same,conv3k3s2,flatten",
        "softplus",
        Shape::new(6, 6, 2),
        DropoutKind::Standard,
        None,
    );
}

#[test]
fn max_pool_with_stride_equal_and_unequal_to_size() {
    run(
        "conv2k3same,pool2,conv2k2,4",
        "tanh",
        Shape::new(8, 8, 1),
        DropoutKind::Standard,
        None,
    );
    run(
        "conv3k2,pool3s2,flatten,4",
        "tanh",
        Shape::new(9, 7, 1),
        DropoutKind::Standard,
        None,
    );
    run(
        "conv2k3same,pool2s1,pool2s3,4",
        "gelu",
        Shape::new(8, 8, 2),
        DropoutKind::Standard,
        None,
    );
}

#[test]
fn pool_first_on_the_raw_image() {
    run(
        "pool2,conv2k2,5",
        "tanh",
        Shape::new(6, 6, 1),
        DropoutKind::Standard,
        None,
    );
}

#[test]
fn dropout_after_conv_and_dense_both_kinds() {
    let list = "conv3k3,drop0.3,pool2,drop0.2,flatten,6,drop0.5";
    run(
        list,
        "tanh",
        Shape::new(8, 8, 1),
        DropoutKind::Standard,
        Some(3),
    );
    run(
        list,
        "selu",
        Shape::new(8, 8, 1),
        DropoutKind::Alpha,
        Some(4),
    );
}

#[test]
fn per_channel_prelu_and_rrelu_on_conv() {
    run(
        "conv3k3same,pool2,5",
        "prelu",
        Shape::new(6, 6, 1),
        DropoutKind::Standard,
        None,
    );
    let n = net(
        "conv3k3same,pool2,5",
        "prelu",
        Shape::new(6, 6, 1),
        DropoutKind::Standard,
    );
    // The activation right after the conv layer carries its slopes.
    let alpha = n
        .layers
        .iter()
        .find_map(|l| match l {
            activation_lab::nn::Layer::Activation(a) => Some(a.alpha.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(alpha.len(), 3, "one slope per filter");
    run(
        "conv3k3,4",
        "rrelu",
        Shape::new(6, 6, 1),
        DropoutKind::Standard,
        Some(9),
    );
}

#[test]
fn the_f32_gradient_agrees_with_the_f64_one() {
    let n64 = net(
        "conv4k3same,pool2,conv4k3,6",
        "elu",
        Shape::new(8, 8, 1),
        DropoutKind::Standard,
    );
    let n32: Net<f32> = n64.cast();
    let mut rng = Pcg64Mcg::seed_from_u64(2);
    let x64: Vec<f64> = (0..4 * 64).map(|_| rng.random::<f64>()).collect();
    let x32: Vec<f32> = x64.iter().map(|&v| v as f32).collect();
    let labels = [0u32, 1, 2, 1];
    let mut g64 = vec![0.0; n64.params.len()];
    let mut g32 = vec![0.0f32; n32.params.len()];
    let mut ws64 = n64.workspace(4);
    let mut ws32 = n32.workspace(4);
    use activation_lab::nn::layer::activation::Mode;
    n64.loss_and_gradient(
        &x64,
        Targets::Labels(&labels),
        &mut ws64,
        &mut g64,
        &mut Mode::Eval,
    );
    n32.loss_and_gradient(
        &x32,
        Targets::Labels(&labels),
        &mut ws32,
        &mut g32,
        &mut Mode::Eval,
    );
    let scale = g64.iter().fold(0.0f64, |m, g| m.max(g.abs()));
    for (a, b) in g64.iter().zip(&g32) {
        assert!((a - f64::from(*b)).abs() <= 1e-4 * scale, "{a} vs {b}");
    }
}

/// Average pooling: windows that tile the map and windows that overlap (stride < size), after a
/// conv so the pooled gradient reaches weights.
#[test]
fn average_pool_tiled_and_overlapping() {
    run(
        "conv3k3same,avgpool2,4",
        "tanh",
        Shape::new(8, 8, 1),
        DropoutKind::Standard,
        None,
    );
    run(
        "conv2k2,avgpool3s2,flatten,4",
        "elu",
        Shape::new(9, 7, 2),
        DropoutKind::Standard,
        None,
    );
}

/// Global average pooling: H×W×C → C, straight into the output layer or a dense layer.
#[test]
fn global_average_pool() {
    run(
        "conv4k3,gap",
        "tanh",
        Shape::new(7, 6, 1),
        DropoutKind::Standard,
        None,
    );
    run(
        "conv3k3same,conv4k2,gap,5",
        "softplus",
        Shape::new(6, 6, 2),
        DropoutKind::Standard,
        None,
    );
}

/// Batch norm before and after the activation, on conv maps (per channel over batch and
/// positions) and on dense units, in training mode (batch statistics, which depend on every
/// sample) and in evaluation (running statistics, constants).
#[test]
fn batch_norm_before_and_after_the_activation() {
    for noise in [Some(7), None] {
        run(
            "conv3k3same,bn,pool2,6,bn,5",
            "tanh",
            Shape::new(6, 6, 1),
            DropoutKind::Standard,
            noise,
        );
        run(
            "conv2k3,bnpost,gap,6,bnpost",
            "elu",
            Shape::new(5, 5, 2),
            DropoutKind::Standard,
            noise,
        );
        run(
            "conv2k2,pool2,bn,4,bn,drop0.3",
            "gelu",
            Shape::new(6, 6, 1),
            DropoutKind::Standard,
            noise,
        );
    }
    // A dense-only network on flat data, with per-unit PReLU slopes after the norm.
    run(
        "8,bn,6,bnpost",
        "prelu",
        Shape::new(1, 1, 3),
        DropoutKind::Standard,
        Some(2),
    );
}
