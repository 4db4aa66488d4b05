//! The functions a formula may call: names (with aliases), arity, value and exact derivative.
//! Every value is arranged like the catalog's: exponentials of non-positive arguments only, so
//! `sigmoid`, `softplus` and `tanh`′ never overflow for finite input. Kinks use torch's one-sided
//! choice: relu′(0) = 0, abs′(0) = 0, sign′ = step′ = 0 everywhere.

use std::f64::consts::{LN_10, LN_2};

/// 2/√π, the scale of erf′.
const TWO_OVER_SQRT_PI: f64 = std::f64::consts::FRAC_2_SQRT_PI;

/// One-argument functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func1 {
    Exp,
    Expm1,
    Ln,
    Log1p,
    Log2,
    Log10,
    Sqrt,
    Abs,
    Sin,
    Cos,
    Tan,
    Tanh,
    Sinh,
    Cosh,
    Atan,
    Asinh,
    Erf,
    Erfc,
    Sigmoid,
    Softplus,
    Relu,
    Sign,
    Step,
}

/// Two-argument functions. `pow(a, b)` compiles to the `^` operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func2 {
    Max,
    Min,
    Pow,
}

/// What a name in a formula calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callable {
    One(Func1),
    Two(Func2),
}

impl Callable {
    pub fn arity(self) -> usize {
        match self {
            Callable::One(_) => 1,
            Callable::Two(_) => 2,
        }
    }
}

/// Every accepted function name (lower case) and what it calls; aliases after their canonical name.
pub const FUNCTIONS: &[(&str, Callable)] = &[
    ("exp", Callable::One(Func1::Exp)),
    ("expm1", Callable::One(Func1::Expm1)),
    ("ln", Callable::One(Func1::Ln)),
    ("log", Callable::One(Func1::Ln)),
    ("log1p", Callable::One(Func1::Log1p)),
    ("log2", Callable::One(Func1::Log2)),
    ("log10", Callable::One(Func1::Log10)),
    ("sqrt", Callable::One(Func1::Sqrt)),
    ("abs", Callable::One(Func1::Abs)),
    ("sin", Callable::One(Func1::Sin)),
    ("cos", Callable::One(Func1::Cos)),
    ("tan", Callable::One(Func1::Tan)),
    ("tanh", Callable::One(Func1::Tanh)),
    ("sinh", Callable::One(Func1::Sinh)),
    ("cosh", Callable::One(Func1::Cosh)),
    ("atan", Callable::One(Func1::Atan)),
    ("arctan", Callable::One(Func1::Atan)),
    ("asinh", Callable::One(Func1::Asinh)),
    ("arcsinh", Callable::One(Func1::Asinh)),
    ("erf", Callable::One(Func1::Erf)),
    ("erfc", Callable::One(Func1::Erfc)),
    ("sigmoid", Callable::One(Func1::Sigmoid)),
    ("softplus", Callable::One(Func1::Softplus)),
    ("relu", Callable::One(Func1::Relu)),
    ("sign", Callable::One(Func1::Sign)),
    ("sgn", Callable::One(Func1::Sign)),
    ("step", Callable::One(Func1::Step)),
    ("heaviside", Callable::One(Func1::Step)),
    ("max", Callable::Two(Func2::Max)),
    ("min", Callable::Two(Func2::Min)),
    ("pow", Callable::Two(Func2::Pow)),
];

/// Named constants (lower case; `π` is lexed as `pi`).
pub const CONSTANTS: &[(&str, f64)] = &[("pi", std::f64::consts::PI), ("e", std::f64::consts::E)];

/// The function a (lower-case) name calls, if any.
pub fn lookup(name: &str) -> Option<Callable> {
    FUNCTIONS.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
}

/// The value of a named constant, if `name` is one.
pub fn constant(name: &str) -> Option<f64> {
    CONSTANTS.iter().find(|(n, _)| *n == name).map(|&(_, v)| v)
}

