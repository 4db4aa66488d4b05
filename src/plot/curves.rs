//! The curves view: every selected function overlaid with a legend, its derivative (own panel under
//! it or dashed on top) and, with fp16 on, the half-precision curves with their error band and an
//! error panel. One sample per pixel column; non-finite values leave gaps.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::CoordTranslate;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::legend::{self, Placement};
use super::mapping::ChartMapping;
use super::sample::{auto_y_range, clip_to_range, finite_runs, fp16_value, grid, robust_y_range};
use super::style::Style;
use crate::error::Result;
use crate::state::{DerivMode, Lang, PageState};

/// What a panel plots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelKind {
    /// f(x) (plus f′ dashed in overlay mode).
    Value,
    /// f′(x) on its own panel.
    Derivative,
    /// |fp16 pipeline − exact f|.
    Fp16Error,
}

impl PanelKind {
    pub fn key(self) -> &'static str {
        match self {
            PanelKind::Value => "value",
            PanelKind::Derivative => "derivative",
            PanelKind::Fp16Error => "fp16_error",
        }
    }

    fn title(self) -> &'static str {
        match self {
            PanelKind::Value => "f(x)",
            PanelKind::Derivative => "f′(x)",
            PanelKind::Fp16Error => "|fp16 − exact|",
        }
    }

    /// Relative height of the panel.
    fn weight(self) -> f64 {
        match self {
            PanelKind::Value => 3.0,
            PanelKind::Derivative => 2.0,
            PanelKind::Fp16Error => 1.6,
        }
    }
}

/// One drawn panel and where its data lives in backend pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PanelMapping {
    pub kind: PanelKind,
    pub mapping: ChartMapping,
}

/// The panels of one draw, top to bottom, and how many columns were sampled per curve.
#[derive(Debug, Clone, PartialEq)]
pub struct CurvesLayout {
    pub panels: Vec<PanelMapping>,
    pub columns: usize,
}

impl CurvesLayout {
    /// The panel under a backend pixel, if any.
    pub fn panel_at(&self, px: f64, py: f64) -> Option<&PanelMapping> {
        self.panels.iter().find(|p| p.mapping.contains(px, py))
    }

    /// The panel whose x-range spans column `px` (all panels share x), the top one.
    pub fn first(&self) -> Option<&PanelMapping> {
        self.panels.first()
    }
}

/// Which panels a state shows, top to bottom.
pub fn panel_kinds(state: &PageState) -> Vec<PanelKind> {
    let mut kinds = vec![PanelKind::Value];
    if state.derivative && state.deriv_mode == DerivMode::Below {
        kinds.push(PanelKind::Derivative);
    }
    if state.fp16 {
        kinds.push(PanelKind::Fp16Error);
    }
    kinds
}

/// One line of a panel.
struct Line {
    color: usize,
    label: Option<String>,
    dashed: bool,
    thin: bool,
    ys: Vec<f64>,
}

/// Lines and fp16 bands of one panel, sampled on `xs`.
struct PanelData {
    lines: Vec<Line>,
    /// (colour, lower, upper) per function: the band between exact and fp16 values.
    bands: Vec<(usize, Vec<f64>, Vec<f64>)>,
}

