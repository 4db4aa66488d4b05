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
