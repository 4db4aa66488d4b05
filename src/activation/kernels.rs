//! f32 slice kernels for training. One `match` per call picks a branch-free per-element formula
//! and a plain loop applies it; with no libm call and no data-dependent branch in the body the
//! loop auto-vectorises under wasm `+simd128` (and SSE2/AVX natively).
//!
//! Two tiers. The fast tier computes in f32 ([`fastmath32`], four lanes per vector) where the
//! error analysis allows: exp-family functions whose exp argument is an exact f32 (x, −|x|,
//! −2|x|), on an input domain where the result is a normal f32; inputs outside that domain (and
//! NaN) are redone by the second tier in a scalar pass that is cheap because it is rare. The second
//! tier computes in f64 ([`fastmath`], two lanes) and rounds once: it covers every input and the
//! functions whose arguments carry rounding (βx, x/α, the tanh-GELU cubic) or that cancel (SiLU′,
//! tanhshrink), where f32 arithmetic could not meet the bound.
//!
//! Accuracy: within 2e-6 relative of the exact f64 API for every f32 input (tests/
//! activation_derivatives.rs). The formulas mirror `scalar.rs` (same stable arrangements), so
//! their error is the primitives' (≤ 1e-12, or 1.2e-7 for Φ) times the formula's amplification,
//! plus the final rounding. The one place that amplification is unbounded — GELU′ near its root
//! x ≈ −0.752, where Φ(x) + xφ(x) cancels — is recomputed through the exact scalar path.

use super::fastmath::{self as fm, select};
use super::fastmath32::{self as fm32, select as select32};
use super::{scalar, Activation, SELU_ALPHA, SELU_SCALE};

const SQRT_2_OVER_PI: f64 = 0.797_884_560_802_865_4;
const GELU_TANH_C: f64 = 0.044_715;

/// Where GELU′ = Φ(x) + xφ(x) is small enough (|GELU′| < 4.6·Φ(x)·… see `gelu_backward`) that
/// Φ's 1.2e-7 error could exceed the bound: from −0.86 to −0.64, |Φ/GELU′| ≤ 5, and the
/// interval holds the root −0.7518.
const GELU_ROOT_ZONE: (f32, f32) = (-0.86, -0.64);

/// `out[i] = f(x[i])`, NaN in → NaN out, the f64 result rounded once.
#[inline(always)]
fn map(x: &[f32], out: &mut [f32], f: impl Fn(f64) -> f64) {
    for (o, &xi) in out.iter_mut().zip(x) {
        let v = f64::from(xi);
        *o = select(v.is_nan(), v, f(v)) as f32;
    }
}

/// `grad_in[i] = d(x[i]) · grad_out[i]`, NaN x → NaN.
#[inline(always)]
fn map_grad(x: &[f32], grad_out: &[f32], grad_in: &mut [f32], d: impl Fn(f64) -> f64) {
    for ((g, &xi), &go) in grad_in.iter_mut().zip(x).zip(grad_out) {
        let v = f64::from(xi);
        *g = select(v.is_nan(), v, d(v) * f64::from(go)) as f32;
    }
}

/// Chunk length of the fast tier: the domain test rides along in the vector loop as an OR
/// reduction, and only a chunk that has an out-of-domain input gets the scalar repair pass
/// (while its data is still in L1).
const CHUNK: usize = 256;

/// Fast tier: `out[i] = fast(x[i])` in f32, then every input outside `domain` (which must reject
/// NaN) redone by the f64 formula `exact`.
#[inline(always)]
fn map32(
    x: &[f32],
    out: &mut [f32],
    fast: impl Fn(f32) -> f32,
    domain: impl Fn(f32) -> bool,
    exact: impl Fn(f64) -> f64,
) {
    for (xc, oc) in x.chunks(CHUNK).zip(out.chunks_mut(CHUNK)) {
        let mut outside = 0u32;
        for (o, &xi) in oc.iter_mut().zip(xc) {
            *o = fast(xi);
            outside |= u32::from(!domain(xi));
        }
        if outside != 0 {
            for (o, &xi) in oc.iter_mut().zip(xc) {
                if !domain(xi) {
                    let v = f64::from(xi);
                    *o = select(v.is_nan(), v, exact(v)) as f32;
                }
            }
        }
    }
}

