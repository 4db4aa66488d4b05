//! The 2-D convolution layer on HWC samples: forward and backward as im2col + one matrix product
//! per sample ([`crate::nn::gemm`]). Weights are `(k·k·C_in) × filters`, row `(ky·k + kx)·C_in + c`,
//! which is also the column order of the im2col matrix, so `z = cols · W + b` lands in HWC order
//! (positions × filters) with no reshuffle, and a flatten after it is free.

use std::fmt;
use std::ops::Range;

use rand_pcg::Pcg64Mcg;

pub use super::spec::Padding;
use super::spec::{bad, in_range, number, LayerSpec};
use crate::data::Shape;
use crate::error::{Error, Result};
use crate::nn::gemm::{gemm_acc, gemm_set, gemm_tn_acc, transpose};
use crate::nn::init::Init;
use crate::nn::limits::{MAX_FILTERS, MAX_KERNEL, MAX_STRIDE};
use crate::nn::real::Real;

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

/// One convolution layer: geometry and where its parameters live (its activation is the layer
/// after it).
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
    /// How the weights are drawn (fan-in k·k·C_in, fan-out k·k·F as Keras counts them).
    pub init: Init,
}

/// `conv<filters>k<kernel>[s<stride>][same|valid]`.
pub(super) fn parse_item(item: &str) -> Option<Result<LayerSpec>> {
    let rest = item.strip_prefix("conv")?;
    Some(parse_conv(item, rest))
}

fn parse_conv(item: &str, rest: &str) -> Result<LayerSpec> {
    let (filters, rest) = number(rest).ok_or_else(|| {
        bad(
            item,
            ("expected the filter count", "缺少滤波器个数（如 conv32k3）"),
        )
    })?;
    let rest = rest.strip_prefix('k').ok_or_else(|| {
        bad(
            item,
            (
                "expected `k` and the kernel size",
                "缺少 k 和卷积核大小（如 conv32k3）",
            ),
        )
    })?;
    let (kernel, mut rest) = number(rest).ok_or_else(|| {
        bad(
            item,
            ("expected the kernel size", "缺少卷积核大小（如 conv32k3）"),
        )
    })?;
    let mut stride = 1;
    if let Some(r) = rest
        .strip_prefix('s')
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        (stride, rest) = number(r)
            .ok_or_else(|| bad(item, ("expected the stride", "缺少步长（如 conv16k3s2）")))?;
    }
    let padding = match rest {
        "" | "valid" => Padding::Valid,
        "same" => Padding::Same,
        _ => {
            return Err(bad(
                item,
                (
                    "unexpected text after the kernel/stride",
                    "卷积核或步长后有多余的文字（只能接 same 或 valid）",
                ),
            ))
        }
    };
    Ok(LayerSpec::Conv {
        filters: in_range(item, ("filters", "滤波器个数"), filters, MAX_FILTERS)?,
        kernel: in_range(item, ("kernel", "卷积核大小"), kernel, MAX_KERNEL)?,
        stride: in_range(item, ("stride", "步长"), stride, MAX_STRIDE)?,
        padding,
    })
}

pub(super) fn write_item(
    f: &mut fmt::Formatter<'_>,
    filters: usize,
    kernel: usize,
    stride: usize,
    padding: Padding,
) -> fmt::Result {
    write!(f, "conv{filters}k{kernel}")?;
    if stride != 1 {
        write!(f, "s{stride}")?;
    }
    if padding == Padding::Same {
        write!(f, "same")?;
    }
    Ok(())
}

/// The ranges of a deserialised item.
pub(super) fn check_ranges(
    l: &LayerSpec,
    filters: usize,
    kernel: usize,
    stride: usize,
) -> Result<()> {
    if filters == 0 || filters > MAX_FILTERS || kernel == 0 || kernel > MAX_KERNEL {
        return Err(Error::text(
            format!("`{l}`: filters or kernel out of range"),
            format!("`{l}`：滤波器个数或卷积核大小超出范围"),
        ));
    }
    if stride == 0 || stride > MAX_STRIDE {
        return Err(Error::text(
            format!("`{l}`: stride out of range"),
            format!("`{l}`：步长超出范围"),
        ));
    }
    Ok(())
}

/// The numbers of a conv item, as [`Conv2d::plan`] reads them.
pub struct ConvItem {
    pub filters: usize,
    pub kernel: usize,
    pub stride: usize,
    pub padding: Padding,
}

impl Conv2d {
    /// Lays the layer out on `input` from parameter `at` (weights, then biases); `None` when the
    /// kernel does not fit the input.
    pub fn plan(input: Shape, item: &ConvItem, init: Init, at: &mut usize) -> Option<Conv2d> {
        let side = |n| out_side(n, item.kernel, item.stride, item.padding);
        let ((oh, pad_top), (ow, pad_left)) = (side(input.height)?, side(input.width)?);
        let patch = item.kernel * item.kernel * input.channels;
        let weights = *at..*at + patch * item.filters;
        let biases = weights.end..weights.end + item.filters;
        *at = biases.end;
        Some(Conv2d {
            input,
            output: Shape::new(oh, ow, item.filters),
            kernel: item.kernel,
            stride: item.stride,
            padding: item.padding,
            pad_top,
            pad_left,
            weights,
            biases,
            init,
        })
    }

    /// Draws the weights (fan-in k·k·C_in, fan-out k·k·F as Keras counts them; biases start at 0).
    pub fn init_params<T: Real>(&self, params: &mut [T], rng: &mut Pcg64Mcg) {
        let mut draw = vec![0.0; self.weights.len()];
        let fan_out = self.kernel * self.kernel * self.filters();
        self.init.fill(&mut draw, self.patch(), fan_out, rng);
        for (p, &v) in params[self.weights.clone()].iter_mut().zip(&draw) {
            *p = T::from_f64(v);
        }
    }
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

impl Conv2d {
    /// Zero padding of both axes as (left, right, top, bottom): ours puts the odd pixel of
    /// `same` right and bottom.
    pub fn padding_sides(&self) -> (usize, usize, usize, usize) {
        let pair = |n: usize, out: usize, before: usize| {
            let total = ((out - 1) * self.stride + self.kernel).saturating_sub(n);
            (before, total.saturating_sub(before))
        };
        let (top, bottom) = pair(self.input.height, self.output.height, self.pad_top);
        let (left, right) = pair(self.input.width, self.output.width, self.pad_left);
        (left, right, top, bottom)
    }

    /// Its row of an exported PyTorch script's `FRONT` list (`activation`: the module factory of
    /// the activation right after it, `None` when batch norm comes between; `init`: the
    /// statement drawing `layer.weight`).
    pub fn pytorch_row(&self, activation: Option<&str>, init: &str) -> String {
        let (left, right, top, bottom) = self.padding_sides();
        let shape = |s: Shape| {
            format!(
                r#"{{"height": {}, "width": {}, "channels": {}}}"#,
                s.height, s.width, s.channels
            )
        };
        format!(
            "    conv({}, {}, {}, stride={}, pad=({left}, {right}, {top}, {bottom}), \
             activation={}, init=lambda layer: {init}, shapes=({}, {})),",
            self.input.channels,
            self.filters(),
            self.kernel,
            self.stride,
            activation.map_or("None".into(), |a| format!("lambda: {a}")),
            shape(self.input),
            shape(self.output),
        )
    }
}
