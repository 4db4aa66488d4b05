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

fn bad(item: &str, why: &str) -> Error {
    Error::Invalid(format!(
        "layer `{}`: {why} (items: conv<filters>k<kernel>[s<stride>][same|valid], \
         pool<size>[s<stride>], drop<rate>, flatten, <units>)",
        truncate_for_message(item)
    ))
}

/// Reads a leading unsigned number; returns it and the rest.
fn number(s: &str) -> Option<(usize, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 || end > 6 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

fn in_range(item: &str, what: &str, v: usize, max: usize) -> Result<usize> {
    if v == 0 || v > max {
        return Err(bad(item, &format!("{what} must be 1 to {max}, got {v}")));
    }
    Ok(v)
}

fn parse_conv(item: &str, rest: &str) -> Result<LayerSpec> {
    let (filters, rest) = number(rest).ok_or_else(|| bad(item, "expected the filter count"))?;
    let rest = rest
        .strip_prefix('k')
        .ok_or_else(|| bad(item, "expected `k` and the kernel size"))?;
    let (kernel, mut rest) = number(rest).ok_or_else(|| bad(item, "expected the kernel size"))?;
    let mut stride = 1;
    if let Some(r) = rest
        .strip_prefix('s')
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        (stride, rest) = number(r).ok_or_else(|| bad(item, "expected the stride"))?;
    }
    let padding = match rest {
        "" | "valid" => Padding::Valid,
        "same" => Padding::Same,
        _ => return Err(bad(item, "unexpected text after the kernel/stride")),
    };
    Ok(LayerSpec::Conv {
        filters: in_range(item, "filters", filters, MAX_FILTERS)?,
        kernel: in_range(item, "kernel", kernel, MAX_KERNEL)?,
        stride: in_range(item, "stride", stride, MAX_STRIDE)?,
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
        let (size, rest) = number(rest).ok_or_else(|| bad(item, "expected the window size"))?;
        let stride = match rest.strip_prefix('s') {
            None if rest.is_empty() => size,
            Some(r) => match number(r) {
                Some((s, "")) => s,
                _ => return Err(bad(item, "expected the stride after `s`")),
            },
            None => return Err(bad(item, "unexpected text after the window size")),
        };
        return Ok(LayerSpec::Pool {
            size: in_range(item, "pool size", size, MAX_STRIDE)?,
            stride: in_range(item, "pool stride", stride, MAX_STRIDE)?,
        });
    }
    if let Some(rest) = item.strip_prefix("drop") {
        let rate: f32 = rest
            .parse()
            .map_err(|_| bad(item, "expected a dropout rate such as drop0.25"))?;
        if !(rate.is_finite() && rate > 0.0 && rate < 1.0) {
            return Err(bad(item, "the dropout rate must lie in (0, 1)"));
        }
        return Ok(LayerSpec::Dropout { rate });
    }
    let digits = item.strip_prefix("dense").unwrap_or(item);
    match number(digits) {
        Some((units, "")) => Ok(LayerSpec::Dense {
            units: in_range(item, "units", units, super::config::MAX_UNITS)?,
        }),
        _ => Err(bad(item, "unknown layer")),
    }
}

/// Parses the syntax in the module docs and checks the order (conv/pool before flatten and dense,
/// at most one flatten, dropout only right after a conv, pool or dense layer).
pub fn parse_layers(text: &str) -> Result<Vec<LayerSpec>> {
    let items: Vec<&str> = text.split(',').map(str::trim).collect();
    if text.trim().is_empty() {
        return Err(Error::Invalid("the layer list is empty".into()));
    }
    if items.len() > MAX_ITEMS {
        return Err(Error::Invalid(format!(
            "{} layer items is too many; at most {MAX_ITEMS}",
            items.len()
        )));
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
        return Err(Error::Invalid(format!("at most {MAX_ITEMS} layer items")));
    }
    let mut flat = false;
    let mut prev: Option<&LayerSpec> = None;
    for l in layers {
        let msg = match l {
            LayerSpec::Conv { .. } | LayerSpec::Pool { .. } if flat => Some(format!(
                "`{l}` comes after flatten or a dense layer; convolutions and pooling go first"
            )),
            LayerSpec::Flatten if flat => {
                Some("flatten appears twice, or after a dense layer".into())
            }
            LayerSpec::Dropout { .. }
                if !matches!(
                    prev,
                    Some(LayerSpec::Conv { .. } | LayerSpec::Pool { .. } | LayerSpec::Dense { .. })
                ) =>
            {
                Some(format!("`{l}` must follow a conv, pool or dense layer"))
            }
            _ => None,
        };
        if let Some(m) = msg {
            return Err(Error::Invalid(m));
        }
        if let LayerSpec::Conv {
            filters,
            kernel,
            stride,
            ..
        } = *l
        {
            if filters == 0 || filters > MAX_FILTERS || kernel == 0 || kernel > MAX_KERNEL {
                return Err(Error::Invalid(format!(
                    "`{l}`: filters or kernel out of range"
                )));
            }
            if stride == 0 || stride > MAX_STRIDE {
                return Err(Error::Invalid(format!("`{l}`: stride out of range")));
            }
        }
        if let LayerSpec::Pool { size, stride } = *l {
            if size == 0 || size > MAX_STRIDE || stride == 0 || stride > MAX_STRIDE {
                return Err(Error::Invalid(format!(
                    "`{l}`: size or stride out of range"
                )));
            }
        }
        if let LayerSpec::Dropout { rate } = *l {
            if !(rate.is_finite() && rate > 0.0 && rate < 1.0) {
                return Err(Error::Invalid(format!(
                    "dropout rate must lie in (0, 1), got {rate}"
                )));
            }
        }
        if let LayerSpec::Dense { units } = *l {
            if units == 0 || units > super::config::MAX_UNITS {
                return Err(Error::Invalid(format!(
                    "a dense layer needs 1 to {} units, got {units}",
                    super::config::MAX_UNITS
                )));
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