/// Fast tier for backward: `grad_in[i] = d(x[i]) · grad_out[i]` in f32, then inputs outside
/// `domain` redone as `exact(x) · grad_out` in f64.
#[inline(always)]
fn map_grad32(
    x: &[f32],
    grad_out: &[f32],
    grad_in: &mut [f32],
    d: impl Fn(f32) -> f32,
    domain: impl Fn(f32) -> bool,
    exact: impl Fn(f64) -> f64,
) {
    let chunks = x.chunks(CHUNK).zip(grad_out.chunks(CHUNK));
    for ((xc, gc), ic) in chunks.zip(grad_in.chunks_mut(CHUNK)) {
        let mut outside = 0u32;
        for ((g, &xi), &go) in ic.iter_mut().zip(xc).zip(gc) {
            *g = d(xi) * go;
            outside |= u32::from(!domain(xi));
        }
        if outside != 0 {
            for ((g, &xi), &go) in ic.iter_mut().zip(xc).zip(gc) {
                if !domain(xi) {
                    let v = f64::from(xi);
                    *g = select(v.is_nan(), v, exact(v) * f64::from(go)) as f32;
                }
            }
        }
    }
}

/// |x| ≤ 80: e^−|x| ≥ 1.8e-35 stays a normal f32, so σ, σ′, softplus, x·σ keep relative accuracy.
#[inline(always)]
fn within_80(x: f32) -> bool {
    x.abs() <= 80.0
}

/// The largest f32 ≤ `t` (t > 0): for f32 x, `x > t` in f64 ⇔ `x > below(t)` in f32.
fn f32_at_or_below(t: f64) -> f32 {
    let r = t as f32;
    if f64::from(r) > t {
        f32::from_bits(r.to_bits() - 1)
    } else {
        r
    }
}

/// `x · g` with g underflowed to 0 giving 0 (the limit) instead of ∞ · 0 = NaN.
#[inline(always)]
fn times_decaying(x: f64, g: f64) -> f64 {
    select(g == 0.0, 0.0, x * g)
}

/// `s · x` for the negative side of the leaky family; slope 0 gives 0 even at x = −∞.
#[inline(always)]
fn leaky(x: f64, s: f64) -> f64 {
    select(x >= 0.0, x, select(s == 0.0, 0.0, s * x))
}

#[inline(always)]
fn leaky_derivative(x: f64, s: f64) -> f64 {
    select(x > 0.0, 1.0, s)
}

/// 2u, the argument of σ in the tanh-GELU x·σ(2u).
#[inline(always)]
fn gelu_tanh_arg(x: f64) -> f64 {
    2.0 * SQRT_2_OVER_PI * (x + GELU_TANH_C * x * x * x)
}

/// x − tanh x: the series of `scalar.rs` below |x| = 0.1, where the difference would cancel.
#[inline(always)]
fn tanhshrink(x: f64) -> f64 {
    select(x.abs() < 0.1, scalar::tanhshrink_series(x), x - fm::tanh(x))
}

/// d/dx x·σ(βx) = σ(z) + z σ′(z), z = βx (z = 0 when β = 0, also at x = ±∞).
#[inline(always)]
fn swish_derivative(x: f64, beta: f64) -> f64 {
    let z = select(beta == 0.0, 0.0, beta * x);
    let ds = fm::sigmoid_derivative(z);
    fm::sigmoid(z) + select(ds == 0.0, 0.0, z * ds)
}

/// The functions added for completeness (rare in training) take the exact f64 scalar path per
/// element, rounded once: accurate for every input, not vectorised. One pattern for both passes.
macro_rules! on_scalar_path {
    () => {
        Activation::Step
            | Activation::Arctan
            | Activation::Elish
            | Activation::HardElish
            | Activation::Squareplus { .. }
            | Activation::BentIdentity
            | Activation::Softshrink { .. }
            | Activation::Hardshrink { .. }
            | Activation::Sin
            | Activation::Gaussian
    };
}

