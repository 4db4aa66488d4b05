//! A digit drawn on the page's pad, turned into a model input prepared the way the training images
//! were, so the network sees a drawing as it saw its data.
//!
//! The pad hands over its ink (alpha 0..255, `side × side`, row-major). Then:
//! - **MNIST** (LeCun et al.): the digit's bounding box is scaled, aspect kept, to fit a 20×20 box
//!   by area averaging (anti-aliased grey levels), and placed in the 28×28 field so that its centre
//!   of mass sits at the field's centre (14, 14). Inputs are ink in `[0, 1]`, as the shipped
//!   MNIST's `pixel / 255`.
//! - **8×8 digits** (UCI optdigits, scikit-learn's `load_digits`): there the 32×32 bitmaps are
//!   normalised so the digit fills the box (every shipped image spans all 8 rows) and each 8×8
//!   cell counts the ink of a 4×4 block (0..16). So the bounding box is scaled, aspect kept, until
//!   its longer side fills 8 cells, centred by its box, and each cell is the area average of its
//!   ink: `count / 16` in `[0, 1]`, exactly the set's `pixel / pixel_max`. Optdigits strokes are
//!   about twice as thick relative to the digit's height as MNIST's (a "1" is ~2.4 cells wide on
//!   average), so the drawing is first thickened by a max filter of 1/16 of its longer side on
//!   each side (≈ one cell more stroke).
//!
//! An empty pad gives an all-zero input.

use crate::error::{Error, Result};

/// Side of an MNIST image and of the box its digit is scaled into.
pub const MNIST_SIDE: usize = 28;
pub const MNIST_BOX: f64 = 20.0;
/// Side of a UCI/scikit-learn digit.
pub const DIGITS_SIDE: usize = 8;
/// Pad sides accepted (the page sends 280).
pub const MIN_PAD_SIDE: usize = 8;
pub const MAX_PAD_SIDE: usize = 1024;
/// Ink (0..1) above which a pad pixel counts for the bounding box (soft brush edges do not).
const INK_THRESHOLD: f32 = 0.1;

/// Which preparation to apply (which set the model was trained on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PadTarget {
    Mnist,
    Digits,
}

impl PadTarget {
    /// The target for a model with `features` inputs (784 MNIST, 64 digits).
    pub fn for_features(features: usize) -> Result<PadTarget> {
        match features {
            f if f == MNIST_SIDE * MNIST_SIDE => Ok(PadTarget::Mnist),
            f if f == DIGITS_SIDE * DIGITS_SIDE => Ok(PadTarget::Digits),
            _ => Err(Error::text(
                "drawing a digit needs a model trained on the 8×8 digits or MNIST",
                "画数字需要一个在 8×8 手写数字或 MNIST 上训练的模型",
            )),
        }
    }

    /// Side of the prepared image.
    pub fn side(self) -> usize {
        match self {
            PadTarget::Mnist => MNIST_SIDE,
            PadTarget::Digits => DIGITS_SIDE,
        }
    }
}

/// The pad's ink (`side × side` alpha bytes) as a model input for `target` (`target.side()²`
/// values in `[0, 1]`, row-major).
pub fn prepare(ink: &[u8], side: usize, target: PadTarget) -> Result<Vec<f32>> {
    if !(MIN_PAD_SIDE..=MAX_PAD_SIDE).contains(&side) || ink.len() != side * side {
        return Err(Error::Invalid(format!(
            "the drawing must be a square of {MIN_PAD_SIDE} to {MAX_PAD_SIDE} pixels per side; got \
             {} values for side {side}",
            ink.len()
        )));
    }
    let out_side = target.side();
    let mut img: Vec<f32> = ink.iter().map(|&a| f32::from(a) / 255.0).collect();
    let Some(first) = bounding_box(&img, side) else {
        return Ok(vec![0.0; out_side * out_side]);
    };
    let bbox = match target {
        PadTarget::Mnist => first,
        PadTarget::Digits => {
            let radius = (first.long() as f64 / 16.0).round() as usize;
            img = dilate(&img, side, radius);
            bounding_box(&img, side).unwrap_or(first)
        }
    };
    let (bw, bh) = (bbox.width() as f64, bbox.height() as f64);
    let scale = match target {
        PadTarget::Mnist => MNIST_BOX / bw.max(bh),
        PadTarget::Digits => DIGITS_SIDE as f64 / bw.max(bh),
    };
    let n = out_side as f64;
    let (off_x, off_y) = match target {
        PadTarget::Mnist => {
            let (cx, cy) = centre_of_mass(&img, side, &bbox);
            let place = |c: f64, start: usize, extent: f64| {
                (n / 2.0 - (c - start as f64) * scale).clamp(0.0, n - extent * scale)
            };
            (place(cx, bbox.x0, bw), place(cy, bbox.y0, bh))
        }
        PadTarget::Digits => ((n - bw * scale) / 2.0, (n - bh * scale) / 2.0),
    };
    let wx = weights(bbox.width(), scale, off_x, out_side);
    let wy = weights(bbox.height(), scale, off_y, out_side);
    // Rows first: each source row of the box spread over output columns.
    let mut rows = vec![0.0f32; bbox.height() * out_side];
    for sy in 0..bbox.height() {
        let src = &img[(bbox.y0 + sy) * side + bbox.x0..][..bbox.width()];
        let dst = &mut rows[sy * out_side..][..out_side];
        for (sx, &v) in src.iter().enumerate() {
            if v > 0.0 {
                for &(o, w) in &wx[sx] {
                    dst[o] += v * w;
                }
            }
        }
    }
    let mut out = vec![0.0f32; out_side * out_side];
    for (sy, row) in rows.chunks_exact(out_side).enumerate() {
        for &(o, w) in &wy[sy] {
            for (d, &v) in out[o * out_side..][..out_side].iter_mut().zip(row) {
                *d += v * w;
            }
        }
    }
    for v in &mut out {
        *v = v.clamp(0.0, 1.0);
    }
    Ok(out)
}

