//! The page's one layer editor, owned by the core: the kinds of rows it offers for a data set
//! (their fields, ranges, defaults and names in English and Chinese), a run's network as rows,
//! rows back to the one layer syntax (`t.layers`, src/nn/layers.rs) or its `t.h` shorthand, and
//! what is wrong with a row, field by field. Rows hold the fields as typed (strings), so a
//! half-typed row still becomes one item and the parser names what is wrong with it. A new layer
//! kind is one more entry in [`kinds_for`] (plus its item in the syntax).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::nn::layer::conv2d::Padding;
use crate::nn::layer::spec::{LayerSpec, MAX_FILTERS, MAX_ITEMS, MAX_KERNEL, MAX_STRIDE};
use crate::nn::{ActivationSpec, TrainConfig};
use crate::state::format_number;

/// One field of a row kind: its key in the row, its caption, range and the value a new row gets.
#[derive(Debug, Clone, Serialize)]
pub struct FieldSpec {
    pub key: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
    /// Number fields: range and step (whole numbers when the step is 1); a choice field has
    /// `choices` instead.
    pub min: f64,
    pub max: f64,
    pub step: f64,
    /// Whether `min` and `max` themselves are refused (a dropout rate lies in (0, 1)).
    pub exclusive: bool,
    pub choices: &'static [&'static str],
    pub default: &'static str,
}

/// One kind of row.
#[derive(Debug, Clone, Serialize)]
pub struct KindSpec {
    pub kind: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
    /// Whether the layer applies an activation (conv and dense).
    pub activation: bool,
    /// Whether it belongs to the image part (conv, pool): a new one goes before the flatten.
    pub image: bool,
    /// Whether it is offered only for data with images (conv, pool, flatten).
    pub needs_images: bool,
    /// The field the row's − / + buttons step by one (dense: its units, as TF Playground's
    /// ± neurons), if any.
    pub quick: Option<&'static str>,
    pub fields: Vec<FieldSpec>,
}

const fn num(
    key: &'static str,
    en: &'static str,
    zh: &'static str,
    max: usize,
    default: &'static str,
) -> FieldSpec {
    FieldSpec {
        key,
        en,
        zh,
        min: 1.0,
        max: max as f64,
        step: 1.0,
        exclusive: false,
        choices: &[],
        default,
    }
}

/// The kind the editor's "+ layer" button adds and "− layer" removes (TF Playground's ± layers).
pub const STACK_KIND: &str = "dense";

/// The fields of both pooling kinds (max and average): window and stride.
fn pool_fields() -> Vec<FieldSpec> {
    vec![
        num("size", "size", "窗口", MAX_STRIDE, "2"),
        num("stride", "stride", "步长", MAX_STRIDE, "2"),
    ]
}

/// The editor's row kinds for data with images (conv, pool and flatten rows too) or without (the
/// 2-D sets, a CSV: dense and dropout rows), in the order of its "add" menu. A new dense row
/// gets 64 units on images and 8 on the 2-D sets.
pub fn kinds_for(images: bool) -> Vec<KindSpec> {
    let kind = |kind, en, zh, activation, image, fields| KindSpec {
        kind,
        en,
        zh,
        activation,
        image,
        needs_images: image,
        quick: None,
        fields,
    };
    let dense_default = if images { "64" } else { "8" };
    let all = vec![
        kind(
            "conv",
            "Conv2d",
            "卷积 Conv2d",
            true,
            true,
            vec![
                num("filters", "filters", "滤波器", MAX_FILTERS, "16"),
                num("kernel", "kernel", "卷积核", MAX_KERNEL, "3"),
                num("stride", "stride", "步长", MAX_STRIDE, "1"),
                FieldSpec {
                    choices: &["valid", "same"],
                    ..num("padding", "padding", "填充", 0, "valid")
                },
            ],
        ),
        kind(
            "pool",
            "MaxPool2d",
            "最大池化 MaxPool2d",
            false,
            true,
            pool_fields(),
        ),
        kind(
            "avgpool",
            "AvgPool2d",
            "平均池化 AvgPool2d",
            false,
            true,
            pool_fields(),
        ),
        kind(
            "gap",
            "Global average pooling",
            "全局平均池化",
            false,
            true,
            vec![],
        ),
        kind(
            "bn",
            "BatchNorm (before the activation)",
            "批归一化（激活之前）",
            false,
            false,
            vec![],
        ),
        kind(
            "bnpost",
            "BatchNorm (after the activation)",
            "批归一化（激活之后）",
            false,
            false,
            vec![],
        ),
        kind(
            "dropout",
            "Dropout",
            "丢弃 Dropout",
            false,
            false,
            vec![FieldSpec {
                min: 0.0,
                max: 1.0,
                step: 0.05,
                exclusive: true,
                ..num("rate", "rate", "比率", 1, "0.25")
            }],
        ),
        KindSpec {
            needs_images: true,
            ..kind("flatten", "Flatten", "展平 Flatten", false, false, vec![])
        },
        KindSpec {
            quick: Some("units"),
            ..kind(
                "dense",
                "Dense",
                "全连接 Dense",
                true,
                false,
                vec![num(
                    "units",
                    "units",
                    "单元",
                    crate::nn::config::MAX_UNITS,
                    dense_default,
                )],
            )
        },
    ];
    all.into_iter()
        .filter(|k| images || !k.needs_images)
        .collect()
}