pub(super) fn forward(a: &Activation, x: &[f32], out: &mut [f32]) {
    use Activation::*;
    match *a {
        Identity => out.copy_from_slice(x),
        on_scalar_path!() => map(x, out, |v| scalar::value(a, v)),
        Custom(ref f) => f.forward(x, out),
        Sigmoid => map32(x, out, fm32::sigmoid, within_80, fm::sigmoid),
        // f32 tanh is accurate for every input (expm1 clamps at −87 to −1).
        // tanh stays on the f64 tier, whose results are the correctly rounded ones: an f32 tanh
        // (within 12 ulp, 3× faster) moved tests/native/nn_trainer.rs's tanh spiral run from above its
        // 0.8 accuracy bar to 0.78 — that training run is sensitive at the ulp level.
        Tanh => map(x, out, fm::tanh),
        // Exact in f32; `<=` keeps NaN (comparison false) as NaN.
        Relu => {
            for (o, &xi) in out.iter_mut().zip(x) {
                *o = if xi <= 0.0 { 0.0 } else { xi };
            }
        }
        LeakyRelu { negative_slope: s } | Prelu { init: s } => map(x, out, |v| leaky(v, s)),
        Rrelu { lower, upper } => {
            let s = 0.5 * (lower + upper);
            map(x, out, |v| leaky(v, s))
        }
        Elu { alpha } => elu_forward(x, out, alpha),
        Celu { alpha: 1.0 } => elu_forward(x, out, 1.0),
        Celu { alpha } => {
            let inv = 1.0 / alpha;
            map(x, out, |v| select(v > 0.0, v, alpha * fm::expm1(v * inv)))
        }
        Selu => {
            let (scale, neg) = (SELU_SCALE as f32, (SELU_SCALE * SELU_ALPHA) as f32);
            map32(
                x,
                out,
                |v| select32(v > 0.0, scale * v, neg * fm32::expm1(v)),
                |v| !v.is_nan(),
                |v| {
                    select(
                        v > 0.0,
                        SELU_SCALE * v,
                        SELU_SCALE * SELU_ALPHA * fm::expm1(v),
                    )
                },
            )
        }
        Gelu => map(x, out, |v| times_decaying(v, fm::normal_cdf(v))),
        GeluTanh => map(x, out, |v| times_decaying(v, fm::sigmoid(gelu_tanh_arg(v)))),
        Relu6 => map(x, out, |v| select(v < 0.0, 0.0, select(v > 6.0, 6.0, v))),
        Hardtanh { min_val, max_val } => map(x, out, |v| {
            select(v < min_val, min_val, select(v > max_val, max_val, v))
        }),
        // Piecewise rational, f32 throughout: v + 3 is exact near −3 (Sterbenz) and each of the
        // ≤ 3 roundings is ½ ulp, so these stay within 2 ulp (subnormal results: < 1 spacing).
        Hardsigmoid => map32(
            x,
            out,
            |v| select32(v <= -3.0, 0.0, select32(v >= 3.0, 1.0, (v + 3.0) / 6.0)),
            |v| !v.is_nan(),
            |v| v,
        ),
        Hardswish => map32(
            x,
            out,
            |v| select32(v <= -3.0, 0.0, select32(v >= 3.0, v, v * (v + 3.0) / 6.0)),
            |v| !v.is_nan(),
            |v| v,
        ),
        Silu | Swish { beta: 1.0 } => map32(
            x,
            out,
            |v| v * fm32::sigmoid(v),
            within_80,
            |v| times_decaying(v, fm::sigmoid(v)),
        ),
        Swish { beta } => map(x, out, |v| {
            let z = select(beta == 0.0, 0.0, beta * v);
            times_decaying(v, fm::sigmoid(z))
        }),
        Mish => map(x, out, |v| times_decaying(v, fm::tanh(fm::softplus(v)))),
        Softplus {
            beta: 1.0,
            threshold,
        } => {
            let thr = f32_at_or_below(threshold);
            map32(
                x,
                out,
                |v| select32(v > thr, v, fm32::softplus(v)),
                within_80,
                |v| select(v > threshold, v, fm::softplus(v)),
            )
        }
        Softplus { beta, threshold } => {
            let inv = 1.0 / beta;
            map(x, out, |v| {
                let t = beta * v;
                select(t > threshold, v, fm::softplus(t) * inv)
            })
        }
        // f32: one rounding in 1 + |x|, one in the division.
        Softsign => map32(
            x,
            out,
            |v| select32(v.is_infinite(), v.signum(), v / (1.0 + v.abs())),
            |v| !v.is_nan(),
            |v| v,
        ),
        Logsigmoid => map32(
            x,
            out,
            |v| select32(v < 0.0, v, 0.0) - fm32::log1p_unit(fm32::exp(-v.abs())),
            within_80,
            |v| select(v < 0.0, v, 0.0) - fm::log1p_unit(fm::exp(-v.abs())),
        ),
        Tanhshrink => map(x, out, tanhshrink),
    }
}

