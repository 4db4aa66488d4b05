//! Exact f64 values and derivatives. Every formula is arranged so that no intermediate overflows
//! or cancels for finite input: exponentials only of non-positive arguments, `expm1`/`log1p` near
//! zero, `erfc` for the Gaussian tail, a series where `x − tanh x` would cancel.
//! Callers (`Activation::value`/`derivative`) have already returned NaN for NaN input.
//! Infinite input gives the limit (e.g. silu(−∞) = 0, softsign(∞) = 1): wherever a product
//! `x · g(x)` meets g = 0 the product is taken as 0, which is the limit because g decays faster
//! than any power of x.

use super::{Activation, SELU_ALPHA, SELU_SCALE};

/// √(2/π), for the tanh-approximate GELU.
const SQRT_2_OVER_PI: f64 = 0.797_884_560_802_865_4;
/// 1/√(2π), the standard normal density at 0.
const INV_SQRT_2PI: f64 = 0.398_942_280_401_432_7;
const GELU_TANH_C: f64 = 0.044_715;

/// σ(x) = 1/(1+e^{−x}) without overflow: the exponential is always of −|x|.
pub(crate) fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// σ′(x) = σ(x)σ(−x) = e^{−|x|}/(1+e^{−|x|})², exact in both tails.
pub(crate) fn sigmoid_derivative(x: f64) -> f64 {
    let e = (-x.abs()).exp();
    let d = 1.0 + e;
    e / (d * d)
}

/// softplus(x) = log(1+eˣ) = max(x,0) + log1p(e^{−|x|}).
pub(crate) fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// sech²(x) = 4e^{−2|x|}/(1+e^{−2|x|})², which underflows gracefully instead of 1 − tanh² cancelling.
fn sech2(x: f64) -> f64 {
    let e = (-2.0 * x.abs()).exp();
    let d = 1.0 + e;
    4.0 * e / (d * d)
}

/// x − tanh x by its Taylor series, accurate for |x| < 0.1 where direct subtraction cancels:
/// x³/3 − 2x⁵/15 + 17x⁷/315 − 62x⁹/2835 + 1382x¹¹/155925 − 21844x¹³/6081075 + 929569x¹⁵/638512875.
#[inline(always)]
pub(crate) fn tanhshrink_series(x: f64) -> f64 {
    let x2 = x * x;
    let series = 1.0 / 3.0
        + x2 * (-2.0 / 15.0
            + x2 * (17.0 / 315.0
                + x2 * (-62.0 / 2835.0
                    + x2 * (1382.0 / 155_925.0
                        + x2 * (-21844.0 / 6_081_075.0 + x2 * (929_569.0 / 638_512_875.0))))));
    x * x2 * series
}

/// x − tanh(x): the series where direct subtraction would cancel.
fn tanhshrink(x: f64) -> f64 {
    if x.abs() < 0.1 {
        tanhshrink_series(x)
    } else {
        x - x.tanh()
    }
}

/// Φ(x), the standard normal CDF, via erfc so the left tail keeps full relative precision.
fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x * std::f64::consts::FRAC_1_SQRT_2)
}

/// φ(x), the standard normal density.
fn normal_pdf(x: f64) -> f64 {
    INV_SQRT_2PI * (-0.5 * x * x).exp()
}

/// `x · g` where g has underflowed to 0 gives ±0 (the limit, with the sign of x) instead of
/// ±∞ · 0 = NaN.
fn times_decaying(x: f64, g: f64) -> f64 {
    if g == 0.0 {
        0.0_f64.copysign(x)
    } else {
        x * g
    }
}

/// A leaky slope times a negative x; slope 0 at x = −∞ is 0 (the function is constant there).
fn slope_times(s: f64, x: f64) -> f64 {
    if s == 0.0 {
        0.0
    } else {
        s * x
    }
}

