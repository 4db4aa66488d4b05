//! The layer list of a network and its one text syntax, shared by the CLI (`--layers`) and the
//! page's URL hash.
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
//! | `drop0.25`               | dropout after the previous layer (kind from the run's config)|
//! | `flatten`                | image → vector (implicit before the first dense layer)       |
//! | `128`, `dense128`        | Dense with 128 units                                         |
//!
//! Every conv and dense layer applies the run's activation (one for all, or one per conv/dense
//! layer in order); pooling, dropout and flatten have none. Conv and pool need image data
//! (`digits` 8×8×1, `mnist` 28×28×1) and must come before the dense layers. The article's MNIST
//! net is `conv32k3,conv64k3,pool2,drop0.25,flatten,128,drop0.5`.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::conv::Padding;
use crate::activation::truncate_for_message;
use crate::error::{Error, Result};

/// Most filters in one conv layer.
pub const MAX_FILTERS: usize = 256;
/// Largest conv kernel side.
pub const MAX_KERNEL: usize = 15;
/// Largest stride and pooling window.
pub const MAX_STRIDE: usize = 8;
/// Most items in a layer list.
pub const MAX_ITEMS: usize = 64;

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
    Pool {
        size: usize,
        stride: usize,
    },
    Dropout {
        rate: f32,
    },
    Flatten,
    Dense {
        units: usize,
    },
}

impl fmt::Display for LayerSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            LayerSpec::Conv {
                filters,
                kernel,
                stride,
                padding,
            } => {
                write!(f, "conv{filters}k{kernel}")?;
                if stride != 1 {
                    write!(f, "s{stride}")?;
                }
                if padding == Padding::Same {
                    write!(f, "same")?;
                }
                Ok(())
            }
            LayerSpec::Pool { size, stride } if stride == size => write!(f, "pool{size}"),
            LayerSpec::Pool { size, stride } => write!(f, "pool{size}s{stride}"),
            LayerSpec::Dropout { rate } => write!(f, "drop{rate}"),
            LayerSpec::Flatten => write!(f, "flatten"),
            LayerSpec::Dense { units } => write!(f, "{units}"),
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

/// A bad item of the list, `why` in English and Chinese, with the item syntax in both.
fn bad(item: &str, (why, why_zh): (&str, &str)) -> Error {
    let item = truncate_for_message(item);
    Error::text(
        format!(
            "layer `{item}`: {why} (items: conv<filters>k<kernel>[s<stride>][same|valid], \
             pool<size>[s<stride>], drop<rate>, flatten, <units>)"
        ),
        format!(
            "`{item}`：{why_zh}（可用：conv<滤波器>k<核>[s<步长>][same|valid], \
             pool<窗口>[s<步长>], drop<比率>, flatten, <单元数>）"
        ),
    )
}

