//! 2-D average pooling on HWC samples (no padding), and global average pooling (`gap`), the
//! same layer with one window as large as the input: each channel's mean, H×W×C → 1×1×C (the
//! head of ResNet-style nets instead of a flatten and a large dense layer). Backward spreads each
//! output gradient evenly over its window.

use std::fmt;

use super::max_pool2d::{window, write_stride};
use super::spec::LayerSpec;
use crate::data::Shape;
use crate::error::Result;
use crate::nn::real::Real;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvgPool2d {
    pub input: Shape,
    pub output: Shape,
    /// Window height and width (the input's for global pooling).
    pub window: (usize, usize),
    pub stride: usize,
    /// Global average pooling (`gap`).
    pub global: bool,
}

/// `avgpool<size>[s<stride>]` or `gap`.
pub(super) fn parse_item(item: &str) -> Option<Result<LayerSpec>> {
    if item == "gap" {
        return Some(Ok(LayerSpec::GlobalAvgPool));
    }
    let rest = item.strip_prefix("avgpool")?;
    Some(
        window(item, rest, "avgpool", "平均")
            .map(|(size, stride)| LayerSpec::AvgPool { size, stride }),
    )
}

pub(super) fn write_item(f: &mut fmt::Formatter<'_>, size: usize, stride: usize) -> fmt::Result {
    write!(f, "avgpool{size}")?;
    write_stride(f, size, stride)
}

pub(super) fn write_global(f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "gap")
}

impl AvgPool2d {
    /// A `size`×`size` window moved by `stride`; `None` when the window is larger than the input.
    pub fn new(input: Shape, size: usize, stride: usize) -> Option<Self> {
        if size == 0 || stride == 0 || input.height < size || input.width < size {
            return None;
        }
        let side = |n: usize| (n - size) / stride + 1;
        Some(AvgPool2d {
            input,
            output: Shape::new(side(input.height), side(input.width), input.channels),
            window: (size, size),
            stride,
            global: false,
        })
    }

    /// Global average pooling over `input`.
    pub fn global(input: Shape) -> Self {
        AvgPool2d {
            input,
            output: Shape::new(1, 1, input.channels),
            window: (input.height, input.width),
            stride: 1,
            global: true,
        }
    }

    /// Values one output averages.
    fn area(&self) -> usize {
        self.window.0 * self.window.1
    }

    /// The input index of window position (ky, kx) for output (oy, ox), channel 0.
    fn at(&self, oy: usize, ox: usize, ky: usize, kx: usize) -> usize {
        ((oy * self.stride + ky) * self.input.width + ox * self.stride + kx) * self.input.channels
    }

    /// `y = mean over each window` for `rows` samples.
    pub fn forward<T: Real>(&self, x: &[T], rows: usize, y: &mut [T]) {
        let (n_in, n_out, c) = (self.input.len(), self.output.len(), self.input.channels);
        let inv = T::from_f64(1.0 / self.area() as f64);
        for r in 0..rows {
            let xr = &x[r * n_in..(r + 1) * n_in];
            let yr = &mut y[r * n_out..(r + 1) * n_out];
            for (pos, out) in yr.chunks_exact_mut(c).enumerate() {
                let (oy, ox) = (pos / self.output.width, pos % self.output.width);
                out.fill(T::ZERO);
                for ky in 0..self.window.0 {
                    for kx in 0..self.window.1 {
                        let at = self.at(oy, ox, ky, kx);
                        for (o, &v) in out.iter_mut().zip(&xr[at..at + c]) {
                            *o += v;
                        }
                    }
                }
                for o in out {
                    *o *= inv;
                }
            }
        }
    }

    /// `dx = 0`, then each output gradient divided evenly over its window.
    pub fn backward<T: Real>(&self, dy: &[T], rows: usize, dx: &mut [T]) {
        let (n_in, n_out, c) = (self.input.len(), self.output.len(), self.input.channels);
        let inv = T::from_f64(1.0 / self.area() as f64);
        dx[..rows * n_in].fill(T::ZERO);
        for r in 0..rows {
            let dxr = &mut dx[r * n_in..(r + 1) * n_in];
            let dyr = &dy[r * n_out..(r + 1) * n_out];
            for (pos, g) in dyr.chunks_exact(c).enumerate() {
                let (oy, ox) = (pos / self.output.width, pos % self.output.width);
                for ky in 0..self.window.0 {
                    for kx in 0..self.window.1 {
                        let at = self.at(oy, ox, ky, kx);
                        for (d, &v) in dxr[at..at + c].iter_mut().zip(g) {
                            *d += v * inv;
                        }
                    }
                }
            }
        }
    }

    /// Adds per sample (for the compute budget).
    pub fn macs(&self) -> usize {
        self.output.len() * self.area()
    }
}

impl AvgPool2d {
    /// Its row of an exported PyTorch script's `FRONT` list.
    pub fn pytorch_row(&self) -> String {
        if self.global {
            "    gap(),".into()
        } else {
            format!("    avgpool({}, stride={}),", self.window.0, self.stride)
        }
    }
}
