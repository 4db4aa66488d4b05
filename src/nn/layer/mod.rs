//! One network of layers. Each kind lives in one file with everything it is: its item of the
//! layer syntax (parse and print), its plan (shapes and parameter layout), init, forward and
//! backward side by side (ConvNetJS's habit). [`Layer`] dispatches to them; the network
//! (`nn::net::Net`) loops over a `Vec<Layer>`.
//!
//! Every layer reads one input of [`Shape`] (HWC; a vector is 1×1×n) and writes one output per
//! sample into its own [`Buffers`]; the nonlinearity after a conv or dense layer is a layer of
//! its own (`activation`), so batch norm can sit before or after it.

pub mod activation;
pub mod avg_pool2d;
pub mod batch_norm;
pub mod conv2d;
pub mod dense;
pub mod dropout;
pub mod flatten;
pub mod list;
pub mod max_pool2d;
pub mod residual;
pub mod spec;

use std::ops::Range;

use rand_pcg::Pcg64Mcg;

use crate::data::Shape;
use crate::nn::real::Real;
use activation::{ActivationLayer, Mode};
use avg_pool2d::AvgPool2d;
use batch_norm::BatchNorm;
use conv2d::Conv2d;
use dense::Dense;
use dropout::DropoutLayer;
use flatten::Flatten;
use max_pool2d::MaxPool2d;
use residual::Residual;

/// One layer of a network.
#[derive(Debug, Clone, PartialEq)]
pub enum Layer {
    Dense(Dense),
    Conv2d(Conv2d),
    Activation(ActivationLayer),
    MaxPool2d(MaxPool2d),
    AvgPool2d(AvgPool2d),
    BatchNorm(BatchNorm),
    Dropout(DropoutLayer),
    Flatten(Flatten),
    Residual(Residual),
}

/// What a range of parameters is to its layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Weights (the L1/L2 penalty applies to these only).
    Weights,
    Biases,
    /// PReLU's learned negative slopes.
    Slopes,
    /// Batch norm's γ.
    Scale,
    /// Batch norm's β.
    Shift,
}

/// One batch's buffers of one layer.
#[derive(Debug, Clone)]
pub struct Buffers<T> {
    /// The output, `rows × output.len()` (empty for a flatten: its output is its input).
    pub out: Vec<T>,
    /// What the backward pass needs besides the output: dropout multipliers, RReLU slopes, batch
    /// norm's normalised values and batch statistics.
    pub saved: Vec<T>,
    /// Max pooling's winners (each output's input index within its sample).
    pub index: Vec<u32>,
}

/// How a backward step left the gradient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Changed in place (or passed through): it is still in the current buffer.
    InPlace,
    /// Written to the other buffer (∂L/∂input), which becomes current.
    Written,
}

