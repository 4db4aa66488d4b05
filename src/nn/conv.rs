//! The 2-D convolution layer on HWC samples: forward and backward as im2col + one matrix product
//! per sample ([`super::gemm`]). Weights are `(k·k·C_in) × filters`, row `(ky·k + kx)·C_in + c`,
//! which is also the column order of the im2col matrix, so `z = cols · W + b` lands in HWC order
//! (positions × filters) with no reshuffle, and a flatten after it is free.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::gemm::{gemm_acc, gemm_set, gemm_tn_acc, transpose};
use super::hidden::Hidden;
use super::real::Real;
use crate::data::Shape;

/// How the border is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Padding {
    /// No padding: only positions where the whole kernel fits (`(n − k) / s + 1`).
    Valid,
    /// Zero padding so the output is `⌈n / s⌉` (TensorFlow's rule: the extra pixel, if any, on
    /// the bottom/right).
    Same,
}

/// Output side and top/left padding of one spatial axis, or `None` if the kernel does not fit.
pub fn out_side(n: usize, k: usize, stride: usize, padding: Padding) -> Option<(usize, usize)> {
    match padding {
        Padding::Valid => (n >= k).then(|| ((n - k) / stride + 1, 0)),
        Padding::Same => {
            let out = n.div_ceil(stride);
            let total = ((out - 1) * stride + k).saturating_sub(n);
            Some((out, total / 2))
        }
    }
}

/// One convolution layer: geometry, its nonlinearity and where its parameters live.
#[derive(Debug, Clone, PartialEq)]
pub struct Conv2d {
    pub input: Shape,
    pub output: Shape,
    pub kernel: usize,
    pub stride: usize,
    pub padding: Padding,
    /// Top and left zero padding (the same on both axes for square inputs).
    pub pad_top: usize,
    pub pad_left: usize,
    pub weights: Range<usize>,
    pub biases: Range<usize>,
    /// PReLU slopes, one per filter (channel), when the nonlinearity is PReLU.
    pub alpha: Range<usize>,
    pub act: Hidden,
}

impl Conv2d {
    /// Rows of the weight matrix (and columns of im2col): `k·k·C_in`.
    pub fn patch(&self) -> usize {
        self.kernel * self.kernel * self.input.channels
    }

    /// Output positions per sample.
    pub fn positions(&self) -> usize {
        self.output.height * self.output.width
    }

    pub fn filters(&self) -> usize {
        self.output.channels
    }

    /// Multiply-adds per sample of the forward pass.
    pub fn macs(&self) -> usize {
        self.positions() * self.patch() * self.filters()
    }

    /// The kernel columns `kx_lo..kx_hi` that fall inside the input for output column `ox`, and
    /// the input column of the first of them. For a fixed kernel row those columns are one run of
    /// `(kx_hi − kx_lo)·C` values in both the input (HWC) and an im2col row.
    fn inside(&self, ox: usize) -> (usize, usize, usize) {
        let left = ox * self.stride;
        let k = self.kernel;
        let kx_lo = self.pad_left.saturating_sub(left).min(k);
        let kx_hi = (self.input.width + self.pad_left)
            .saturating_sub(left)
            .min(k);
        (
            kx_lo,
            kx_hi.max(kx_lo),
            (left + kx_lo).saturating_sub(self.pad_left),
        )
    }

    /// One sample's im2col matrix (`positions × patch`), zeros where the kernel hangs over.
    pub fn im2col<T: Real>(&self, x: &[T], cols: &mut [T]) {
        let (h, w, c) = (self.input.height, self.input.width, self.input.channels);
        let run = self.kernel * c;
        let mut rows = cols.chunks_exact_mut(self.patch());
        for oy in 0..self.output.height {
            for ox in 0..self.output.width {
                let row = rows.next().expect("positions rows");
                let (lo, hi, ix) = self.inside(ox);
                for (ky, dst) in row.chunks_exact_mut(run).enumerate() {
                    let iy = (oy * self.stride + ky).wrapping_sub(self.pad_top);
                    if iy >= h || hi == lo {
                        dst.fill(T::ZERO);
                        continue;
                    }
                    let from = (iy * w + ix) * c;
                    dst[..lo * c].fill(T::ZERO);
                    dst[lo * c..hi * c].copy_from_slice(&x[from..from + (hi - lo) * c]);
                    dst[hi * c..].fill(T::ZERO);
                }
            }
        }
    }

