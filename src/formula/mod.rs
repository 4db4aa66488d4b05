//! Custom activations typed by the user, e.g. `x * sigmoid(1.702 * x)` or `max(0.1*x, x)`.
//!
//! A small recursive-descent parser (no JS eval, no crate: exmex has no derivatives for abs,
//! max/min, erf or user functions such as sigmoid, and its errors carry no column) compiles the
//! text into a flat postfix program. The value runs on an f64 stack; the derivative runs the same
//! program on dual numbers (forward mode), so it is exact up to rounding — never a finite
//! difference. Neither allocates.
//!
//! # Grammar
//!
//! ```text
//! formula := expr END
//! expr    := term (('+' | '-') term)*
//! term    := unary (('*' | '/') unary)*
//! unary   := ('-' | '+') unary | power
//! power   := primary (('^' | '**') unary)?          right-associative: 2^3^2 = 2^9
//! primary := number | 'x' | constant | function '(' expr (',' expr)* ')' | '(' expr ')'
//! number  := digits ['.' digits] | '.' digits, then optionally ('e'|'E') ['+'|'-'] digits
//! ```
//!
//! - `-x^2` is `-(x^2)` and `2^-x` is allowed, as in Python. No implicit products: `2x` is an
//!   error that suggests `2*x`.
//! - Names are case-insensitive. The one variable is `x`; constants `pi` (or `π`) and `e`.
//! - Functions (aliases after `=`): exp, expm1, ln = log, log1p, log2, log10, sqrt, abs, sin,
//!   cos, tan, tanh, sinh, cosh, atan = arctan, asinh = arcsinh, erf, erfc, sigmoid, softplus,
//!   relu, sign = sgn, step = heaviside; two arguments: max(a, b), min(a, b), pow(a, b) (= a^b).
//! - Look-alikes are accepted: `−` `×` `·` `÷` `π` and full-width `（` `）` `，`.
//! - `source()` prints the canonical text: canonical names, `^`, spaces around `+ - * /`, minimal
//!   parentheses; it parses back to the same program.
//!
//! # Kinks (the derivative where the function has none)
//!
//! As torch does: relu′(0) = 0, abs′(0) = 0, sign′ = step′ = 0 (step(0) = 0, sign(0) = 0).
//! `max`/`min` pick the **first** argument on ties, value and derivative, so `max(0.1*x, x)` has
//! slope 0.1 at 0 like torch's `leaky_relu`, and `max(0, x)` slope 0 like `relu`. (torch.maximum
//! itself splits the gradient in half at a tie; a one-sided choice keeps derivatives those of an
//! actual branch.) Where the argument of a function does not depend on x its derivative is 0 even
//! if the function's slope there is infinite (`sqrt(0*x)`).
//!
//! # Caps
//!
//! At most [`MAX_CHARS`] characters, [`MAX_DEPTH`] levels of nesting (each parenthesis, call,
//! sign and `^` is a level) and [`MAX_OPS`] instructions. Anything beyond is rejected with a
//! message before any work proportional to it; nothing in here can overflow the stack or panic.

mod functions;
mod lexer;
mod parser;
mod program;
mod suggest;

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};
use program::Program;

pub use suggest::distance as edit_distance;

/// Longest formula accepted, in characters.
pub const MAX_CHARS: usize = 1_000;
/// Deepest nesting accepted (parentheses, calls, signs and powers each count one).
pub const MAX_DEPTH: usize = 64;
/// Most instructions (numbers, x, operators, calls) a formula may compile to.
pub const MAX_OPS: usize = 400;
/// Most samples `check` takes.
pub const MAX_CHECK_SAMPLES: usize = 100_000;

/// A parsed, compiled formula in `x`.
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    source: String,
    program: Program,
}

impl Formula {
    /// Parses and compiles `text`. Errors are `Error::Formula` with the 1-based character column.
    pub fn parse(text: &str) -> Result<Formula> {
        // Bytes bound characters from above, so a 1 MB paste is refused without scanning it.
        let chars = if text.len() <= MAX_CHARS {
            text.len()
        } else {
            text.chars().take(MAX_CHARS + 1).count()
        };
        if chars > MAX_CHARS {
            return Err(error_at(
                MAX_CHARS + 1,
                format!(
                    "the formula is too long at {}: at most {MAX_CHARS} characters",
                    MAX_CHARS + 1
                ),
                format!(
                    "公式太长（第 {} 个字符处）：最多 {MAX_CHARS} 个字符",
                    MAX_CHARS + 1
                ),
            ));
        }
        let ops = parser::parse(text)?;
        let source = program::print(&ops);
        let program = Program::new(ops).ok_or_else(|| {
            error_at(
                1,
                "the formula is too complex at 1: it needs too deep an evaluation stack"
                    .to_string(),
                "公式太复杂：求值所需的栈太深".to_string(),
            )
        })?;
        Ok(Formula { source, program })
    }

