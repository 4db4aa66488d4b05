//! The decision map of a 2-D set, like TF Playground's: the network's output on a grid of cells
//! painted behind the data, train points filled and test points as rings, coloured by class.
//! Two classes shade orange↔blue by P(class 1); three or more paint each cell in its argmax
//! class's colour, stronger the surer the network is. Drawn in steps (plane, cells, points) so
//! another overlay can be added between or after them.

use plotters::coord::types::RangedCoordf64;
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
    /// Per cell, `resolution²` cells of `width` values each (the width is `values.len() /
    /// resolution²`): width 1 holds P(class 1) in [0, 1] (classification) or a value around −1..1
    /// (regression); width k ≥ 2 holds the k class scores (softmax probabilities, or MSE outputs).
    pub values: &'a [f32],
    /// `[x, y]` pairs and a label (class index, or a regression target) per point.
    pub train: (&'a [f32], &'a [f32]),
    pub test: (&'a [f32], &'a [f32]),
    /// Whether values are regression outputs (mapped from −1..1) rather than probabilities.
    pub regression: bool,
}

/// Class colours: class 0 orange and class 1 blue as TF Playground's two classes, then the
/// Okabe–Ito palette (safe for the common colour-vision deficiencies; yellow left out, too faint
/// on white), then three more so that ten classes (the most a user's data may have) never share
/// a colour. `www/js/train-data.js` mirrors this list for its class picker.
pub const CLASS_COLOURS: [(u8, u8, u8); 10] = [
    (245, 147, 34),  // orange (Playground)
    (8, 119, 189),   // blue (Playground)
    (0, 158, 115),   // bluish green
    (213, 94, 0),    // vermillion
    (204, 121, 167), // reddish purple
    (86, 180, 233),  // sky blue
    (120, 120, 120), // grey
    (140, 86, 75),   // brown
    (148, 103, 189), // purple
    (150, 150, 20),  // olive
];

/// Colour of class `c` (the palette repeats past its end).
pub fn class_colour(c: usize) -> RGBColor {
    let (r, g, b) = CLASS_COLOURS[c % CLASS_COLOURS.len()];
    RGBColor(r, g, b)
}

/// `c` mixed with the background: weight `w` ∈ [0, 1] of the colour.
pub(crate) fn mix(c: RGBColor, bg: RGBColor, w: f64) -> RGBColor {
    let w = if w.is_finite() {
        w.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let m = |a: u8, b: u8| (f64::from(a) * w + f64::from(b) * (1.0 - w)).round() as u8;
    RGBColor(m(c.0, bg.0), m(c.1, bg.1), m(c.2, bg.2))
}

/// The colour of t ∈ [0, 1] between the two class colours, through the background.
fn shade(t: f64, bg: RGBColor, strength: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let (c, w) = if t < 0.5 {
        (class_colour(0), 1.0 - 2.0 * t)
    } else {
        (class_colour(1), 2.0 * t - 1.0)
    };
    mix(c, bg, w * strength)
}

fn unit(value: f32, regression: bool) -> f64 {
    let v = f64::from(value);
    if regression {
        (v + 1.0) / 2.0
    } else {
        v
    }
}

/// The predicted class of one cell's `k ≥ 2` scores and how sure the network is, in [0, 1]:
/// 0 when the argmax probability is 1/k (no preference), 1 when it is 1. MSE outputs are not
/// probabilities; they are clamped to [0, 1] and normalised first.
pub fn cell_class(scores: &[f32]) -> (usize, f64) {
    let k = scores.len().max(1);
    let clean = |v: f32| {
        if v.is_finite() {
            f64::from(v).clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    let sum: f64 = scores.iter().map(|&v| clean(v)).sum();
    let (best, top) =
        scores
            .iter()
            .map(|&v| clean(v))
            .enumerate()
            .fold(
                (0, f64::NEG_INFINITY),
                |acc, (i, v)| if v > acc.1 { (i, v) } else { acc },
            );
    if sum <= 0.0 || k < 2 {
        return (best, 0.0);
    }
    let p = top / sum;
    let chance = 1.0 / k as f64;
    (best, ((p - chance) / (1.0 - chance)).clamp(0.0, 1.0))
}

/// The colour of one cell: two-colour shading for one value (or two scores), the class's own
/// colour with strength from the argmax probability for three or more.
fn cell_colour(cell: &[f32], regression: bool, bg: RGBColor) -> RGBColor {
    const STRENGTH: f64 = 0.55;
    match cell.len() {
        1 => shade(unit(cell[0], regression), bg, STRENGTH),
        2 => {
            let (class, sure) = cell_class(cell);
            let t = 0.5 + if class == 1 { sure } else { -sure } / 2.0;
            shade(t, bg, STRENGTH)
        }
        _ => {
            let (class, sure) = cell_class(cell);
            mix(class_colour(class), bg, sure * STRENGTH)
        }
    }
}

/// Draws the map filling a square in `area`: the axes, the cells, then the points on top.
/// Returns the mapping of the plane.
pub fn draw_boundary<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    b: &Boundary,
    style: &Style,
) -> Result<ChartMapping, DrawingAreaErrorKind<DB::ErrorType>> {
    let mut cc = plane(area, b.extent, style)?;
    draw_cells(&mut cc, b, style)?;
    // Two-colour shading unless the cells or the labels say there are more classes.
    let r = b.resolution.max(1);
    let width = b.values.len() / (r * r);
    let multiclass =
        !b.regression && (width >= 3 || b.train.1.iter().chain(b.test.1).any(|&l| l >= 2.0));
    let colour = |label: f32| {
        if multiclass {
            class_colour(label.max(0.0) as usize)
        } else {
            shade(unit(label, b.regression), style.background(), 1.0)
        }
    };
    draw_points(&mut cc, b.train, true, &colour, style)?;
    draw_points(&mut cc, b.test, false, &colour, style)?;
    if multiclass {
        let labelled = b
            .train
            .1
            .iter()
            .chain(b.test.1)
            .fold(0.0f32, |m, &l| m.max(l));
        draw_class_legend(&cc, width.max(labelled as usize + 1), style)?;
    }
    Ok(mapping_of(&cc, b.extent))
}

/// A key of the class colours (a swatch and the class index each) in the map's top-left corner,
/// on a background box so it stays readable over any cell colour.
pub fn draw_class_legend<DB: DrawingBackend>(
    cc: &Plane<'_, DB>,
    classes: usize,
    style: &Style,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let area = cc.plotting_area().strip_coord_spec();
    let (pad, sw, gap) = (style.px(4.0), style.px(10.0), style.px(22.0));
    let font = ("sans-serif", style.font(10.0))
        .into_font()
        .color(&style.foreground());
    let width = pad * 2 + gap * classes as i32;
    area.draw(&Rectangle::new(
        [(pad, pad), (pad + width, pad + sw + 2 * pad)],
        style.background().mix(0.85).filled(),
    ))?;
    for c in 0..classes {
        let x = 2 * pad + gap * c as i32;
        area.draw(&Rectangle::new(
            [(x, 2 * pad), (x + sw, 2 * pad + sw)],
            class_colour(c).filled(),
        ))?;
        area.draw_text(&c.to_string(), &font, (x + sw + style.px(2.0), 2 * pad))?;
    }
    Ok(())
}

/// The chart of the plane `extent`: background, axes and labels, no data.
pub fn plane<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    e: Extent,
    style: &Style,
) -> Result<Plane<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&style.background())?;
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
    Ok(cc)
}