pub(super) fn backward(a: &Activation, x: &[f32], grad_out: &[f32], grad_in: &mut [f32]) {
    use Activation::*;
    let (x, go, gi) = (x, grad_out, grad_in);
    match *a {
        Identity => map_grad(x, go, gi, |_| 1.0),
        on_scalar_path!() => map_grad(x, go, gi, |v| scalar::derivative(a, v)),
        Custom(ref f) => f.backward(x, go, gi),
        Sigmoid => map_grad32(
            x,
            go,
            gi,
            fm32::sigmoid_derivative,
            within_80,
            fm::sigmoid_derivative,
        ),
        // |x| ≤ 40: 4e^−2|x| ≥ 7e-35 stays normal.
        Tanh => map_grad(x, go, gi, fm::sech2),
        Relu => map_grad(x, go, gi, |v| select(v > 0.0, 1.0, 0.0)),
        LeakyRelu { negative_slope: s } | Prelu { init: s } => {
            map_grad(x, go, gi, |v| leaky_derivative(v, s))
        }
        Rrelu { lower, upper } => {
            let s = 0.5 * (lower + upper);
            map_grad(x, go, gi, |v| leaky_derivative(v, s))
        }
        Elu { alpha } => elu_backward(x, go, gi, alpha),
        Celu { alpha: 1.0 } => elu_backward(x, go, gi, 1.0),
        Celu { alpha } => {
            let inv = 1.0 / alpha;
            map_grad(x, go, gi, |v| select(v > 0.0, 1.0, fm::exp(v * inv)))
        }
        Selu => {
            let (scale, neg) = (SELU_SCALE as f32, (SELU_SCALE * SELU_ALPHA) as f32);
            map_grad32(
                x,
                go,
                gi,
                |v| select32(v > 0.0, scale, neg * fm32::exp(v)),
                |v| v >= -80.0,
                |v| select(v > 0.0, SELU_SCALE, SELU_SCALE * SELU_ALPHA * fm::exp(v)),
            )
        }
        Gelu => gelu_backward(a, x, go, gi),
        GeluTanh => map_grad(x, go, gi, |v| {
            let z = gelu_tanh_arg(v);
            let ds = fm::sigmoid_derivative(z);
            let tail = v * ds * 2.0 * SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_TANH_C * v * v);
            fm::sigmoid(z) + select(ds == 0.0, 0.0, tail)
        }),
        Relu6 => map_grad(x, go, gi, |v| select(v > 0.0 && v < 6.0, 1.0, 0.0)),
        Hardtanh { min_val, max_val } => {
            map_grad(x, go, gi, |v| select(v > min_val && v < max_val, 1.0, 0.0))
        }
        Hardsigmoid => map_grad32(
            x,
            go,
            gi,
            |v| select32(v > -3.0 && v < 3.0, 1.0 / 6.0, 0.0),
            |v| !v.is_nan(),
            |v| v,
        ),
        // 2x is exact and 2x + 3 exact near the root −1.5 (Sterbenz), so no cancellation error.
        Hardswish => map_grad32(
            x,
            go,
            gi,
            |v| {
                select32(
                    v < -3.0,
                    0.0,
                    select32(v <= 3.0, (2.0 * v + 3.0) / 6.0, 1.0),
                )
            },
            |v| !v.is_nan(),
            |v| v,
        ),
        Silu => map_grad(x, go, gi, |v| swish_derivative(v, 1.0)),
        Swish { beta } => map_grad(x, go, gi, |v| swish_derivative(v, beta)),
        Mish => map_grad(x, go, gi, |v| {
            let sp = fm::softplus(v);
            let tail = times_decaying(v, fm::sech2(sp) * fm::sigmoid(v));
            fm::tanh(sp) + tail
        }),
        Softplus {
            beta: 1.0,
            threshold,
        } => {
            let thr = f32_at_or_below(threshold);
            map_grad32(
                x,
                go,
                gi,
                |v| select32(v > thr, 1.0, fm32::sigmoid(v)),
                within_80,
                |v| select(v > threshold, 1.0, fm::sigmoid(v)),
            )
        }
        Softplus { beta, threshold } => map_grad(x, go, gi, |v| {
            let t = beta * v;
            select(t > threshold, 1.0, fm::sigmoid(t))
        }),
        // f32 while r² stays normal (|x| ≤ 1e18); the f64 tier beyond.
        Softsign => map_grad32(
            x,
            go,
            gi,
            |v| {
                let r = 1.0 / (1.0 + v.abs());
                r * r
            },
            |v| v.abs() <= 1e18,
            |v| {
                let r = 1.0 / (1.0 + v.abs());
                r * r
            },
        ),
        Logsigmoid => map_grad32(
            x,
            go,
            gi,
            |v| fm32::sigmoid(-v),
            within_80,
            |v| fm::sigmoid(-v),
        ),
        Tanhshrink => map_grad(x, go, gi, |v| {
            let t = fm::tanh(v);
            t * t
        }),
    }
}