    /// The canonical text (parses back to the same formula); what the URL hash should carry.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The canonical text without spaces (`x*sigmoid(1.702*x)`): what the URL hash and the
    /// `f(…)` activation key carry. Spaces are never part of a token, so it parses back to the
    /// same formula.
    pub fn compact(&self) -> String {
        self.source.chars().filter(|c| *c != ' ').collect()
    }

    /// The formula as a PyTorch expression of the tensor named `var` (for the export script).
    pub fn to_torch(&self, var: &str) -> String {
        program::to_torch(self.program.ops(), var)
    }

    /// The formula as a `keras.ops` expression of the tensor `var` (the Keras export).
    pub fn to_keras(&self, var: &str) -> String {
        program::to_python(self.program.ops(), var, program::PyDialect::Keras)
    }

    /// f(x) in f64. NaN or ±∞ where the formula is undefined or overflows (e.g. ln at x ≤ 0).
    pub fn value(&self, x: f64) -> f64 {
        self.program.value(x)
    }

    /// f′(x) in f64, exact (forward-mode dual numbers); kinks as documented at the module top.
    pub fn derivative(&self, x: f64) -> f64 {
        self.value_and_derivative(x).1
    }

    /// (f(x), f′(x)) in one pass. Where f(x) is not finite f′(x) is NaN: ln′ = 1/x would
    /// otherwise draw a slope for x < 0, where there is no function.
    pub fn value_and_derivative(&self, x: f64) -> (f64, f64) {
        let (v, d) = self.program.value_and_derivative(x);
        if v.is_finite() {
            (v, d)
        } else {
            (v, f64::NAN)
        }
    }

    /// Forward over a slice, like the catalog's kernels: `out[i] = f(x[i])`.
    /// Panics if the lengths differ (a caller bug).
    pub fn forward(&self, x: &[f32], out: &mut [f32]) {
        assert_eq!(x.len(), out.len(), "forward: length mismatch");
        for (o, &xi) in out.iter_mut().zip(x) {
            *o = self.value(f64::from(xi)) as f32;
        }
    }

    /// Backward over a slice: `grad_in[i] = f′(x[i]) · grad_out[i]`.
    /// Panics if the lengths differ (a caller bug).
    pub fn backward(&self, x: &[f32], grad_out: &[f32], grad_in: &mut [f32]) {
        assert_eq!(x.len(), grad_out.len(), "backward: length mismatch");
        assert_eq!(x.len(), grad_in.len(), "backward: length mismatch");
        for ((g, &xi), &go) in grad_in.iter_mut().zip(x).zip(grad_out) {
            *g = (self.derivative(f64::from(xi)) * f64::from(go)) as f32;
        }
    }

    /// Number of compiled instructions (a measure of evaluation cost).
    pub fn len(&self) -> usize {
        self.program.ops().len()
    }

    /// Always false: a formula has at least one instruction. (Pairs with `len` for clippy.)
    pub fn is_empty(&self) -> bool {
        self.program.ops().is_empty()
    }

    /// Samples `samples` evenly spaced points of `[from, to]` (both ends included) and reports the
    /// runs where the value or the derivative is not finite: the page draws those as gaps and
    /// warns; training should refuse such a formula or stop cleanly when it meets one.
    pub fn check(&self, from: f64, to: f64, samples: usize) -> Result<FiniteCheck> {
        if !(from.is_finite() && to.is_finite() && from < to) {
            return Err(Error::Invalid(format!(
                "check range must be finite with from < to, got [{from}, {to}]"
            )));
        }
        if !(2..=MAX_CHECK_SAMPLES).contains(&samples) {
            return Err(Error::Invalid(format!(
                "check needs 2 to {MAX_CHECK_SAMPLES} samples, got {samples}"
            )));
        }
        let mut value_gaps = GapCollector::default();
        let mut derivative_gaps = GapCollector::default();
        let step = (to - from) / (samples - 1) as f64;
        for i in 0..samples {
            let x = if i == samples - 1 {
                to
            } else {
                from + step * i as f64
            };
            let (v, d) = self.value_and_derivative(x);
            value_gaps.add(x, v.is_finite());
            derivative_gaps.add(x, d.is_finite());
        }
        Ok(FiniteCheck {
            from,
            to,
            samples,
            value_gaps: value_gaps.finish(),
            derivative_gaps: derivative_gaps.finish(),
        })
    }
}

