//! Branch-free f64 exp/expm1/log1p/erfc written as plain arithmetic, so that a loop calling them
//! auto-vectorises (f64x2 under wasm `+simd128`, SSE2/AVX natively). A per-element libm call
//! blocks vectorisation, hence these.
//!
//! Why f64 inside an f32 kernel: the kernels must stay within 2e-6 relative of the exact f64 API
//! over the whole f32 range. Arguments such as βx, x/α or the tanh-GELU cubic carry their
//! rounding error into exp multiplied by |argument| (up to ~100 before an f32 result underflows);
//! in f32 that alone would exceed the bound, in f64 it is ~1e-14. Every primitive here has a
//! relative error far below the bound (stated per function, checked by the unit tests below on
//! dense sweeps against libm), so a kernel's error is its final rounding to f32 (≤ 2⁻²⁴) plus
//! what its own formula amplifies.
//!
//! Inputs are clamped so that the 2ᵏ scaling stays a normal f64; results of magnitude beyond the
//! f32 range are still far beyond it (e^708 ≈ 1e307, e^−708 ≈ 1e−308), so rounding to f32 gives
//! the same ±inf or 0 as the exact path.

/// ln 2 split so that k·LN2_HI is exact for |k| < 2²⁰ (fdlibm's constants).
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
const LOG2_E: f64 = std::f64::consts::LOG2_E;
/// 1.5·2⁵²: adding it rounds to an integer that then sits in the low mantissa bits.
const ROUND_SHIFTER: f64 = 6_755_399_441_055_744.0;
/// |x| bound keeping 2ᵏ a normal double (k ≤ 1021).
const EXP_CLAMP: f64 = 708.0;

/// `if c { a } else { b }` as a select the vectoriser keeps branch-free.
#[inline(always)]
pub fn select(c: bool, a: f64, b: f64) -> f64 {
    if c {
        a
    } else {
        b
    }
}

/// Splits x = k·ln2 + r, |r| ≤ ln2/2 (plus rounding), returning (expm1(r), 2ᵏ).
/// expm1(r) is the Taylor polynomial through r¹¹: truncation ≤ |r|¹¹/12! ≤ 1.9e-14 relative
/// (|r| ≤ 0.3466), Horner rounding a few ulp.
#[inline(always)]
fn reduce(x: f64) -> (f64, f64) {
    let x = select(x < -EXP_CLAMP, -EXP_CLAMP, x);
    let x = select(x > EXP_CLAMP, EXP_CLAMP, x);
    let t = x * LOG2_E + ROUND_SHIFTER;
    let k = t - ROUND_SHIFTER;
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // The low 12 bits of t's mantissa are k (two's complement); shifted into the exponent field
    // and added to 1.0's bits they give 2ᵏ for −1022 ≤ k ≤ 1023.
    let scale = f64::from_bits((t.to_bits() << 52).wrapping_add(0x3ff0_0000_0000_0000));
    const C: [f64; 11] = [
        1.0 / 2.0,
        1.0 / 6.0,
        1.0 / 24.0,
        1.0 / 120.0,
        1.0 / 720.0,
        1.0 / 5040.0,
        1.0 / 40_320.0,
        1.0 / 362_880.0,
        1.0 / 3_628_800.0,
        1.0 / 39_916_800.0,
        1.0 / 479_001_600.0,
    ];
    let mut q = C[10];
    for &c in C[..10].iter().rev() {
        q = q * r + c;
    }
    let em1 = r + r * (r * q);
    (em1, scale)
}

/// eˣ, relative error ≤ 1e-13 on [−708, 708]; exactly 0 below and +∞ above, so that a product
/// x·eˣ can test for the underflow (the limit at x = ±∞) and nothing beyond the f32 range turns
/// finite.
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    let (p, s) = reduce(x);
    let y = select(x > EXP_CLAMP, f64::INFINITY, s + s * p);
    select(x < -EXP_CLAMP, 0.0, y)
}

/// eˣ − 1 with relative accuracy (≤ 1e-13) also near 0, where exp(x) − 1 would cancel.
#[inline(always)]
pub fn expm1(x: f64) -> f64 {
    let (p, s) = reduce(x);
    // k = 0 gives p exactly; k ≠ 0 means |x| > 0.34, where (s − 1) and s·p cancel at most 2×.
    s * p + (s - 1.0)
}

/// ln(1 + u) for 0 ≤ u ≤ 1 (the only range the kernels need: u = e^−|x|), relative error
/// ≤ 2e-14: 2·atanh(s) with s = u/(2+u) ≤ 1/3, series through s²⁷ (truncation ≤ (1/9)¹⁴/29).
#[inline(always)]
pub fn log1p_unit(u: f64) -> f64 {
    let s = u / (2.0 + u);
    let w = s * s;
    const C: [f64; 15] = [
        1.0,
        1.0 / 3.0,
        1.0 / 5.0,
        1.0 / 7.0,
        1.0 / 9.0,
        1.0 / 11.0,
        1.0 / 13.0,
        1.0 / 15.0,
        1.0 / 17.0,
        1.0 / 19.0,
        1.0 / 21.0,
        1.0 / 23.0,
        1.0 / 25.0,
        1.0 / 27.0,
        1.0 / 29.0,
    ];
    let mut q = C[14];
    for &c in C[..14].iter().rev() {
        q = q * w + c;
    }
    2.0 * s * q
}

