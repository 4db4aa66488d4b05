//! The activation catalog: every function with torch.nn's names, parameters and defaults, an exact
//! f64 value and derivative (for plots and readouts) and f32 slice kernels (for training).
//!
//! `Activation` is a validated value: it can only be built through [`Activation::new`] (or
//! [`Activation::from_name`]), which checks names and parameter ranges, so every consumer (URL hash,
//! JS API, CLI, trainer) shares one validation path.

mod fastmath;
mod fastmath32;
mod info;
mod kernels;
mod scalar;
mod timing;

pub use info::{Family, Info};
pub use timing::{timing_inputs, TIMING_ELEMENTS};

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::formula::Formula;

/// The name every custom formula reports (`Activation::name`); its key is `f(<formula>)`.
pub const CUSTOM: &str = "custom";

/// The textual form of a custom activation wherever a function is named (URL hash, CLI, training
/// config): `f(<formula>)`, e.g. `f(x*sigmoid(1.702*x))`. Returns the formula text inside, or
/// `None` if `text` is not of that form.
pub fn formula_of_spec(text: &str) -> Option<&str> {
    let t = text.trim();
    let inner = t.strip_prefix("f(").or_else(|| t.strip_prefix("F("))?;
    inner.strip_suffix(')')
}

/// SELU's fixed scale λ, to full f64 precision (Klambauer et al. 2017; same digits as torch).
pub const SELU_SCALE: f64 = 1.050_700_987_355_480_5;
/// SELU's fixed α, to full f64 precision.
pub const SELU_ALPHA: f64 = 1.673_263_242_354_377_3;

/// Description of one tunable parameter: its torch name, default and accepted range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamSpec {
    /// torch.nn keyword, e.g. `negative_slope`.
    pub name: &'static str,
    /// torch.nn default.
    pub default: f64,
    /// Smallest accepted value (inclusive).
    pub min: f64,
    /// Largest accepted value (inclusive).
    pub max: f64,
    /// A sensible slider range for the page (subset of `min..=max`).
    pub slider: (f64, f64),
}

/// One catalog entry: the name and parameter list of a function, independent of parameter values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spec {
    /// Canonical snake_case name (as in `torch.nn.functional`, e.g. `leaky_relu`).
    pub name: &'static str,
    /// Parameters with torch defaults, in torch's argument order.
    pub params: &'static [ParamSpec],
}

const fn p(name: &'static str, default: f64, min: f64, max: f64, slider: (f64, f64)) -> ParamSpec {
    ParamSpec {
        name,
        default,
        min,
        max,
        slider,
    }
}

/// Parameter magnitudes beyond this are rejected: they only produce overflow and unreadable plots.
const PMAX: f64 = 1.0e6;

