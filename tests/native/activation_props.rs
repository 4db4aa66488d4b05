//! Property tests: for any catalog function with any valid parameters, finite input gives a
//! finite value and derivative whenever the true result is representable; NaN propagates; ±∞
//! gives the limit (never NaN).
// Native only: proptest and process spawning are not available on wasm32.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::activation::{Activation, ParamSpec, CATALOG};
use proptest::prelude::*;

/// Maps raw draws onto one parameter's valid range: the slider range, the whole range, a
/// log-uniform magnitude of either sign, or an edge value (min, max, default, 0).
fn param_value(spec: &ParamSpec, kind: u8, u: f64, exp10: f64) -> f64 {
    let (lo, hi) = spec.slider;
    let v = match kind {
        0 => lo + u * (hi - lo),
        1 => spec.min + u * (spec.max - spec.min),
        2 => (if u < 0.5 { -1.0 } else { 1.0 }) * 10f64.powf(exp10),
        _ => [spec.min, spec.max, spec.default, 0.0][(u * 4.0) as usize % 4],
    };
    v.clamp(spec.min, spec.max)
}

/// A random valid activation; the pairwise constraints (hardtanh min < max, rrelu lower ≤
/// upper) are met by sorting, the rest (e.g. celu α = 0) by rejection.
fn activation() -> impl Strategy<Value = Activation> {
    (
        0..CATALOG.len(),
        prop::collection::vec((0u8..4, 0.0..1.0f64, -6.0..6.0f64), 2),
    )
        .prop_filter_map("invalid parameter combination", |(i, draws)| {
            let spec = &CATALOG[i];
            let mut values: Vec<f64> = spec
                .params
                .iter()
                .zip(&draws)
                .map(|(p, &(k, u, e))| param_value(p, k, u, e))
                .collect();
            if matches!(spec.name, "hardtanh" | "rrelu") {
                values.sort_by(f64::total_cmp);
            }
            let pairs: Vec<(&str, f64)> = spec.params.iter().map(|p| p.name).zip(values).collect();
            Activation::new(spec.name, &pairs).ok()
        })
}

/// Any finite f64, with extra weight on the range where the functions bend.
fn finite_x() -> impl Strategy<Value = f64> {
    prop_oneof![
        prop::num::f64::ANY.prop_filter("finite", |x| x.is_finite()),
        -50.0..50.0f64,
        (-1.0..1.0f64, -320i32..308).prop_map(|(m, e)| m * 10f64.powi(e)),
    ]
}

