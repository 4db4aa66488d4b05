//! The image part of a network: the conv, pool and dropout layers before the flatten, run over a
//! batch of HWC samples. Its output (HWC, so already flat) feeds the dense layers of
//! [`super::net::Mlp`]. Each layer keeps its output for the backward pass.

use rand_pcg::Pcg64Mcg;

use super::conv::{out_side, Conv2d};
use super::hidden::{Hidden, Mode};
use super::init::Init;
use super::layers::LayerSpec;
use super::net::{apply_dropout, Dropout, DropoutKind};
use super::pool::MaxPool2d;
use super::real::Real;
use crate::data::Shape;
use crate::error::{Error, Result};

/// One layer of the image part.
#[derive(Debug, Clone, PartialEq)]
pub enum FrontLayer {
    Conv(Conv2d),
    Pool(MaxPool2d),
    Dropout { shape: Shape, dropout: Dropout },
}

impl FrontLayer {
    pub fn output(&self) -> Shape {
        match self {
            FrontLayer::Conv(c) => c.output,
            FrontLayer::Pool(p) => p.output,
            FrontLayer::Dropout { shape, .. } => *shape,
        }
    }
}

/// The image layers and the sample shape they read.
#[derive(Debug, Clone, PartialEq)]
pub struct Front {
    pub input: Shape,
    pub layers: Vec<FrontLayer>,
}

/// Buffers of one batch through the image part.
#[derive(Debug, Clone)]
pub struct FrontWorkspace<T> {
    /// Pre-activations per layer (conv layers only; empty otherwise).
    pub z: Vec<Vec<T>>,
    /// Output of every layer (after the nonlinearity / pooling / dropout).
    pub out: Vec<Vec<T>>,
    slopes: Vec<Vec<T>>,
    mask: Vec<Vec<T>>,
    argmax: Vec<Vec<u32>>,
    /// ∂L/∂(front output) on entry to the backward pass; ping-pong buffers after.
    pub grad: Vec<T>,
    grad_b: Vec<T>,
    scratch: Vec<T>,
}

impl Front {
    /// Lays out the image layers of `specs` (up to the first flatten or dense item) from
    /// parameter offset `at`, returning the front and the offset after it. `acts` has one
    /// nonlinearity per conv layer.
    pub fn plan(
        input: Shape,
        specs: &[LayerSpec],
        acts: &[Hidden],
        dropout_kind: DropoutKind,
        mut at: usize,
    ) -> Result<(Front, usize)> {
        let mut layers = Vec::new();
        let mut shape = input;
        let mut conv_i = 0;
        for spec in specs {
            let layer = match *spec {
                LayerSpec::Conv {
                    filters,
                    kernel,
                    stride,
                    padding,
                } => {
                    let side = |n| out_side(n, kernel, stride, padding);
                    let (Some((oh, pt)), Some((ow, pl))) = (side(shape.height), side(shape.width))
                    else {
                        return Err(too_small(spec, shape));
                    };
                    let patch = kernel * kernel * shape.channels;
                    let weights = at..at + patch * filters;
                    let biases = weights.end..weights.end + filters;
                    let act = acts[conv_i].clone();
                    conv_i += 1;
                    let n_alpha = act.param_count(filters);
                    let alpha = biases.end..biases.end + n_alpha;
                    at = alpha.end;
                    FrontLayer::Conv(Conv2d {
                        input: shape,
                        output: Shape::new(oh, ow, filters),
                        kernel,
                        stride,
                        padding,
                        pad_top: pt,
                        pad_left: pl,
                        weights,
                        biases,
                        alpha,
                        act,
                    })
                }
                LayerSpec::Pool { size, stride } => FrontLayer::Pool(
                    MaxPool2d::new(shape, size, stride).ok_or_else(|| too_small(spec, shape))?,
                ),
                LayerSpec::Dropout { rate } => FrontLayer::Dropout {
                    shape,
                    dropout: Dropout {
                        rate: f64::from(rate),
                        kind: dropout_kind,
                    },
                },
                LayerSpec::Flatten | LayerSpec::Dense { .. } => break,
            };
            shape = layer.output();
            layers.push(layer);
        }
        Ok((Front { input, layers }, at))
    }

