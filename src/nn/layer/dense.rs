//! The fully connected layer: `z = x·W + b` over a batch (`rows × inputs` → `rows × outputs`).
//! Weights are `inputs × outputs`, row k holding input k's outgoing weights, so the forward loop
//! `z[r,:] += x[r,k] · W[k,:]` runs over contiguous memory. Its activation is a layer of its own
//! (`activation.rs`); a dense item of the syntax plans both.

use std::fmt;
use std::ops::Range;

use rand_pcg::Pcg64Mcg;
use serde::Serialize;

use super::spec::{bad, in_range, number, LayerSpec};
use crate::error::{Error, Result};
use crate::nn::gemm::{gemm_set, transpose};
use crate::nn::init::Init;
use crate::nn::limits::MAX_UNITS;
use crate::nn::real::Real;

/// Where one dense layer's parameters live in the flat vector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dense {
    pub inputs: usize,
    pub outputs: usize,
    pub weights: Range<usize>,
    pub biases: Range<usize>,
    /// How the weights are drawn.
    pub init: Init,
}

/// `128` or `dense128`.
pub(super) fn parse_item(item: &str) -> Option<Result<LayerSpec>> {
    let digits = item.strip_prefix("dense").unwrap_or(item);
    if !digits.starts_with(|c: char| c.is_ascii_digit()) && digits.len() == item.len() {
        return None;
    }
    Some(match number(digits) {
        Some((units, "")) => in_range(item, ("units", "单元数"), units, MAX_UNITS)
            .map(|units| LayerSpec::Dense { units }),
        _ => Err(bad(item, ("unknown layer", "未知的层"))),
    })
}

pub(super) fn write_item(f: &mut fmt::Formatter<'_>, units: usize) -> fmt::Result {
    write!(f, "{units}")
}

/// The unit range of a deserialised item.
pub(super) fn check_units(units: usize) -> Result<()> {
    if units == 0 || units > MAX_UNITS {
        return Err(Error::text(
            format!("a dense layer needs 1 to {MAX_UNITS} units, got {units}"),
            format!("全连接层须有 1 到 {MAX_UNITS} 个单元，现为 {units}"),
        ));
    }
    Ok(())
}

impl Dense {
    /// Lays the layer out from parameter `at` (weights, then biases).
    pub fn plan(inputs: usize, outputs: usize, init: Init, at: &mut usize) -> Dense {
        let weights = *at..*at + inputs * outputs;
        let biases = weights.end..weights.end + outputs;
        *at = biases.end;
        Dense {
            inputs,
            outputs,
            weights,
            biases,
            init,
        }
    }

    /// Draws the weights (biases start at 0).
    pub fn init_params<T: Real>(&self, params: &mut [T], rng: &mut Pcg64Mcg) {
        let mut draw = vec![0.0; self.weights.len()];
        self.init.fill(&mut draw, self.inputs, self.outputs, rng);
        for (p, &v) in params[self.weights.clone()].iter_mut().zip(&draw) {
            *p = T::from_f64(v);
        }
    }

    /// Multiply-adds per sample of the forward pass.
    pub fn macs(&self) -> usize {
        self.inputs * self.outputs
    }

    /// `z = x·W + b` for `rows` samples.
    pub fn forward<T: Real>(&self, params: &[T], x: &[T], rows: usize, z: &mut [T]) {
        affine(
            &x[..rows * self.inputs],
            self.inputs,
            &params[self.weights.clone()],
            &params[self.biases.clone()],
            &mut z[..rows * self.outputs],
        );
    }

    /// Scratch values [`Dense::backward`] needs: Wᵀ for ∂L/∂x.
    pub fn scratch_len(&self) -> usize {
        self.inputs * self.outputs
    }

