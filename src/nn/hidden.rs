//! A hidden layer's nonlinearity as the trainer applies it: most catalog functions are fixed
//! element-wise maps (the catalog kernels), but PReLU's slope is a learned parameter with its own
//! gradient and RReLU draws a random negative slope per element while training.

use rand::Rng;
use rand_pcg::Pcg64Mcg;

use super::real::Real;
use crate::activation::Activation;

/// Training mode draws noise (RReLU slopes, dropout masks) from the trainer's noise stream;
/// evaluation is deterministic (RReLU uses its mean slope, no dropout).
pub enum Mode<'r> {
    Eval,
    Train(&'r mut Pcg64Mcg),
}

impl Mode<'_> {
    pub fn is_train(&self) -> bool {
        matches!(self, Mode::Train(_))
    }
}

/// What a hidden layer does after its affine map.
#[derive(Debug, Clone, PartialEq)]
pub enum Hidden {
    /// A catalog function applied element-wise.
    Fixed(Activation),
    /// max(0,z) + α·min(0,z) with α learned: one α for the layer or one per unit.
    Prelu { per_unit: bool, init: f64 },
    /// Leaky ReLU whose negative slope is drawn from U(lower, upper) per element in training and is
    /// (lower+upper)/2 in evaluation (torch's definition).
    Rrelu { lower: f64, upper: f64 },
}

impl Hidden {
    pub fn new(activation: &Activation, prelu_per_unit: bool) -> Self {
        match *activation {
            Activation::Prelu { init } => Hidden::Prelu {
                per_unit: prelu_per_unit,
                init,
            },
            Activation::Rrelu { lower, upper } => Hidden::Rrelu { lower, upper },
            ref a => Hidden::Fixed(a.clone()),
        }
    }

    /// Number of learned parameters this nonlinearity adds to a layer of `units`.
    pub fn param_count(&self, units: usize) -> usize {
        match self {
            Hidden::Prelu { per_unit: true, .. } => units,
            Hidden::Prelu {
                per_unit: false, ..
            } => 1,
            _ => 0,
        }
    }

    /// `out = f(z)` for `z` of `rows × units`. `alpha` is this layer's PReLU slice (may be empty);
    /// `slopes` receives RReLU's per-element slopes for the backward pass.
    pub fn forward<T: Real>(
        &self,
        z: &[T],
        out: &mut [T],
        units: usize,
        alpha: &[T],
        slopes: &mut [T],
        mode: &mut Mode,
    ) {
        match self {
            Hidden::Fixed(a) => T::act_forward(a, z, out),
            Hidden::Prelu { .. } => {
                for (zr, or) in z.chunks_exact(units).zip(out.chunks_exact_mut(units)) {
                    for (j, (&v, o)) in zr.iter().zip(or.iter_mut()).enumerate() {
                        let a = alpha[if alpha.len() == 1 { 0 } else { j }];
                        *o = if v > T::ZERO { v } else { a * v };
                    }
                }
            }
            Hidden::Rrelu { lower, upper } => match mode {
                Mode::Eval => {
                    let s = T::from_f64((lower + upper) / 2.0);
                    for (&v, o) in z.iter().zip(out.iter_mut()) {
                        *o = if v >= T::ZERO { v } else { s * v };
                    }
                }
                Mode::Train(rng) => {
                    for ((&v, o), s) in z.iter().zip(out.iter_mut()).zip(slopes.iter_mut()) {
                        *s = if v >= T::ZERO {
                            T::ONE
                        } else {
                            T::from_f64(lower + (upper - lower) * rng.random::<f64>())
                        };
                        *o = *s * v;
                    }
                }
            },
        }
    }

    /// `grad_in = f′(z) · grad_out`; for PReLU also accumulates ∂L/∂α into `alpha_grad`.
    /// `slopes` are the ones drawn by the matching training-mode forward (RReLU).
    #[allow(clippy::too_many_arguments)]
    pub fn backward<T: Real>(
        &self,
        z: &[T],
        grad_out: &[T],
        grad_in: &mut [T],
        units: usize,
        alpha: &[T],
        alpha_grad: &mut [T],
        slopes: &[T],
        train: bool,
    ) {
        match self {
            Hidden::Fixed(a) => T::act_backward(a, z, grad_out, grad_in),
            Hidden::Prelu { .. } => {
                let shared = alpha.len() == 1;
                let rows = z.chunks_exact(units).zip(grad_out.chunks_exact(units));
                for ((zr, gr), ir) in rows.zip(grad_in.chunks_exact_mut(units)) {
                    for (j, ((&v, &g), gi)) in zr.iter().zip(gr).zip(ir.iter_mut()).enumerate() {
                        let k = if shared { 0 } else { j };
                        if v > T::ZERO {
                            *gi = g;
                        } else {
                            *gi = alpha[k] * g;
                            alpha_grad[k] += v * g;
                        }
                    }
                }
            }
            Hidden::Rrelu { lower, upper } => {
                if train {
                    for ((&s, &g), gi) in slopes.iter().zip(grad_out).zip(grad_in.iter_mut()) {
                        *gi = s * g;
                    }
                } else {
                    let s = T::from_f64((lower + upper) / 2.0);
                    for ((&v, &g), gi) in z.iter().zip(grad_out).zip(grad_in.iter_mut()) {
                        *gi = if v >= T::ZERO { g } else { s * g };
                    }
                }
            }
        }
    }
}