    /// Draws the conv weights (`inits`: one per conv layer, fan-in k·k·C_in, fan-out k·k·F as
    /// Keras counts them) and sets PReLU slopes to their initial value.
    pub fn init_params<T: Real>(&self, params: &mut [T], inits: &[Init], rng: &mut Pcg64Mcg) {
        let mut draw = Vec::new();
        for (c, init) in self.convs().zip(inits) {
            draw.resize(c.weights.len(), 0.0);
            let fan_out = c.kernel * c.kernel * c.filters();
            init.fill(&mut draw, c.patch(), fan_out, rng);
            for (p, &v) in params[c.weights.clone()].iter_mut().zip(&draw) {
                *p = T::from_f64(v);
            }
            if let Hidden::Prelu { init, .. } = c.act {
                params[c.alpha.clone()].fill(T::from_f64(init));
            }
        }
    }

    pub fn convs(&self) -> impl Iterator<Item = &Conv2d> {
        self.layers.iter().filter_map(|l| match l {
            FrontLayer::Conv(c) => Some(c),
            _ => None,
        })
    }

    /// Shape of the image part's output (the input when it has no layers).
    pub fn output(&self) -> Shape {
        self.layers.last().map_or(self.input, FrontLayer::output)
    }

    /// Values per sample summed over every buffer the workspace keeps per layer (the memory a
    /// batch row costs).
    pub fn values_per_row(&self) -> usize {
        let mut n = 2 * self.input.len();
        for l in &self.layers {
            let o = l.output().len();
            n += match l {
                FrontLayer::Conv(c) => {
                    o * if matches!(c.act, Hidden::Rrelu { .. }) {
                        3
                    } else {
                        2
                    }
                }
                FrontLayer::Pool(_) => 2 * o,
                FrontLayer::Dropout { .. } => 2 * o,
            };
            n += o;
        }
        n
    }

    pub fn workspace<T: Real>(&self, rows: usize) -> FrontWorkspace<T> {
        let widest = self
            .layers
            .iter()
            .map(|l| l.output().len())
            .chain([self.input.len()])
            .max()
            .unwrap_or(0);
        let per = |f: &dyn Fn(&FrontLayer) -> usize| -> Vec<Vec<T>> {
            self.layers
                .iter()
                .map(|l| vec![T::ZERO; rows * f(l)])
                .collect()
        };
        FrontWorkspace {
            z: per(&|l| match l {
                FrontLayer::Conv(c) => c.output.len(),
                _ => 0,
            }),
            out: per(&|l| l.output().len()),
            slopes: per(&|l| match l {
                FrontLayer::Conv(c) if matches!(c.act, Hidden::Rrelu { .. }) => c.output.len(),
                _ => 0,
            }),
            mask: per(&|l| match l {
                FrontLayer::Dropout { shape, .. } => shape.len(),
                _ => 0,
            }),
            argmax: self
                .layers
                .iter()
                .map(|l| match l {
                    FrontLayer::Pool(p) => vec![0; rows * p.output.len()],
                    _ => Vec::new(),
                })
                .collect(),
            grad: vec![T::ZERO; rows * widest],
            grad_b: vec![T::ZERO; rows * widest],
            scratch: vec![T::ZERO; self.convs().map(Conv2d::scratch_len).max().unwrap_or(0)],
        }
    }

    /// Runs `rows` samples of `x` through the image layers; the result is `ws.out.last()` (or `x`
    /// itself when there are no layers: callers use [`Self::output_of`]).
    pub fn forward<T: Real>(
        &self,
        params: &[T],
        x: &[T],
        rows: usize,
        ws: &mut FrontWorkspace<T>,
        mode: &mut Mode,
    ) {
        for (i, layer) in self.layers.iter().enumerate() {
            let (before, rest) = ws.out.split_at_mut(i);
            let input = if i == 0 { x } else { &before[i - 1][..] };
            let n_out = layer.output().len();
            let out = &mut rest[0][..rows * n_out];
            match layer {
                FrontLayer::Conv(c) => {
                    let z = &mut ws.z[i][..rows * n_out];
                    c.forward(params, input, rows, z, &mut ws.scratch);
                    let slopes = &mut ws.slopes[i];
                    let s = slopes.len().min(rows * n_out);
                    let alpha = &params[c.alpha.clone()];
                    c.act
                        .forward(z, out, c.filters(), alpha, &mut slopes[..s], mode);
                }
                FrontLayer::Pool(p) => {
                    p.forward(input, rows, out, &mut ws.argmax[i][..rows * n_out]);
                }
                FrontLayer::Dropout { dropout, .. } => {
                    out.copy_from_slice(&input[..rows * n_out]);
                    if let Mode::Train(rng) = mode {
                        apply_dropout(*dropout, out, &mut ws.mask[i][..rows * n_out], rng);
                    }
                }
            }
        }
    }