    /// From `dz = ∂L/∂z`: adds ∂L/∂W and ∂L/∂b into `grads` and, when asked, writes ∂L/∂x.
    /// `scratch` holds at least [`Dense::scratch_len`] values.
    #[allow(clippy::too_many_arguments)]
    pub fn backward<T: Real>(
        &self,
        params: &[T],
        x: &[T],
        rows: usize,
        dz: &[T],
        dx: Option<&mut [T]>,
        grads: &mut [T],
        scratch: &mut [T],
    ) {
        let (x, dz) = (&x[..rows * self.inputs], &dz[..rows * self.outputs]);
        weight_gradient(x, self.inputs, dz, &mut grads[self.weights.clone()]);
        let gb = &mut grads[self.biases.clone()];
        for row in dz.chunks_exact(self.outputs) {
            for (g, &v) in gb.iter_mut().zip(row) {
                *g += v;
            }
        }
        if let Some(dx) = dx {
            let w = &params[self.weights.clone()];
            let w_t = &mut scratch[..w.len()];
            input_gradient(dz, w, self.inputs, &mut dx[..rows * self.inputs], w_t);
        }
    }
}

/// `z[r,:] = b + Σ_k x[r,k] · W[k,:]`, each element summed in k order (zero inputs skipped,
/// which pays off on MNIST's blank pixels and ReLU's zeros). The loop runs k outermost so each
/// weight row is read once per batch, not once per sample (the article CNN's 9216 × 128 weights
/// are 4.7 MB); every element still adds its terms in the same order, so the values are the same.
fn affine<T: Real>(x: &[T], inputs: usize, w: &[T], b: &[T], z: &mut [T]) {
    let outputs = b.len();
    for zr in z.chunks_exact_mut(outputs) {
        zr.copy_from_slice(b);
    }
    for (k, wr) in w.chunks_exact(outputs).take(inputs).enumerate() {
        for (xr, zr) in x.chunks_exact(inputs).zip(z.chunks_exact_mut(outputs)) {
            let xv = xr[k];
            if xv == T::ZERO {
                continue;
            }
            for (zj, &wj) in zr.iter_mut().zip(wr) {
                *zj += xv * wj;
            }
        }
    }
}

/// `gW[k,:] += Σ_r x[r,k] · δ[r,:]`, each element in r order; k outermost for the reason given
/// at [`affine`] (one pass over the gradient rows per batch).
fn weight_gradient<T: Real>(x: &[T], inputs: usize, delta: &[T], gw: &mut [T]) {
    let outputs = gw.len() / inputs;
    for (k, gr) in gw.chunks_exact_mut(outputs).enumerate() {
        for (xr, dr) in x.chunks_exact(inputs).zip(delta.chunks_exact(outputs)) {
            let xv = xr[k];
            if xv == T::ZERO {
                continue;
            }
            for (g, &dv) in gr.iter_mut().zip(dr) {
                *g += xv * dv;
            }
        }
    }
}

/// `dx[r,k] = Σ_j δ[r,j] · W[k,j]`, summed in j order from zero: the product `δ · Wᵀ` through
/// the GEMM (which sums each element in that order too), vectorised across k instead of one
/// serial dot product per element.
/// `w_t` is scratch for Wᵀ (the workspace's, so no allocation per batch).
fn input_gradient<T: Real>(delta: &[T], w: &[T], inputs: usize, dx: &mut [T], w_t: &mut [T]) {
    let outputs = w.len() / inputs;
    let rows = dx.len() / inputs;
    transpose(w, inputs, outputs, w_t);
    gemm_set(rows, outputs, inputs, delta, w_t, dx);
}

impl Dense {
    /// Its row of an exported PyTorch script's `HIDDEN` list: (fan-in, units, activation factory,
    /// weight init, batch norm placement, dropout factory), the layer and what follows it.
    pub fn pytorch_row(
        &self,
        activation: &str,
        init: &str,
        norm: Option<bool>,
        dropout: &str,
    ) -> String {
        let norm = match norm {
            None => "None",
            Some(false) => "\"pre\"",
            Some(true) => "\"post\"",
        };
        format!(
            "    ({}, {}, lambda: {activation}, lambda layer: {init}, {norm}, lambda: {dropout}),",
            self.inputs, self.outputs
        )
    }
}
