//! Initial-weight histograms: counts, ranges, the init's intended spread, and that different inits
//! really look different.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::TwoD;
use activation_lab::nn::{ActivationSpec, Histogram, Init, TrainConfig, Trainer};

fn trainer(act: &str, init: Option<Init>) -> Trainer {
    let config = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&[64, 64]),
        activations: vec![ActivationSpec::named(act)],
        init,
        ..TrainConfig::default()
    };
    Trainer::new(
        config,
        TwoD::Circle.generate_split(100, 0.0, 0.5, 1).unwrap(),
    )
    .unwrap()
}

#[test]
fn histogram_bins_values_and_rejects_bad_arguments() {
    let h = Histogram::new([-1.0, -0.5, 0.0, 0.49, 0.5, 1.0, f64::NAN], -1.0, 1.0, 4).unwrap();
    assert_eq!(h.counts, vec![1, 1, 2, 2]);
    assert_eq!(h.edges(), vec![-1.0, -0.5, 0.0, 0.5, 1.0]);
    assert_eq!(h.bin_width(), 0.5);
    assert!(Histogram::new([0.0], -1.0, 1.0, 0).is_err());
    assert!(Histogram::new([0.0], 1.0, 1.0, 3).is_err());
    assert!(Histogram::new([0.0], -1.0, f64::INFINITY, 3).is_err());
}

#[test]
fn one_histogram_per_dense_layer_with_every_weight_counted() {
    let t = trainer("relu", None);
    let hs = t.weight_histograms(20).unwrap();
    assert_eq!(hs.len(), 3);
    let shapes: Vec<(usize, usize)> = hs.iter().map(|h| (h.fan_in, h.fan_out)).collect();
    // Two classes: a single sigmoid (BCE) output unit.
    assert_eq!(shapes, [(2, 64), (64, 64), (64, 1)]);
    for h in &hs {
        let total: u32 = h.histogram.counts.iter().sum();
        assert_eq!(total as usize, h.fan_in * h.fan_out);
        assert_eq!(h.histogram.lo, -h.histogram.hi);
    }
    // ReLU layers get He, the output layer Glorot; the measured std matches the intended one.
    assert_eq!(hs[1].init, Init::HeNormal);
    assert_eq!(hs[2].init, Init::GlorotUniform);
    assert!((hs[1].expected_std - (2.0f64 / 64.0).sqrt()).abs() < 1e-12);
    assert!(
        (hs[1].std / hs[1].expected_std - 1.0).abs() < 0.05,
        "{}",
        hs[1].std
    );
    assert!(hs[1].mean.abs() < 0.01);
}

#[test]
fn uniform_is_flat_normal_is_peaked_and_he_is_wider_than_glorot() {
    let uniform = &trainer("tanh", Some(Init::GlorotUniform))
        .weight_histograms(8)
        .unwrap()[1];
    let normal = &trainer("tanh", Some(Init::GlorotNormal))
        .weight_histograms(8)
        .unwrap()[1];
    let he = &trainer("tanh", Some(Init::HeNormal))
        .weight_histograms(8)
        .unwrap()[1];
    // 4096 weights in 8 bins: uniform ≈ 512 each, normal has its mass in the middle bins.
    let u = &uniform.histogram.counts;
    assert!(u.iter().all(|&c| (400..=620).contains(&c)), "{u:?}");
    let n = &normal.histogram.counts;
    assert!(n[3] + n[4] > 4 * (n[0] + n[7]), "{n:?}");
    // Uniform stays within its limit √(6/128).
    assert!(uniform.histogram.hi <= (6.0f64 / 128.0).sqrt() + 1e-6);
    assert!(he.std > 1.3 * normal.std, "{} vs {}", he.std, normal.std);
    assert!(Init::HeUniform.std(64, 64) > Init::LecunNormal.std(64, 64));
}
