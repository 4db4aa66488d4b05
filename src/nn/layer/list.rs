//! The layer list's one text syntax, shared by the CLI (`--layers`), the page's URL hash
//! (`t.layers`) and saved configs. Each layer kind parses and prints its own item (in its file);
//! this module splits the list, asks each kind in turn, prints it back and checks the order.
//!
//! # Syntax
//!
//! Comma-separated items, input side first; the output layer (sized by the task) is implicit.
//!
//! | item                     | layer                                                        |
//! |--------------------------|--------------------------------------------------------------|
//! | `conv32k3`               | Conv2d: 32 filters, 3×3 kernel, stride 1, padding valid      |
//! | `conv8k5same`            | … padding same (output ⌈n/s⌉, zeros around the border)       |
//! | `conv16k3s2`, `…s2same`  | … stride 2                                                   |
//! | `pool2`, `pool3s2`       | MaxPool2d: 2×2 window, stride = size unless `s…` is given    |
//! | `avgpool2`, `avgpool3s2` | AvgPool2d, the same options                                  |
//! | `gap`                    | global average pooling: each channel's mean (H×W×C → C)      |
//! | `bn`                     | BatchNorm of the previous conv/dense layer's pre-activations |
//! |                          | (its activation comes after; after a pool: of its output)    |
//! | `bnpost`                 | BatchNorm after the previous conv/dense layer's activation   |
//! | `drop0.25`               | dropout after the previous layer (kind from the run's config)|
//! | `flatten`                | image → vector (implicit before the first dense layer)       |
//! | `128`, `dense128`        | Dense with 128 units                                         |
//!
//! Every conv and dense layer applies the run's activation (one for all, or one per conv/dense
//! layer in order); the other kinds have none. Conv and pooling need image data (`digits` 8×8×1,
//! `mnist` 28×28×1) and come before the dense layers. The article's MNIST net is
//! `conv32k3,conv64k3,pool2,drop0.25,flatten,128,drop0.5`.

use std::fmt;

use super::spec::{bad, too_many_items, LayerSpec, MAX_ITEMS};
use super::{avg_pool2d, batch_norm, conv2d, dense, dropout, flatten, max_pool2d};
use crate::error::{Error, Result};

impl fmt::Display for LayerSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            LayerSpec::Conv {
                filters,
                kernel,
                stride,
                padding,
            } => conv2d::write_item(f, filters, kernel, stride, padding),
            LayerSpec::Pool { size, stride } => max_pool2d::write_item(f, size, stride),
            LayerSpec::AvgPool { size, stride } => avg_pool2d::write_item(f, size, stride),
            LayerSpec::GlobalAvgPool => avg_pool2d::write_global(f),
            LayerSpec::BatchNorm { after_activation } => {
                batch_norm::write_item(f, after_activation)
            }
            LayerSpec::Dropout { rate } => dropout::write_item(f, rate),
            LayerSpec::Flatten => flatten::write_item(f),
            LayerSpec::Dense { units } => dense::write_item(f, units),
        }
    }
}

