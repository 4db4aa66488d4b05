//! Line charts over depth (x = hidden layer): the normalisation probe's activation std and mean per
//! init, and the gradient norm per layer without and with skip connections. Builders of
//! [`LineChart`]s, drawn by `traces::draw_lines` like every other line chart.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::mapping::ChartMapping;
use super::style::Style;
use super::traces::{draw_lines, LineChart, Series};
use crate::experiment::probe::InitProbes;

/// Words on the depth charts, in the page's language.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DepthLabels {
    /// Title of the std panel ("" on the page, where the card names it).
    pub std_title: String,
    pub mean_title: String,
    /// x axis: "hidden layer".
    pub x: String,
    /// Appended to the run's own init in the legend: "(this run)".
    pub current: String,
    /// Legend entries of the skip chart.
    pub plain: String,
    pub residual: String,
    pub title: String,
}

fn over_depth(values: impl Iterator<Item = f64>) -> Vec<(f64, f64)> {
    values
        .enumerate()
        .map(|(l, v)| ((l + 1) as f64, v))
        .collect()
}

/// One line per init, std on a log axis (a shrinking or exploding signal is a straight slope).
pub fn probe_std_chart(p: &InitProbes, labels: &DepthLabels) -> LineChart {
    probe_chart(p, labels, labels.std_title.clone(), true)
}

/// One line per init, mean on a linear axis (ReLU's positive drift, SELU's ≈ 0).
pub fn probe_mean_chart(p: &InitProbes, labels: &DepthLabels) -> LineChart {
    probe_chart(p, labels, labels.mean_title.clone(), false)
}

fn probe_chart(p: &InitProbes, labels: &DepthLabels, title: String, std: bool) -> LineChart {
    let series = p
        .probes
        .iter()
        .enumerate()
        .map(|(i, probe)| {
            let mut label = probe.init.name().to_string();
            if probe.init == p.current && !labels.current.is_empty() {
                label = format!("{label} {}", labels.current);
            }
            Series {
                label,
                color: i,
                dashed: probe.init != p.current,
                points: over_depth(
                    probe
                        .layers
                        .iter()
                        .map(|m| f64::from(if std { m.std } else { m.mean })),
                ),
            }
        })
        .collect();
    LineChart {
        title,
        x_label: labels.x.clone(),
        log_y: std,
        y_range: None,
        x_integer: true,
        series,
    }
}

/// Gradient norm per hidden layer at init, without (dashed) and with (solid) skips, log axis;
/// `plain` and `residual` are the `at_init` norms of `experiment::probe::SkipComparison`.
pub fn skip_chart(plain: &[f32], residual: &[f32], labels: &DepthLabels) -> LineChart {
    let line = |label: &str, color, dashed, norms: &[f32]| Series {
        label: label.to_string(),
        color,
        dashed,
        points: over_depth(norms.iter().map(|&g| f64::from(g))),
    };
    LineChart {
        title: labels.title.clone(),
        x_label: labels.x.clone(),
        log_y: true,
        y_range: None,
        x_integer: true,
        series: vec![
            line(&labels.plain, 1, true, plain),
            line(&labels.residual, 0, false, residual),
        ],
    }
}

/// Below this width (CSS pixels) the probe's two panels are stacked.
pub const STACK_BELOW_CSS: f64 = 560.0;

/// The probe's two panels side by side (std left, mean right; stacked on narrow areas);
/// returns the std panel's mapping.
pub fn draw_probe<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p: &InitProbes,
    labels: &DepthLabels,
    style: &Style,
) -> Result<ChartMapping, DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, h) = area.dim_in_pixel();
    // Side by side on wide screens; stacked when half the width would squeeze the axes (phones).
    let (first, second) = if f64::from(w) / style.scale.max(0.1) < STACK_BELOW_CSS {
        area.split_vertically(h / 2)
    } else {
        area.split_horizontally(w / 2)
    };
    let m = draw_lines(&first, &probe_std_chart(p, labels), style)?;
    draw_lines(&second, &probe_mean_chart(p, labels), style)?;
    Ok(m)
}