/// Reads a leading unsigned number; returns it and the rest.
fn number(s: &str) -> Option<(usize, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 || end > 6 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

/// `v` when it lies in 1 ..= `max`; `what` names the number in English and Chinese.
fn in_range(item: &str, (what, what_zh): (&str, &str), v: usize, max: usize) -> Result<usize> {
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

fn parse_item(item: &str) -> Result<LayerSpec> {
    if item == "flatten" {
        return Ok(LayerSpec::Flatten);
    }
    if let Some(rest) = item.strip_prefix("conv") {
        return parse_conv(item, rest);
    }
    if let Some(rest) = item.strip_prefix("pool") {
        let (size, rest) = number(rest).ok_or_else(|| {
            bad(
                item,
                ("expected the window size", "缺少池化窗口大小（如 pool2）"),
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
                            "s 后缺少步长（如 pool3s2）",
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
        return Ok(LayerSpec::Pool {
            size: in_range(item, ("pool size", "池化窗口"), size, MAX_STRIDE)?,
            stride: in_range(item, ("pool stride", "池化步长"), stride, MAX_STRIDE)?,
        });
    }
    if let Some(rest) = item.strip_prefix("drop") {
        let rate: f32 = rest.parse().map_err(|_| {
            bad(
                item,
                (
                    "expected a dropout rate such as drop0.25",
                    "缺少丢弃率（如 drop0.25）",
                ),
            )
        })?;
        if !(rate.is_finite() && rate > 0.0 && rate < 1.0) {
            return Err(bad(
                item,
                (
                    "the dropout rate must lie in (0, 1)",
                    "丢弃率须在 (0, 1) 之内",
                ),
            ));
        }
        return Ok(LayerSpec::Dropout { rate });
    }
    let digits = item.strip_prefix("dense").unwrap_or(item);
    match number(digits) {
        Some((units, "")) => Ok(LayerSpec::Dense {
            units: in_range(item, ("units", "单元数"), units, super::config::MAX_UNITS)?,
        }),
        _ => Err(bad(item, ("unknown layer", "未知的层"))),
    }
}

/// A list of `n` items, more than [`MAX_ITEMS`] (also the layer editor's rows,
/// `training::layer_rows`).
pub fn too_many_items(n: usize) -> Error {
    Error::text(
        format!("{n} layer items is too many; at most {MAX_ITEMS}"),
        format!("共 {n} 层，太多了；最多 {MAX_ITEMS} 层"),
    )
}

/// Parses the syntax in the module docs and checks the order (conv/pool before flatten and dense,
/// at most one flatten, dropout only right after a conv, pool or dense layer).
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

/// The ordering rules of [`parse_layers`] (also applied to a deserialised config).
pub fn check_order(layers: &[LayerSpec]) -> Result<()> {
    if layers.len() > MAX_ITEMS {
        return Err(too_many_items(layers.len()));
    }
    let mut flat = false;
    let mut prev: Option<&LayerSpec> = None;
    for l in layers {
        let msg = match l {
            LayerSpec::Conv { .. } | LayerSpec::Pool { .. } if flat => Some(Error::text(
                format!(
                    "`{l}` comes after flatten or a dense layer; convolutions and pooling go first"
                ),
                format!("`{l}` 在展平层或全连接层之后；卷积和池化须放在前面"),
            )),
            LayerSpec::Flatten if flat => Some(Error::text(
                "flatten appears twice, or after a dense layer",
                "展平层出现了两次，或在全连接层之后",
            )),
            LayerSpec::Dropout { .. }
                if !matches!(
                    prev,
                    Some(LayerSpec::Conv { .. } | LayerSpec::Pool { .. } | LayerSpec::Dense { .. })
                ) =>
            {
                Some(Error::text(
                    format!("`{l}` must follow a conv, pool or dense layer"),
                    format!("`{l}` 须紧跟在卷积、池化或全连接层之后"),
                ))
            }
            _ => None,
        };
        if let Some(e) = msg {
            return Err(e);
        }
        if let LayerSpec::Conv {
            filters,
            kernel,
            stride,
            ..
        } = *l
        {
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
        }
        if let LayerSpec::Pool { size, stride } = *l {
            if size == 0 || size > MAX_STRIDE || stride == 0 || stride > MAX_STRIDE {
                return Err(Error::text(
                    format!("`{l}`: size or stride out of range"),
                    format!("`{l}`：窗口大小或步长超出范围"),
                ));
            }
        }
        if let LayerSpec::Dropout { rate } = *l {
            if !(rate.is_finite() && rate > 0.0 && rate < 1.0) {
                return Err(Error::text(
                    format!("dropout rate must lie in (0, 1), got {rate}"),
                    format!("丢弃率须在 (0, 1) 之内，现为 {rate}"),
                ));
            }
        }
        if let LayerSpec::Dense { units } = *l {
            if units == 0 || units > super::config::MAX_UNITS {
                let max = super::config::MAX_UNITS;
                return Err(Error::text(
                    format!("a dense layer needs 1 to {max} units, got {units}"),
                    format!("全连接层须有 1 到 {max} 个单元，现为 {units}"),
                ));
            }
        }
        flat |= matches!(l, LayerSpec::Flatten | LayerSpec::Dense { .. });
        prev = Some(l);
    }
    Ok(())
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

/// Dropout rate after each dense layer (0 when none follows it).
pub fn dense_dropout(layers: &[LayerSpec]) -> Vec<f32> {
    let mut rates = Vec::new();
    for l in layers {
        match l {
            LayerSpec::Dense { .. } => rates.push(0.0),
            LayerSpec::Dropout { rate } if !rates.is_empty() => {
                *rates.last_mut().expect("non-empty") = *rate
            }
            _ => {}
        }
    }
    rates
}

/// Number of conv layers.
pub fn conv_count(layers: &[LayerSpec]) -> usize {
    layers
        .iter()
        .filter(|l| matches!(l, LayerSpec::Conv { .. }))
        .count()
}

/// The article's MNIST net (seed 002): Conv32k3 → Conv64k3 → MaxPool2 → Dropout 0.25 → Flatten →
/// Dense128 → Dropout 0.5 (→ Dense10 softmax, the head).
pub const ARTICLE_CNN: &str = "conv32k3,conv64k3,pool2,drop0.25,flatten,128,drop0.5";
/// A ConvNetJS-sized net: conv 5×5×8 same → pool 2 → conv 5×5×16 same → pool 3 (→ dense 10).
pub const SMALL_CNN: &str = "conv8k5same,pool2,conv16k5same,pool3";

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
                "`pool2s9`：池化步长须在 1 – {MAX_STRIDE} 之内，现为 9"
            )),
            "{zh}"
        );
        let zh = too_many_items(100).message_in(true);
        assert_eq!(zh, format!("共 100 层，太多了；最多 {MAX_ITEMS} 层"));
    }
}
