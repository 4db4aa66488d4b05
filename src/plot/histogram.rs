//! Small multiples of per-layer weight histograms (TF Playground #1, "show the initialisation"):
//! one panel per conv and dense layer, bars of the weights' counts, and dashed lines at ± the standard
//! deviation the init intends, so Glorot's narrow and He's wider spread are seen, not told.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::Style;
use crate::nn::LayerHistogram;

/// Words in the panel titles, in the page's language.
#[derive(Debug, Clone, PartialEq)]
pub struct HistogramLabels {
    /// "layer" (followed by the number).
    pub layer: String,
    /// "output" (the last dense layer).
    pub output: String,
    /// "conv" (followed by the number).
    pub conv: String,
    /// Shown when there is nothing to draw.
    pub empty: String,
}

impl Default for HistogramLabels {
    fn default() -> Self {
        HistogramLabels {
            layer: "layer".into(),
            output: "output".into(),
            conv: "conv".into(),
            empty: "no layers".into(),
        }
    }
}

/// Panel columns for `n` panels in an area `width` CSS pixels wide (≥ 170 px per panel).
pub fn grid_columns(n: usize, width_css: f64) -> usize {
    let fit = ((width_css / 170.0).floor() as usize).max(1);
    n.clamp(1, fit.min(4))
}

/// Draws one panel per layer in a grid of `columns` columns filling `area`.
pub fn draw_weight_histograms<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layers: &[LayerHistogram],
    columns: usize,
    labels: &HistogramLabels,
    style: &Style,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&style.background())?;
    let fg = style.foreground();
    if layers.is_empty() {
        let font = ("sans-serif", style.font(13.0)).into_font().color(&fg);
        area.draw_text(&labels.empty, &font, (style.px(10.0), style.px(10.0)))?;
        return Ok(());
    }
    let columns = columns.clamp(1, layers.len());
    let rows = layers.len().div_ceil(columns);
    let panels = area.split_evenly((rows, columns));
    let last = layers.iter().filter(|h| h.kernel.is_none()).count();
    let panel_css = f64::from(area.dim_in_pixel().0) / style.scale.max(0.1) / columns as f64;
    for (panel, h) in panels.iter().zip(layers) {
        let name = match h.kernel {
            Some(_) => format!("{} {}", labels.conv, h.layer),
            None if h.layer == last => labels.output.clone(),
            None => format!("{} {}", labels.layer, h.layer),
        };
        let shape = h.shape();
        let sigma = format!("σ {}", short(h.std));
        let mut title = format!("{name}  {shape}  {}  {sigma}", h.init.name());
        // Narrow panels (phones) drop the init's name, which every panel shares, before the
        // title runs into its neighbour's.
        if title_width_css(&title, style) > panel_css - 6.0 {
            title = format!("{name}  {shape}  {sigma}");
        }
        draw_panel(panel, h, &title, style)?;
    }
    Ok(())
}

/// A title's width in CSS pixels at the panel font, estimated: sans-serif digits and Latin
/// letters average about half an em, CJK characters a full em.
fn title_width_css(title: &str, style: &Style) -> f64 {
    let em = 11.0 * style.text;
    title
        .chars()
        .map(|c| if (c as u32) >= 0x2E80 { em } else { em * 0.55 })
        .sum()
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    h: &LayerHistogram,
    title: &str,
    style: &Style,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let fg = style.foreground();
    let hist = &h.histogram;
    let top = f64::from(hist.counts.iter().copied().max().unwrap_or(0).max(1)) * 1.1;
    // Show the intended ±σ even when every weight lies inside it.
    let reach = hist.hi.max(h.expected_std * 1.05);
    let mut chart = ChartBuilder::on(area)
        .caption(
            title,
            ("sans-serif", style.font(11.0)).into_font().color(&fg),
        )
        .margin(style.px(4.0))
        .x_label_area_size(style.px(18.0))
        .y_label_area_size(style.px(6.0))
        .build_cartesian_2d(-reach..reach, 0.0..top)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .x_labels(3)
        .x_label_formatter(&|v| short(*v))
        .label_style(("sans-serif", style.font(10.0)).into_font().color(&fg))
        .axis_style(style.zero_axis())
        .light_line_style(style.grid())
        .bold_line_style(style.grid())
        .draw()?;
    let bar = style.series(0).mix(0.75).filled();
    let edges = hist.edges();
    chart.draw_series(
        hist.counts
            .iter()
            .zip(edges.windows(2))
            .filter(|(c, _)| **c > 0)
            .map(|(c, e)| Rectangle::new([(e[0], 0.0), (e[1], f64::from(*c))], bar)),
    )?;
    let sigma = style.series(1).stroke_width(style.px(1.5).max(1) as u32);
    for x in [-h.expected_std, h.expected_std] {
        chart.draw_series(DashedLineSeries::new(
            [(x, 0.0), (x, top)],
            style.px(4.0).max(1) as u32,
            style.px(3.0).max(1) as u32,
            sigma,
        ))?;
    }
    Ok(())
}

/// A compact number for titles and ticks: `0.71`, `0.031`, `1.2e-4`.
fn short(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if !(1e-3..1e4).contains(&a) {
        format!("{v:.1e}")
    } else {
        let digits = (2 - a.log10().floor() as i32).clamp(0, 4) as usize;
        format!("{v:.digits$}")
    }
}