/// σ(x) = 1/(1 + e^−x) from e^−|x| (no overflow), relative error ≤ 3e-13.
#[inline(always)]
pub fn sigmoid(x: f64) -> f64 {
    let e = exp(-x.abs());
    let inv = 1.0 / (1.0 + e);
    select(x >= 0.0, inv, e * inv)
}

/// σ′(x) = e^−|x|/(1 + e^−|x|)².
#[inline(always)]
pub fn sigmoid_derivative(x: f64) -> f64 {
    let e = exp(-x.abs());
    let inv = 1.0 / (1.0 + e);
    e * inv * inv
}

/// tanh x = −expm1(−2|x|)/(2 + expm1(−2|x|)) with the sign of x: relative ≤ 1e-12 everywhere,
/// including |x| → 0 (expm1 is relative there) and |x| large (ratio → 1).
#[inline(always)]
pub fn tanh(x: f64) -> f64 {
    let m = expm1(-2.0 * x.abs());
    let t = -m / (2.0 + m);
    select(x < 0.0, -t, t)
}

/// sech²x = 4e^−2|x|/(1 + e^−2|x|)².
#[inline(always)]
pub fn sech2(x: f64) -> f64 {
    let e = exp(-2.0 * x.abs());
    let inv = 1.0 / (1.0 + e);
    4.0 * e * inv * inv
}

/// log(1 + eˣ) = max(x, 0) + log1p(e^−|x|).
#[inline(always)]
pub fn softplus(x: f64) -> f64 {
    select(x > 0.0, x, 0.0) + log1p_unit(exp(-x.abs()))
}

/// Φ(x), the standard normal CDF, from erfc(|x|/√2) by the Numerical Recipes (2nd ed., §6.2)
/// Chebyshev fit t·exp(−z² + P(t)), t = 1/(1 + z/2): fractional error < 1.2e-7 for every z ≥ 0,
/// so Φ has relative error < 1.2e-7 in the left tail and absolute < 6e-8 on the right. That is
/// the one primitive here not far below 2e-6; the GELU kernels account for it.
#[inline(always)]
pub fn normal_cdf(x: f64) -> f64 {
    let z = x.abs() * std::f64::consts::FRAC_1_SQRT_2;
    let t = 1.0 / (1.0 + 0.5 * z);
    let p = -1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let half_erfc = 0.5 * t * exp(p - z * z);
    select(x < 0.0, half_erfc, 1.0 - half_erfc)
}

/// φ(x) = e^{−x²/2}/√(2π).
#[inline(always)]
pub fn normal_pdf(x: f64) -> f64 {
    0.398_942_280_401_432_7 * exp(-0.5 * x * x)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Max relative error of `fast` against `exact` over `xs`, skipping exact results of 0.
    fn max_rel(xs: impl Iterator<Item = f64>, fast: fn(f64) -> f64, exact: fn(f64) -> f64) -> f64 {
        xs.map(|x| {
            let (f, e) = (fast(x), exact(x));
            if e == 0.0 {
                f.abs()
            } else {
                ((f - e) / e).abs()
            }
        })
        .fold(0.0, f64::max)
    }

    fn sweep(lo: f64, hi: f64, n: usize) -> impl Iterator<Item = f64> {
        (0..=n).map(move |i| lo + (hi - lo) * i as f64 / n as f64)
    }

    #[test]
    fn exp_and_expm1_are_within_1e13() {
        assert!(max_rel(sweep(-700.0, 700.0, 200_000), exp, f64::exp) < 1e-13);
        assert!(max_rel(sweep(-3.0, 3.0, 200_000), expm1, f64::exp_m1) < 1e-13);
        let tiny = (1..2000).map(|i| f64::powi(0.97, i));
        assert!(max_rel(tiny.clone(), expm1, f64::exp_m1) < 1e-13);
        assert!(max_rel(tiny.map(|x| -x), expm1, f64::exp_m1) < 1e-13);
        assert!(exp(-1e30) == 0.0 && exp(f64::NEG_INFINITY) == 0.0 && expm1(-1e30) == -1.0);
        assert!(exp(1e30) == f64::INFINITY && expm1(800.0) > 1e300);
    }

    #[test]
    fn log1p_on_unit_interval_is_within_2e14() {
        let xs = sweep(0.0, 1.0, 100_000).chain((1..3000).map(|i| f64::powi(0.98, i)));
        assert!(max_rel(xs, log1p_unit, f64::ln_1p) < 2e-14);
    }

    #[test]
    fn tanh_and_sigmoid_are_within_1e12() {
        let xs = || sweep(-40.0, 40.0, 200_000).chain((1..3000).map(|i| f64::powi(0.98, i)));
        assert!(max_rel(xs(), tanh, f64::tanh) < 1e-12);
        let exact_sigmoid = |x: f64| 1.0 / (1.0 + (-x).exp());
        assert!(max_rel(sweep(-700.0, 40.0, 200_000), sigmoid, exact_sigmoid) < 1e-12);
    }

    #[test]
    fn normal_cdf_is_within_numerical_recipes_bound() {
        let exact = |x: f64| 0.5 * libm::erfc(-x * std::f64::consts::FRAC_1_SQRT_2);
        assert!(max_rel(sweep(-37.0, 10.0, 400_000), normal_cdf, exact) < 1.2e-7);
    }
}