/// The catalog, in the order the page and `list` show it.
pub const CATALOG: &[Spec] = &[
    Spec {
        name: "identity",
        params: &[],
    },
    Spec {
        name: "sigmoid",
        params: &[],
    },
    Spec {
        name: "tanh",
        params: &[],
    },
    Spec {
        name: "arctan",
        params: &[],
    },
    Spec {
        name: "relu",
        params: &[],
    },
    Spec {
        name: "leaky_relu",
        params: &[p("negative_slope", 0.01, -PMAX, PMAX, (0.0, 1.0))],
    },
    Spec {
        name: "prelu",
        params: &[p("init", 0.25, -PMAX, PMAX, (0.0, 1.0))],
    },
    Spec {
        name: "rrelu",
        params: &[
            p("lower", 1.0 / 8.0, 0.0, 1.0, (0.0, 1.0)),
            p("upper", 1.0 / 3.0, 0.0, 1.0, (0.0, 1.0)),
        ],
    },
    Spec {
        name: "elu",
        params: &[p("alpha", 1.0, -PMAX, PMAX, (0.0, 3.0))],
    },
    Spec {
        name: "celu",
        params: &[p("alpha", 1.0, -PMAX, PMAX, (0.05, 3.0))],
    },
    Spec {
        name: "selu",
        params: &[],
    },
    Spec {
        name: "gelu",
        params: &[],
    },
    Spec {
        name: "gelu_tanh",
        params: &[],
    },
    Spec {
        name: "relu6",
        params: &[],
    },
    Spec {
        name: "hardtanh",
        params: &[
            p("min_val", -1.0, -PMAX, PMAX, (-3.0, 0.0)),
            p("max_val", 1.0, -PMAX, PMAX, (0.0, 3.0)),
        ],
    },
    Spec {
        name: "hardsigmoid",
        params: &[],
    },
    Spec {
        name: "hardswish",
        params: &[],
    },
    Spec {
        name: "silu",
        params: &[],
    },
    Spec {
        name: "swish",
        params: &[p("beta", 1.0, -PMAX, PMAX, (0.0, 5.0))],
    },
    Spec {
        name: "mish",
        params: &[],
    },
    Spec {
        name: "elish",
        params: &[],
    },
    Spec {
        name: "hard_elish",
        params: &[],
    },
    Spec {
        name: "softplus",
        params: &[
            p("beta", 1.0, 1.0e-6, PMAX, (0.1, 5.0)),
            p("threshold", 20.0, 1.0e-6, PMAX, (1.0, 40.0)),
        ],
    },
    Spec {
        name: "squareplus",
        params: &[p("b", 4.0, 0.0, PMAX, (0.0, 10.0))],
    },
    Spec {
        name: "softsign",
        params: &[],
    },
    Spec {
        name: "bent_identity",
        params: &[],
    },
    Spec {
        name: "logsigmoid",
        params: &[],
    },
    Spec {
        name: "tanhshrink",
        params: &[],
    },
    Spec {
        name: "softshrink",
        params: &[p("lambd", 0.5, 0.0, PMAX, (0.0, 2.0))],
    },
    Spec {
        name: "hardshrink",
        params: &[p("lambd", 0.5, 0.0, PMAX, (0.0, 2.0))],
    },
    Spec {
        name: "sin",
        params: &[],
    },
    Spec {
        name: "gaussian",
        params: &[],
    },
    Spec {
        name: "step",
        params: &[],
    },
];

/// An activation function with its parameter values, validated.
#[derive(Debug, Clone, PartialEq)]
pub enum Activation {
    Identity,
    /// Heaviside step, 1 for x > 0 else 0; its derivative is 0 everywhere (not trainable).
    Step,
    Sigmoid,
    Tanh,
    /// arctan(x), bounded by ±π/2.
    Arctan,
    Relu,
    LeakyRelu {
        negative_slope: f64,
    },
    /// PReLU with a fixed slope (`init`); the trainer makes it learnable.
    Prelu {
        init: f64,
    },
    /// Randomized leaky ReLU; this scalar view is torch's evaluation mode, slope (lower+upper)/2.
    Rrelu {
        lower: f64,
        upper: f64,
    },
    Elu {
        alpha: f64,
    },
    Celu {
        alpha: f64,
    },
    Selu,
    /// Exact GELU, x·Φ(x) with Φ from erfc.
    Gelu,
    /// torch's `approximate='tanh'` GELU.
    GeluTanh,
    Relu6,
    Hardtanh {
        min_val: f64,
        max_val: f64,
    },
    Hardsigmoid,
    Hardswish,
    Silu,
    /// x·σ(βx); β = 1 is SiLU.
    Swish {
        beta: f64,
    },
    Mish,
    /// ELiSH (Basirat & Roth 2018): x·σ(x) for x ≥ 0, (eˣ − 1)·σ(x) below.
    Elish,
    /// HardELiSH: x·hσ(x) for x ≥ 0, (eˣ − 1)·hσ(x) below, hσ(x) = clamp((x + 1)/2, 0, 1).
    HardElish,
    Softplus {
        beta: f64,
        threshold: f64,
    },
    /// (x + √(x² + b))/2 (Barron 2021), a softplus without exponentials.
    Squareplus {
        b: f64,
    },
    Softsign,
    /// (√(x² + 1) − 1)/2 + x.
    BentIdentity,
    Logsigmoid,
    Tanhshrink,
    /// x − λ above λ, x + λ below −λ, 0 between (torch's `lambd`).
    Softshrink {
        lambd: f64,
    },
    /// x where |x| > λ, 0 elsewhere.
    Hardshrink {
        lambd: f64,
    },
    /// sin(x), the sinusoid (SIREN-style networks).
    Sin,
    /// exp(−x²), a radial basis bump.
    Gaussian,
    /// A formula typed by the user (see [`crate::formula`]); equal when the canonical text is.
    Custom(Arc<Formula>),
}

