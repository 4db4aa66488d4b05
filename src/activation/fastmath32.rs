//! The f32 counterparts of [`super::fastmath`] for the kernels whose error analysis allows f32
//! arithmetic: four lanes per wasm SIMD128 vector instead of two, and shorter polynomials.
//!
//! Error budget (ulp = 2⁻²⁴ relative ≈ 6e-8): `exp`/`expm1` ≤ 3 ulp for arguments that are exact
//! f32 values (x, −|x|, −2|x|; the kernels only use those, so no argument rounding is amplified
//! by |x|), `log1p_unit` ≤ 4 ulp. The unit tests measure these on dense sweeps against f64.
//! Results must be normal f32 numbers for a relative bound: each kernel states the input domain
//! where that holds and sends the rest to the f64 kernels (see `kernels.rs`).

/// ln 2 split Cody–Waite style (Cephes): k·LN2_HI is exact for |k| ≤ 2⁸.
const LN2_HI: f32 = f32::from_bits(0x3f31_8000);
const LN2_LO: f32 = -2.121_944_4e-4;
const LOG2_E: f32 = std::f32::consts::LOG2_E;
/// 1.5·2²³: adding it rounds to an integer held in the low mantissa bits.
const ROUND_SHIFTER: f32 = 12_582_912.0;
/// |x| bound keeping 2ᵏ a normal f32 (|k| ≤ 126).
const EXP_CLAMP: f32 = 87.0;

/// `if c { a } else { b }`, kept branch-free by the vectoriser.
#[inline(always)]
pub fn select(c: bool, a: f32, b: f32) -> f32 {
    if c {
        a
    } else {
        b
    }
}

/// x = k·ln2 + r, |r| ≤ ln2/2; returns (expm1(r), 2ᵏ). expm1(r) is Taylor through r⁷:
/// truncation |r|⁷/8! ≤ 1.5e-8 relative.
#[inline(always)]
fn reduce(x: f32) -> (f32, f32) {
    let x = select(x < -EXP_CLAMP, -EXP_CLAMP, x);
    let x = select(x > EXP_CLAMP, EXP_CLAMP, x);
    let t = x * LOG2_E + ROUND_SHIFTER;
    let k = t - ROUND_SHIFTER;
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let scale = f32::from_bits((t.to_bits() << 23).wrapping_add(0x3f80_0000));
    let q = 1.0 / 2.0
        + r * (1.0 / 6.0
            + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0 + r * (1.0 / 5040.0)))));
    (r + r * (r * q), scale)
}

/// eˣ for |x| ≤ 87 (clamped beyond: callers keep results normal through their domains).
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    let (p, s) = reduce(x);
    s + s * p
}

/// eˣ − 1, relative also near 0; −1 (to rounding) below −87.
#[inline(always)]
pub fn expm1(x: f32) -> f32 {
    let (p, s) = reduce(x);
    s * p + (s - 1.0)
}

/// ln(1 + u) for 0 ≤ u ≤ 1: 2·atanh(s), s = u/(2+u) ≤ 1/3, series through s¹³
/// (truncation ≤ (1/9)⁷/15 ≈ 1.4e-8).
#[inline(always)]
pub fn log1p_unit(u: f32) -> f32 {
    let s = u / (2.0 + u);
    let w = s * s;
    let q = 1.0
        + w * (1.0 / 3.0
            + w * (1.0 / 5.0
                + w * (1.0 / 7.0 + w * (1.0 / 9.0 + w * (1.0 / 11.0 + w * (1.0 / 13.0))))));
    2.0 * s * q
}

/// σ(x) from e^−|x|; ≤ 12 ulp relative while e^−|x| is normal (|x| ≤ 87).
#[inline(always)]
pub fn sigmoid(x: f32) -> f32 {
    let e = exp(-x.abs());
    let inv = 1.0 / (1.0 + e);
    select(x >= 0.0, inv, e * inv)
}

/// σ′(x) = e^−|x|/(1 + e^−|x|)².
#[inline(always)]
pub fn sigmoid_derivative(x: f32) -> f32 {
    let e = exp(-x.abs());
    let inv = 1.0 / (1.0 + e);
    e * inv * inv
}

/// log(1 + eˣ) = max(x, 0) + log1p(e^−|x|), for |x| ≤ 87.
#[inline(always)]
pub fn softplus(x: f32) -> f32 {
    select(x > 0.0, x, 0.0) + log1p_unit(exp(-x.abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Max relative error of `fast` against the f64 `exact`, in units of 2⁻²⁴.
    fn max_ulps(xs: impl Iterator<Item = f32>, fast: fn(f32) -> f32, exact: fn(f64) -> f64) -> f64 {
        xs.map(|x| {
            let e = exact(f64::from(x));
            ((f64::from(fast(x)) - e) / e).abs() * 16_777_216.0
        })
        .fold(0.0, f64::max)
    }

    fn sweep(lo: f32, hi: f32, n: usize) -> impl Iterator<Item = f32> {
        (0..=n).map(move |i| lo + (hi - lo) * (i as f32 / n as f32))
    }

    /// Small normal magnitudes down to 1e-37, both signs (subnormal results are never asked for).
    fn tiny() -> impl Iterator<Item = f32> {
        (1..2800).map(|i| 0.97f32.powi(i)).flat_map(|x| [x, -x])
    }

    #[test]
    fn exp_and_expm1_within_3_ulp() {
        assert!(max_ulps(sweep(-87.0, 87.0, 400_000), exp, f64::exp) <= 3.0);
        assert!(
            max_ulps(
                sweep(-87.0, 87.0, 400_000).chain(tiny()),
                expm1,
                f64::exp_m1
            ) <= 3.0
        );
    }

    #[test]
    fn log1p_within_4_ulp() {
        let xs = sweep(0.0, 1.0, 200_000).filter(|&u| u > 0.0);
        let e = max_ulps(
            xs.chain(tiny().filter(|&u| u > 0.0)),
            log1p_unit,
            f64::ln_1p,
        );
        assert!(e <= 4.0, "{e} ulp");
    }

    #[test]
    fn sigmoid_softplus_within_12_ulp() {
        let sig = |x: f64| 1.0 / (1.0 + (-x).exp());
        let sp = |x: f64| x.max(0.0) + (-x.abs()).exp().ln_1p();
        assert!(max_ulps(sweep(-87.0, 87.0, 400_000), sigmoid, sig) <= 12.0);
        assert!(max_ulps(sweep(-87.0, 87.0, 400_000), softplus, sp) <= 12.0);
    }
}
