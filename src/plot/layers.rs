//! The layer panels: per-layer series over training time, built from a run's records. Gradient
//! norms go on a log axis (vanishing or exploding gradients show as lines decades apart);
//! activation mean/std show SELU's self-normalisation; dead fraction and sparsity show dying ReLUs;
//! PReLU's learned α shows what the network chose for the negative slope; the clipped share shows
//! how much of each layer's gradient a clip value (the article's 0.5) cut.

use super::traces::{LineChart, Series};
use crate::training::TrainRecord;

/// Which layer panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerPanel {
    GradNorm,
    MeanStd,
    Dead,
    PreluAlpha,
    /// The share of a layer's gradient components clipped by value in each epoch.
    Clipped,
}

impl LayerPanel {
    pub fn from_key(key: &str) -> Option<Self> {
        Some(match key {
            "grad" => LayerPanel::GradNorm,
            "meanstd" => LayerPanel::MeanStd,
            "dead" => LayerPanel::Dead,
            "alpha" => LayerPanel::PreluAlpha,
            "clip" => LayerPanel::Clipped,
            _ => return None,
        })
    }
}

/// One series per layer (and per statistic), colour = layer; the second statistic of a panel is
/// dashed. `layer_label` names layer `i` (0-based), e.g. "layer 1"; the last gradient entry is the
/// output layer, named by `output_label`. Conv layers (a record's first `conv_layers` entries)
/// are named "conv 1", "conv 2", … and their dead units "dead filters" ([`layer_chart_named`]).
pub fn layer_chart(
    records: &[TrainRecord],
    panel: LayerPanel,
    title: &str,
    x_label: &str,
    layer_label: &str,
    output_label: &str,
) -> LineChart {
    let names = LayerNames {
        layer: layer_label,
        output: output_label,
        ..LayerNames::ENGLISH
    };
    layer_chart_named(records, panel, title, x_label, &names)
}

/// What the layer panels call the layers: dense ones `layer n`, conv ones `conv n`, the output;
/// and the statistics after a layer's name (`layer 1 mean`, `conv 1 dead filters`).
pub struct LayerNames<'a> {
    pub layer: &'a str,
    pub output: &'a str,
    pub conv: &'a str,
    pub mean: &'a str,
    pub std: &'a str,
    pub dead: &'a str,
    pub zeros: &'a str,
    /// A conv layer's dead units: whole filters.
    pub dead_filters: &'a str,
}

impl LayerNames<'static> {
    /// The English names.
    pub const ENGLISH: LayerNames<'static> = LayerNames {
        layer: "layer",
        output: "output",
        conv: "conv",
        mean: "mean",
        std: "std",
        dead: "dead",
        zeros: "zeros",
        dead_filters: "dead filters",
    };
}

/// [`layer_chart`] with the page's names for the layers.
pub fn layer_chart_named(
    records: &[TrainRecord],
    panel: LayerPanel,
    title: &str,
    x_label: &str,
    names: &LayerNames,
) -> LineChart {
    let convs = records.iter().map(|r| r.conv_layers).max().unwrap_or(0);
    type Pick = fn(&TrainRecord) -> &[f32];
    let stats: Vec<(Pick, &str, bool)> = match panel {
        LayerPanel::GradNorm => vec![(|r| &r.grad_norms, "", false)],
        LayerPanel::MeanStd => vec![
            (|r| &r.act_mean, names.mean, false),
            (|r| &r.act_std, names.std, true),
        ],
        LayerPanel::Dead => vec![
            (|r| &r.dead_fraction, names.dead, false),
            (|r| &r.sparsity, names.zeros, true),
        ],
        LayerPanel::PreluAlpha => vec![(|r| &r.prelu_alpha, "α", false)],
        LayerPanel::Clipped => vec![(|r| &r.clipped, "", false)],
    };
    let layers = records
        .iter()
        .map(|r| stats.iter().map(|s| s.0(r).len()).max().unwrap_or(0))
        .max()
        .unwrap_or(0);
    let mut series = Vec::new();
    for (pick, suffix, dashed) in &stats {
        for l in 0..layers {
            let points: Vec<(f64, f64)> = records
                .iter()
                .filter_map(|r| pick(r).get(l).map(|&v| (r.epoch, f64::from(v))))
                .collect();
            if points.is_empty() {
                continue;
            }
            let per_param = matches!(panel, LayerPanel::GradNorm | LayerPanel::Clipped);
            let name = if per_param && l + 1 == layers {
                names.output.to_string()
            } else if l < convs {
                format!("{} {}", names.conv, l + 1)
            } else {
                format!("{} {}", names.layer, l - convs + 1)
            };
            // A conv layer's dead unit is a whole filter, silent at every position.
            let suffix = if l < convs && panel == LayerPanel::Dead && !*dashed {
                names.dead_filters
            } else {
                suffix
            };
            series.push(Series {
                label: if suffix.is_empty() {
                    name
                } else {
                    format!("{name} {suffix}")
                },
                color: l,
                dashed: *dashed,
                points,
            });
        }
    }
    LineChart {
        title: title.to_string(),
        x_label: x_label.to_string(),
        log_y: panel == LayerPanel::GradNorm,
        y_range: (panel == LayerPanel::Dead).then_some((0.0, 1.0)),
        x_integer: false,
        series,
    }
}
