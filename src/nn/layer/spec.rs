//! The items of a network's layer list (`LayerSpec`), as the configuration holds them, with the
//! helpers every kind's parser shares and what the rest of the engine asks of a list (its dense
//! widths, whether it needs images). The syntax itself — which kind reads which item, how a list
//! prints, which orders are allowed — is in `list.rs`; each kind reads and prints its own item in
//! its file.

use serde::{Deserialize, Serialize};

use crate::activation::truncate_for_message;
use crate::error::{Error, Result};
pub use crate::nn::limits::{MAX_FILTERS, MAX_ITEMS, MAX_KERNEL, MAX_STRIDE};

/// How a conv layer handles the border.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Padding {
    /// No padding: only positions where the whole kernel fits (`(n − k) / s + 1`).
    Valid,
    /// Zero padding so the output is `⌈n / s⌉` (TensorFlow's rule: the extra pixel, if any, on
    /// the bottom/right).
    Same,
}

/// One item of the layer list.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum LayerSpec {
    Conv {
        filters: usize,
        kernel: usize,
        stride: usize,
        padding: Padding,
    },
    /// Max pooling.
    Pool {
        size: usize,
        stride: usize,
    },
    AvgPool {
        size: usize,
        stride: usize,
    },
    /// Global average pooling (one value per channel).
    GlobalAvgPool,
    /// Batch normalisation; `after_activation` places it after the previous conv/dense layer's
    /// nonlinearity instead of before it.
    BatchNorm {
        after_activation: bool,
    },
    Dropout {
        rate: f32,
    },
    Flatten,
    Dense {
        units: usize,
    },
}

impl LayerSpec {
    /// Conv, pooling: layers that need (and keep) an image shape.
    pub fn is_image(&self) -> bool {
        matches!(
            self,
            LayerSpec::Conv { .. }
                | LayerSpec::Pool { .. }
                | LayerSpec::AvgPool { .. }
                | LayerSpec::GlobalAvgPool
        )
    }

    /// Conv and dense items: the layers with weights and an activation.
    pub fn is_weighted(&self) -> bool {
        matches!(self, LayerSpec::Conv { .. } | LayerSpec::Dense { .. })
    }
}

/// A bad item of the list, `why` in English and Chinese, with the item syntax in both.
pub(crate) fn bad(item: &str, (why, why_zh): (&str, &str)) -> Error {
    let item = truncate_for_message(item);
    Error::text(
        format!(
            "layer `{item}`: {why} (items: conv<filters>k<kernel>[s<stride>][same|valid], \
             pool<size>[s<stride>], avgpool<size>[s<stride>], gap, bn, bnpost, drop<rate>, \
             flatten, <units>)"
        ),
        format!(
            "`{item}`：{why_zh}（可用：conv<滤波器>k<核>[s<步长>][same|valid], \
             pool<窗口>[s<步长>], avgpool<窗口>[s<步长>], gap, bn, bnpost, drop<比率>, \
             flatten, <单元数>）"
        ),
    )
}

/// Reads a leading unsigned number; returns it and the rest.
pub(crate) fn number(s: &str) -> Option<(usize, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 || end > 6 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

/// `v` when it lies in 1 ..= `max`; `what` names the number in English and Chinese.
pub(crate) fn in_range(
    item: &str,
    (what, what_zh): (&str, &str),
    v: usize,
    max: usize,
) -> Result<usize> {
    if v == 0 || v > max {
        return Err(bad(
            item,
            (
                &format!("{what} must be 1 to {max}, got {v}"),
                &format!("{what_zh}须在 1 – {max} 之内，现为 {v}"),
            ),
        ));
    }
    Ok(v)
}

/// A list of `n` items, more than [`MAX_ITEMS`] (also the layer editor's rows,
/// `training::layer_rows`).
pub fn too_many_items(n: usize) -> Error {
    Error::text(
        format!("{n} layer items is too many; at most {MAX_ITEMS}"),
        format!("共 {n} 层，太多了；最多 {MAX_ITEMS} 层"),
    )
}

/// The list of a plain MLP: one dense item per width.
pub fn dense_list(units: &[usize]) -> Vec<LayerSpec> {
    units
        .iter()
        .map(|&units| LayerSpec::Dense { units })
        .collect()
}

/// Units of the dense (hidden) layers, in order.
pub fn dense_units(layers: &[LayerSpec]) -> Vec<usize> {
    layers
        .iter()
        .filter_map(|l| match l {
            LayerSpec::Dense { units } => Some(*units),
            _ => None,
        })
        .collect()
}

/// Number of conv layers.
pub fn conv_count(layers: &[LayerSpec]) -> usize {
    layers
        .iter()
        .filter(|l| matches!(l, LayerSpec::Conv { .. }))
        .count()
}

/// Whether the list has image layers (conv or pooling): it needs image data.
pub fn has_image_layers(list: &[LayerSpec]) -> bool {
    list.iter().any(LayerSpec::is_image)
}

/// Whether the list is a plain MLP (dense items only), which `t.h` / `--layers 8,8` describe.
pub fn is_plain_mlp(list: &[LayerSpec]) -> bool {
    list.iter().all(|l| matches!(l, LayerSpec::Dense { .. }))
}

/// The article's MNIST net (seed 002): Conv32k3 → Conv64k3 → MaxPool2 → Dropout 0.25 → Flatten →
/// Dense128 → Dropout 0.5 (→ Dense10 softmax, the head).
pub const ARTICLE_CNN: &str = "conv32k3,conv64k3,pool2,drop0.25,flatten,128,drop0.5";
/// A ConvNetJS-sized net: conv 5×5×8 same → pool 2 → conv 5×5×16 same → pool 3 (→ dense 10).
pub const SMALL_CNN: &str = "conv8k5same,pool2,conv16k5same,pool3";