/// Inclusive-exclusive pixel box.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Box2 {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
}

impl Box2 {
    fn width(&self) -> usize {
        self.x1 - self.x0
    }
    fn height(&self) -> usize {
        self.y1 - self.y0
    }
    fn long(&self) -> usize {
        self.width().max(self.height())
    }
}

fn bounding_box(img: &[f32], side: usize) -> Option<Box2> {
    let mut b: Option<Box2> = None;
    for (i, &v) in img.iter().enumerate() {
        if v > INK_THRESHOLD {
            let (x, y) = (i % side, i / side);
            let nb = b.get_or_insert(Box2 {
                x0: x,
                y0: y,
                x1: x + 1,
                y1: y + 1,
            });
            nb.x0 = nb.x0.min(x);
            nb.x1 = nb.x1.max(x + 1);
            nb.y0 = nb.y0.min(y);
            nb.y1 = nb.y1.max(y + 1);
        }
    }
    b
}

/// Ink-weighted centre (pixel centres at `i + 0.5`) of the pixels inside `b`.
fn centre_of_mass(img: &[f32], side: usize, b: &Box2) -> (f64, f64) {
    let (mut m, mut sx, mut sy) = (0.0f64, 0.0f64, 0.0f64);
    for y in b.y0..b.y1 {
        for x in b.x0..b.x1 {
            let v = f64::from(img[y * side + x]);
            m += v;
            sx += v * (x as f64 + 0.5);
            sy += v * (y as f64 + 0.5);
        }
    }
    if m > 0.0 {
        (sx / m, sy / m)
    } else {
        ((b.x0 + b.x1) as f64 / 2.0, (b.y0 + b.y1) as f64 / 2.0)
    }
}

/// Per source pixel `i` of a box row/column: the output cells it overlaps and the overlap length,
/// when source `[i, i + 1)` maps to `[off + i·scale, off + (i + 1)·scale)`.
fn weights(n: usize, scale: f64, off: f64, out: usize) -> Vec<Vec<(usize, f32)>> {
    (0..n)
        .map(|i| {
            let a = off + i as f64 * scale;
            let b = a + scale;
            let first = a.floor().max(0.0) as usize;
            let last = (b.ceil().max(0.0) as usize).min(out);
            (first..last)
                .filter_map(|o| {
                    let w = b.min(o as f64 + 1.0) - a.max(o as f64);
                    (w > 0.0).then_some((o, w as f32))
                })
                .collect()
        })
        .collect()
}

/// Grey-level dilation: each pixel becomes the maximum of the `(2r + 1)²` square around it
/// (separable, rows then columns).
fn dilate(img: &[f32], side: usize, r: usize) -> Vec<f32> {
    if r == 0 {
        return img.to_vec();
    }
    let mut tmp = vec![0.0f32; img.len()];
    for y in 0..side {
        let row = &img[y * side..][..side];
        for x in 0..side {
            let (lo, hi) = (x.saturating_sub(r), (x + r + 1).min(side));
            tmp[y * side + x] = row[lo..hi].iter().copied().fold(0.0, f32::max);
        }
    }
    let mut out = vec![0.0f32; img.len()];
    for x in 0..side {
        for y in 0..side {
            let (lo, hi) = (y.saturating_sub(r), (y + r + 1).min(side));
            out[y * side + x] = (lo..hi).map(|k| tmp[k * side + x]).fold(0.0, f32::max);
        }
    }
    out
}
