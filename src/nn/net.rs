//! The multilayer perceptron: dense layers over one flat parameter vector, forward and backward over
//! a whole mini-batch in matrix form (`rows × units`, row-major), with every intermediate buffer in
//! a preallocated [`Workspace`], so a training step allocates nothing.
//!
//! Layout of `params` per dense layer: weights `inputs × outputs` (row k holds input k's outgoing
//! weights, so the forward loop `z[r,:] += x[r,k] · W[k,:]` runs over contiguous memory), then the
//! biases, then the PReLU slopes of the layer's nonlinearity if it has any.

use std::ops::Range;

use rand::Rng;
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

use super::front::{Front, FrontWorkspace};
use super::hidden::{Hidden, Mode};
use super::init::Init;
use super::loss::{BatchLoss, Head, Targets};
use super::real::Real;
use crate::activation::{SELU_ALPHA, SELU_SCALE};

/// Where one dense layer's parameters live in the flat vector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dense {
    pub inputs: usize,
    pub outputs: usize,
    pub weights: Range<usize>,
    pub biases: Range<usize>,
    /// PReLU slopes of the nonlinearity after this layer (empty unless PReLU).
    pub alpha: Range<usize>,
}

/// Which dropout variant follows each hidden layer in training.
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

/// The network: layer layout, nonlinearities, head and the flat parameter vector.
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp<T> {
    pub layers: Vec<Dense>,
    /// One per hidden layer (`layers.len() − 1`).
    pub hidden: Vec<Hidden>,
    pub head: Head,
    pub dropout: Dropout,
    /// Identity skips: a hidden layer whose width equals its input's adds that input to its
    /// output (`a_l = dropout(f(z_l)) + a_{l−1}`), so gradients reach early layers undamped.
    pub residual: bool,
    /// Conv/pool/dropout layers in front of the dense ones (image data); their parameters come
    /// first in `params`.
    pub front: Option<Front>,
    /// Dropout rate after each hidden dense layer, overriding `dropout.rate` (layer lists).
    pub dense_dropout: Option<Vec<f64>>,
    pub params: Vec<T>,
}

/// Every buffer a forward/backward pass needs, for up to `capacity` rows.
#[derive(Debug, Clone)]
pub struct Workspace<T> {
    pub capacity: usize,
    /// Pre-activations per dense layer (`rows × outputs`); the last one holds the logits.
    pub z: Vec<Vec<T>>,
    /// Hidden outputs after the nonlinearity and dropout, per hidden layer.
    pub a: Vec<Vec<T>>,
    /// RReLU slopes drawn in the last training forward, per hidden layer.
    pub slopes: Vec<Vec<T>>,
    /// Dropout multipliers of the last training forward, per hidden layer.
    pub mask: Vec<Vec<T>>,
    /// Head outputs (probabilities or values).
    pub pred: Vec<T>,
    delta: Vec<T>,
    delta_next: Vec<T>,
    /// ∂loss/∂(output of the hidden layer below), kept for its skip connection (residual only).
    skip_grad: Vec<T>,
    /// Buffers of the conv part, if the network has one.
    pub front: Option<FrontWorkspace<T>>,
}

impl<T: Real> Mlp<T> {
    /// Builds the network and draws its weights from `rng` (`inits` has one entry per dense layer).
    #[allow(clippy::too_many_arguments)] // each is one independent architectural choice
    pub fn new(
        inputs: usize,
        hidden_units: &[usize],
        hidden: Vec<Hidden>,
        outputs: usize,
        head: Head,
        dropout: Dropout,
        inits: &[Init],
        rng: &mut Pcg64Mcg,
    ) -> Self {
        Self::build(
            inputs,
            hidden_units,
            hidden,
            outputs,
            head,
            dropout,
            inits,
            None,
            rng,
        )
    }