fn panel_data(kind: PanelKind, state: &PageState, xs: &[f64]) -> PanelData {
    let mut lines = Vec::new();
    let mut bands = Vec::new();
    for (i, a) in state.functions().iter().enumerate() {
        let display = legend_label(&a.display());
        let exact: Vec<f64> = xs.iter().map(|&x| a.value(x)).collect();
        let half: Option<Vec<f64>> = state
            .fp16
            .then(|| xs.iter().map(|&x| fp16_value(a, x)).collect());
        match kind {
            PanelKind::Value => {
                if let Some(h) = &half {
                    let (lo, hi) = exact
                        .iter()
                        .zip(h)
                        .map(|(&e, &h)| (e.min(h), e.max(h)))
                        .unzip();
                    bands.push((i, lo, hi));
                    lines.push(Line {
                        color: i,
                        label: None,
                        dashed: false,
                        thin: true,
                        ys: exact,
                    });
                    lines.push(Line {
                        color: i,
                        label: Some(format!("{display} (fp16)")),
                        dashed: false,
                        thin: false,
                        ys: h.clone(),
                    });
                } else {
                    lines.push(Line {
                        color: i,
                        label: Some(display.clone()),
                        dashed: false,
                        thin: false,
                        ys: exact,
                    });
                }
                if state.derivative && state.deriv_mode == DerivMode::Overlay {
                    lines.push(Line {
                        color: i,
                        label: Some(format!("{display}′")),
                        dashed: true,
                        thin: false,
                        ys: xs.iter().map(|&x| a.derivative(x)).collect(),
                    });
                }
            }
            PanelKind::Derivative => lines.push(Line {
                color: i,
                label: None,
                dashed: false,
                thin: false,
                ys: xs.iter().map(|&x| a.derivative(x)).collect(),
            }),
            PanelKind::Fp16Error => {
                let h = half.unwrap_or_else(|| xs.iter().map(|&x| fp16_value(a, x)).collect());
                lines.push(Line {
                    color: i,
                    label: None,
                    dashed: false,
                    thin: false,
                    ys: exact.iter().zip(&h).map(|(e, h)| (h - e).abs()).collect(),
                });
            }
        }
    }
    PanelData { lines, bands }
}

/// Longest legend label, in characters: a long formula would cover the chart.
const MAX_LABEL_CHARS: usize = 36;

/// The label cut to [`MAX_LABEL_CHARS`] with an ellipsis.
fn legend_label(display: &str) -> String {
    if display.chars().count() <= MAX_LABEL_CHARS {
        return display.to_string();
    }
    let cut: String = display.chars().take(MAX_LABEL_CHARS - 1).collect();
    format!("{cut}…")
}