impl Activation {
    /// The catalog entry for `name`, or an error listing valid names.
    pub fn spec(name: &str) -> Result<&'static Spec> {
        let wanted = name.trim().to_ascii_lowercase().replace('-', "_");
        CATALOG
            .iter()
            .find(|s| s.name == wanted)
            .ok_or_else(|| Error::UnknownActivation {
                name: truncate_for_message(name),
                valid: names().join(", "),
            })
    }

    /// The function with torch's default parameters.
    pub fn from_name(name: &str) -> Result<Self> {
        Self::new(name, &[])
    }

    /// The function `name` with some parameters overridden; unknown keys and out-of-range values
    /// are errors. Keys not given keep their torch defaults.
    ///
    /// `name` may also be a custom formula written `f(<formula>)`; it takes no parameters.
    pub fn new(name: &str, overrides: &[(&str, f64)]) -> Result<Self> {
        if let Some(text) = formula_of_spec(name) {
            if let Some((key, _)) = overrides.first() {
                return Err(Error::UnknownParameter {
                    activation: CUSTOM.to_string(),
                    key: truncate_for_message(key),
                    valid: crate::error::NO_PARAMETERS_FORMULA.to_string(),
                });
            }
            return Self::custom(text).map_err(|e| match e {
                Error::Formula {
                    column,
                    message,
                    message_zh,
                } => {
                    let shown = crate::formula::truncate_source(text);
                    Error::Formula {
                        column,
                        message: format!("formula `{shown}`: {message}"),
                        message_zh: format!("公式 `{shown}`：{message_zh}"),
                    }
                }
                other => other,
            });
        }
        let spec = Self::spec(name)?;
        let mut values: Vec<f64> = spec.params.iter().map(|p| p.default).collect();
        for &(key, value) in overrides {
            let idx = spec
                .params
                .iter()
                .position(|p| p.name == key)
                .ok_or_else(|| Error::UnknownParameter {
                    activation: spec.name.to_string(),
                    key: truncate_for_message(key),
                    valid: if spec.params.is_empty() {
                        crate::error::NO_PARAMETERS.to_string()
                    } else {
                        spec.params
                            .iter()
                            .map(|p| p.name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                })?;
            values[idx] = value;
        }
        for (ps, &v) in spec.params.iter().zip(&values) {
            let bad = |reason: String, reason_zh: String| Error::InvalidParameter {
                activation: spec.name.to_string(),
                key: ps.name.to_string(),
                value: v,
                reason,
                reason_zh,
            };
            if !v.is_finite() {
                return Err(bad("must be a finite number".into(), "须为有限的数".into()));
            }
            if v < ps.min || v > ps.max {
                return Err(bad(
                    format!("must lie in [{}, {}]", ps.min, ps.max),
                    format!("须在 [{}, {}] 之内", ps.min, ps.max),
                ));
            }
        }
        let act = Self::build(spec.name, &values);
        act.check_relations()?;
        Ok(act)
    }

    /// Builds the variant from validated values in spec order.
    fn build(name: &str, v: &[f64]) -> Self {
        match name {
            "identity" => Self::Identity,
            "step" => Self::Step,
            "arctan" => Self::Arctan,
            "elish" => Self::Elish,
            "hard_elish" => Self::HardElish,
            "squareplus" => Self::Squareplus { b: v[0] },
            "bent_identity" => Self::BentIdentity,
            "softshrink" => Self::Softshrink { lambd: v[0] },
            "hardshrink" => Self::Hardshrink { lambd: v[0] },
            "sin" => Self::Sin,
            "gaussian" => Self::Gaussian,
            "sigmoid" => Self::Sigmoid,
            "tanh" => Self::Tanh,
            "relu" => Self::Relu,
            "leaky_relu" => Self::LeakyRelu {
                negative_slope: v[0],
            },
            "prelu" => Self::Prelu { init: v[0] },
            "rrelu" => Self::Rrelu {
                lower: v[0],
                upper: v[1],
            },
            "elu" => Self::Elu { alpha: v[0] },
            "celu" => Self::Celu { alpha: v[0] },
            "selu" => Self::Selu,
            "gelu" => Self::Gelu,
            "gelu_tanh" => Self::GeluTanh,
            "relu6" => Self::Relu6,
            "hardtanh" => Self::Hardtanh {
                min_val: v[0],
                max_val: v[1],
            },
            "hardsigmoid" => Self::Hardsigmoid,
            "hardswish" => Self::Hardswish,
            "silu" => Self::Silu,
            "swish" => Self::Swish { beta: v[0] },
            "mish" => Self::Mish,
            "softplus" => Self::Softplus {
                beta: v[0],
                threshold: v[1],
            },
            "softsign" => Self::Softsign,
            "logsigmoid" => Self::Logsigmoid,
            "tanhshrink" => Self::Tanhshrink,
            other => unreachable!("catalog entry `{other}` has no variant"),
        }
    }

    /// Constraints between parameters that per-parameter ranges cannot express.
    fn check_relations(&self) -> Result<()> {
        let err = |key: &str, value: f64, reason: &str, reason_zh: &str| Error::InvalidParameter {
            activation: self.name().to_string(),
            key: key.to_string(),
            value,
            reason: reason.to_string(),
            reason_zh: reason_zh.to_string(),
        };
        match *self {
            Self::Hardtanh { min_val, max_val } if min_val >= max_val => Err(err(
                "min_val",
                min_val,
                &format!("must be smaller than max_val ({max_val})"),
                &format!("须小于 max_val（{max_val}）"),
            )),
            Self::Rrelu { lower, upper } if lower > upper => Err(err(
                "lower",
                lower,
                &format!("must not exceed upper ({upper})"),
                &format!("不能超过 upper（{upper}）"),
            )),
            Self::Celu { alpha } if alpha == 0.0 => {
                Err(err("alpha", alpha, "must not be 0", "不能为 0"))
            }
            _ => Ok(()),
        }
    }

    /// A custom activation from a formula in `x` (errors carry the column within `text`).
    pub fn custom(text: &str) -> Result<Self> {
        Ok(Self::Custom(Arc::new(Formula::parse(text)?)))
    }

    /// The formula of a custom activation.
    pub fn formula(&self) -> Option<&Formula> {
        match self {
            Self::Custom(f) => Some(f),
            _ => None,
        }
    }

    /// The key naming this function wherever one is named (URL hash, CLI, training config, page
    /// controls): the catalog name, or `f(<formula>)` (canonical formula without spaces, which
    /// parses back to the same formula) for a custom one. `Activation::new(key, &[])` rebuilds it
    /// (with default parameters).
    pub fn key(&self) -> String {
        match self {
            Self::Custom(f) => format!("f({})", f.compact()),
            _ => self.name().to_string(),
        }
    }

    /// What legends and readouts call the function: the catalog's display name, or the formula.
    pub fn display(&self) -> String {
        match self {
            Self::Custom(f) => format!("f(x) = {}", f.source()),
            _ => self.info().display.to_string(),
        }
    }

    /// `Err(reason)` (English, Chinese) when gradient descent cannot train a network with this
    /// activation (step: its derivative is 0 everywhere, so no gradient reaches the weights).
    pub fn trainable(&self) -> std::result::Result<(), (&'static str, &'static str)> {
        match self.info().untrainable {
            Some(reason) => Err(reason),
            None => Ok(()),
        }
    }

    /// Canonical name (the key used in URLs, the CLI and saved models); `custom` for a formula
    /// (see [`Activation::key`] for the key that carries the formula).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Identity => "identity",
            Self::Step => "step",
            Self::Arctan => "arctan",
            Self::Elish => "elish",
            Self::HardElish => "hard_elish",
            Self::Squareplus { .. } => "squareplus",
            Self::BentIdentity => "bent_identity",
            Self::Softshrink { .. } => "softshrink",
            Self::Hardshrink { .. } => "hardshrink",
            Self::Sin => "sin",
            Self::Gaussian => "gaussian",
            Self::Custom(_) => CUSTOM,
            Self::Sigmoid => "sigmoid",
            Self::Tanh => "tanh",
            Self::Relu => "relu",
            Self::LeakyRelu { .. } => "leaky_relu",
            Self::Prelu { .. } => "prelu",
            Self::Rrelu { .. } => "rrelu",
            Self::Elu { .. } => "elu",
            Self::Celu { .. } => "celu",
            Self::Selu => "selu",
            Self::Gelu => "gelu",
            Self::GeluTanh => "gelu_tanh",
            Self::Relu6 => "relu6",
            Self::Hardtanh { .. } => "hardtanh",
            Self::Hardsigmoid => "hardsigmoid",
            Self::Hardswish => "hardswish",
            Self::Silu => "silu",
            Self::Swish { .. } => "swish",
            Self::Mish => "mish",
            Self::Softplus { .. } => "softplus",
            Self::Softsign => "softsign",
            Self::Logsigmoid => "logsigmoid",
            Self::Tanhshrink => "tanhshrink",
        }
    }

    /// Parameter names and current values, in spec order.
    pub fn params(&self) -> Vec<(&'static str, f64)> {
        if self.formula().is_some() {
            return Vec::new();
        }
        let spec = Self::spec(self.name()).expect("every variant is in the catalog");
        let values: Vec<f64> = match *self {
            Self::LeakyRelu { negative_slope } => vec![negative_slope],
            Self::Prelu { init } => vec![init],
            Self::Rrelu { lower, upper } => vec![lower, upper],
            Self::Elu { alpha } | Self::Celu { alpha } => vec![alpha],
            Self::Hardtanh { min_val, max_val } => vec![min_val, max_val],
            Self::Swish { beta } => vec![beta],
            Self::Softplus { beta, threshold } => vec![beta, threshold],
            Self::Squareplus { b } => vec![b],
            Self::Softshrink { lambd } | Self::Hardshrink { lambd } => vec![lambd],
            _ => vec![],
        };
        spec.params.iter().map(|p| p.name).zip(values).collect()
    }

    /// Display metadata (formula, range, properties, cost).
    pub fn info(&self) -> &'static Info {
        match self {
            Self::Custom(_) => &info::CUSTOM_INFO,
            _ => info::info(self.name()),
        }
    }

    /// f(x) in f64; finite for finite x whenever the true value is representable; NaN in → NaN out.
    pub fn value(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        scalar::value(self, x)
    }

    /// f′(x) in f64, analytic; at kinks torch's one-sided choice (e.g. relu′(0) = 0).
    pub fn derivative(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        scalar::derivative(self, x)
    }

    /// Forward over a slice: `out[i] = f(x[i])`. Panics if lengths differ (a caller bug).
    pub fn forward(&self, x: &[f32], out: &mut [f32]) {
        assert_eq!(x.len(), out.len(), "forward: length mismatch");
        kernels::forward(self, x, out);
    }

    /// Backward over a slice: `grad_in[i] = f′(x[i]) · grad_out[i]`.
    pub fn backward(&self, x: &[f32], grad_out: &[f32], grad_in: &mut [f32]) {
        assert_eq!(x.len(), grad_out.len(), "backward: length mismatch");
        assert_eq!(x.len(), grad_in.len(), "backward: length mismatch");
        kernels::backward(self, x, grad_out, grad_in);
    }
}

/// All catalog names, in display order.
pub fn names() -> Vec<&'static str> {
    CATALOG.iter().map(|s| s.name).collect()
}

/// Keeps error messages short when the input is hostile (e.g. a 1 MB name).
pub(crate) fn truncate_for_message(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
    }
}
