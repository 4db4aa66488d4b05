//! The compiled form of a formula: a flat postfix instruction list run on a fixed-size stack, so
//! evaluating allocates nothing. The value runs in f64; the derivative runs the same list on dual
//! numbers (value, d/dx) — forward-mode differentiation, exact up to f64 rounding.

use super::functions::{Func1, Func2};

/// Deepest operand stack a program may need. The parser's nesting cap keeps real formulas far
/// below it; `Program::new` checks anyway, so evaluation can never index out of bounds.
pub const STACK_CAP: usize = 256;

/// One postfix instruction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    X,
    Const(f64),
    Neg,
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Call1(Func1),
    Max,
    Min,
}

impl Op {
    /// Operands popped.
    fn arity(self) -> usize {
        match self {
            Op::X | Op::Const(_) => 0,
            Op::Neg | Op::Call1(_) => 1,
            _ => 2,
        }
    }
}

/// A validated instruction list and the stack depth it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    ops: Vec<Op>,
    max_stack: usize,
}

impl Program {
    /// Checks that `ops` is well-formed postfix leaving one value; `None` if not, or if it needs
    /// more than `STACK_CAP` slots.
    pub fn new(ops: Vec<Op>) -> Option<Program> {
        let mut depth = 0usize;
        let mut max_stack = 0;
        for op in &ops {
            depth = depth.checked_sub(op.arity())? + 1;
            max_stack = max_stack.max(depth);
        }
        (depth == 1 && max_stack <= STACK_CAP).then_some(Program { ops, max_stack })
    }

    pub fn ops(&self) -> &[Op] {
        &self.ops
    }

    /// f(x).
    pub fn value(&self, x: f64) -> f64 {
        match self.max_stack {
            0..=8 => value_on::<8>(&self.ops, x),
            9..=32 => value_on::<32>(&self.ops, x),
            _ => value_on::<STACK_CAP>(&self.ops, x),
        }
    }

    /// (f(x), f′(x)).
    pub fn value_and_derivative(&self, x: f64) -> (f64, f64) {
        match self.max_stack {
            0..=8 => dual_on::<8>(&self.ops, x),
            9..=32 => dual_on::<32>(&self.ops, x),
            _ => dual_on::<STACK_CAP>(&self.ops, x),
        }
    }
}

fn value_on<const N: usize>(ops: &[Op], x: f64) -> f64 {
    let mut s = [0.0f64; N];
    let mut n = 0;
    for &op in ops {
        match op {
            Op::X => {
                s[n] = x;
                n += 1;
            }
            Op::Const(c) => {
                s[n] = c;
                n += 1;
            }
            Op::Neg => s[n - 1] = -s[n - 1],
            Op::Call1(f) => s[n - 1] = f.value(s[n - 1]),
            _ => {
                n -= 1;
                let (a, b) = (s[n - 1], s[n]);
                s[n - 1] = match op {
                    Op::Add => a + b,
                    Op::Sub => a - b,
                    Op::Mul => a * b,
                    Op::Div => a / b,
                    Op::Pow => a.powf(b),
                    Op::Max => pick(a, b, Func2::Max).0,
                    _ => pick(a, b, Func2::Min).0,
                };
            }
        }
    }
    s[0]
}

/// For max/min: the chosen value and whether it is the first argument. Ties pick the first
/// argument (documented at the module top); NaN in either gives NaN.
fn pick(a: f64, b: f64, f: Func2) -> (f64, bool) {
    if a.is_nan() || b.is_nan() {
        return (f64::NAN, true);
    }
    let first = match f {
        Func2::Max => a >= b,
        _ => a <= b,
    };
    (if first { a } else { b }, first)
}

/// `local · inner′`, but 0 when the inner derivative is 0: the argument does not depend on x
/// there, so an infinite local slope (sqrt at 0, ln at 0) must not turn it into NaN.
fn chain(local: f64, inner: f64) -> f64 {
    if inner == 0.0 {
        0.0
    } else {
        local * inner
    }
}