/// A tick label: enough decimals for the tick spacing, trailing zeros dropped ("1", "0.25").
fn tick_label(v: f64, step: f64) -> String {
    let decimals = if step.is_finite() && step > 0.0 {
        (2.0 - step.log10().floor()).clamp(0.0, 12.0) as usize
    } else {
        0
    };
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// Draws the curves view for `state` onto `area` and returns where each panel's data lies.
pub fn draw_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    state: &PageState,
    style: &Style,
) -> Result<CurvesLayout, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&style.background())?;
    let kinds = panel_kinds(state);
    let (_, height) = area.dim_in_pixel();
    let total: f64 = kinds.iter().map(|k| k.weight()).sum();
    let mut rest = area.clone();
    let mut areas = Vec::new();
    for (i, k) in kinds.iter().enumerate() {
        if i + 1 == kinds.len() {
            areas.push(rest.clone());
        } else {
            let h = (f64::from(height) * k.weight() / total).round() as i32;
            let (top, bottom) = rest.split_vertically(h);
            areas.push(top);
            rest = bottom;
        }
    }
    let mut panels = Vec::new();
    let mut columns = 0;
    for (kind, panel_area) in kinds.iter().zip(&areas) {
        let (mapping, n) = draw_panel(panel_area, *kind, state, style)?;
        columns = n;
        panels.push(PanelMapping {
            kind: *kind,
            mapping,
        });
    }
    Ok(CurvesLayout { panels, columns })
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    kind: PanelKind,
    state: &PageState,
    style: &Style,
) -> Result<(ChartMapping, usize), DrawingAreaErrorKind<DB::ErrorType>> {
    let fg = style.foreground();
    let (w, h) = area.dim_in_pixel();
    let (margin_top, margin_right, margin_left, margin_bottom) =
        (style.px(22.0), style.px(14.0), style.px(4.0), style.px(2.0));
    let (x_label_size, y_label_size) = (style.px(22.0), style.px(54.0));
    let plot_w = (w as i32 - margin_left - margin_right - y_label_size).max(2) as usize;
    let plot_h = (h as i32 - margin_top - margin_bottom - x_label_size).max(2) as f64;

    let (lo, hi) = state.range();
    let xs = grid(lo, hi, plot_w);
    let mut data = panel_data(kind, state, &xs);
    let ((ylo, yhi), clipped) = panel_y_range(kind, &mut data);
    let placement = (kind == PanelKind::Value && !state.functions().is_empty())
        .then(|| legend_placement(&data, &xs, (ylo, yhi), (plot_w as f64, plot_h), w, style));
    let (plot_area, legend_strip) = match placement {
        Some(Placement::Below(strip)) if strip < h as i32 / 2 => {
            let (top, bottom) = area.split_vertically(h as i32 - strip);
            (top, Some(bottom))
        }
        _ => (area.clone(), None),
    };

    let mut chart = ChartBuilder::on(&plot_area)
        .margin_top(margin_top)
        .margin_right(margin_right)
        .margin_left(margin_left)
        .margin_bottom(margin_bottom)
        .x_label_area_size(x_label_size)
        .y_label_area_size(y_label_size)
        .build_cartesian_2d(lo..hi, ylo..yhi)?;

    let n_x = ((plot_w as f64 / style.scale / 55.0) as usize).clamp(4, 14);
    let n_y = ((plot_h / style.scale / 36.0) as usize).clamp(2, 10);
    let (x_step, y_step) = ((hi - lo) / n_x as f64, (yhi - ylo) / n_y as f64);
    let x_fmt = |v: &f64| tick_label(*v, x_step);
    let y_fmt = |v: &f64| tick_label(*v, y_step);
    let label_font = ("sans-serif", style.font(11.0)).into_font().color(&fg);
    chart
        .configure_mesh()
        .x_labels(n_x)
        .y_labels(n_y)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(label_font)
        .axis_style(ShapeStyle::from(style.zero_axis()).stroke_width(1))
        .bold_line_style(ShapeStyle::from(style.grid()).stroke_width(1))
        .light_line_style(TRANSPARENT)
        .draw()?;

    let axis = ShapeStyle::from(style.zero_axis()).stroke_width(style.px(1.0).max(1) as u32);
    if lo < 0.0 && hi > 0.0 {
        chart.draw_series(LineSeries::new([(0.0, ylo), (0.0, yhi)], axis))?;
    }
    if ylo < 0.0 && yhi > 0.0 {
        chart.draw_series(LineSeries::new([(lo, 0.0), (hi, 0.0)], axis))?;
    }

    for (color, lower, upper) in &data.bands {
        let fill = style.series(*color).mix(0.3).filled();
        for run in band_runs(&xs, lower, upper) {
            chart.draw_series(std::iter::once(Polygon::new(run, fill)))?;
        }
    }

    let width = |thin: bool| style.px(if thin { 1.0 } else { 2.0 }).max(1) as u32;
    for line in &data.lines {
        let color = style.series(line.color);
        let shape = ShapeStyle::from(if line.thin {
            color.mix(0.55)
        } else {
            color.mix(1.0)
        })
        .stroke_width(width(line.thin));
        for run in finite_runs(&xs, &line.ys) {
            if line.dashed {
                chart.draw_series(DashedLineSeries::new(
                    run,
                    style.px(6.0),
                    style.px(4.0),
                    shape,
                ))?;
            } else {
                chart.draw_series(LineSeries::new(run, shape))?;
            }
        }
    }

    if let Some(strip) = &legend_strip {
        legend::draw_below(strip, &legend_entries(&data), style)?;
    } else if let Some(placement) = placement {
        let corner = match placement {
            Placement::Corner(c) => c,
            Placement::Below(_) => SeriesLabelPosition::UpperLeft,
        };
        let plot = chart.plotting_area().strip_coord_spec();
        legend::draw_corner(&plot, &legend_entries(&data), corner, 0.88, 12.0, style)?;
    }

    let mapping = mapping_of(chart.as_coord_spec(), (lo, hi), (ylo, yhi));
    let (base_x, _) = area.get_base_pixel();
    let title = if clipped {
        clipped_title(kind, state.lang, (ylo, yhi))
    } else {
        kind.title().to_string()
    };
    area.draw_text(
        &title,
        &("sans-serif", style.font(12.0)).into_font().color(&fg),
        (mapping.left as i32 - base_x, style.px(5.0)),
    )?;
    Ok((mapping, xs.len()))
}

fn legend_entries(data: &PanelData) -> Vec<legend::Entry<'_>> {
    data.lines
        .iter()
        .filter_map(|l| {
            l.label.as_deref().map(|label| legend::Entry {
                label,
                color: l.color,
                dashed: l.dashed,
            })
        })
        .collect()
}