/// The list back in the syntax of [`parse_layers`] (`parse_layers(&format_layers(l)) == l`).
pub fn format_layers(layers: &[LayerSpec]) -> String {
    layers
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// A kind's reader of one item: `None` when the item is not of its kind.
type ItemParser = fn(&str) -> Option<Result<LayerSpec>>;

/// One item: the first kind that recognises it parses it.
fn parse_item(item: &str) -> Result<LayerSpec> {
    let kinds: [ItemParser; 7] = [
        flatten::parse_item,
        conv2d::parse_item,
        avg_pool2d::parse_item,
        max_pool2d::parse_item,
        batch_norm::parse_item,
        dropout::parse_item,
        dense::parse_item,
    ];
    kinds
        .iter()
        .find_map(|parse| parse(item))
        .unwrap_or_else(|| Err(bad(item, ("unknown layer", "未知的层"))))
}

/// Parses the syntax in the module docs and checks the order (conv/pool before flatten and dense,
/// at most one flatten, dropout and batch norm only after the layers they can follow).
pub fn parse_layers(text: &str) -> Result<Vec<LayerSpec>> {
    let items: Vec<&str> = text.split(',').map(str::trim).collect();
    if text.trim().is_empty() {
        return Err(Error::text("the layer list is empty", "层列表为空"));
    }
    if items.len() > MAX_ITEMS {
        return Err(too_many_items(items.len()));
    }
    let layers = items
        .iter()
        .map(|i| parse_item(&i.to_ascii_lowercase()))
        .collect::<Result<Vec<_>>>()?;
    check_order(&layers)?;
    Ok(layers)
}

/// Why `l` cannot stand after `prev` (`flat`: a flatten or dense item came before), if it cannot.
/// Whether `prev` is a layer whose outputs a dropout or a BatchNorm before the activation can
/// follow: a conv, a pool (max, average, global) or a dense layer.
fn produces_maps_or_units(prev: Option<&LayerSpec>) -> bool {
    use LayerSpec as S;
    matches!(
        prev,
        Some(
            S::Conv { .. }
                | S::Pool { .. }
                | S::AvgPool { .. }
                | S::GlobalAvgPool
                | S::Dense { .. }
        )
    )
}

fn must_follow_a_layer(l: &LayerSpec) -> Error {
    Error::text(
        format!("`{l}` must follow a conv, pool or dense layer"),
        format!("`{l}` 须紧跟在卷积、池化或全连接层之后"),
    )
}

fn misplaced(l: &LayerSpec, prev: Option<&LayerSpec>, flat: bool) -> Option<Error> {
    use LayerSpec as S;
    match l {
        _ if l.is_image() && flat => Some(Error::text(
            format!(
                "`{l}` comes after flatten or a dense layer; convolutions and pooling go first"
            ),
            format!("`{l}` 在展平层或全连接层之后；卷积和池化须放在前面"),
        )),
        S::Flatten if flat => Some(Error::text(
            "flatten appears twice, or after a dense layer",
            "展平层出现了两次，或在全连接层之后",
        )),
        S::Dropout { .. }
            if !(produces_maps_or_units(prev) || matches!(prev, Some(S::BatchNorm { .. }))) =>
        {
            Some(must_follow_a_layer(l))
        }
        S::BatchNorm {
            after_activation: false,
        } if !produces_maps_or_units(prev) => Some(must_follow_a_layer(l)),
        S::BatchNorm {
            after_activation: true,
        } if !matches!(prev, Some(S::Conv { .. } | S::Dense { .. })) => Some(Error::text(
            format!("`{l}` must follow a conv or dense layer (it normalises its activations)"),
            format!("`{l}` 须紧跟在卷积层或全连接层之后（它归一化该层激活后的输出）"),
        )),
        _ => None,
    }
}

/// The ordering rules of [`parse_layers`] and each item's ranges (also applied to a
/// deserialised config).
pub fn check_order(layers: &[LayerSpec]) -> Result<()> {
    if layers.len() > MAX_ITEMS {
        return Err(too_many_items(layers.len()));
    }
    let mut flat = false;
    let mut prev: Option<&LayerSpec> = None;
    for l in layers {
        if let Some(e) = misplaced(l, prev, flat) {
            return Err(e);
        }
        match *l {
            LayerSpec::Conv {
                filters,
                kernel,
                stride,
                ..
            } => conv2d::check_ranges(l, filters, kernel, stride)?,
            LayerSpec::Pool { size, stride } | LayerSpec::AvgPool { size, stride } => {
                max_pool2d::check_ranges(l, size, stride)?
            }
            LayerSpec::Dropout { rate } => dropout::check_rate(rate)?,
            LayerSpec::Dense { units } => dense::check_units(units)?,
            LayerSpec::GlobalAvgPool | LayerSpec::BatchNorm { .. } | LayerSpec::Flatten => {}
        }
        flat |= matches!(l, LayerSpec::Flatten | LayerSpec::Dense { .. });
        prev = Some(l);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_item_is_named_in_both_languages_with_its_numbers() {
        let e = parse_layers("conv999999k3").unwrap_err();
        let en = e.message_in(false);
        assert!(
            en.starts_with("layer `conv999999k3`: filters must be 1 to 256, got 999999 (items: "),
            "{en}"
        );
        let zh = e.message_in(true);
        assert!(
            zh.starts_with("`conv999999k3`：滤波器个数须在 1 – 256 之内，现为 999999（可用："),
            "{zh}"
        );
        assert!(
            zh.contains("conv<滤波器>k<核>") && zh.ends_with('）'),
            "{zh}"
        );
        let zh = parse_layers("pool2s9").unwrap_err().message_in(true);
        assert!(
            zh.starts_with(&format!(
                "`pool2s9`：池化步长须在 1 – {} 之内，现为 9",
                crate::nn::limits::MAX_STRIDE
            )),
            "{zh}"
        );
        let zh = too_many_items(100).message_in(true);
        assert_eq!(zh, format!("共 100 层，太多了；最多 {MAX_ITEMS} 层"));
    }
}