/// Every row kind (as for data with images).
pub fn kinds() -> Vec<KindSpec> {
    kinds_for(true)
}

/// A row as the editor holds it: `kind`, its fields as typed, and `act` (the layer's activation
/// label) on conv and dense rows.
pub type Row = BTreeMap<String, String>;

fn row(kind: &str, fields: &[(&str, String)]) -> Row {
    let mut r: Row = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    r.insert("kind".into(), kind.into());
    r
}

/// `config`'s network as editor rows: its layer list, or its hidden widths as dense rows (each
/// followed by a dropout row when the run's dropout is on, which is what it means). Conv and
/// dense rows carry their activation.
pub fn rows_of(config: &TrainConfig) -> Vec<Row> {
    let mut rows = Vec::new();
    if crate::nn::layer::spec::is_plain_mlp(&config.layers) {
        for units in config.dense_units() {
            rows.push(row("dense", &[("units", units.to_string())]));
            if config.dropout > 0.0 {
                rows.push(row("dropout", &[("rate", config.dropout.to_string())]));
            }
        }
    } else {
        for l in &config.layers {
            rows.push(match *l {
                LayerSpec::Conv {
                    filters,
                    kernel,
                    stride,
                    padding,
                } => row(
                    "conv",
                    &[
                        ("filters", filters.to_string()),
                        ("kernel", kernel.to_string()),
                        ("stride", stride.to_string()),
                        (
                            "padding",
                            if padding == Padding::Same {
                                "same"
                            } else {
                                "valid"
                            }
                            .into(),
                        ),
                    ],
                ),
                LayerSpec::Pool { size, stride } => row(
                    "pool",
                    &[("size", size.to_string()), ("stride", stride.to_string())],
                ),
                LayerSpec::AvgPool { size, stride } => row(
                    "avgpool",
                    &[("size", size.to_string()), ("stride", stride.to_string())],
                ),
                LayerSpec::GlobalAvgPool => row("gap", &[]),
                LayerSpec::BatchNorm { after_activation } => {
                    row(if after_activation { "bnpost" } else { "bn" }, &[])
                }
                LayerSpec::Dropout { rate } => row("dropout", &[("rate", rate.to_string())]),
                LayerSpec::Flatten => row("flatten", &[]),
                LayerSpec::Dense { units } => row("dense", &[("units", units.to_string())]),
            });
        }
    }
    for (i, r) in rows
        .iter_mut()
        .filter(|r| matches!(r["kind"].as_str(), "conv" | "dense"))
        .enumerate()
    {
        let spec = match config.activations.len() {
            1 => config.activations.first(),
            _ => config.activations.get(i),
        };
        if let Some(a) = spec {
            r.insert("act".into(), ActivationSpec::label(a));
        }
    }
    rows
}

/// A field as typed, made safe to stand in one item (no separators, bounded length).
fn field<'a>(r: &'a Row, key: &str) -> String {
    let v: &'a str = r.get(key).map_or("", |v| v.trim());
    v.chars()
        .filter(|c| !matches!(c, ',' | '&' | '=' | '#'))
        .take(24)
        .collect()
}