/// A chart over the input plane.
pub type Plane<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Paints the cells (nothing when `values` is not a whole number of cells).
fn draw_cells<DB: DrawingBackend>(
    cc: &mut Plane<'_, DB>,
    b: &Boundary,
    style: &Style,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let r = b.resolution.max(1);
    let width = b.values.len() / (r * r);
    if width == 0 || b.values.len() != r * r * width {
        return Ok(());
    }
    let e = b.extent;
    let bg = style.background();
    let (cw, ch) = (
        (e.x_max - e.x_min) / r as f64,
        (e.y_max - e.y_min) / r as f64,
    );
    cc.draw_series(b.values.chunks_exact(width).enumerate().map(|(k, cell)| {
        let (row, col) = (k / r, k % r);
        let x0 = e.x_min + col as f64 * cw;
        let y1 = e.y_max - row as f64 * ch;
        Rectangle::new(
            [(x0, y1), (x0 + cw, y1 - ch)],
            cell_colour(cell, b.regression, bg).filled(),
        )
    }))?;
    Ok(())
}

/// Draws `[x, y]` points with their labels' colours: filled dots (train) or rings (test).
pub fn draw_points<DB: DrawingBackend>(
    cc: &mut Plane<'_, DB>,
    (xy, labels): (&[f32], &[f32]),
    filled: bool,
    colour: &dyn Fn(f32) -> RGBColor,
    style: &Style,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let bg = style.background();
    let radius = style.px(3.0).max(2);
    let edge = if style.dark {
        RGBColor(255, 255, 255)
    } else {
        RGBColor(40, 40, 40)
    };
    cc.draw_series(xy.chunks_exact(2).zip(labels).map(|(p, &l)| {
        let c = colour(l);
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
    Ok(())
}

/// The pixel mapping of the plane's data rectangle.
pub fn mapping_of<DB: DrawingBackend>(cc: &Plane<'_, DB>, e: Extent) -> ChartMapping {
    let spec = cc.as_coord_spec();
    let (left, bottom) = spec.translate(&(e.x_min, e.y_min));
    let (right, top) = spec.translate(&(e.x_max, e.y_max));
    ChartMapping {
        x_range: (e.x_min, e.x_max),
        y_range: (e.y_min, e.y_max),
        left: f64::from(left),
        right: f64::from(right),
        top: f64::from(top),
        bottom: f64::from(bottom),
    }
}
