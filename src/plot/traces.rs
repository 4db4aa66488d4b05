//! Line charts over training time: loss and accuracy (train solid, test dashed), optionally on a
//! log-10 y axis, and the same chart for the comparison's overlaid runs and the layer panels.
//! Returns the pixel↔data mapping so the page can turn a hover position into an epoch.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::legend::{self, Placement};
use super::mapping::ChartMapping;
use super::style::Style;
use crate::nn::LrPlan;
use crate::training::TrainRecord;

/// One line: points `(x, y)` with `y` in data units (the chart takes log10 itself when asked).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    /// Palette index (see [`Style::series`]).
    pub color: usize,
    pub dashed: bool,
    pub points: Vec<(f64, f64)>,
}

/// What to draw in one panel.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub title: String,
    pub x_label: String,
    /// Plot log10(y); points with y ≤ 0 are left out.
    pub log_y: bool,
    /// Fixed y range (accuracy 0..1), else fitted to the data.
    pub y_range: Option<(f64, f64)>,
    /// x is a count (layers): label whole numbers only.
    pub x_integer: bool,
    pub series: Vec<Series>,
}

/// The smallest positive value a log axis shows (a gradient norm of exactly 0 sits here).
const LOG_FLOOR: f64 = 1e-12;

fn transform(chart: &LineChart, y: f64) -> Option<f64> {
    if !y.is_finite() {
        return None;
    }
    if chart.log_y {
        (y > 0.0).then(|| y.max(LOG_FLOOR).log10())
    } else {
        Some(y)
    }
}

/// Data range of the transformed points with 5 % padding; a flat or empty set gets a unit range.
fn fitted(values: impl Iterator<Item = f64>, fallback: (f64, f64)) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return fallback;
    }
    if hi - lo < 1e-9 {
        return (lo - 0.5, hi + 0.5);
    }
    let pad = (hi - lo) * 0.05;
    (lo - pad, hi + pad)
}

/// The y range of accuracies: their fitted range kept inside [0, 1], so a lone first point at
/// 0.12 does not open the axis to −0.38 (a flat or empty set: as [`fitted`], then clipped).
pub fn accuracy_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = fitted(values.filter(|v| v.is_finite()), (0.0, 1.0));
    let (lo, hi) = (lo.clamp(0.0, 1.0), hi.clamp(0.0, 1.0));
    if hi - lo < 1e-9 {
        (0.0, 1.0)
    } else {
        (lo, hi)
    }
}

/// A tick label: plain for linear axes, `1e-3` style for log axes.
fn tick(v: f64, log: bool, step: f64) -> String {
    if log {
        let e = v.round();
        if (v - e).abs() < 1e-6 {
            return format!("1e{}", e as i64);
        }
        // Less than a decade in view: label the values themselves.
        return format!("{:.1e}", 10f64.powf(v));
    }
    let digits = if step >= 1.0 {
        0
    } else {
        (-step.log10()).ceil().clamp(0.0, 6.0) as usize
    };
    format!("{v:.digits$}")
}

/// The x range a chart of these x values shows (the data's range padded 5 %, never below 0), so
/// a second chart can share the x axis of the first.
pub fn x_range_of(xs: impl Iterator<Item = f64>) -> (f64, f64) {
    let (x0, x1) = fitted(xs, (0.0, 1.0));
    (x0.max(0.0), x1.max(x0.max(0.0) + 1e-9))
}

/// Draws `chart` filling `area`; returns the data rectangle's mapping (y in transformed units).
pub fn draw_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &LineChart,
    style: &Style,
) -> Result<ChartMapping, DrawingAreaErrorKind<DB::ErrorType>> {
    draw_lines_over(area, chart, None, style)
}