/// Where the value panel's legend goes: a corner no curve passes through (upper left first, as
/// before), else a strip under the panel, so the legend never hides a curve.
fn legend_placement(
    data: &PanelData,
    xs: &[f64],
    (ylo, yhi): (f64, f64),
    plot: (f64, f64),
    width: u32,
    style: &Style,
) -> Placement {
    let (x0, x1) = (xs[0], xs[xs.len() - 1]);
    let lines: Vec<Vec<(f64, f64)>> = data
        .lines
        .iter()
        .flat_map(|l| finite_runs(xs, &l.ys))
        .map(|run| {
            run.into_iter()
                .map(|(x, y)| ((x - x0) / (x1 - x0), (y - ylo) / (yhi - ylo)))
                .collect()
        })
        .collect();
    legend::place(
        &legend_entries(data),
        &lines,
        plot,
        width as i32,
        None,
        style,
    )
}

/// The panel's y-range ([`robust_y_range`] for values and derivatives: one spike must not flatten
/// the other curves) and whether it clips; a clipping range also clips the panel's lines and bands.
fn panel_y_range(kind: PanelKind, data: &mut PanelData) -> ((f64, f64), bool) {
    let values: Vec<f64> = data
        .lines
        .iter()
        .flat_map(|l| l.ys.iter())
        .chain(data.bands.iter().flat_map(|b| b.1.iter().chain(&b.2)))
        .copied()
        .collect();
    if kind == PanelKind::Fp16Error {
        return (auto_y_range(&values), false);
    }
    let (range, clipped) = robust_y_range(&values);
    if clipped {
        for line in &mut data.lines {
            line.ys = clip_to_range(&line.ys, range);
        }
        for (_, lower, upper) in &mut data.bands {
            for v in lower.iter_mut().chain(upper.iter_mut()) {
                *v = v.clamp(range.0, range.1);
            }
        }
    }
    (range, clipped)
}

/// The panel title of a clipped panel, saying so in the page's language.
fn clipped_title(kind: PanelKind, lang: Option<Lang>, (lo, hi): (f64, f64)) -> String {
    let step = (hi - lo) / 10.0;
    let (a, b) = (tick_label(lo, step), tick_label(hi, step));
    match lang {
        Some(Lang::Zh) => format!("{}（y 轴截断于 [{a}, {b}]，个别曲线超出）", kind.title()),
        _ => format!(
            "{} (y clipped to [{a}, {b}]: a curve leaves the chart)",
            kind.title()
        ),
    }
}

/// Closed polygons (upper edge forwards, lower edge back) over runs where both edges are finite.
fn band_runs(xs: &[f64], lower: &[f64], upper: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut top: Vec<(f64, f64)> = Vec::new();
    let mut bottom: Vec<(f64, f64)> = Vec::new();
    let mut flush = |top: &mut Vec<(f64, f64)>, bottom: &mut Vec<(f64, f64)>| {
        if top.len() >= 2 {
            let mut poly = std::mem::take(top);
            poly.extend(bottom.drain(..).rev());
            out.push(poly);
        }
        top.clear();
        bottom.clear();
    };
    for ((&x, &l), &u) in xs.iter().zip(lower).zip(upper) {
        if l.is_finite() && u.is_finite() {
            top.push((x, u));
            bottom.push((x, l));
        } else {
            flush(&mut top, &mut bottom);
        }
    }
    flush(&mut top, &mut bottom);
    out
}

/// The panel's data rectangle in backend pixels, read from plotters' own coordinate translation.
fn mapping_of(
    spec: &Cartesian2d<RangedCoordf64, RangedCoordf64>,
    x: (f64, f64),
    y: (f64, f64),
) -> ChartMapping {
    let (left, bottom) = spec.translate(&(x.0, y.0));
    let (right, top) = spec.translate(&(x.1, y.1));
    ChartMapping {
        x_range: x,
        y_range: y,
        left: f64::from(left),
        right: f64::from(right),
        top: f64::from(top),
        bottom: f64::from(bottom),
    }
}

/// The curves view as an SVG document (same drawing code as the canvas).
pub fn render_svg(state: &PageState, width: u32, height: u32, style: &Style) -> Result<String> {
    super::render_to_svg(width, height, style, |root, style| {
        draw_curves(root, state, style).map(|_| ())
    })
}