impl Func1 {
    /// The canonical name (what `Formula::source` prints).
    pub fn name(self) -> &'static str {
        FUNCTIONS
            .iter()
            .find(|(_, c)| *c == Callable::One(self))
            .map(|(n, _)| *n)
            .unwrap_or("?")
    }

    /// f(a).
    pub fn value(self, a: f64) -> f64 {
        match self {
            Func1::Exp => a.exp(),
            Func1::Expm1 => a.exp_m1(),
            Func1::Ln => a.ln(),
            Func1::Log1p => a.ln_1p(),
            Func1::Log2 => a.log2(),
            Func1::Log10 => a.log10(),
            Func1::Sqrt => a.sqrt(),
            Func1::Abs => a.abs(),
            Func1::Sin => a.sin(),
            Func1::Cos => a.cos(),
            Func1::Tan => a.tan(),
            Func1::Tanh => a.tanh(),
            Func1::Sinh => a.sinh(),
            Func1::Cosh => a.cosh(),
            Func1::Atan => a.atan(),
            Func1::Asinh => a.asinh(),
            Func1::Erf => libm::erf(a),
            Func1::Erfc => libm::erfc(a),
            Func1::Sigmoid => sigmoid(a),
            Func1::Softplus => a.max(0.0) + (-a.abs()).exp().ln_1p(),
            Func1::Relu => {
                if a > 0.0 || a.is_nan() {
                    a
                } else {
                    0.0
                }
            }
            Func1::Sign => sign(a),
            Func1::Step => {
                if a > 0.0 {
                    1.0
                } else if a.is_nan() {
                    a
                } else {
                    0.0
                }
            }
        }
    }

    /// f′(a), the local derivative (the chain rule is applied by the caller).
    pub fn derivative(self, a: f64) -> f64 {
        match self {
            Func1::Exp | Func1::Expm1 => a.exp(),
            Func1::Ln => 1.0 / a,
            Func1::Log1p => 1.0 / (1.0 + a),
            Func1::Log2 => 1.0 / (a * LN_2),
            Func1::Log10 => 1.0 / (a * LN_10),
            Func1::Sqrt => 0.5 / a.sqrt(),
            Func1::Abs => sign(a),
            Func1::Sin => a.cos(),
            Func1::Cos => -a.sin(),
            Func1::Tan => {
                let c = a.cos();
                1.0 / (c * c)
            }
            Func1::Tanh => sech2(a),
            Func1::Sinh => a.cosh(),
            Func1::Cosh => a.sinh(),
            Func1::Atan => {
                let h = 1.0_f64.hypot(a);
                1.0 / h / h
            }
            Func1::Asinh => 1.0 / 1.0_f64.hypot(a),
            Func1::Erf => TWO_OVER_SQRT_PI * (-a * a).exp(),
            Func1::Erfc => -TWO_OVER_SQRT_PI * (-a * a).exp(),
            Func1::Sigmoid => {
                let e = (-a.abs()).exp();
                let d = 1.0 + e;
                e / (d * d)
            }
            Func1::Softplus => sigmoid(a),
            Func1::Relu => {
                if a > 0.0 {
                    1.0
                } else if a.is_nan() {
                    a
                } else {
                    0.0
                }
            }
            Func1::Sign | Func1::Step => 0.0 + nan_of(a),
        }
    }
}

/// NaN when `a` is NaN, else 0: keeps "NaN in, NaN out" where a formula would otherwise drop it.
fn nan_of(a: f64) -> f64 {
    if a.is_nan() {
        a
    } else {
        0.0
    }
}

/// σ(a) with the exponential always of −|a|.
pub fn sigmoid(a: f64) -> f64 {
    if a >= 0.0 {
        1.0 / (1.0 + (-a).exp())
    } else {
        let e = a.exp();
        e / (1.0 + e)
    }
}

/// −1, 0 or 1 (sign(0) = 0, unlike `f64::signum`), NaN for NaN.
pub fn sign(a: f64) -> f64 {
    if a > 0.0 {
        1.0
    } else if a < 0.0 {
        -1.0
    } else {
        a * 0.0
    }
}

/// sech²(a) = 4e^{−2|a|}/(1+e^{−2|a|})², no cancellation in the tails.
fn sech2(a: f64) -> f64 {
    let e = (-2.0 * a.abs()).exp();
    let d = 1.0 + e;
    4.0 * e / (d * d)
}
