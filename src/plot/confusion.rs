//! The confusion matrix as a grid: rows are true classes, columns predicted ones, each cell shows
//! its count and is tinted by its share of the row (blue on the diagonal, vermillion off it, so
//! mistakes stand out); a last column gives each class's accuracy.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::boundary::class_colour;
use super::style::Style;
use crate::training::ConfusionMatrix;

/// Texts around the grid, in the page's language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfusionLabels {
    /// Over the columns ("predicted").
    pub predicted: String,
    /// Beside the rows ("true").
    pub truth: String,
    /// Over the accuracy column ("acc.").
    pub accuracy: String,
    /// Shown when there is no matrix yet.
    pub empty: String,
}

/// Where the grid went (backend pixels), for tests and hover.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConfusionLayout {
    pub left: i32,
    pub top: i32,
    /// Side of one cell.
    pub cell: i32,
    pub classes: usize,
}

fn mix(c: RGBColor, bg: RGBColor, w: f64) -> RGBColor {
    let w = w.clamp(0.0, 1.0);
    let m = |a: u8, b: u8| (f64::from(a) * w + f64::from(b) * (1.0 - w)).round() as u8;
    RGBColor(m(c.0, bg.0), m(c.1, bg.1), m(c.2, bg.2))
}

/// Draws `matrix` (or the empty note when `None`) filling `area`.
pub fn draw_confusion<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    matrix: Option<&ConfusionMatrix>,
    labels: &ConfusionLabels,
    style: &Style,
) -> Result<Option<ConfusionLayout>, DrawingAreaErrorKind<DB::ErrorType>> {
    let bg = style.background();
    let fg = style.foreground();
    area.fill(&bg)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let font = |size: f64| ("sans-serif", size).into_font().color(&fg);
    let Some(m) = matrix.filter(|m| m.classes > 0) else {
        area.draw_text(
            &labels.empty,
            &font(style.font(12.0)),
            (style.px(8.0), style.px(8.0)),
        )?;
        return Ok(None);
    };
    let k = m.classes as i32;
    let (left, top) = (style.px(40.0), style.px(36.0));
    let (right, bottom) = (style.px(54.0), style.px(6.0));
    let cell = ((w - left - right) / k).min((h - top - bottom) / k).max(4);
    let text_size = (style.font(11.0)).min(f64::from(cell) * 0.42);
    let centred = |size: f64| font(size).pos(Pos::new(HPos::Center, VPos::Center));
    let grid_w = cell * k;
    // Column and row captions.
    area.draw_text(
        &labels.predicted,
        &centred(style.font(11.0)),
        (left + grid_w / 2, style.px(8.0)),
    )?;
    area.draw_text(
        &labels.accuracy,
        &centred(style.font(11.0)),
        (left + grid_w + right / 2, style.px(8.0)),
    )?;
    area.draw_text(
        &labels.truth,
        &font(style.font(11.0)).transform(FontTransform::Rotate270),
        (style.px(4.0), top + cell * k / 2 + style.px(12.0)),
    )?;
    let per_class = m.per_class_accuracy();
    for c in 0..k {
        let name = c.to_string();
        let mid = cell / 2;
        // Class names above the columns and left of the rows, each in its class colour swatch.
        area.draw_text(
            &name,
            &centred(text_size),
            (left + c * cell + mid, top - style.px(10.0)),
        )?;
        area.draw_text(
            &name,
            &centred(text_size),
            (left - style.px(12.0), top + c * cell + mid),
        )?;
        let swatch = style.px(3.0).max(2);
        area.draw(&Rectangle::new(
            [
                (left - swatch - 1, top + c * cell + 1),
                (left - 1, top + (c + 1) * cell - 1),
            ],
            class_colour(c as usize).filled(),
        ))?;
    }
    for t in 0..k {
        let row: u64 = (0..k).map(|p| m.count(t as usize, p as usize)).sum();
        for p in 0..k {
            let n = m.count(t as usize, p as usize);
            let share = if row > 0 { n as f64 / row as f64 } else { 0.0 };
            let hue = if t == p {
                class_colour(1)
            } else {
                class_colour(3)
            };
            // Empty cells stay background, so the few mistakes stand out.
            let fill = if n == 0 {
                bg
            } else {
                mix(hue, bg, 0.12 + 0.88 * share.sqrt())
            };
            let (x0, y0) = (left + p * cell, top + t * cell);
            area.draw(&Rectangle::new(
                [(x0, y0), (x0 + cell, y0 + cell)],
                fill.filled(),
            ))?;
            area.draw(&Rectangle::new(
                [(x0, y0), (x0 + cell, y0 + cell)],
                ShapeStyle::from(style.grid()).stroke_width(1),
            ))?;
            // Light text on strong fills, the theme's text elsewhere.
            let luma =
                0.299 * f64::from(fill.0) + 0.587 * f64::from(fill.1) + 0.114 * f64::from(fill.2);
            let ink = if luma < 128.0 {
                RGBColor(255, 255, 255)
            } else {
                RGBColor(0x22, 0x26, 0x2e)
            };
            area.draw_text(
                &n.to_string(),
                &("sans-serif", text_size)
                    .into_font()
                    .color(&ink)
                    .pos(Pos::new(HPos::Center, VPos::Center)),
                (x0 + cell / 2, y0 + cell / 2),
            )?;
        }
        let acc = per_class[t as usize]
            .map(|a| format!("{:.0}%", a * 100.0))
            .unwrap_or_else(|| "—".into());
        area.draw_text(
            &acc,
            &centred(text_size),
            (left + grid_w + right / 2, top + t * cell + cell / 2),
        )?;
    }
    Ok(Some(ConfusionLayout {
        left,
        top,
        cell,
        classes: m.classes,
    }))
}
