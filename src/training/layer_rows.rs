//! The page's layer editor, owned by the core: the kinds of rows it offers (their fields, ranges,
//! defaults and names in English and Chinese), a run's network as rows, and rows back to the one
//! layer syntax (`t.layers`, src/nn/layers.rs). Rows hold the fields as typed (strings), so a
//! half-typed row still becomes one item and the parser names what is wrong with it.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::nn::layer::conv2d::Padding;
use crate::nn::layer::spec::{LayerSpec, MAX_FILTERS, MAX_ITEMS, MAX_KERNEL, MAX_STRIDE};
use crate::nn::{ActivationSpec, TrainConfig};

/// One field of a row kind: its key in the row, its caption, range and the value a new row gets.
#[derive(Debug, Clone, Serialize)]
pub struct FieldSpec {
    pub key: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
    /// Number fields: inclusive range and step; a choice field has `choices` instead.
    pub min: f64,
    pub max: f64,
    pub step: f64,
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
        choices: &[],
        default,
    }
}

/// The editor's row kinds, in the order of its "add" menu.
pub fn kinds() -> Vec<KindSpec> {
    let kind = |kind, en, zh, activation, image, fields| KindSpec {
        kind,
        en,
        zh,
        activation,
        image,
        fields,
    };
    vec![
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
            vec![
                num("size", "size", "窗口", MAX_STRIDE, "2"),
                num("stride", "stride", "步长", MAX_STRIDE, "2"),
            ],
        ),
        kind(
            "avgpool",
            "AvgPool2d",
            "平均池化 AvgPool2d",
            false,
            true,
            vec![
                num("size", "size", "窗口", MAX_STRIDE, "2"),
                num("stride", "stride", "步长", MAX_STRIDE, "2"),
            ],
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
                max: 0.95,
                step: 0.05,
                ..num("rate", "rate", "比率", 1, "0.25")
            }],
        ),
        kind("flatten", "Flatten", "展平 Flatten", false, false, vec![]),
        kind(
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
                "64",
            )],
        ),
    ]
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