fn dual_on<const N: usize>(ops: &[Op], x: f64) -> (f64, f64) {
    let mut v = [0.0f64; N];
    let mut d = [0.0f64; N];
    let mut n = 0;
    for &op in ops {
        match op {
            Op::X => {
                v[n] = x;
                d[n] = 1.0;
                n += 1;
            }
            Op::Const(c) => {
                v[n] = c;
                d[n] = 0.0;
                n += 1;
            }
            Op::Neg => {
                v[n - 1] = -v[n - 1];
                d[n - 1] = -d[n - 1];
            }
            Op::Call1(f) => {
                let a = v[n - 1];
                v[n - 1] = f.value(a);
                d[n - 1] = chain(f.derivative(a), d[n - 1]);
            }
            _ => {
                n -= 1;
                let (a, da, b, db) = (v[n - 1], d[n - 1], v[n], d[n]);
                let (value, slope) = match op {
                    Op::Add => (a + b, da + db),
                    Op::Sub => (a - b, da - db),
                    Op::Mul => (a * b, chain(b, da) + chain(a, db)),
                    Op::Div => {
                        let q = a / b;
                        (q, chain(1.0 / b, da) - chain(q / b, db))
                    }
                    Op::Pow => pow_dual(a, da, b, db),
                    Op::Max | Op::Min => {
                        let f = if op == Op::Max {
                            Func2::Max
                        } else {
                            Func2::Min
                        };
                        let (value, first) = pick(a, b, f);
                        let slope = if value.is_nan() {
                            f64::NAN
                        } else if first {
                            da
                        } else {
                            db
                        };
                        (value, slope)
                    }
                    _ => unreachable!("two-operand ops only"),
                };
                v[n - 1] = value;
                d[n - 1] = slope;
            }
        }
    }
    (v[0], d[0])
}

/// d(aᵇ) = b·aᵇ⁻¹·a′ + aᵇ·ln a·b′, dropping each term whose tangent is 0 (so (−2)² or 0^b with a
/// constant base stays finite) and the first when b = 0 (x⁰ = 1 is flat, even at 0).
fn pow_dual(a: f64, da: f64, b: f64, db: f64) -> (f64, f64) {
    let value = a.powf(b);
    let from_base = if da == 0.0 || b == 0.0 {
        0.0
    } else {
        b * a.powf(b - 1.0) * da
    };
    let from_exponent = if db == 0.0 || value == 0.0 {
        0.0
    } else {
        value * a.ln() * db
    };
    (value, from_base + from_exponent)
}

/// Binding strength of what a printed piece is, for minimal parentheses.
const PREC_SUM: u8 = 1;
const PREC_PRODUCT: u8 = 2;
const PREC_NEG: u8 = 3;
const PREC_POWER: u8 = 4;
const PREC_ATOM: u8 = 5;

/// Canonical text of a program: canonical function names, `^` for powers, spaces around
/// `+ - * /`, and only the parentheses needed to parse back to the same instructions.
pub fn print(ops: &[Op]) -> String {
    let mut stack: Vec<(String, u8)> = Vec::new();
    let wrap = |(text, prec): (String, u8), min: u8| {
        if prec >= min {
            text
        } else {
            format!("({text})")
        }
    };
    for &op in ops {
        let piece = match op {
            Op::X => ("x".to_string(), PREC_ATOM),
            Op::Const(c) => (number(c), PREC_ATOM),
            Op::Neg => {
                let a = stack.pop().unwrap_or_default();
                (format!("-{}", wrap(a, PREC_POWER)), PREC_NEG)
            }
            Op::Call1(f) => {
                let (a, _) = stack.pop().unwrap_or_default();
                (format!("{}({a})", f.name()), PREC_ATOM)
            }
            _ => {
                let b = stack.pop().unwrap_or_default();
                let a = stack.pop().unwrap_or_default();
                match op {
                    Op::Max | Op::Min => {
                        let name = if op == Op::Max { "max" } else { "min" };
                        (format!("{name}({}, {})", a.0, b.0), PREC_ATOM)
                    }
                    Op::Pow => (
                        format!("{}^{}", wrap(a, PREC_ATOM), wrap(b, PREC_NEG)),
                        PREC_POWER,
                    ),
                    _ => {
                        let (symbol, prec) = match op {
                            Op::Add => ("+", PREC_SUM),
                            Op::Sub => ("-", PREC_SUM),
                            Op::Mul => ("*", PREC_PRODUCT),
                            _ => ("/", PREC_PRODUCT),
                        };
                        // The right operand needs a strictly tighter binding: a - (b - c) and
                        // a + (b + c) keep their grouping (floating-point sums do not reassociate).
                        (
                            format!("{} {symbol} {}", wrap(a, prec), wrap(b, prec + 1)),
                            prec,
                        )
                    }
                }
            }
        };
        stack.push(piece);
    }
    stack.pop().map(|(text, _)| text).unwrap_or_default()
}