/// Whether the exact value or derivative at x exceeds f64::MAX, so ±∞ is the right answer.
/// Only unbounded linear pieces with a large slope and celu with α < 0 (e^{x/α} for x < 0) can.
fn true_result_may_overflow(a: &Activation, x: f64) -> bool {
    use Activation::*;
    match *a {
        LeakyRelu { negative_slope: s } | Prelu { init: s } => x < 0.0 && (s * x).is_infinite(),
        Rrelu { lower, upper } => x < 0.0 && (0.5 * (lower + upper) * x).is_infinite(),
        Selu => (activation_lab::activation::SELU_SCALE * x).is_infinite(),
        Celu { alpha } => alpha < 0.0 && x < 0.0 && x / alpha > 709.0,
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn finite_input_gives_finite_output(a in activation(), x in finite_x()) {
        let (v, d) = (a.value(x), a.derivative(x));
        if !true_result_may_overflow(&a, x) {
            prop_assert!(v.is_finite(), "{a:?}.value({x:e}) = {v}");
            prop_assert!(d.is_finite(), "{a:?}.derivative({x:e}) = {d}");
        } else {
            prop_assert!(!v.is_nan() && !d.is_nan(), "{a:?} at {x:e}: {v}, {d}");
        }
    }

    #[test]
    fn nan_in_nan_out(a in activation()) {
        prop_assert!(a.value(f64::NAN).is_nan());
        prop_assert!(a.derivative(f64::NAN).is_nan());
        let mut out = [0.0f32; 1];
        a.forward(&[f32::NAN], &mut out);
        prop_assert!(out[0].is_nan());
        a.backward(&[f32::NAN], &[1.0], &mut out);
        prop_assert!(out[0].is_nan());
    }

    /// f(±∞) is the limit: never NaN, and consistent with f at ±f64::MAX — equal where the
    /// limit is finite (every function has flattened out long before 1.8e308), same sign and
    /// growing where it is infinite.
    #[test]
    fn infinite_input_gives_the_limit(a in activation()) {
        // The one catalog function without a limit at ±∞ (checked on its own below).
        prop_assume!(a != Activation::Sin);
        for sign in [-1.0, 1.0] {
            let inf = sign * f64::INFINITY;
            let max = sign * f64::MAX;
            for (what, at_inf, at_max, at_big) in [
                ("value", a.value(inf), a.value(max), a.value(sign * 1e100)),
                ("derivative", a.derivative(inf), a.derivative(max), a.derivative(sign * 1e100)),
            ] {
                prop_assert!(!at_inf.is_nan(), "{a:?} {what} at {inf} is NaN");
                if at_inf.is_finite() {
                    prop_assert!(
                        (at_inf - at_max).abs() <= 1e-12 * at_inf.abs() + 1e-300,
                        "{a:?} {what}: {at_inf} at {inf} but {at_max} at {max}"
                    );
                } else {
                    prop_assert!(
                        at_max.signum() == at_inf.signum() && at_max.abs() >= at_big.abs(),
                        "{a:?} {what}: {at_inf} at {inf} but {at_max} at {max}"
                    );
                }
            }
        }
    }
}

/// The limits at ±∞ with default parameters, spelled out.
#[test]
fn limits_at_infinity_with_defaults() {
    let inf = f64::INFINITY;
    // (name, f(−∞), f(+∞), f′(−∞), f′(+∞))
    let cases: &[(&str, f64, f64, f64, f64)] = &[
        ("identity", -inf, inf, 1.0, 1.0),
        ("sigmoid", 0.0, 1.0, 0.0, 0.0),
        ("tanh", -1.0, 1.0, 0.0, 0.0),
        ("relu", 0.0, inf, 0.0, 1.0),
        ("leaky_relu", -inf, inf, 0.01, 1.0),
        ("prelu", -inf, inf, 0.25, 1.0),
        ("rrelu", -inf, inf, (1.0 / 8.0 + 1.0 / 3.0) / 2.0, 1.0),
        ("elu", -1.0, inf, 0.0, 1.0),
        ("celu", -1.0, inf, 0.0, 1.0),
        (
            "selu",
            -activation_lab::activation::SELU_SCALE * activation_lab::activation::SELU_ALPHA,
            inf,
            0.0,
            activation_lab::activation::SELU_SCALE,
        ),
        ("gelu", 0.0, inf, 0.0, 1.0),
        ("gelu_tanh", 0.0, inf, 0.0, 1.0),
        ("relu6", 0.0, 6.0, 0.0, 0.0),
        ("hardtanh", -1.0, 1.0, 0.0, 0.0),
        ("hardsigmoid", 0.0, 1.0, 0.0, 0.0),
        ("hardswish", 0.0, inf, 0.0, 1.0),
        ("silu", 0.0, inf, 0.0, 1.0),
        ("swish", 0.0, inf, 0.0, 1.0),
        ("mish", 0.0, inf, 0.0, 1.0),
        ("softplus", 0.0, inf, 0.0, 1.0),
        ("softsign", -1.0, 1.0, 0.0, 0.0),
        ("logsigmoid", -inf, 0.0, 1.0, 0.0),
        ("tanhshrink", -inf, inf, 1.0, 1.0),
        ("step", 0.0, 1.0, 0.0, 0.0),
        (
            "arctan",
            -std::f64::consts::FRAC_PI_2,
            std::f64::consts::FRAC_PI_2,
            0.0,
            0.0,
        ),
        ("elish", 0.0, inf, 0.0, 1.0),
        ("hard_elish", 0.0, inf, 0.0, 1.0),
        ("squareplus", 0.0, inf, 0.0, 1.0),
        ("bent_identity", -inf, inf, 0.5, 1.5),
        ("softshrink", -inf, inf, 1.0, 1.0),
        ("hardshrink", -inf, inf, 1.0, 1.0),
        ("gaussian", 0.0, 0.0, 0.0, 0.0),
    ];
    // sin has no limit at ±∞: NaN is the honest answer (see `sin_has_no_limit_at_infinity`).
    let cases: Vec<_> = cases.iter().chain(&[("sin", 0.0, 0.0, 0.0, 0.0)]).collect();
    assert_eq!(cases.len(), CATALOG.len());
    for &&(name, v_lo, v_hi, d_lo, d_hi) in &cases {
        if name == "sin" {
            continue;
        }
        let a = Activation::from_name(name).unwrap();
        assert_eq!(a.value(-inf), v_lo, "{name}(−∞)");
        assert_eq!(a.value(inf), v_hi, "{name}(+∞)");
        assert_eq!(a.derivative(-inf), d_lo, "{name}′(−∞)");
        assert_eq!(a.derivative(inf), d_hi, "{name}′(+∞)");
    }
}

/// sin oscillates forever: NaN at ±∞ (no limit exists), but finite at every finite input.
#[test]
fn sin_has_no_limit_at_infinity() {
    let a = Activation::from_name("sin").unwrap();
    for x in [f64::INFINITY, f64::NEG_INFINITY] {
        assert!(
            a.value(x).is_nan() && a.derivative(x).is_nan(),
            "sin at {x}"
        );
    }
    for x in [f64::MAX, -f64::MAX, 1e300] {
        assert!(a.value(x).abs() <= 1.0 && a.derivative(x).abs() <= 1.0);
    }
}

/// Parameter values where a naive formula multiplies 0 by ∞.
#[test]
fn zero_parameters_at_infinity() {
    let inf = f64::INFINITY;
    let flat = Activation::new("leaky_relu", &[("negative_slope", 0.0)]).unwrap();
    assert_eq!(flat.value(-inf), 0.0);
    let half = Activation::new("swish", &[("beta", 0.0)]).unwrap();
    assert_eq!(half.value(inf), inf);
    assert_eq!(half.value(-inf), -inf);
    assert_eq!(half.derivative(inf), 0.5);
    let reversed = Activation::new("swish", &[("beta", -1.0)]).unwrap();
    assert_eq!(reversed.value(inf), 0.0);
    assert_eq!(reversed.value(-inf), -inf);
    let rr = Activation::new("rrelu", &[("lower", 0.0), ("upper", 0.0)]).unwrap();
    assert_eq!(rr.value(-inf), 0.0);
}