/// The rows as one `t.layers` text, one item per row in order (unvalidated: the parser checks it
/// and names the bad item); an unknown kind or too many rows is an error.
pub fn rows_text(rows: &[Row]) -> Result<String> {
    if rows.len() > MAX_ITEMS {
        return Err(crate::nn::layer::spec::too_many_items(rows.len()));
    }
    let mut items = Vec::with_capacity(rows.len());
    for r in rows {
        let f = |k: &str| field(r, k);
        items.push(match r.get("kind").map(String::as_str) {
            Some("conv") => {
                let stride = f("stride");
                let mut s = format!("conv{}k{}", f("filters"), f("kernel"));
                if stride != "1" {
                    s += &format!("s{stride}");
                }
                if f("padding") == "same" {
                    s += "same";
                }
                s
            }
            Some(kind @ ("pool" | "avgpool")) => {
                let (size, stride) = (f("size"), f("stride"));
                if stride == size || stride.is_empty() {
                    format!("{kind}{size}")
                } else {
                    format!("{kind}{size}s{stride}")
                }
            }
            Some(kind @ ("gap" | "bn" | "bnpost")) => kind.into(),
            Some("dropout") => format!("drop{}", f("rate")),
            Some("flatten") => "flatten".into(),
            Some("dense") => format!("dense{}", f("units")),
            other => {
                let kind = crate::activation::truncate_for_message(other.unwrap_or(""));
                return Err(Error::text(
                    format!("unknown layer kind `{kind}`"),
                    format!("未知的层类型 `{kind}`"),
                ));
            }
        });
    }
    Ok(items.join(","))
}

/// Why `value` is refused in field `f` (`None`: it is allowed), in English and Chinese: short,
/// naming the field but not the row or the layer syntax (the editor shows it under the field).
pub fn field_problem(f: &FieldSpec, value: &str) -> Option<(String, String)> {
    let v = value.trim();
    let say = |en: String, zh: String| Some((format!("{} {en}", f.en), format!("{}{zh}", f.zh)));
    if !f.choices.is_empty() {
        if f.choices.contains(&v) {
            return None;
        }
        let list = f.choices.join(", ");
        return say(
            format!("must be one of {list}"),
            format!("须为 {list} 之一"),
        );
    }
    if v.is_empty() {
        return say("is empty".into(), "不能为空".into());
    }
    let Some(n) = v.parse::<f64>().ok().filter(|n| !n.is_nan()) else {
        return say("is not a number".into(), "不是数字".into());
    };
    let (lo, hi) = (format_number(f.min), format_number(f.max));
    let inside = if f.exclusive {
        n > f.min && n < f.max
    } else {
        n >= f.min && n <= f.max
    };
    if !inside {
        return if f.exclusive {
            say(
                format!("must lie in ({lo}, {hi})"),
                format!("须在 ({lo}, {hi}) 之内"),
            )
        } else {
            say(
                format!("must be {lo} to {hi}"),
                format!("须在 {lo} – {hi} 之内"),
            )
        };
    }
    // The layer syntax writes whole numbers as plain digits (no `1e2`, no `3.0`).
    if f.step == 1.0 && !v.bytes().all(|b| b.is_ascii_digit()) {
        return say("must be a whole number".into(), "必须是整数".into());
    }
    None
}

/// A refused row of the editor: its index, the one field at fault (`None`: the row as a whole,
/// e.g. out of order) and why, in English and Chinese.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowProblem {
    pub item: usize,
    pub field: Option<&'static str>,
    pub en: String,
    pub zh: String,
}

/// Every field of `rows` its kind refuses, each on its own (an unknown kind: its row).
pub fn row_problems(rows: &[Row]) -> Vec<RowProblem> {
    let kinds = kinds();
    let mut out = Vec::new();
    for (item, r) in rows.iter().enumerate() {
        let Some(kind) = r
            .get("kind")
            .and_then(|k| kinds.iter().find(|s| s.kind == k))
        else {
            let k = crate::activation::truncate_for_message(r.get("kind").map_or("", |k| k));
            out.push(RowProblem {
                item,
                field: None,
                en: format!("unknown layer kind `{k}`"),
                zh: format!("未知的层类型 `{k}`"),
            });
            continue;
        };
        for f in &kind.fields {
            let value = r.get(f.key).map_or("", |v| v.as_str());
            if let Some((en, zh)) = field_problem(f, value) {
                out.push(RowProblem {
                    item,
                    field: Some(f.key),
                    en,
                    zh,
                });
            }
        }
    }
    out
}

