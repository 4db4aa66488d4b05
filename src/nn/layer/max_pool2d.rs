//! 2-D max pooling on HWC samples (no padding): the forward pass records which input won each
//! window (its index within the sample), the backward pass routes each output gradient there.

use std::fmt;

use super::spec::{bad, in_range, number, LayerSpec};
use crate::data::Shape;
use crate::error::{Error, Result};
use crate::nn::limits::MAX_STRIDE;
use crate::nn::real::Real;

/// `pool<size>[s<stride>]`.
pub(super) fn parse_item(item: &str) -> Option<Result<LayerSpec>> {
    let rest = item.strip_prefix("pool")?;
    Some(window(item, rest, "pool", "").map(|(size, stride)| LayerSpec::Pool { size, stride }))
}

/// The `<size>[s<stride>]` of a pooling item (`name`: how the item starts, `what_zh`: the kind in
/// Chinese, empty for max pooling).
pub(super) fn window(item: &str, rest: &str, name: &str, what_zh: &str) -> Result<(usize, usize)> {
    let (size, rest) = number(rest).ok_or_else(|| {
        bad(
            item,
            (
                "expected the window size",
                &format!("缺少{what_zh}池化窗口大小（如 {name}2）"),
            ),
        )
    })?;
    let stride = match rest.strip_prefix('s') {
        None if rest.is_empty() => size,
        Some(r) => match number(r) {
            Some((s, "")) => s,
            _ => {
                return Err(bad(
                    item,
                    (
                        "expected the stride after `s`",
                        &format!("s 后缺少步长（如 {name}3s2）"),
                    ),
                ))
            }
        },
        None => {
            return Err(bad(
                item,
                (
                    "unexpected text after the window size",
                    "池化窗口大小后有多余的文字",
                ),
            ))
        }
    };
    Ok((
        in_range(item, ("pool size", "池化窗口"), size, MAX_STRIDE)?,
        in_range(item, ("pool stride", "池化步长"), stride, MAX_STRIDE)?,
    ))
}

pub(super) fn write_item(f: &mut fmt::Formatter<'_>, size: usize, stride: usize) -> fmt::Result {
    write!(f, "pool{size}")?;
    write_stride(f, size, stride)
}

/// `s<stride>` unless the stride is the window size.
pub(super) fn write_stride(f: &mut fmt::Formatter<'_>, size: usize, stride: usize) -> fmt::Result {
    if stride != size {
        write!(f, "s{stride}")?;
    }
    Ok(())
}

/// The ranges of a deserialised pooling item (max or average).
pub(super) fn check_ranges(l: &LayerSpec, size: usize, stride: usize) -> Result<()> {
    if size == 0 || size > MAX_STRIDE || stride == 0 || stride > MAX_STRIDE {
        return Err(Error::text(
            format!("`{l}`: size or stride out of range"),
            format!("`{l}`：窗口大小或步长超出范围"),
        ));
    }
    Ok(())
}

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

impl MaxPool2d {
    /// Its row of an exported PyTorch script's `FRONT` list.
    pub fn pytorch_row(&self) -> String {
        format!("    pool({}, stride={}),", self.size, self.stride)
    }
}
