//! The nonlinearity after a conv or dense layer, as a layer of its own (torch's `nn.ReLU`,
//! ConvNetJS's `ReluLayer`): most catalog functions are fixed element-wise maps (the catalog
//! kernels), but PReLU's slope is a learned parameter with its own gradient (one per unit or
//! filter, or one for the layer) and RReLU draws a random negative slope per element while
//! training.

use std::ops::Range;

use rand::Rng;
use rand_pcg::Pcg64Mcg;

use crate::activation::Activation;
use crate::data::Shape;
use crate::nn::real::Real;

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

/// A nonlinearity applied to a layer's output, channel by channel (a dense layer's units, a conv
/// layer's filters).
#[derive(Debug, Clone, PartialEq)]
pub struct ActivationLayer {
    pub shape: Shape,
    pub f: Hidden,
    /// PReLU slopes (empty for other functions).
    pub alpha: Range<usize>,
}

impl ActivationLayer {
    /// Lays out its PReLU slopes (if any) from parameter `at`.
    pub fn plan(shape: Shape, f: Hidden, at: &mut usize) -> Self {
        let alpha = *at..*at + f.param_count(shape.channels);
        *at = alpha.end;
        ActivationLayer { shape, f, alpha }
    }

    /// PReLU slopes start at the function's `init`.
    pub fn init_params<T: Real>(&self, params: &mut [T]) {
        if let Hidden::Prelu { init, .. } = self.f {
            params[self.alpha.clone()].fill(T::from_f64(init));
        }
    }

    /// Values kept per sample for the backward pass (RReLU's drawn slopes).
    pub fn saved_per_row(&self) -> usize {
        if matches!(self.f, Hidden::Rrelu { .. }) {
            self.shape.len()
        } else {
            0
        }
    }

    /// `out = f(z)` for `rows` samples.
    pub fn forward<T: Real>(
        &self,
        params: &[T],
        z: &[T],
        rows: usize,
        out: &mut [T],
        slopes: &mut [T],
        mode: &mut Mode,
    ) {
        let n = rows * self.shape.len();
        let s = slopes.len().min(n);
        let alpha = &params[self.alpha.clone()];
        self.f.forward(
            &z[..n],
            &mut out[..n],
            self.shape.channels,
            alpha,
            &mut slopes[..s],
            mode,
        );
    }

    /// `grad_in = f′(z) · grad_out`, and PReLU's slope gradients into `grads`.
    #[allow(clippy::too_many_arguments)]
    pub fn backward<T: Real>(
        &self,
        params: &[T],
        z: &[T],
        rows: usize,
        slopes: &[T],
        grad_out: &[T],
        grad_in: &mut [T],
        grads: &mut [T],
        train: bool,
    ) {
        let n = rows * self.shape.len();
        let s = slopes.len().min(n);
        self.f.backward(
            &z[..n],
            &grad_out[..n],
            &mut grad_in[..n],
            self.shape.channels,
            &params[self.alpha.clone()],
            &mut grads[self.alpha.clone()],
            &slopes[..s],
            train,
        );
    }
}

impl ActivationLayer {
    /// Its row of an exported PyTorch script's `FRONT` list when it does not follow its conv layer
    /// directly (`module`: the torch module factory).
    pub fn pytorch_row(module: &str) -> String {
        format!("    act(lambda: {module}),")
    }
}