/// [`draw_lines`] with the x range given instead of fitted (`None`: fitted), so charts under or
/// beside each other share their x axis.
pub fn draw_lines_over<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &LineChart,
    x_range: Option<(f64, f64)>,
    style: &Style,
) -> Result<ChartMapping, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&style.background())?;
    let fg = style.foreground();
    let x_range = x_range.unwrap_or_else(|| {
        x_range_of(
            chart
                .series
                .iter()
                .flat_map(|s| s.points.iter().map(|p| p.0)),
        )
    });
    let y_range = match chart.y_range {
        Some(r) => r,
        None => fitted(
            chart
                .series
                .iter()
                .flat_map(|s| s.points.iter().filter_map(|p| transform(chart, p.1))),
            if chart.log_y { (-3.0, 1.0) } else { (0.0, 1.0) },
        ),
    };
    let (w, h) = area.dim_in_pixel();
    let margin_top = style.px(if chart.title.is_empty() { 10.0 } else { 24.0 });
    let placement = legend_placement(chart, (x_range, y_range), (w, h, margin_top), style);
    let (plot_area, legend_area) = match placement {
        Placement::Below(strip) if strip < h as i32 / 2 => {
            let (top, bottom) = area.split_vertically(h as i32 - strip);
            (top, Some(bottom))
        }
        _ => (area.clone(), None),
    };
    let mut builder = ChartBuilder::on(&plot_area);
    builder
        .margin_top(margin_top)
        .margin_right(style.px(12.0))
        .margin_left(style.px(4.0))
        .margin_bottom(style.px(2.0))
        .x_label_area_size(style.px(34.0))
        .y_label_area_size(style.px(46.0));
    let mut cc = builder.build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)?;
    let n_x = ((f64::from(w) / style.scale / 70.0) as usize).clamp(2, 10);
    let n_y = ((f64::from(h) / style.scale / 32.0) as usize).clamp(2, 8);
    let (xs, ys) = (
        (x_range.1 - x_range.0) / n_x as f64,
        (y_range.1 - y_range.0) / n_y as f64,
    );
    let log = chart.log_y;
    let x_integer = chart.x_integer;
    let x_fmt = |v: &f64| {
        if x_integer {
            if (v - v.round()).abs() < 1e-6 {
                format!("{}", v.round() as i64)
            } else {
                String::new()
            }
        } else {
            tick(*v, false, xs)
        }
    };
    let y_fmt = |v: &f64| tick(*v, log, ys);
    let decades = (y_range.1.floor() - y_range.0.ceil()) as i64 + 1;
    let y_labels = if log && decades >= 2 {
        // One label per decade.
        (decades as usize).clamp(2, 12)
    } else {
        n_y
    };
    cc.configure_mesh()
        .x_labels(n_x)
        .y_labels(y_labels)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .x_desc(chart.x_label.as_str())
        .label_style(("sans-serif", style.font(11.0)).into_font().color(&fg))
        .axis_desc_style(("sans-serif", style.font(11.0)).into_font().color(&fg))
        .axis_style(ShapeStyle::from(style.zero_axis()).stroke_width(1))
        .bold_line_style(ShapeStyle::from(style.grid()).stroke_width(1))
        .light_line_style(TRANSPARENT)
        .draw()?;

    let width = style.px(2.0).max(1) as u32;
    for s in &chart.series {
        let color = style.series(s.color);
        let shape = ShapeStyle::from(color).stroke_width(width);
        let pts: Vec<(f64, f64)> = s
            .points
            .iter()
            .filter_map(|&(x, y)| transform(chart, y).map(|y| (x, y)))
            .collect();
        if pts.len() == 1 {
            cc.draw_series(std::iter::once(Circle::new(
                pts[0],
                style.px(3.0),
                shape.filled(),
            )))?;
        }
        if s.dashed {
            cc.draw_series(DashedLineSeries::new(
                pts,
                style.px(6.0),
                style.px(4.0),
                shape,
            ))?;
        } else {
            cc.draw_series(LineSeries::new(pts, shape))?;
        }
    }
    if let Some(strip) = &legend_area {
        legend::draw_below(strip, &entries(chart), style)?;
    } else if !chart.series.is_empty() {
        let corner = match placement {
            Placement::Corner(c) => c,
            Placement::Below(_) => SeriesLabelPosition::LowerRight,
        };
        let plot = cc.plotting_area().strip_coord_spec();
        legend::draw_corner(&plot, &entries(chart), corner, 0.85, 11.0, style)?;
    }
    let spec = cc.as_coord_spec();
    let (left, bottom) = spec.translate(&(x_range.0, y_range.0));
    let (right, top) = spec.translate(&(x_range.1, y_range.1));
    let mapping = ChartMapping {
        x_range,
        y_range,
        left: f64::from(left),
        right: f64::from(right),
        top: f64::from(top),
        bottom: f64::from(bottom),
    };
    let (base_x, _) = area.get_base_pixel();
    area.draw_text(
        &chart.title,
        &("sans-serif", style.font(12.0)).into_font().color(&fg),
        (mapping.left as i32 - base_x, style.px(6.0)),
    )?;
    Ok(mapping)
}

