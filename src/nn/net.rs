//! The network: a list of layers over one flat parameter vector, then the loss head. Forward and
//! backward loop over the layers for a whole mini-batch (`rows × values`, row-major), with every
//! intermediate buffer in a preallocated [`Workspace`], so a training step allocates nothing.
//!
//! Layout of `params`: each layer's ranges in list order (a dense or conv layer's weights, then
//! biases; an activation's PReLU slopes; batch norm's γ, β). `state` holds what is not trained
//! by gradient (batch norm's running statistics).

use std::ops::Range;

use super::layer::activation::Mode;
use super::layer::{Buffers, Flow, Layer, Role};
use super::loss::{BatchLoss, Head, Targets};
use super::real::Real;
use crate::data::Shape;

/// A network of layers and its loss head.
#[derive(Debug, Clone, PartialEq)]
pub struct Net<T> {
    /// The shape of one input sample.
    pub input: Shape,
    pub layers: Vec<Layer>,
    pub head: Head,
    pub params: Vec<T>,
    pub state: Vec<T>,
}

/// Every buffer a forward/backward pass needs, for up to `capacity` rows.
#[derive(Debug, Clone)]
pub struct Workspace<T> {
    pub capacity: usize,
    /// One per layer.
    pub layers: Vec<Buffers<T>>,
    /// Head outputs (probabilities or values).
    pub pred: Vec<T>,
    /// ∂L/∂(current layer's output) and the other half of its ping-pong pair.
    grad: Vec<T>,
    grad_other: Vec<T>,
    /// The gradient a residual block hands to the layer its skip starts from.
    skip_grad: Vec<T>,
    scratch: Vec<T>,
}

/// The layers after which a dense or conv layer's units are read: its activation, or the block's
/// residual sum (with the layer the skip comes from).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitLayer {
    /// The dense or conv layer.
    pub weighted: usize,
    /// Where its units' values are read: the activation, or the residual sum after it.
    pub read: usize,
    /// The skip's source when `read` is a residual sum (a unit is dead by its own activation:
    /// the sum minus the skip).
    pub skip_from: Option<usize>,
    pub conv: bool,
}

impl<T: Real> Net<T> {
    /// A network over `layers` with zero parameters and state (see [`Self::init`]).
    pub fn new(input: Shape, layers: Vec<Layer>, head: Head) -> Self {
        let end = |r: Range<usize>| r.end;
        let n_params = layers
            .iter()
            .flat_map(|l| l.params().into_iter().map(|(_, r)| end(r)))
            .max()
            .unwrap_or(0);
        let n_state = layers.iter().map(|l| l.state().end).max().unwrap_or(0);
        Net {
            input,
            layers,
            head,
            params: vec![T::ZERO; n_params],
            state: vec![T::ZERO; n_state],
        }
    }

    /// Draws every layer's initial parameters from `rng`, in layer order.
    pub fn init(&mut self, rng: &mut rand_pcg::Pcg64Mcg) {
        for l in &self.layers {
            l.init_params(&mut self.params, &mut self.state, rng);
        }
    }

    /// The same network in another precision (the gradient check runs the f32 trainer's network
    /// in f64).
    pub fn cast<U: Real>(&self) -> Net<U> {
        let cast = |v: &[T]| v.iter().map(|&p| U::from_f64(p.to_f64())).collect();
        Net {
            input: self.input,
            layers: self.layers.clone(),
            head: self.head,
            params: cast(&self.params),
            state: cast(&self.state),
        }
    }

    pub fn inputs(&self) -> usize {
        self.input.len()
    }

    pub fn outputs(&self) -> usize {
        self.layers
            .last()
            .map_or(self.inputs(), |l| l.output().len())
    }

    /// The output layer (the last dense layer, which feeds the head).
    pub fn output_layer(&self) -> usize {
        self.layers.len() - 1
    }

