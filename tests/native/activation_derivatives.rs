//! The analytic derivatives against central finite differences of the values (away from kinks),
//! and the f32 slice kernels against the f64 scalar API.

use crate::activation_common;

use activation_common::{kinks, param_sets};
use activation_lab::activation::Activation;

/// Inputs for the finite-difference check: dense on [−12, 12] plus a few larger magnitudes.
fn fd_grid() -> Vec<f64> {
    let mut xs: Vec<f64> = (0..=1752).map(|i| -12.0 + f64::from(i) * 0.0137).collect();
    xs.extend(
        [15.0, 25.0, 60.0, 150.0, 1e3, 1e5]
            .iter()
            .flat_map(|&m| [m, -m]),
    );
    xs
}

#[test]
fn derivative_matches_central_difference_away_from_kinks() {
    let sets = param_sets();
    assert!(sets.len() >= 35, "expected all reference parameter sets");
    let mut checked = 0;
    let mut failures = Vec::new();
    for a in &sets {
        for x in fd_grid() {
            // A step relative to |x| suits functions that flatten far out; sin keeps its unit
            // wavelength everywhere, so its step stays absolute.
            let h = if *a == Activation::Sin {
                1e-5
            } else {
                1e-5 * x.abs().max(1.0)
            };
            if kinks(a).iter().any(|&k| (x - k).abs() <= 2.0 * h) {
                continue;
            }
            // Divide by the step actually taken (x ± h rounds where ulp(x) is not tiny next to h).
            let (xp, xm) = (x + h, x - h);
            let fd = (a.value(xp) - a.value(xm)) / (xp - xm);
            let d = a.derivative(x);
            // Truncation error h²·f‴/6 ≲ 1e-10 relative; rounding error ≈ ε·|f|/h.
            let tol = 1e-8 * (1.0 + d.abs()) + 4.0 * f64::EPSILON * (1.0 + a.value(x).abs()) / h;
            checked += 1;
            if (fd - d).abs() > tol {
                failures.push(format!(
                    "{a:?} at x={x}: analytic {d}, central difference {fd}"
                ));
            }
        }
    }
    assert!(checked > 50_000, "only {checked} points checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Exact f32 inputs over the f32 range: a dense band around 0, log-spaced magnitudes from the
/// smallest subnormal to f32::MAX, ±∞ (the kernels must give the limits too), and the kinks.
fn f32_grid() -> Vec<f32> {
    let mut xs: Vec<f32> = (0..=2400).map(|i| -12.0 + i as f32 * 0.01).collect();
    let mut m = f32::from_bits(1);
    while m < f32::MAX / 3.0 {
        xs.extend([m, -m]);
        m *= 3.0;
    }
    xs.extend([
        0.0,
        -0.0,
        3.0,
        -3.0,
        6.0,
        f32::MAX,
        -f32::MAX,
        f32::MIN_POSITIVE,
        f32::INFINITY,
        f32::NEG_INFINITY,
    ]);
    xs
}

/// Absolute floor of the f32 comparison: the spacing of f32 subnormals (2⁻¹⁴⁹ ≈ 1.4e-45). A
/// result below f32::MIN_POSITIVE can only be represented to that absolute precision, so the
/// relative 2e-6 cannot hold there; everywhere else the kernel must meet the relative bound.
/// (Today's kernels round the exact f64 result once, error ≤ 2⁻²⁴ relative. A native f32
/// kernel that cancels near a root of f would need a per-function floor argued from the size
/// of the cancelling terms, not a blanket loosening.)
const F32_ABS_FLOOR: f64 = 1.401_298_464_324_817e-45;
const F32_REL_TOL: f64 = 2e-6;

/// `got` (an f32 kernel output) agrees with the f64 result `want`.
fn f32_close(got: f32, want: f64) -> bool {
    if want.is_nan() {
        return got.is_nan();
    }
    if (want as f32).is_infinite() {
        // Beyond the f32 range the only right answer is the overflow to ±inf.
        return got == want as f32;
    }
    (f64::from(got) - want).abs() <= F32_REL_TOL * want.abs() + F32_ABS_FLOOR
}

#[test]
fn f32_forward_matches_f64_value() {
    let xs = f32_grid();
    let mut out = vec![0.0f32; xs.len()];
    for a in param_sets() {
        a.forward(&xs, &mut out);
        for (&x, &y) in xs.iter().zip(&out) {
            let want = a.value(f64::from(x));
            assert!(
                f32_close(y, want),
                "{a:?} forward at x={x}: f32 {y}, f64 {want}"
            );
        }
    }
}

#[test]
fn f32_backward_matches_f64_derivative_times_upstream() {
    let xs = f32_grid();
    // Upstream gradients of mixed sign and size, cycling independently of x.
    let grads: Vec<f32> = (0..xs.len())
        .map(|i| [1.0, -0.5, 3.25, -7.0, 1e-3, 0.0][i % 6])
        .collect();
    let mut grad_in = vec![0.0f32; xs.len()];
    for a in param_sets() {
        a.backward(&xs, &grads, &mut grad_in);
        for ((&x, &g), &gi) in xs.iter().zip(&grads).zip(&grad_in) {
            let want = a.derivative(f64::from(x)) * f64::from(g);
            assert!(
                f32_close(gi, want),
                "{a:?} backward at x={x}, upstream {g}: f32 {gi}, f64 {want}"
            );
        }
    }
}

#[test]
fn backward_with_unit_upstream_is_the_derivative() {
    let a = Activation::from_name("gelu").unwrap();
    let xs = [-2.0f32, -0.5, 0.0, 0.5, 2.0];
    let mut g = [0.0f32; 5];
    a.backward(&xs, &[1.0; 5], &mut g);
    // Φ(x) + xφ(x) at the points above (values from tests/data/reference.csv, rounded to f32).
    let want = [
        -0.085_231_8_f32,
        0.132_504_88,
        0.5,
        0.867_495_1,
        1.085_231_8,
    ];
    for (got, want) in g.iter().zip(want) {
        assert!((got - want).abs() <= 2e-6 * want.abs(), "{got} vs {want}");
    }
}

#[test]
#[should_panic(expected = "length mismatch")]
fn forward_rejects_mismatched_lengths() {
    let a = Activation::from_name("relu").unwrap();
    a.forward(&[1.0, 2.0], &mut [0.0]);
}

/// The kernels' fast f32 tier switches to the f64 tier at domain edges (|x| = 40, 80, …) and its
/// polynomials have their worst errors between grid points: a dense sweep over [−90, 90] with
/// irregular spacing checks forward and backward everywhere in between.
#[test]
fn f32_kernels_match_f64_on_a_dense_sweep() {
    let xs: Vec<f32> = (0..120_000)
        .map(|i| (-90.0 + 180.0 * ((i as f64 * 0.618_033_988_749_895).fract())) as f32)
        .collect();
    let grads: Vec<f32> = xs.iter().map(|x| 0.75 - x.abs() / 100.0).collect();
    let mut out = vec![0.0f32; xs.len()];
    for a in param_sets() {
        a.forward(&xs, &mut out);
        for (&x, &y) in xs.iter().zip(&out) {
            let want = a.value(f64::from(x));
            assert!(
                f32_close(y, want),
                "{a:?} forward at x={x}: f32 {y}, f64 {want}"
            );
        }
        a.backward(&xs, &grads, &mut out);
        for ((&x, &g), &gi) in xs.iter().zip(&grads).zip(&out) {
            let want = a.derivative(f64::from(x)) * f64::from(g);
            assert!(
                f32_close(gi, want),
                "{a:?} backward at x={x}: f32 {gi}, f64 {want}"
            );
        }
    }
}