/// The argument 2u of σ in the tanh-GELU, written as x·σ(2u) (equal to ½x(1+tanh u)).
fn gelu_tanh_arg(x: f64) -> f64 {
    2.0 * SQRT_2_OVER_PI * (x + GELU_TANH_C * x * x * x)
}

pub(super) fn value(a: &Activation, x: f64) -> f64 {
    use Activation::*;
    match *a {
        Identity => x,
        Step => step(x),
        Arctan => x.atan(),
        Elish => {
            if x >= 0.0 {
                times_decaying(x, sigmoid(x))
            } else {
                x.exp_m1() * sigmoid(x)
            }
        }
        HardElish => hard_elish_gate(x) * hard_elish_base(x),
        Squareplus { b } => squareplus(x, b),
        BentIdentity => bent_identity(x),
        Softshrink { lambd } => {
            if x > lambd {
                x - lambd
            } else if x < -lambd {
                x + lambd
            } else {
                0.0
            }
        }
        Hardshrink { lambd } => {
            if x > lambd || x < -lambd {
                x
            } else {
                0.0
            }
        }
        Sin => x.sin(),
        Gaussian => (-x * x).exp(),
        Custom(ref f) => f.value(x),
        Sigmoid => sigmoid(x),
        Tanh => x.tanh(),
        Relu => {
            if x > 0.0 {
                x
            } else {
                0.0
            }
        }
        LeakyRelu { negative_slope: s } | Prelu { init: s } => {
            if x >= 0.0 {
                x
            } else {
                slope_times(s, x)
            }
        }
        Rrelu { lower, upper } => {
            if x >= 0.0 {
                x
            } else {
                slope_times(0.5 * (lower + upper), x)
            }
        }
        Elu { alpha } => {
            if x > 0.0 {
                x
            } else {
                alpha * x.exp_m1()
            }
        }
        Celu { alpha } => {
            if x > 0.0 {
                x
            } else {
                alpha * (x / alpha).exp_m1()
            }
        }
        Selu => {
            if x > 0.0 {
                SELU_SCALE * x
            } else {
                SELU_SCALE * SELU_ALPHA * x.exp_m1()
            }
        }
        Gelu => times_decaying(x, normal_cdf(x)),
        GeluTanh => times_decaying(x, sigmoid(gelu_tanh_arg(x))),
        Relu6 => x.clamp(0.0, 6.0),
        Hardtanh { min_val, max_val } => x.clamp(min_val, max_val),
        Hardsigmoid => {
            if x <= -3.0 {
                0.0
            } else if x >= 3.0 {
                1.0
            } else {
                // torch's form (x + 3)/6: x + 3 is exact near −3, where x/6 + ½ would cancel.
                (x + 3.0) / 6.0
            }
        }
        Hardswish => {
            if x <= -3.0 {
                0.0
            } else if x >= 3.0 {
                x
            } else {
                x * (x + 3.0) / 6.0
            }
        }
        Silu => times_decaying(x, sigmoid(x)),
        Swish { beta } => times_decaying(x, sigmoid(swish_arg(x, beta))),
        Mish => times_decaying(x, softplus(x).tanh()),
        Softplus { beta, threshold } => {
            let t = beta * x;
            if t > threshold {
                x
            } else {
                softplus(t) / beta
            }
        }
        Softsign => {
            if x.is_infinite() {
                x.signum()
            } else {
                x / (1.0 + x.abs())
            }
        }
        Logsigmoid => x.min(0.0) - (-x.abs()).exp().ln_1p(),
        Tanhshrink => tanhshrink(x),
    }
}