    /// Every conv and hidden dense layer with where its units are read, input side first.
    pub fn unit_layers(&self) -> Vec<UnitLayer> {
        let mut out: Vec<UnitLayer> = Vec::new();
        for (i, l) in self.layers.iter().enumerate() {
            match l {
                Layer::Dense(_) | Layer::Conv2d(_) if i != self.output_layer() => {
                    out.push(UnitLayer {
                        weighted: i,
                        read: i,
                        skip_from: None,
                        conv: matches!(l, Layer::Conv2d(_)),
                    })
                }
                Layer::Activation(_) => {
                    if let Some(u) = out.last_mut() {
                        u.read = i;
                    }
                }
                Layer::Residual(r) => {
                    if let Some(u) = out.last_mut() {
                        u.read = i;
                        u.skip_from = Some(r.from);
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The conv layers, input side first.
    pub fn convs(&self) -> impl Iterator<Item = &super::layer::conv2d::Conv2d> {
        self.layers.iter().filter_map(|l| match l {
            Layer::Conv2d(c) => Some(c),
            _ => None,
        })
    }

    /// Whether hidden dense layer `l` (0: the first) adds its input to its output.
    pub fn has_skip(&self, l: usize) -> bool {
        let dense = self.unit_layers().into_iter().filter(|u| !u.conv);
        dense.clone().nth(l).is_some_and(|u| u.skip_from.is_some())
    }

    /// Whether some block adds its input to its output (residual skips).
    pub fn has_skips(&self) -> bool {
        self.layers.iter().any(|l| matches!(l, Layer::Residual(_)))
    }

    /// Floating-point operations of one training sample in the matrix products (2 per
    /// multiply-add: forward, weight gradient and input gradient; the first weighted layer forms no
    /// input gradient). Elementwise work is not counted, as usual for GFLOP/s figures.
    pub fn training_flops_per_sample(&self) -> u64 {
        let mut first = true;
        let mut macs = 0u64;
        for l in &self.layers {
            if l.weights().is_some() {
                macs += l.macs() as u64 * if first { 2 } else { 3 };
                first = false;
            }
        }
        2 * macs
    }

    /// Buffers for batches of up to `capacity` rows.
    pub fn workspace(&self, capacity: usize) -> Workspace<T> {
        let widest = self
            .layers
            .iter()
            .map(|l| l.output().len())
            .chain([self.inputs()])
            .max()
            .unwrap_or(1);
        let skips = self.layers.iter().any(|l| matches!(l, Layer::Residual(_)));
        let scratch = self
            .layers
            .iter()
            .map(Layer::scratch_len)
            .max()
            .unwrap_or(0);
        Workspace {
            capacity,
            layers: self.layers.iter().map(|l| l.buffers(capacity)).collect(),
            pred: vec![T::ZERO; capacity * self.outputs()],
            grad: vec![T::ZERO; capacity * widest],
            grad_other: vec![T::ZERO; capacity * widest],
            skip_grad: vec![T::ZERO; if skips { capacity * widest } else { 0 }],
            scratch: vec![T::ZERO; scratch],
        }
    }

    /// Forward pass over `rows` samples of `x`; every layer's output lands in its buffers (see
    /// [`Self::output_of`]). Training mode draws RReLU slopes and dropout masks from the mode's
    /// stream and normalises batch norm with the batch's statistics.
    pub fn forward(&self, x: &[T], rows: usize, ws: &mut Workspace<T>, mode: &mut Mode) {
        assert!(rows <= ws.capacity, "batch larger than workspace");
        assert_eq!(x.len(), rows * self.inputs(), "input size mismatch");
        for (i, layer) in self.layers.iter().enumerate() {
            let (before, rest) = ws.layers.split_at_mut(i);
            let input = value(&self.layers, before, x, i);
            let buf = &mut rest[0];
            match layer {
                Layer::Residual(r) => {
                    let skip = value(&self.layers, before, x, r.from + 1);
                    r.forward(input, skip, rows, &mut buf.out);
                }
                _ => layer.forward(
                    &self.params,
                    &self.state,
                    input,
                    rows,
                    buf,
                    &mut ws.scratch,
                    mode,
                ),
            }
        }
    }

    /// The output of layer `i` after the last forward over `x` (a flatten's is its input's).
    pub fn output_of<'a>(&self, x: &'a [T], ws: &'a Workspace<T>, i: usize) -> &'a [T] {
        value(&self.layers, &ws.layers, x, i + 1)
    }

    /// The logits of the last forward (`rows × outputs`).
    pub fn logits<'a>(&self, x: &'a [T], ws: &'a Workspace<T>, rows: usize) -> &'a [T] {
        &self.output_of(x, ws, self.output_layer())[..rows * self.outputs()]
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
        let logits = value(&self.layers, &ws.layers, x, self.layers.len());
        self.head.evaluate(
            &logits[..rows * o],
            o,
            targets,
            &mut ws.pred[..rows * o],
            None,
            T::ONE,
        )
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
        let o = self.outputs();
        let scale = T::ONE / T::from_f64(rows as f64);
        let logits = value(&self.layers, &ws.layers, x, self.layers.len());
        let result = self.head.evaluate(
            &logits[..rows * o],
            o,
            targets,
            &mut ws.pred[..rows * o],
            Some(&mut ws.grad[..rows * o]),
            scale,
        );
        grads.iter_mut().for_each(|g| *g = T::ZERO);
        self.backward(x, rows, ws, grads, train);
        result
    }

    /// Back from `ws.grad` (∂L/∂logits) to the first layer with parameters.
    fn backward(&self, x: &[T], rows: usize, ws: &mut Workspace<T>, grads: &mut [T], train: bool) {
        let Some(stop) = self.layers.iter().position(|l| !l.params().is_empty()) else {
            return;
        };
        let mut skip_to: Option<usize> = None;
        for i in (stop..self.layers.len()).rev() {
            let layer = &self.layers[i];
            let n_out = rows * layer.output().len();
            if skip_to == Some(i) {
                for (g, &s) in ws.grad[..n_out].iter_mut().zip(&ws.skip_grad) {
                    *g += s;
                }
                skip_to = None;
            }
            if let Layer::Residual(r) = layer {
                r.backward(&ws.grad, rows, &mut ws.skip_grad);
                skip_to = Some(r.from);
                continue;
            }
            let input = value(&self.layers, &ws.layers, x, i);
            let grad_in = (i > stop).then_some(&mut ws.grad_other[..]);
            let flow = layer.backward(
                &self.params,
                input,
                rows,
                &ws.layers[i],
                &mut ws.grad[..n_out],
                grad_in,
                grads,
                &mut ws.scratch,
                train,
            );
            if flow == Flow::Written {
                std::mem::swap(&mut ws.grad, &mut ws.grad_other);
            }
        }
    }

    /// Moves batch norm's running statistics towards the last training forward's batch
    /// (`rows` samples); called once per accepted training step.
    pub fn commit_batch_statistics(&mut self, ws: &Workspace<T>, rows: usize) {
        for (l, buf) in self.layers.iter().zip(&ws.layers) {
            if let Layer::BatchNorm(b) = l {
                b.commit(&buf.saved, rows, &mut self.state);
            }
        }
    }

    /// L1/L2 penalty on the weights (not biases, slopes or batch norm): `l1·Σ|w| + l2/2·Σw²`
    /// (torch's weight-decay convention, gradient `l2·w`). Adds its gradient to `grads` when given.
    pub fn penalty(&self, l1: f64, l2: f64, mut grads: Option<&mut [T]>) -> T {
        if l1 == 0.0 && l2 == 0.0 {
            return T::ZERO;
        }
        let (l1, l2) = (T::from_f64(l1), T::from_f64(l2));
        let half = T::from_f64(0.5);
        let mut total = T::ZERO;
        let weights = self
            .layers
            .iter()
            .flat_map(|l| l.params())
            .filter(|(role, _)| *role == Role::Weights);
        for (_, range) in weights {
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

/// The value entering layer `i` (the output of layer `i − 1`, `x` for the first; a flatten
/// passes its input's buffer on).
fn value<'a, T>(layers: &[Layer], bufs: &'a [Buffers<T>], x: &'a [T], i: usize) -> &'a [T] {
    let mut at = i;
    while at > 0 && matches!(layers[at - 1], Layer::Flatten(_)) {
        at -= 1;
    }
    if at == 0 {
        x
    } else {
        &bufs[at - 1].out
    }
}