impl Layer {
    /// The model file's and the export's name of the kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Layer::Dense(_) => "dense",
            Layer::Conv2d(_) => "conv2d",
            Layer::Activation(_) => "activation",
            Layer::MaxPool2d(_) => "max_pool2d",
            Layer::AvgPool2d(p) if p.global => "global_avg_pool",
            Layer::AvgPool2d(_) => "avg_pool2d",
            Layer::BatchNorm(_) => "batch_norm",
            Layer::Dropout(_) => "dropout",
            Layer::Flatten(_) => "flatten",
            Layer::Residual(_) => "residual",
        }
    }

    pub fn input(&self) -> Shape {
        match self {
            Layer::Dense(d) => Shape::new(1, 1, d.inputs),
            Layer::Conv2d(c) => c.input,
            Layer::Activation(a) => a.shape,
            Layer::MaxPool2d(p) => p.input,
            Layer::AvgPool2d(p) => p.input,
            Layer::BatchNorm(b) => b.shape,
            Layer::Dropout(d) => d.shape,
            Layer::Flatten(f) => f.input,
            Layer::Residual(r) => r.shape,
        }
    }

    pub fn output(&self) -> Shape {
        match self {
            Layer::Dense(d) => Shape::new(1, 1, d.outputs),
            Layer::Conv2d(c) => c.output,
            Layer::MaxPool2d(p) => p.output,
            Layer::AvgPool2d(p) => p.output,
            Layer::Flatten(f) => f.output(),
            Layer::Activation(_) | Layer::BatchNorm(_) | Layer::Dropout(_) | Layer::Residual(_) => {
                self.input()
            }
        }
    }

    /// Its parameter ranges in the flat vector, in layout order.
    pub fn params(&self) -> Vec<(Role, Range<usize>)> {
        match self {
            Layer::Dense(d) => vec![
                (Role::Weights, d.weights.clone()),
                (Role::Biases, d.biases.clone()),
            ],
            Layer::Conv2d(c) => vec![
                (Role::Weights, c.weights.clone()),
                (Role::Biases, c.biases.clone()),
            ],
            Layer::Activation(a) if !a.alpha.is_empty() => vec![(Role::Slopes, a.alpha.clone())],
            Layer::BatchNorm(b) => vec![
                (Role::Scale, b.gamma.clone()),
                (Role::Shift, b.beta.clone()),
            ],
            _ => Vec::new(),
        }
    }

    /// The weight range of a dense or conv layer.
    pub fn weights(&self) -> Option<Range<usize>> {
        match self {
            Layer::Dense(d) => Some(d.weights.clone()),
            Layer::Conv2d(c) => Some(c.weights.clone()),
            _ => None,
        }
    }

    /// Its range in the network's state (batch norm's running statistics).
    pub fn state(&self) -> Range<usize> {
        match self {
            Layer::BatchNorm(b) => b.running.clone(),
            _ => 0..0,
        }
    }

    /// Multiply-adds of one sample's forward pass (the matrix products of conv and dense; the
    /// adds of average pooling).
    pub fn macs(&self) -> usize {
        match self {
            Layer::Dense(d) => d.macs(),
            Layer::Conv2d(c) => c.macs(),
            Layer::AvgPool2d(p) => p.macs(),
            _ => 0,
        }
    }

    /// Scratch values the GEMM-based kernels need (conv: patches and Wᵀ; dense: Wᵀ).
    pub fn scratch_len(&self) -> usize {
        match self {
            Layer::Conv2d(c) => c.scratch_len(),
            Layer::Dense(d) => d.scratch_len(),
            _ => 0,
        }
    }

    /// Buffers for batches of up to `rows` samples.
    pub fn buffers<T: Real>(&self, rows: usize) -> Buffers<T> {
        let out = match self {
            Layer::Flatten(_) => 0,
            _ => rows * self.output().len(),
        };
        let saved = match self {
            Layer::Activation(a) => rows * a.saved_per_row(),
            Layer::BatchNorm(b) => b.saved_len(rows),
            Layer::Dropout(d) => rows * d.shape.len(),
            _ => 0,
        };
        let index = match self {
            Layer::MaxPool2d(p) => rows * p.output.len(),
            _ => 0,
        };
        Buffers {
            out: vec![T::ZERO; out],
            saved: vec![T::ZERO; saved],
            index: vec![0; index],
        }
    }

    /// Values per sample in its buffers (the memory one batch row costs).
    pub fn values_per_row(&self) -> usize {
        let out = self.output().len();
        match self {
            Layer::Flatten(_) => 0,
            Layer::Activation(a) => out + a.saved_per_row(),
            Layer::BatchNorm(_) | Layer::Dropout(_) | Layer::MaxPool2d(_) => 2 * out,
            _ => out,
        }
    }

    /// Draws or sets its initial parameters and state.
    pub fn init_params<T: Real>(&self, params: &mut [T], state: &mut [T], rng: &mut Pcg64Mcg) {
        match self {
            Layer::Dense(d) => d.init_params(params, rng),
            Layer::Conv2d(c) => c.init_params(params, rng),
            Layer::Activation(a) => a.init_params(params),
            Layer::BatchNorm(b) => b.init_params(params, state),
            _ => {}
        }
    }

    /// Runs `rows` samples of `x` through the layer into `buf` (every kind but [`Residual`],
    /// which the network runs: it reads a second layer's output).
    #[allow(clippy::too_many_arguments)]
    pub fn forward<T: Real>(
        &self,
        params: &[T],
        state: &[T],
        x: &[T],
        rows: usize,
        buf: &mut Buffers<T>,
        scratch: &mut [T],
        mode: &mut Mode,
    ) {
        let out = &mut buf.out;
        match self {
            Layer::Dense(d) => d.forward(params, x, rows, out),
            Layer::Conv2d(c) => {
                c.forward(params, x, rows, &mut out[..rows * c.output.len()], scratch)
            }
            Layer::Activation(a) => a.forward(params, x, rows, out, &mut buf.saved, mode),
            Layer::MaxPool2d(p) => {
                let n = rows * p.output.len();
                p.forward(x, rows, &mut out[..n], &mut buf.index[..n]);
            }
            Layer::AvgPool2d(p) => p.forward(x, rows, out),
            Layer::BatchNorm(b) => {
                let train = mode.is_train();
                b.forward(params, state, x, rows, out, &mut buf.saved, train)
            }
            Layer::Dropout(d) => d.forward(x, rows, out, &mut buf.saved, mode),
            Layer::Flatten(_) | Layer::Residual(_) => {}
        }
    }

    /// From `grad` (∂L/∂output, `rows` samples): adds the parameter gradients into `grads` and
    /// leaves ∂L/∂input in `grad` or writes it to `grad_in` (see [`Flow`]); `grad_in` is `None`
    /// when nothing before this layer needs it.
    #[allow(clippy::too_many_arguments)]
    pub fn backward<T: Real>(
        &self,
        params: &[T],
        x: &[T],
        rows: usize,
        buf: &Buffers<T>,
        grad: &mut [T],
        grad_in: Option<&mut [T]>,
        grads: &mut [T],
        scratch: &mut [T],
        train: bool,
    ) -> Flow {
        let n_in = rows * self.input().len();
        match self {
            Layer::Dense(d) => d.backward(params, x, rows, grad, grad_in, grads, scratch),
            Layer::Conv2d(c) => {
                let n_out = rows * c.output.len();
                let dx = grad_in.map(|g| &mut g[..n_in]);
                c.backward(params, &x[..n_in], &grad[..n_out], rows, grads, dx, scratch);
            }
            Layer::Activation(a) => {
                let gi = grad_in.expect("an activation follows a layer");
                a.backward(params, x, rows, &buf.saved, grad, gi, grads, train);
            }
            Layer::MaxPool2d(p) => {
                let gi = grad_in.expect("asked only when a layer before has parameters");
                p.backward(grad, &buf.index, rows, gi);
            }
            Layer::AvgPool2d(p) => {
                let gi = grad_in.expect("asked only when a layer before has parameters");
                p.backward(grad, rows, gi);
            }
            Layer::BatchNorm(b) => {
                let gi = grad_in.expect("batch norm follows a layer");
                b.backward(params, rows, &buf.saved, grad, gi, grads, train);
            }
            Layer::Dropout(d) => {
                d.backward(grad, &buf.saved, rows, train);
                return Flow::InPlace;
            }
            Layer::Flatten(_) | Layer::Residual(_) => return Flow::InPlace,
        }
        Flow::Written
    }
}