pub(super) fn derivative(a: &Activation, x: f64) -> f64 {
    use Activation::*;
    match *a {
        Identity => 1.0,
        // Zero everywhere, including x = 0 where the step has no derivative at all.
        Step => 0.0,
        // 1/(1 + x²) as (1/h)², h = hypot(1, x): x² would overflow from |x| ≈ 1e154.
        Arctan => {
            let r = 1.0 / 1.0_f64.hypot(x);
            r * r
        }
        Elish => {
            if x >= 0.0 {
                swish_derivative(x, 1.0)
            } else {
                // d/dx (eˣ − 1)σ(x) = eˣσ(x) + (eˣ − 1)σ′(x).
                x.exp() * sigmoid(x) + x.exp_m1() * sigmoid_derivative(x)
            }
        }
        HardElish => {
            // (g·h)′ = g′h + g h′, g the base (x or eˣ − 1), h the hard gate whose slope is ½
            // strictly inside (−1, 1) (hardtanh's convention at the corners).
            let slope = if x > -1.0 && x < 1.0 { 0.5 } else { 0.0 };
            let base_slope = if x >= 0.0 { 1.0 } else { x.exp() };
            let tail = if slope == 0.0 {
                0.0
            } else {
                hard_elish_base(x) * slope
            };
            base_slope * hard_elish_gate(x) + tail
        }
        Squareplus { b } => squareplus_derivative(x, b),
        BentIdentity => 1.0 + 0.5 * x_over_hypot(x, 1.0),
        // torch's shrink backward: zero gradient on the closed band [−λ, λ].
        Softshrink { lambd } | Hardshrink { lambd } => {
            if x > lambd || x < -lambd {
                1.0
            } else {
                0.0
            }
        }
        Sin => x.cos(),
        Gaussian => times_decaying(-2.0 * x, (-x * x).exp()),
        Custom(ref f) => f.derivative(x),
        Sigmoid => sigmoid_derivative(x),
        Tanh => sech2(x),
        Relu => {
            if x > 0.0 {
                1.0
            } else {
                0.0
            }
        }
        LeakyRelu { negative_slope: s } | Prelu { init: s } => {
            if x > 0.0 {
                1.0
            } else {
                s
            }
        }
        Rrelu { lower, upper } => {
            if x > 0.0 {
                1.0
            } else {
                0.5 * (lower + upper)
            }
        }
        // torch's elu_backward uses the negative branch at x = 0.
        Elu { alpha } => {
            if x > 0.0 {
                1.0
            } else {
                alpha * x.exp()
            }
        }
        Celu { alpha } => {
            if x > 0.0 {
                1.0
            } else {
                (x / alpha).exp()
            }
        }
        Selu => {
            if x > 0.0 {
                SELU_SCALE
            } else {
                SELU_SCALE * SELU_ALPHA * x.exp()
            }
        }
        Gelu => normal_cdf(x) + times_decaying(x, normal_pdf(x)),
        GeluTanh => {
            let z = gelu_tanh_arg(x);
            let ds = sigmoid_derivative(z);
            let tail = if ds == 0.0 {
                0.0
            } else {
                x * ds * 2.0 * SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_TANH_C * x * x)
            };
            sigmoid(z) + tail
        }
        // hardtanh_backward: gradient passes strictly inside (min, max).
        Relu6 => {
            if x > 0.0 && x < 6.0 {
                1.0
            } else {
                0.0
            }
        }
        Hardtanh { min_val, max_val } => {
            if x > min_val && x < max_val {
                1.0
            } else {
                0.0
            }
        }
        Hardsigmoid => {
            if x > -3.0 && x < 3.0 {
                1.0 / 6.0
            } else {
                0.0
            }
        }
        // torch's hardswish_backward: x < −3 → 0, x ≤ 3 → x/3 + ½, else 1; written (2x + 3)/6
        // so that the one rounding happens after the cancellation near x = −1.5, not before.
        Hardswish => {
            if x < -3.0 {
                0.0
            } else if x <= 3.0 {
                (2.0 * x + 3.0) / 6.0
            } else {
                1.0
            }
        }
        Silu => swish_derivative(x, 1.0),
        Swish { beta } => swish_derivative(x, beta),
        Mish => {
            let sp = softplus(x);
            let ds = sech2(sp);
            let tail = times_decaying(x, ds * sigmoid(x));
            sp.tanh() + tail
        }
        Softplus { beta, threshold } => {
            if beta * x > threshold {
                1.0
            } else {
                sigmoid(beta * x)
            }
        }
        // (1/d)² rather than 1/d²: d² overflows from |x| ≈ 1e154 while the result is still
        // representable (down to subnormals).
        Softsign => {
            let r = 1.0 / (1.0 + x.abs());
            r * r
        }
        Logsigmoid => sigmoid(-x),
        Tanhshrink => {
            let t = x.tanh();
            t * t
        }
    }
}