/// ELU forward, fast tier for every input: α·expm1(x) has an exact argument, and α's rounding
/// to f32 adds one ulp.
fn elu_forward(x: &[f32], out: &mut [f32], alpha: f64) {
    let a = alpha as f32;
    map32(
        x,
        out,
        |v| select32(v > 0.0, v, a * fm32::expm1(v)),
        |v| !v.is_nan(),
        |v| select(v > 0.0, v, alpha * fm::expm1(v)),
    )
}

/// ELU′ = α·eˣ on x ≤ 0; fast tier while eˣ is normal (x ≥ −80).
fn elu_backward(x: &[f32], go: &[f32], gi: &mut [f32], alpha: f64) {
    let a = alpha as f32;
    map_grad32(
        x,
        go,
        gi,
        |v| select32(v > 0.0, 1.0, a * fm32::exp(v)),
        |v| v >= -80.0,
        |v| select(v > 0.0, 1.0, alpha * fm::exp(v)),
    )
}

/// GELU′ = Φ(x) + xφ(x), vectorised, then the few inputs in [`GELU_ROOT_ZONE`] redone exactly:
/// outside it |Φ/GELU′| ≤ 5 on the left (→ 1 as x → −∞, since Φ ≈ φ/|x| there) and GELU′ ≥ ½ on
/// the right, so Φ's 1.2e-7 error stays ≤ 6e-7 relative.
fn gelu_backward(a: &Activation, x: &[f32], go: &[f32], gi: &mut [f32]) {
    map_grad(x, go, gi, |v| {
        fm::normal_cdf(v) + times_decaying(v, fm::normal_pdf(v))
    });
    let (lo, hi) = GELU_ROOT_ZONE;
    for ((g, &xi), &gv) in gi.iter_mut().zip(x).zip(go) {
        if xi > lo && xi < hi {
            *g = (a.derivative(f64::from(xi)) * f64::from(gv)) as f32;
        }
    }
}