/// A constant as it parses back to the same f64: `pi`/`e` by name, the shortest round-trip
/// decimal otherwise, in exponent form when very large or small.
fn number(c: f64) -> String {
    if c == std::f64::consts::PI {
        "pi".to_string()
    } else if c == std::f64::consts::E {
        "e".to_string()
    } else if c != 0.0 && !(1e-4..1e15).contains(&c.abs()) {
        format!("{c:e}")
    } else {
        format!("{c}")
    }
}

/// The Python dialect of [`to_python`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PyDialect {
    /// `torch.…` functions, constants as 0-d tensors (`T(…)`, defined in the script) so that
    /// `torch.maximum` and `**` accept them.
    Torch,
    /// `ops.…` (`keras.ops`, backend-independent), constants as Python floats.
    Keras,
}

/// The program as a PyTorch expression of the tensor `var`, for the "Export as PyTorch" script:
/// every operation parenthesised. Kinks follow torch where it differs: at an exact tie
/// `torch.maximum` splits the gradient (this core picks the first argument).
pub fn to_torch(ops: &[Op], var: &str) -> String {
    to_python(ops, var, PyDialect::Torch)
}

/// The program as a Python expression of the tensor `var` in `dialect`, every operation
/// parenthesised.
pub fn to_python(ops: &[Op], var: &str, dialect: PyDialect) -> String {
    let torch = dialect == PyDialect::Torch;
    let ns = if torch { "torch" } else { "ops" };
    let mut stack: Vec<String> = Vec::new();
    for &op in ops {
        let piece = match op {
            Op::X => var.to_string(),
            Op::Const(c) if torch => format!("T({})", python_float(c)),
            Op::Const(c) => python_float(c),
            Op::Neg => format!("(-{})", stack.pop().unwrap_or_default()),
            Op::Call1(f) => {
                let a = stack.pop().unwrap_or_default();
                match f {
                    Func1::Step if torch => format!("torch.heaviside({a}, torch.zeros_like({a}))"),
                    Func1::Step => format!("ops.heaviside({a}, 0.0)"),
                    Func1::Softplus if torch => format!("nn.functional.softplus({a})"),
                    Func1::Softplus => format!("ops.softplus({a})"),
                    Func1::Atan if !torch => format!("ops.arctan({a})"),
                    Func1::Asinh if !torch => format!("ops.arcsinh({a})"),
                    _ => format!("{ns}.{}({a})", torch_name(f)),
                }
            }
            _ => {
                let b = stack.pop().unwrap_or_default();
                let a = stack.pop().unwrap_or_default();
                match op {
                    Op::Add => format!("({a} + {b})"),
                    Op::Sub => format!("({a} - {b})"),
                    Op::Mul => format!("({a} * {b})"),
                    Op::Div => format!("({a} / {b})"),
                    Op::Pow => format!("({a} ** {b})"),
                    Op::Max => format!("{ns}.maximum({a}, {b})"),
                    _ => format!("{ns}.minimum({a}, {b})"),
                }
            }
        };
        stack.push(piece);
    }
    stack.pop().unwrap_or_default()
}

/// torch's name of a one-argument function (step and softplus are special-cased by the caller).
fn torch_name(f: Func1) -> &'static str {
    match f {
        Func1::Exp => "exp",
        Func1::Expm1 => "expm1",
        Func1::Ln => "log",
        Func1::Log1p => "log1p",
        Func1::Log2 => "log2",
        Func1::Log10 => "log10",
        Func1::Sqrt => "sqrt",
        Func1::Abs => "abs",
        Func1::Sin => "sin",
        Func1::Cos => "cos",
        Func1::Tan => "tan",
        Func1::Tanh => "tanh",
        Func1::Sinh => "sinh",
        Func1::Cosh => "cosh",
        Func1::Atan => "atan",
        Func1::Asinh => "asinh",
        Func1::Erf => "erf",
        Func1::Erfc => "erfc",
        Func1::Sigmoid => "sigmoid",
        Func1::Relu => "relu",
        Func1::Sign => "sign",
        Func1::Softplus | Func1::Step => "",
    }
}

/// A Python float literal that reads back to the same f64.
fn python_float(c: f64) -> String {
    if !c.is_finite() {
        return format!("float('{c}')");
    }
    let s = format!("{c:?}");
    if s.contains(['.', 'e', 'E']) {
        s
    } else {
        format!("{s}.0")
    }
}