    /// [`Self::new`] behind an image part: `front` (laid out from parameter 0 up to
    /// `front_params`) with its conv inits, then the dense layers reading its flat output.
    #[allow(clippy::too_many_arguments)]
    pub fn with_front(
        front: (Front, usize, &[Init]),
        hidden_units: &[usize],
        hidden: Vec<Hidden>,
        outputs: usize,
        head: Head,
        dropout: Dropout,
        inits: &[Init],
        rng: &mut Pcg64Mcg,
    ) -> Self {
        let inputs = front.0.output().len();
        Self::build(
            inputs,
            hidden_units,
            hidden,
            outputs,
            head,
            dropout,
            inits,
            Some(front),
            rng,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn build(
        inputs: usize,
        hidden_units: &[usize],
        hidden: Vec<Hidden>,
        outputs: usize,
        head: Head,
        dropout: Dropout,
        inits: &[Init],
        front: Option<(Front, usize, &[Init])>,
        rng: &mut Pcg64Mcg,
    ) -> Self {
        assert_eq!(hidden.len(), hidden_units.len());
        assert_eq!(inits.len(), hidden_units.len() + 1);
        let mut sizes = vec![inputs];
        sizes.extend_from_slice(hidden_units);
        sizes.push(outputs);
        let mut layers = Vec::with_capacity(sizes.len() - 1);
        let mut at = front.as_ref().map_or(0, |f| f.1);
        for l in 0..sizes.len() - 1 {
            let (i, o) = (sizes[l], sizes[l + 1]);
            let weights = at..at + i * o;
            let biases = weights.end..weights.end + o;
            let n_alpha = hidden.get(l).map_or(0, |h| h.param_count(o));
            let alpha = biases.end..biases.end + n_alpha;
            at = alpha.end;
            layers.push(Dense {
                inputs: i,
                outputs: o,
                weights,
                biases,
                alpha,
            });
        }
        let mut params = vec![T::ZERO; at];
        if let Some((f, _, conv_inits)) = &front {
            f.init_params(&mut params, conv_inits, rng);
        }
        let mut draw = Vec::new();
        for (l, d) in layers.iter().enumerate() {
            draw.resize(d.weights.len(), 0.0);
            inits[l].fill(&mut draw, d.inputs, d.outputs, rng);
            for (p, &v) in params[d.weights.clone()].iter_mut().zip(&draw) {
                *p = T::from_f64(v);
            }
            if let Some(Hidden::Prelu { init, .. }) = hidden.get(l) {
                for p in &mut params[d.alpha.clone()] {
                    *p = T::from_f64(*init);
                }
            }
        }
        Mlp {
            layers,
            hidden,
            head,
            dropout,
            residual: false,
            front: front.map(|f| f.0),
            dense_dropout: None,
            params,
        }
    }

    /// Dropout after hidden dense layer `l`.
    pub fn dropout_at(&self, l: usize) -> Dropout {
        match &self.dense_dropout {
            Some(rates) => Dropout {
                rate: rates.get(l).copied().unwrap_or(0.0),
                kind: self.dropout.kind,
            },
            None => self.dropout,
        }
    }

    /// The same network with identity skips on (or off); see [`Mlp::residual`].
    pub fn with_residual(mut self, on: bool) -> Self {
        self.residual = on;
        self
    }

    /// Whether hidden layer `l` has a skip from its input: residual on, not the first layer (the
    /// raw features are not a hidden output), and as wide as the layer below.
    pub fn has_skip(&self, l: usize) -> bool {
        self.residual
            && l > 0
            && l < self.hidden.len()
            && self.layers[l].inputs == self.layers[l].outputs
    }

    /// The same network in another precision (the gradient check runs the f32 trainer's network
    /// in f64).
    pub fn cast<U: Real>(&self) -> Mlp<U> {
        Mlp {
            layers: self.layers.clone(),
            hidden: self.hidden.clone(),
            head: self.head,
            dropout: self.dropout,
            residual: self.residual,
            front: self.front.clone(),
            dense_dropout: self.dense_dropout.clone(),
            params: self
                .params
                .iter()
                .map(|&p| U::from_f64(p.to_f64()))
                .collect(),
        }
    }

    pub fn inputs(&self) -> usize {
        match &self.front {
            Some(f) => f.input.len(),
            None => self.layers[0].inputs,
        }
    }

    pub fn outputs(&self) -> usize {
        self.layers.last().expect("at least one layer").outputs
    }

    /// Floating-point operations of one training sample in the matrix products (2 per
    /// multiply-add: forward, weight gradient and input gradient; the first layer forms no input
    /// gradient). Elementwise work is not counted, as usual for GFLOP/s figures.
    pub fn training_flops_per_sample(&self) -> u64 {
        let conv = self.front.iter().flat_map(|f| f.convs()).enumerate();
        let mut macs = 0u64;
        for (i, c) in conv {
            macs += c.macs() as u64 * if i == 0 { 2 } else { 3 };
        }
        for (l, d) in self.layers.iter().enumerate() {
            let first = l == 0 && self.front.as_ref().is_none_or(|f| f.convs().count() == 0);
            macs += (d.inputs * d.outputs) as u64 * if first { 2 } else { 3 };
        }
        2 * macs
    }

    /// Buffers for batches of up to `capacity` rows.
    pub fn workspace(&self, capacity: usize) -> Workspace<T> {
        let widest = self
            .layers
            .iter()
            .map(|d| d.inputs.max(d.outputs))
            .max()
            .unwrap_or(1);
        let hidden = &self.layers[..self.layers.len() - 1];
        let rrelu = |l: usize| matches!(self.hidden[l], Hidden::Rrelu { .. });
        Workspace {
            capacity,
            z: self
                .layers
                .iter()
                .map(|d| vec![T::ZERO; capacity * d.outputs])
                .collect(),
            a: hidden
                .iter()
                .map(|d| vec![T::ZERO; capacity * d.outputs])
                .collect(),
            slopes: hidden
                .iter()
                .enumerate()
                .map(|(l, d)| vec![T::ZERO; if rrelu(l) { capacity * d.outputs } else { 0 }])
                .collect(),
            mask: hidden
                .iter()
                .enumerate()
                .map(|(l, d)| {
                    let n = if self.dropout_at(l).rate > 0.0 {
                        capacity * d.outputs
                    } else {
                        0
                    };
                    vec![T::ZERO; n]
                })
                .collect(),
            pred: vec![T::ZERO; capacity * self.outputs()],
            delta: vec![T::ZERO; capacity * widest],
            delta_next: vec![T::ZERO; capacity * widest],
            skip_grad: vec![T::ZERO; if self.residual { capacity * widest } else { 0 }],
            front: self.front.as_ref().map(|f| f.workspace(capacity)),
        }
    }

    /// Forward pass over `rows` samples of `x`; logits land in `ws.z.last()`, hidden outputs in
    /// `ws.a`. Training mode draws RReLU slopes and dropout masks from the mode's stream.
    pub fn forward(&self, x: &[T], rows: usize, ws: &mut Workspace<T>, mode: &mut Mode) {
        assert!(rows <= ws.capacity, "batch larger than workspace");
        assert_eq!(x.len(), rows * self.inputs(), "input size mismatch");
        let n_hidden = self.hidden.len();
        if let (Some(f), Some(fws)) = (&self.front, &mut ws.front) {
            f.forward(&self.params, x, rows, fws, mode);
        }
        let x = match (&self.front, &ws.front) {
            (Some(f), Some(fws)) => f.output_of(x, fws),
            _ => x,
        };
        for (l, d) in self.layers.iter().enumerate() {
            let (before, rest) = ws.a.split_at_mut(l);
            let input: &[T] = if l == 0 {
                &x[..rows * d.inputs]
            } else {
                &before[l - 1][..rows * d.inputs]
            };
            let z = &mut ws.z[l][..rows * d.outputs];
            affine(
                input,
                d.inputs,
                &self.params[d.weights.clone()],
                &self.params[d.biases.clone()],
                z,
            );
            if l < n_hidden {
                let out = &mut rest[0][..rows * d.outputs];
                let slopes = &mut ws.slopes[l];
                let slopes = if slopes.is_empty() {
                    &mut slopes[..]
                } else {
                    &mut slopes[..rows * d.outputs]
                };
                self.hidden[l].forward(
                    z,
                    out,
                    d.outputs,
                    &self.params[d.alpha.clone()],
                    slopes,
                    mode,
                );
                let dropout = self.dropout_at(l);
                if let (Mode::Train(rng), true) = (&mut *mode, dropout.rate > 0.0) {
                    apply_dropout(dropout, out, &mut ws.mask[l][..rows * d.outputs], rng);
                }
                if self.has_skip(l) {
                    for (o, &v) in out.iter_mut().zip(input) {
                        *o += v;
                    }
                }
            }
        }
    }

    /// Forward plus the head: returns the summed loss and correct count; predictions in `ws.pred`.
    pub fn evaluate_batch(
        &self,
        x: &[T],
        targets: Targets,
        ws: &mut Workspace<T>,
        mode: &mut Mode,
    ) -> BatchLoss<T> {
        let rows = targets.len();
        self.forward(x, rows, ws, mode);
        let o = self.outputs();
        let logits = &ws.z[self.layers.len() - 1][..rows * o];
        self.head
            .evaluate(logits, o, targets, &mut ws.pred[..rows * o], None, T::ONE)
    }

    /// Forward, head and backward: writes ∂(mean loss)/∂params into `grads` (overwritten) and
    /// returns the batch's summed loss and correct count. No regularisation (see [`Self::penalty`]).
    pub fn loss_and_gradient(
        &self,
        x: &[T],
        targets: Targets,
        ws: &mut Workspace<T>,
        grads: &mut [T],
        mode: &mut Mode,
    ) -> BatchLoss<T> {
        let rows = targets.len();
        let train = mode.is_train();
        self.forward(x, rows, ws, mode);
        let n = self.layers.len();
        let o = self.outputs();
        let scale = T::ONE / T::from_f64(rows as f64);
        let result = self.head.evaluate(
            &ws.z[n - 1][..rows * o],
            o,
            targets,
            &mut ws.pred[..rows * o],
            Some(&mut ws.delta[..rows * o]),
            scale,
        );
        grads.iter_mut().for_each(|g| *g = T::ZERO);
        for l in (0..n).rev() {
            let d = &self.layers[l];
            let input: &[T] = if l == 0 {
                match (&self.front, &ws.front) {
                    (Some(f), Some(fws)) => &f.output_of(x, fws)[..rows * d.inputs],
                    _ => x,
                }
            } else {
                &ws.a[l - 1][..rows * d.inputs]
            };
            let delta = &ws.delta[..rows * d.outputs];
            weight_gradient(input, d.inputs, delta, &mut grads[d.weights.clone()]);
            let gb = &mut grads[d.biases.clone()];
            for row in delta.chunks_exact(d.outputs) {
                for (g, &v) in gb.iter_mut().zip(row) {
                    *g += v;
                }
            }
            if l == 0 {
                if let (Some(f), Some(fws)) = (&self.front, &mut ws.front) {
                    if !f.layers.is_empty() {
                        let w = &self.params[d.weights.clone()];
                        input_gradient(delta, w, d.inputs, &mut fws.grad[..rows * d.inputs]);
                        f.backward(&self.params, x, rows, fws, grads, train);
                    }
                }
                break;
            }
            // Gradient with respect to the previous hidden layer's output, then back through its
            // dropout and nonlinearity into the new delta.
            let dx = &mut ws.delta_next[..rows * d.inputs];
            input_gradient(delta, &self.params[d.weights.clone()], d.inputs, dx);
            let h = l - 1;
            // Skips: this layer's output gradient flows straight to its input, and the layer
            // below keeps its full output gradient for its own skip.
            if self.has_skip(l) {
                for (g, &s) in dx.iter_mut().zip(&ws.skip_grad[..rows * d.inputs]) {
                    *g += s;
                }
            }
            if self.has_skip(h) {
                ws.skip_grad[..rows * d.inputs].copy_from_slice(dx);
            }
            if train && self.dropout_at(h).rate > 0.0 {
                for (g, &m) in dx.iter_mut().zip(&ws.mask[h][..rows * d.inputs]) {
                    *g *= m;
                }
            }
            let prev = &self.layers[h];
            let slopes = &ws.slopes[h];
            let slopes = if slopes.is_empty() {
                &slopes[..]
            } else {
                &slopes[..rows * prev.outputs]
            };
            let (param_part, alpha_grad) = (&self.params[prev.alpha.clone()], prev.alpha.clone());
            self.hidden[h].backward(
                &ws.z[h][..rows * prev.outputs],
                dx,
                &mut ws.delta[..rows * prev.outputs],
                prev.outputs,
                param_part,
                &mut grads[alpha_grad],
                slopes,
                train,
            );
        }
        result
    }

    /// L1/L2 penalty on the weights (not biases or PReLU slopes): `l1·Σ|w| + l2/2·Σw²` (torch's
    /// weight-decay convention, gradient `l2·w`). Adds its gradient to `grads` when given.
    pub fn penalty(&self, l1: f64, l2: f64, mut grads: Option<&mut [T]>) -> T {
        if l1 == 0.0 && l2 == 0.0 {
            return T::ZERO;
        }
        let (l1, l2) = (T::from_f64(l1), T::from_f64(l2));
        let half = T::from_f64(0.5);
        let mut total = T::ZERO;
        let conv_weights = self
            .front
            .iter()
            .flat_map(|f| f.convs().map(|c| c.weights.clone()));
        let weights: Vec<Range<usize>> = conv_weights
            .chain(self.layers.iter().map(|d| d.weights.clone()))
            .collect();
        for range in weights {
            for i in range {
                let w = self.params[i];
                total += l1 * w.abs() + half * l2 * w * w;
                if let Some(g) = grads.as_deref_mut() {
                    let sign = if w > T::ZERO {
                        T::ONE
                    } else if w < T::ZERO {
                        -T::ONE
                    } else {
                        T::ZERO
                    };
                    g[i] += l1 * sign + l2 * w;
                }
            }
        }
        total
    }
}

/// `z[r,:] = b + Σ_k x[r,k] · W[k,:]` in i-k-j order (contiguous inner loop; zero inputs skipped,
/// which pays off on MNIST's blank pixels and ReLU's zeros).
fn affine<T: Real>(x: &[T], inputs: usize, w: &[T], b: &[T], z: &mut [T]) {
    let outputs = b.len();
    for (xr, zr) in x.chunks_exact(inputs).zip(z.chunks_exact_mut(outputs)) {
        zr.copy_from_slice(b);
        for (k, &xv) in xr.iter().enumerate() {
            if xv == T::ZERO {
                continue;
            }
            let wr = &w[k * outputs..(k + 1) * outputs];
            for (zj, &wj) in zr.iter_mut().zip(wr) {
                *zj += xv * wj;
            }
        }
    }
}

/// `gW[k,:] += Σ_r x[r,k] · δ[r,:]`.
fn weight_gradient<T: Real>(x: &[T], inputs: usize, delta: &[T], gw: &mut [T]) {
    let outputs = gw.len() / inputs;
    for (xr, dr) in x.chunks_exact(inputs).zip(delta.chunks_exact(outputs)) {
        for (k, &xv) in xr.iter().enumerate() {
            if xv == T::ZERO {
                continue;
            }
            let gr = &mut gw[k * outputs..(k + 1) * outputs];
            for (g, &dv) in gr.iter_mut().zip(dr) {
                *g += xv * dv;
            }
        }
    }
}

/// `dx[r,k] = Σ_j δ[r,j] · W[k,j]` (a dot product over contiguous rows of δ and W).
fn input_gradient<T: Real>(delta: &[T], w: &[T], inputs: usize, dx: &mut [T]) {
    let outputs = w.len() / inputs;
    for (dr, xr) in delta.chunks_exact(outputs).zip(dx.chunks_exact_mut(inputs)) {
        for (k, g) in xr.iter_mut().enumerate() {
            let wr = &w[k * outputs..(k + 1) * outputs];
            let mut s = T::ZERO;
            for (&dv, &wv) in dr.iter().zip(wr) {
                s += dv * wv;
            }
            *g = s;
        }
    }
}

/// Applies dropout in place to a hidden output and records the backward multipliers in `mask`
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