impl fmt::Display for Formula {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl FromStr for Formula {
    type Err = Error;
    fn from_str(s: &str) -> Result<Formula> {
        Formula::parse(s)
    }
}

/// A run of consecutive sampled points where a curve is not finite: first and last such sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gap {
    pub from: f64,
    pub to: f64,
}

/// Where a formula is not finite over a sampled range (see [`Formula::check`]).
#[derive(Debug, Clone, PartialEq)]
pub struct FiniteCheck {
    pub from: f64,
    pub to: f64,
    pub samples: usize,
    /// Runs where f(x) is NaN or ±∞.
    pub value_gaps: Vec<Gap>,
    /// Runs where f′(x) is NaN or ±∞.
    pub derivative_gaps: Vec<Gap>,
}

impl FiniteCheck {
    /// True when value and derivative were finite at every sample.
    pub fn is_finite(&self) -> bool {
        self.value_gaps.is_empty() && self.derivative_gaps.is_empty()
    }

    /// A sentence for the page, or `None` when everything is finite.
    pub fn warning(&self) -> Option<String> {
        self.warning_in(false)
    }

    /// The same sentence in Chinese (`zh`) or English.
    pub fn warning_in(&self, zh: bool) -> Option<String> {
        let describe = |gaps: &[Gap]| {
            let shown: Vec<String> = gaps
                .iter()
                .take(3)
                .map(|g| match (g.from == g.to, zh) {
                    (true, _) => format!("x = {}", short(g.from)),
                    (false, false) => format!("x in [{}, {}]", short(g.from), short(g.to)),
                    (false, true) => format!("x ∈ [{}, {}]", short(g.from), short(g.to)),
                })
                .collect();
            let more = match (gaps.len() > 3, zh) {
                (false, _) => String::new(),
                (true, false) => format!(" and {} more places", gaps.len() - 3),
                (true, true) => format!(" 等另外 {} 处", gaps.len() - 3),
            };
            format!("{}{more}", shown.join(if zh { "、" } else { ", " }))
        };
        let (what, gaps) = match (self.value_gaps.is_empty(), self.derivative_gaps.is_empty()) {
            (true, true) => return None,
            (false, _) => (0, &self.value_gaps),
            (true, false) => (1, &self.derivative_gaps),
        };
        let at = describe(gaps);
        Some(match (what, zh) {
            (0, false) => format!(
                "the formula is not finite (NaN or ±∞) at {at}; drawn with gaps, and training \
                 with it may stop"
            ),
            (_, false) => format!(
                "the derivative is not finite at {at}; drawn with gaps, and training with it may \
                 stop"
            ),
            (0, true) => {
                format!("公式在 {at} 处不是有限值（NaN 或 ±∞）；曲线在此断开，用它训练可能会中止")
            }
            (_, true) => format!("导数在 {at} 处不是有限值；曲线在此断开，用它训练可能会中止"),
        })
    }
}

/// Four significant digits for messages.
fn short(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[derive(Default)]
struct GapCollector {
    gaps: Vec<Gap>,
    open: Option<Gap>,
}

impl GapCollector {
    fn add(&mut self, x: f64, finite: bool) {
        match (&mut self.open, finite) {
            (Some(gap), false) => gap.to = x,
            (None, false) => self.open = Some(Gap { from: x, to: x }),
            (Some(_), true) => self.gaps.extend(self.open.take()),
            (None, true) => {}
        }
    }

    fn finish(mut self) -> Vec<Gap> {
        self.gaps.extend(self.open.take());
        self.gaps
    }
}

/// Every function name the parser accepts, canonical names first then aliases, for help text.
pub fn function_names() -> Vec<&'static str> {
    functions::FUNCTIONS.iter().map(|(n, _)| *n).collect()
}

/// A formula error at a 1-based character column, in English and Chinese.
fn error_at(column: usize, message: String, message_zh: String) -> Error {
    Error::Formula {
        column,
        message,
        message_zh,
    }
}

/// A formula's text shortened for messages (a 1 MB paste must not come back in an error).
pub fn truncate_source(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
    }
}

/// Keeps messages short when a hostile name is huge.
fn truncate(s: &str) -> String {
    const MAX: usize = 24;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
    }
}
