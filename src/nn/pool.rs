//! 2-D max pooling on HWC samples (no padding): the forward pass records which input won each
//! window (its index within the sample), the backward pass routes each output gradient there.

use super::real::Real;
use crate::data::Shape;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaxPool2d {
    pub input: Shape,
    pub output: Shape,
    pub size: usize,
    pub stride: usize,
}

impl MaxPool2d {
    /// `None` when the window is larger than the input.
    pub fn new(input: Shape, size: usize, stride: usize) -> Option<Self> {
        if size == 0 || stride == 0 || input.height < size || input.width < size {
            return None;
        }
        let side = |n: usize| (n - size) / stride + 1;
        Some(MaxPool2d {
            input,
            output: Shape::new(side(input.height), side(input.width), input.channels),
            size,
            stride,
        })
    }

    /// `y = max over each window` for `rows` samples; `argmax` gets the winning input index
    /// (within its sample) of every output, the first one on ties.
    pub fn forward<T: Real>(&self, x: &[T], rows: usize, y: &mut [T], argmax: &mut [u32]) {
        let (n_in, n_out) = (self.input.len(), self.output.len());
        let (w, c) = (self.input.width, self.input.channels);
        for r in 0..rows {
            let xr = &x[r * n_in..(r + 1) * n_in];
            let yr = &mut y[r * n_out..(r + 1) * n_out];
            let ar = &mut argmax[r * n_out..(r + 1) * n_out];
            let mut o = 0;
            for oy in 0..self.output.height {
                for ox in 0..self.output.width {
                    let first = (oy * self.stride * w + ox * self.stride) * c;
                    yr[o..o + c].copy_from_slice(&xr[first..first + c]);
                    for (ch, a) in ar[o..o + c].iter_mut().enumerate() {
                        *a = (first + ch) as u32;
                    }
                    for ky in 0..self.size {
                        for kx in 0..self.size {
                            let at = ((oy * self.stride + ky) * w + ox * self.stride + kx) * c;
                            for ch in 0..c {
                                if xr[at + ch] > yr[o + ch] {
                                    yr[o + ch] = xr[at + ch];
                                    ar[o + ch] = (at + ch) as u32;
                                }
                            }
                        }
                    }
                    o += c;
                }
            }
        }
    }

    /// `dx = 0`, then each output gradient added at its window's winner.
    pub fn backward<T: Real>(&self, dy: &[T], argmax: &[u32], rows: usize, dx: &mut [T]) {
        let (n_in, n_out) = (self.input.len(), self.output.len());
        dx[..rows * n_in].fill(T::ZERO);
        for r in 0..rows {
            let dxr = &mut dx[r * n_in..(r + 1) * n_in];
            let span = r * n_out..(r + 1) * n_out;
            for (&g, &a) in dy[span.clone()].iter().zip(&argmax[span]) {
                dxr[a as usize] += g;
            }
        }
    }
}