    /// The output of the last [`Self::forward`] (`x` when there are no layers).
    pub fn output_of<'a, T: Real>(&self, x: &'a [T], ws: &'a FrontWorkspace<T>) -> &'a [T] {
        ws.out.last().map_or(x, |o| &o[..])
    }

    /// Backward through the image layers from `ws.grad` (∂L/∂output, rows × output): adds the
    /// parameter gradients into `grads`. The input gradient is not needed and not formed.
    pub fn backward<T: Real>(
        &self,
        params: &[T],
        x: &[T],
        rows: usize,
        ws: &mut FrontWorkspace<T>,
        grads: &mut [T],
        train: bool,
    ) {
        for (i, layer) in self.layers.iter().enumerate().rev() {
            let n_out = layer.output().len();
            let input = if i == 0 { x } else { &ws.out[i - 1][..] };
            let n_in = if i == 0 {
                self.input.len()
            } else {
                self.layers[i - 1].output().len()
            };
            match layer {
                FrontLayer::Dropout { .. } => {
                    if train {
                        let g = &mut ws.grad[..rows * n_out];
                        for (g, &m) in g.iter_mut().zip(&ws.mask[i][..rows * n_out]) {
                            *g *= m;
                        }
                    }
                }
                FrontLayer::Pool(p) => {
                    p.backward(&ws.grad, &ws.argmax[i], rows, &mut ws.grad_b);
                    std::mem::swap(&mut ws.grad, &mut ws.grad_b);
                }
                FrontLayer::Conv(c) => {
                    let s = ws.slopes[i].len().min(rows * n_out);
                    c.act.backward(
                        &ws.z[i][..rows * n_out],
                        &ws.grad[..rows * n_out],
                        &mut ws.grad_b[..rows * n_out],
                        c.filters(),
                        &params[c.alpha.clone()],
                        &mut grads[c.alpha.clone()],
                        &ws.slopes[i][..s],
                        train,
                    );
                    let dx = (i > 0).then(|| &mut ws.grad[..rows * n_in]);
                    c.backward(
                        params,
                        &input[..rows * n_in],
                        &ws.grad_b[..rows * n_out],
                        rows,
                        grads,
                        dx,
                        &mut ws.scratch,
                    );
                    if i == 0 {
                        break;
                    }
                }
            }
        }
    }
}

fn too_small(spec: &LayerSpec, shape: Shape) -> Error {
    Error::text(
        format!(
            "`{spec}` does not fit its {shape} input: use a smaller kernel or window, padding \
             same, or fewer layers before it"
        ),
        format!(
            "`{spec}` 放不进它的 {shape} 输入：请用更小的卷积核或窗口、same 填充，或在它之前少放几层"
        ),
    )
}

/// Output statistics of the conv layers over a data set (evaluation mode): per layer the sums
/// (Σv, Σv², zeros, count) and, per filter, whether any position of any sample was nonzero.
#[derive(Debug, Clone, Default)]
pub struct ConvStats {
    pub sums: Vec<(f64, f64, u64, u64)>,
    pub active: Vec<Vec<bool>>,
}

impl ConvStats {
    pub fn new(front: Option<&Front>) -> Self {
        let convs: Vec<&Conv2d> = front.iter().flat_map(|f| f.convs()).collect();
        ConvStats {
            sums: vec![(0.0, 0.0, 0, 0); convs.len()],
            active: convs.iter().map(|c| vec![false; c.filters()]).collect(),
        }
    }

    pub fn reset(&mut self) {
        self.sums.iter_mut().for_each(|s| *s = (0.0, 0.0, 0, 0));
        self.active.iter_mut().for_each(|a| a.fill(false));
    }

    /// Adds the conv outputs of the last forward over `rows` samples.
    pub fn add<T: Real>(&mut self, front: &Front, ws: &FrontWorkspace<T>, rows: usize) {
        let convs = front
            .layers
            .iter()
            .enumerate()
            .filter_map(|(i, l)| match l {
                FrontLayer::Conv(c) => Some((i, c)),
                _ => None,
            });
        for ((i, c), (acc, flags)) in convs.zip(self.sums.iter_mut().zip(&mut self.active)) {
            let n = rows * c.output.len();
            for pos in ws.out[i][..n].chunks_exact(c.filters()) {
                for (&v, active) in pos.iter().zip(flags.iter_mut()) {
                    let v = v.to_f64();
                    acc.0 += v;
                    acc.1 += v * v;
                    if v == 0.0 {
                        acc.2 += 1;
                    } else {
                        *active = true;
                    }
                }
            }
            acc.3 += n as u64;
        }
    }
}
