//! Dropout after a layer: in training each value is dropped with probability p (inverted dropout
//! scales the survivors by 1/(1−p)); AlphaDropout, for SELU nets, sends dropped values to SELU's
//! saturation value and restores mean 0 / variance 1 with an affine map. Evaluation passes the
//! values through unchanged.

use std::fmt;

use rand::Rng;
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

use super::activation::Mode;
use super::spec::{bad, LayerSpec};
use crate::activation::{SELU_ALPHA, SELU_SCALE};
use crate::data::Shape;
use crate::error::{Error, Result};
use crate::nn::real::Real;

/// Which dropout variant a network uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropoutKind {
    /// Inverted dropout: zero with probability p, scale survivors by 1/(1−p).
    #[default]
    Standard,
    /// SELU paper's AlphaDropout: dropped units go to SELU's saturation value −λα, then an affine
    /// map a·x + b restores mean 0 and variance 1.
    Alpha,
}

/// SELU's negative saturation value α′ = −λα.
const ALPHA_PRIME: f64 = -SELU_SCALE * SELU_ALPHA;

/// Dropout rate and kind (rate 0 disables it).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Dropout {
    pub rate: f64,
    pub kind: DropoutKind,
}

impl Dropout {
    /// AlphaDropout's affine correction (a, b) for keep probability q = 1 − p:
    /// a = (q + α′²·q·p)^(−1/2), b = −a·p·α′ (Klambauer et al. 2017, eq. in section "New Dropout").
    pub fn alpha_affine(rate: f64) -> (f64, f64) {
        let q = 1.0 - rate;
        let a = (q + ALPHA_PRIME * ALPHA_PRIME * q * rate).powf(-0.5);
        (a, -a * rate * ALPHA_PRIME)
    }
}

/// `drop<rate>`.
pub(super) fn parse_item(item: &str) -> Option<Result<LayerSpec>> {
    let rest = item.strip_prefix("drop")?;
    let parsed = rest.parse::<f32>().map_err(|_| {
        bad(
            item,
            (
                "expected a dropout rate such as drop0.25",
                "缺少丢弃率（如 drop0.25）",
            ),
        )
    });
    Some(parsed.and_then(|rate| {
        if rate.is_finite() && rate > 0.0 && rate < 1.0 {
            Ok(LayerSpec::Dropout { rate })
        } else {
            Err(bad(
                item,
                (
                    "the dropout rate must lie in (0, 1)",
                    "丢弃率须在 (0, 1) 之内",
                ),
            ))
        }
    }))
}

pub(super) fn write_item(f: &mut fmt::Formatter<'_>, rate: f32) -> fmt::Result {
    write!(f, "drop{rate}")
}

/// The rate of a deserialised item.
pub(super) fn check_rate(rate: f32) -> Result<()> {
    if !(rate.is_finite() && rate > 0.0 && rate < 1.0) {
        return Err(Error::text(
            format!("dropout rate must lie in (0, 1), got {rate}"),
            format!("丢弃率须在 (0, 1) 之内，现为 {rate}"),
        ));
    }
    Ok(())
}

/// Dropout as a layer of the network.
#[derive(Debug, Clone, PartialEq)]
pub struct DropoutLayer {
    pub shape: Shape,
    pub dropout: Dropout,
}

impl DropoutLayer {
    /// `out = x`, then in training dropped in place; the backward multipliers go to `mask`.
    pub fn forward<T: Real>(
        &self,
        x: &[T],
        rows: usize,
        out: &mut [T],
        mask: &mut [T],
        mode: &mut Mode,
    ) {
        let n = rows * self.shape.len();
        out[..n].copy_from_slice(&x[..n]);
        if let Mode::Train(rng) = mode {
            apply_dropout(self.dropout, &mut out[..n], &mut mask[..n], rng);
        }
    }

    /// `grad *= mask` in place (training); evaluation passes the gradient through.
    pub fn backward<T: Real>(&self, grad: &mut [T], mask: &[T], rows: usize, train: bool) {
        if train {
            let n = rows * self.shape.len();
            for (g, &m) in grad[..n].iter_mut().zip(&mask[..n]) {
                *g *= m;
            }
        }
    }
}

/// Applies dropout in place to a layer's output and records the backward multipliers in `mask`
/// (public so its statistics can be tested directly).
pub fn apply_dropout<T: Real>(dropout: Dropout, out: &mut [T], mask: &mut [T], rng: &mut Pcg64Mcg) {
    let p = dropout.rate;
    match dropout.kind {
        DropoutKind::Standard => {
            let keep = T::from_f64(1.0 / (1.0 - p));
            for (o, m) in out.iter_mut().zip(mask.iter_mut()) {
                *m = if rng.random::<f64>() < p {
                    T::ZERO
                } else {
                    keep
                };
                *o *= *m;
            }
        }
        DropoutKind::Alpha => {
            let (a, b) = Dropout::alpha_affine(p);
            let (a_t, b_t) = (T::from_f64(a), T::from_f64(b));
            let dropped = T::from_f64(a * ALPHA_PRIME + b);
            for (o, m) in out.iter_mut().zip(mask.iter_mut()) {
                if rng.random::<f64>() < p {
                    *m = T::ZERO;
                    *o = dropped;
                } else {
                    *m = a_t;
                    *o = a_t * *o + b_t;
                }
            }
        }
    }
}

impl DropoutLayer {
    /// Its row of an exported PyTorch script's `FRONT` list (`module`: the dropout module factory).
    pub fn pytorch_row(module: &str) -> String {
        format!("    dropout(lambda: {module}),")
    }
}