fn entries(chart: &LineChart) -> Vec<legend::Entry<'_>> {
    chart
        .series
        .iter()
        .map(|s| legend::Entry {
            label: &s.label,
            color: s.color,
            dashed: s.dashed,
        })
        .collect()
}

/// Where the legend of `chart` goes: a corner no line passes through (lower ones first when the
/// lines end high, as rising accuracy does), else under the plot. `frame`: the area's width,
/// height and top margin, from which the plot rectangle follows.
fn legend_placement(
    chart: &LineChart,
    (x_range, y_range): ((f64, f64), (f64, f64)),
    (w, h, margin_top): (u32, u32, i32),
    style: &Style,
) -> Placement {
    let plot_w = f64::from(w as i32 - style.px(12.0) - style.px(4.0) - style.px(46.0));
    let plot_h = f64::from(h as i32 - margin_top - style.px(2.0) - style.px(34.0));
    let unit = |v: f64, (a, b): (f64, f64)| (v - a) / (b - a);
    let lines: Vec<Vec<(f64, f64)>> = chart
        .series
        .iter()
        .map(|s| {
            s.points
                .iter()
                .filter_map(|&(x, y)| {
                    transform(chart, y).map(|y| (unit(x, x_range), unit(y, y_range)))
                })
                .collect()
        })
        .collect();
    let ends: Vec<f64> = lines.iter().filter_map(|l| l.last().map(|p| p.1)).collect();
    let high = !ends.is_empty() && ends.iter().sum::<f64>() / ends.len() as f64 > 0.5;
    legend::place(
        &entries(chart),
        &lines,
        (plot_w, plot_h),
        w as i32,
        Some(high),
        style,
    )
}

/// The record under pixel column `px` of a chart drawn with `mapping` (x in epochs): the nearest
/// by epoch. The page's hover readout asks this instead of mapping pixels itself.
pub fn record_at<'a>(
    records: &'a [TrainRecord],
    mapping: &ChartMapping,
    px: f64,
) -> Option<&'a TrainRecord> {
    let epoch = mapping.pixel_to_x(px);
    if !epoch.is_finite() {
        return None;
    }
    records
        .iter()
        .min_by(|a, b| (a.epoch - epoch).abs().total_cmp(&(b.epoch - epoch).abs()))
}

/// Points of the learning rate over `x_range` (in epochs), `samples` of them, from the run's plan:
/// the rate of the step taken at each epoch position (past the run: the last rate).
pub fn lr_points(plan: &LrPlan, x_range: (f64, f64), samples: usize) -> Vec<(f64, f64)> {
    let n = samples.clamp(2, 4000);
    let spe = plan.steps_per_epoch as f64;
    (0..n)
        .map(|i| {
            let epoch = x_range.0 + (x_range.1 - x_range.0) * i as f64 / (n - 1) as f64;
            let step = (epoch * spe).floor().max(0.0) as u64;
            (epoch, f64::from(plan.lr_at(step)))
        })
        .collect()
}

/// The whole run's epochs, `(0, total)`, for the learning-rate strip.
pub fn plan_range(plan: &LrPlan) -> (f64, f64) {
    (
        0.0,
        (plan.total_steps as f64 / plan.steps_per_epoch.max(1) as f64).max(1e-9),
    )
}

/// The learning-rate strip under the loss chart: lr against epoch over the whole planned run
/// (so the schedule's shape is visible before training), with a vertical marker at epoch `now`
/// (the latest record) when given.
pub fn draw_lr_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plan: &LrPlan,
    now: Option<f64>,
    label: &str,
    x_label: &str,
    style: &Style,
) -> Result<ChartMapping, DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, _) = area.dim_in_pixel();
    let x_range = plan_range(plan);
    let points = lr_points(plan, x_range, w as usize);
    let top = points.iter().map(|p| p.1).fold(0.0, f64::max);
    let chart = LineChart {
        title: String::new(),
        x_label: x_label.to_string(),
        log_y: false,
        y_range: Some((0.0, if top > 0.0 { top * 1.1 } else { 1.0 })),
        x_integer: false,
        series: vec![Series {
            label: label.to_string(),
            color: 4,
            dashed: false,
            points,
        }],
    };
    let m = draw_lines_over(area, &chart, Some(x_range), style)?;
    if let Some(epoch) = now.filter(|e| e.is_finite() && *e > 0.0) {
        let x = m.x_to_pixel(epoch.min(x_range.1)).round() as i32;
        area.draw(&PathElement::new(
            vec![(x, m.top as i32), (x, m.bottom as i32)],
            ShapeStyle::from(style.foreground()).stroke_width(1),
        ))?;
    }
    Ok(m)
}

