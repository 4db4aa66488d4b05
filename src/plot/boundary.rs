//! The decision map of a 2-D set, like TF Playground's: the network's output on a grid of cells
//! painted behind the data, train points filled and test points as rings, coloured by class.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::mapping::ChartMapping;
use super::style::Style;
use crate::data::Extent;

/// The map to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundary<'a> {
    pub extent: Extent,
    /// Cells per side of `values` (row 0 = top, as `data::grid`).
    pub resolution: usize,
    /// Per cell: P(class 1) in [0, 1] (classification) or a value around −1..1 (regression).
    pub values: &'a [f32],
    /// `[x, y]` pairs and a label (class 0/1, or a regression target) per point.
    pub train: (&'a [f32], &'a [f32]),
    pub test: (&'a [f32], &'a [f32]),
    /// Whether values are regression outputs (mapped from −1..1) rather than probabilities.
    pub regression: bool,
}

/// Class colours: orange (class 0) and blue (class 1), the Playground's.
const NEG: (f64, f64, f64) = (245.0, 147.0, 34.0);
const POS: (f64, f64, f64) = (8.0, 119.0, 189.0);

/// The colour of t ∈ [0, 1] between the two class colours, through the background.
fn shade(t: f64, bg: RGBColor, strength: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let (c, w) = if t < 0.5 {
        (NEG, 1.0 - 2.0 * t)
    } else {
        (POS, 2.0 * t - 1.0)
    };
    let w = w * strength;
    let mix = |a: f64, b: u8| (a * w + f64::from(b) * (1.0 - w)).round() as u8;
    RGBColor(mix(c.0, bg.0), mix(c.1, bg.1), mix(c.2, bg.2))
}

fn unit(value: f32, regression: bool) -> f64 {
    let v = f64::from(value);
    if regression {
        (v + 1.0) / 2.0
    } else {
        v
    }
}

/// Draws the map filling a square in `area`; returns the mapping of the plane.
pub fn draw_boundary<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    b: &Boundary,
    style: &Style,
) -> Result<ChartMapping, DrawingAreaErrorKind<DB::ErrorType>> {
    let bg = style.background();
    area.fill(&bg)?;
    let e = b.extent;
    let mut cc = ChartBuilder::on(area)
        .margin(style.px(6.0))
        .x_label_area_size(style.px(22.0))
        .y_label_area_size(style.px(28.0))
        .build_cartesian_2d(e.x_min..e.x_max, e.y_min..e.y_max)?;
    let fg = style.foreground();
    cc.configure_mesh()
        .disable_mesh()
        .x_labels(7)
        .y_labels(7)
        .label_style(("sans-serif", style.font(10.0)).into_font().color(&fg))
        .axis_style(ShapeStyle::from(style.zero_axis()).stroke_width(1))
        .draw()?;
    let r = b.resolution.max(1);
    if b.values.len() == r * r {
        let (cw, ch) = (
            (e.x_max - e.x_min) / r as f64,
            (e.y_max - e.y_min) / r as f64,
        );
        cc.draw_series(b.values.iter().enumerate().map(|(k, &v)| {
            let (row, col) = (k / r, k % r);
            let x0 = e.x_min + col as f64 * cw;
            let y1 = e.y_max - row as f64 * ch;
            Rectangle::new(
                [(x0, y1), (x0 + cw, y1 - ch)],
                shade(unit(v, b.regression), bg, 0.55).filled(),
            )
        }))?;
    }
    let radius = style.px(3.0).max(2);
    let edge = if style.dark {
        RGBColor(255, 255, 255)
    } else {
        RGBColor(40, 40, 40)
    };
    for (points, filled) in [(b.train, true), (b.test, false)] {
        let (xy, labels) = points;
        cc.draw_series(xy.chunks_exact(2).zip(labels).map(|(p, &l)| {
            let c = shade(unit(l, b.regression), bg, 1.0);
            let at = (f64::from(p[0]), f64::from(p[1]));
            if filled {
                EmptyElement::at(at)
                    + Circle::new((0, 0), radius, c.filled())
                    + Circle::new((0, 0), radius, ShapeStyle::from(edge).stroke_width(1))
            } else {
                EmptyElement::at(at)
                    + Circle::new((0, 0), radius, ShapeStyle::from(bg).filled())
                    + Circle::new(
                        (0, 0),
                        radius,
                        ShapeStyle::from(c).stroke_width(style.px(2.0) as u32),
                    )
            }
        }))?;
    }
    let spec = cc.as_coord_spec();
    let (left, bottom) = spec.translate(&(e.x_min, e.y_min));
    let (right, top) = spec.translate(&(e.x_max, e.y_max));
    Ok(ChartMapping {
        x_range: (e.x_min, e.x_max),
        y_range: (e.y_min, e.y_max),
        left: f64::from(left),
        right: f64::from(right),
        top: f64::from(top),
        bottom: f64::from(bottom),
    })
}