/// Heaviside with step(0) = 0 (as the formula language's `step`).
fn step(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else {
        0.0
    }
}

/// HardELiSH's gate clamp((x + 1)/2, 0, 1).
fn hard_elish_gate(x: f64) -> f64 {
    ((x + 1.0) * 0.5).clamp(0.0, 1.0)
}

/// HardELiSH's base: x on the right, eˣ − 1 (via expm1) on the left; the gate is 0 below −1, so
/// the base only matters where it is small.
fn hard_elish_base(x: f64) -> f64 {
    if x >= 0.0 {
        x
    } else {
        x.exp_m1()
    }
}

/// x/√(x² + c²) with hypot (no overflow of x²), ±1 at x = ±∞, 0 for c = 0 at x = 0.
fn x_over_hypot(x: f64, c: f64) -> f64 {
    if x.is_infinite() {
        x.signum()
    } else if x == 0.0 {
        0.0
    } else {
        x / x.hypot(c)
    }
}

/// (x + √(x² + b))/2. For x < 0 the sum cancels, so it is rewritten b/(2(√(x² + b) − x)),
/// where both terms of the difference are positive; √(x² + b) is hypot(x, √b).
fn squareplus(x: f64, b: f64) -> f64 {
    let h = x.hypot(b.sqrt());
    if x >= 0.0 {
        0.5 * x + 0.5 * h
    } else if b == 0.0 {
        0.0
    } else {
        b / (2.0 * (h - x))
    }
}

/// (1 + x/√(x² + b))/2; for x < 0 written b/(2h(h − x)) (no cancellation), 0 at x = 0 when b = 0
/// (relu's one-sided choice).
fn squareplus_derivative(x: f64, b: f64) -> f64 {
    if x > 0.0 || (x == 0.0 && b > 0.0) {
        0.5 + 0.5 * x_over_hypot(x, b.sqrt())
    } else if b == 0.0 {
        0.0
    } else {
        let h = x.hypot(b.sqrt());
        let d = h - x;
        if d.is_infinite() {
            return 0.0;
        }
        // b/(2h·d) as (b/(2h))/d: h·d overflows from |x| ≈ 1e154 while the result is tiny.
        b / (2.0 * h) / d
    }
}

/// (√(x² + 1) − 1)/2 + x, with √(x² + 1) − 1 = x·(x/(√(x² + 1) + 1)) so it neither cancels near
/// 0 nor overflows for large |x|.
fn bent_identity(x: f64) -> f64 {
    if x.is_infinite() {
        return x;
    }
    let h = x.hypot(1.0);
    x + 0.5 * x * (x / (h + 1.0))
}

/// d/dx [x σ(βx)] = σ(βx) + βx σ′(βx), with the tail term dropped once σ′ has underflowed.
fn swish_derivative(x: f64, beta: f64) -> f64 {
    let z = swish_arg(x, beta);
    let ds = sigmoid_derivative(z);
    let tail = if ds == 0.0 { 0.0 } else { z * ds };
    sigmoid(z) + tail
}

/// βx, with β = 0 giving 0 even at x = ±∞ (swish with β = 0 is x/2 everywhere).
fn swish_arg(x: f64, beta: f64) -> f64 {
    if beta == 0.0 {
        0.0
    } else {
        beta * x
    }
}