/// Which training metric a traces chart shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Loss,
    Accuracy,
}

/// Train (solid) and test (dashed) series of `metric` over fractional epochs.
pub fn metric_series(records: &[TrainRecord], metric: Metric, labels: (&str, &str)) -> Vec<Series> {
    let pick = |test: bool| -> Vec<(f64, f64)> {
        records
            .iter()
            .filter_map(|r| {
                let v = match (metric, test) {
                    (Metric::Loss, false) => Some(r.train_loss),
                    (Metric::Loss, true) => r.test_loss,
                    (Metric::Accuracy, false) => r.train_accuracy,
                    (Metric::Accuracy, true) => r.test_accuracy,
                };
                v.map(|v| (r.epoch, f64::from(v)))
            })
            .collect()
    };
    let mut out = Vec::new();
    for (i, (test, label)) in [(false, labels.0), (true, labels.1)]
        .into_iter()
        .enumerate()
    {
        let points = pick(test);
        if !points.is_empty() {
            out.push(Series {
                label: label.to_string(),
                color: i,
                dashed: test,
                points,
            });
        }
    }
    out
}

/// Per-epoch charts for the CLI's `--svg`: one run shows train (solid) and test (dashed) loss and
/// accuracy; several runs (a comparison) show each run's test loss and accuracy in its own colour,
/// falling back to training figures when a run has no test set.
pub fn epoch_charts(runs: &[(String, &[crate::experiment::EpochRecord])]) -> Vec<LineChart> {
    use crate::experiment::EpochRecord;
    type Pick = fn(&EpochRecord) -> Option<f32>;
    let single = runs.len() == 1;
    let series = |train: Pick, test: Pick| -> Vec<Series> {
        let mut out = Vec::new();
        for (i, (label, records)) in runs.iter().enumerate() {
            let line = |pick: Pick| -> Vec<(f64, f64)> {
                records
                    .iter()
                    .filter_map(|r| pick(r).map(|v| (r.epoch as f64, f64::from(v))))
                    .collect()
            };
            let (test_points, train_points) = (line(test), line(train));
            if single {
                for (j, (name, points)) in [("train", train_points), ("test", test_points)]
                    .into_iter()
                    .enumerate()
                {
                    if !points.is_empty() {
                        out.push(Series {
                            label: name.to_string(),
                            color: j,
                            dashed: j == 1,
                            points,
                        });
                    }
                }
            } else {
                let points = if test_points.is_empty() {
                    train_points
                } else {
                    test_points
                };
                out.push(Series {
                    label: label.clone(),
                    color: i,
                    dashed: false,
                    points,
                });
            }
        }
        out
    };
    let which = if single { "" } else { "test " };
    vec![
        LineChart {
            title: format!("{which}loss"),
            x_label: "epoch".into(),
            log_y: false,
            y_range: None,
            x_integer: true,
            series: series(|r| Some(r.train_loss), |r| r.test_loss),
        },
        LineChart {
            title: format!("{which}accuracy"),
            x_label: "epoch".into(),
            log_y: false,
            y_range: Some((0.0, 1.0)),
            x_integer: true,
            series: series(|r| r.train_accuracy, |r| r.test_accuracy),
        },
    ]
}

/// Charts side by side in one SVG document (same drawing code as the page's canvases).
pub fn render_lines_svg(
    charts: &[LineChart],
    width: u32,
    height: u32,
    style: &Style,
) -> crate::Result<String> {
    super::render_to_svg(width, height, style, |root, style| {
        root.fill(&style.background())?;
        let panels = root.split_evenly((1, charts.len().max(1)));
        for (chart, area) in charts.iter().zip(&panels) {
            draw_lines(area, chart, style)?;
        }
        Ok::<(), DrawingAreaErrorKind<std::io::Error>>(())
    })
}