    /// Adds one sample's im2col gradient back onto the input gradient (the adjoint of im2col).
    fn col2im<T: Real>(&self, dcols: &[T], dx: &mut [T]) {
        let (h, w, c) = (self.input.height, self.input.width, self.input.channels);
        let run = self.kernel * c;
        let mut rows = dcols.chunks_exact(self.patch());
        for oy in 0..self.output.height {
            for ox in 0..self.output.width {
                let row = rows.next().expect("positions rows");
                let (lo, hi, ix) = self.inside(ox);
                for (ky, src) in row.chunks_exact(run).enumerate() {
                    let iy = (oy * self.stride + ky).wrapping_sub(self.pad_top);
                    if iy >= h || hi == lo {
                        continue;
                    }
                    let to = (iy * w + ix) * c;
                    let dst = &mut dx[to..to + (hi - lo) * c];
                    for (d, &s) in dst.iter_mut().zip(&src[lo * c..hi * c]) {
                        *d += s;
                    }
                }
            }
        }
    }

    /// `z = conv(x) + b` for `rows` samples (`z`: rows × positions × filters). `cols` is scratch of
    /// at least `positions × patch`.
    pub fn forward<T: Real>(
        &self,
        params: &[T],
        x: &[T],
        rows: usize,
        z: &mut [T],
        cols: &mut [T],
    ) {
        let (n_in, n_out) = (self.input.len(), self.output.len());
        let (p, kk, f) = (self.positions(), self.patch(), self.filters());
        let w = &params[self.weights.clone()];
        let b = &params[self.biases.clone()];
        let cols = &mut cols[..p * kk];
        for r in 0..rows {
            self.im2col(&x[r * n_in..(r + 1) * n_in], cols);
            let zr = &mut z[r * n_out..(r + 1) * n_out];
            for pos in zr.chunks_exact_mut(f) {
                pos.copy_from_slice(b);
            }
            gemm_acc(p, kk, f, cols, w, zr);
        }
    }

    /// Backward through the affine part: adds ∂L/∂W and ∂L/∂b into `grads` (the whole flat
    /// gradient) and, when `dx` is given, writes ∂L/∂x (rows × input). `dz` is ∂L/∂z.
    /// `scratch` holds at least `positions·patch + filters·patch` values.
    #[allow(clippy::too_many_arguments)]
    pub fn backward<T: Real>(
        &self,
        params: &[T],
        x: &[T],
        dz: &[T],
        rows: usize,
        grads: &mut [T],
        mut dx: Option<&mut [T]>,
        scratch: &mut [T],
    ) {
        let (n_in, n_out) = (self.input.len(), self.output.len());
        let (p, kk, f) = (self.positions(), self.patch(), self.filters());
        let (cols, rest) = scratch.split_at_mut(p * kk);
        let w_t = &mut rest[..f * kk];
        if dx.is_some() {
            transpose(&params[self.weights.clone()], kk, f, w_t);
        }
        for r in 0..rows {
            let dzr = &dz[r * n_out..(r + 1) * n_out];
            self.im2col(&x[r * n_in..(r + 1) * n_in], cols);
            gemm_tn_acc(kk, p, f, cols, dzr, &mut grads[self.weights.clone()]);
            let gb = &mut grads[self.biases.clone()];
            for pos in dzr.chunks_exact(f) {
                for (g, &v) in gb.iter_mut().zip(pos) {
                    *g += v;
                }
            }
            if let Some(dx) = dx.as_deref_mut() {
                gemm_set(p, f, kk, dzr, w_t, cols);
                let dxr = &mut dx[r * n_in..(r + 1) * n_in];
                dxr.fill(T::ZERO);
                self.col2im(cols, dxr);
            }
        }
    }

    /// Scratch values [`Self::forward`] and [`Self::backward`] need.
    pub fn scratch_len(&self) -> usize {
        self.positions() * self.patch() + self.filters() * self.patch()
    }
}