/// The values field `f` of a row could take to make a refused list fit (its smallest number, or
/// every other choice): how the editor finds the one field at fault.
pub fn fixing_values(f: &FieldSpec, value: &str) -> Vec<String> {
    if !f.choices.is_empty() {
        return f
            .choices
            .iter()
            .filter(|c| **c != value.trim())
            .map(|c| c.to_string())
            .collect();
    }
    if f.exclusive || value.trim() == format_number(f.min) {
        return Vec::new();
    }
    vec![format_number(f.min)]
}

/// The `t.` pairs (without the prefix) that put `rows` in a link. On data without images, rows
/// that are dense layers each followed by the same dropout (or none) are the `t.h` widths and the
/// run's `t.do`, as the 2-D sets' links always were; anything else is a `t.layers` list (`t.do`
/// 0: its dropout is rows). No rows: `t.h=none`.
pub fn rows_pairs(rows: &[Row], images: bool) -> Result<Vec<(&'static str, String)>> {
    if rows.is_empty() {
        return Ok(vec![("h", "none".into()), ("do", "0".into())]);
    }
    if !images {
        if let Some((widths, rate)) = widths_shorthand(rows) {
            return Ok(vec![("h", widths), ("do", rate)]);
        }
    }
    Ok(vec![("layers", rows_text(rows)?), ("do", "0".into())])
}

/// `rows` as `t.h` widths and one dropout rate, when they are dense rows each followed by a
/// dropout row of the same rate, or dense rows only.
fn widths_shorthand(rows: &[Row]) -> Option<(String, String)> {
    fn kind(r: &Row) -> Option<&str> {
        r.get("kind").map(String::as_str)
    }
    let dense: Vec<&Row> = rows.iter().filter(|r| kind(r) == Some("dense")).collect();
    let rate = match rows.len() {
        n if n == dense.len() => "0".to_string(),
        n if n == 2 * dense.len() => {
            let rate = field(&rows[1], "rate");
            let paired = rows.chunks(2).all(|p| {
                kind(&p[0]) == Some("dense")
                    && kind(&p[1]) == Some("dropout")
                    && field(&p[1], "rate") == rate
            });
            if !paired {
                return None;
            }
            rate
        }
        _ => return None,
    };
    let widths: Vec<String> = dense.iter().map(|r| field(r, "units")).collect();
    Some((widths.join(","), rate))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::layer::list::{format_layers, parse_layers};
    use crate::nn::layer::spec::{ARTICLE_CNN, SMALL_CNN};

    #[test]
    fn rows_round_trip_through_the_syntax() {
        for text in [
            ARTICLE_CNN,
            SMALL_CNN,
            "conv8k5s2same,pool3s2,flatten,64,drop0.1",
        ] {
            let mut c = TrainConfig::default();
            c.set_layers(parse_layers(text).unwrap());
            let rows = rows_of(&c);
            let back = parse_layers(&rows_text(&rows).unwrap()).unwrap();
            assert_eq!(format_layers(&back), text);
        }
    }

    #[test]
    fn widths_become_dense_rows_with_their_dropout() {
        let c = TrainConfig {
            layers: crate::nn::layer::spec::dense_list(&[32, 16]),
            dropout: 0.2,
            ..TrainConfig::default()
        };
        let rows = rows_of(&c);
        assert_eq!(rows_text(&rows).unwrap(), "dense32,drop0.2,dense16,drop0.2");
        assert_eq!(rows[0]["act"], "relu");
        assert!(!rows[1].contains_key("act"));
    }

    #[test]
    fn typed_junk_stays_in_its_item() {
        let r = row(
            "conv",
            &[("filters", "3,2&x".into()), ("kernel", "".into())],
        );
        assert_eq!(rows_text(&[r]).unwrap(), "conv32xks");
        assert!(rows_text(&[row("lstm", &[])]).is_err());
        let many = vec![row("flatten", &[]); MAX_ITEMS + 1];
        assert!(rows_text(&many).is_err());
    }
}
