//! A grid of misclassified test images, each with its true and predicted label, so a reader sees
//! which digits the network confuses.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::Style;

/// One misclassified image: grey levels in [0, 1] row-major, `side`² of them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Misclassified {
    pub pixels: Vec<f32>,
    pub label: u32,
    pub predicted: u32,
}

/// The cell side, columns and rows of the grid: rows of at least `min_cell` fill the height (no
/// blank band under the last row, as on a phone where the card is as tall as the canvas), and the
/// columns take what the width allows at that size.
fn grid(w: i32, h: i32, side: i32, caption: i32, pad: i32, min_cell: i32) -> (i32, usize, usize) {
    let min_cell = min_cell.max(side);
    let rows = ((h - pad) / (min_cell + caption + pad)).max(1);
    let by_height = (h - pad) / rows - caption - pad;
    // Never wider than one column of the area.
    let cell = by_height
        .min(w - 2 * pad)
        .max(min_cell.min(w - 2 * pad))
        .max(side);
    let cols = ((w - pad) / (cell + pad)).max(1);
    (cell, cols as usize, rows as usize)
}

/// Draws up to as many images as fit, in rows; `caption(label, predicted)` gives the text under
/// each ("7→1"). Returns how many were drawn.
pub fn draw_digits<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    images: &[Misclassified],
    side: usize,
    empty_text: &str,
    style: &Style,
) -> Result<usize, DrawingAreaErrorKind<DB::ErrorType>> {
    let bg = style.background();
    let fg = style.foreground();
    area.fill(&bg)?;
    let (w, h) = area.dim_in_pixel();
    if images.is_empty() || side == 0 {
        area.draw_text(
            empty_text,
            &("sans-serif", style.font(13.0)).into_font().color(&fg),
            (style.px(10.0), style.px(12.0)),
        )?;
        return Ok(0);
    }
    let caption = style.px(16.0);
    let pad = style.px(8.0);
    let (cell, cols, rows) = grid(
        w as i32,
        h as i32,
        side as i32,
        caption,
        pad,
        style.px(56.0),
    );
    let px = (cell as f64 / side as f64).max(1.0);
    let mut drawn = 0;
    for (i, img) in images.iter().take(cols * rows).enumerate() {
        let (r, c) = ((i / cols) as i32, (i % cols) as i32);
        let x0 = pad + c * (cell + pad);
        let y0 = pad + r * (cell + caption + pad);
        for (k, &v) in img.pixels.iter().take(side * side).enumerate() {
            let (py, pxl) = ((k / side) as f64, (k % side) as f64);
            let g = (255.0 * (1.0 - f64::from(v).clamp(0.0, 1.0))).round() as u8;
            let g = if style.dark { 255 - g } else { g };
            let a = (x0 + (pxl * px) as i32, y0 + (py * px) as i32);
            let b = (
                x0 + ((pxl + 1.0) * px) as i32,
                y0 + ((py + 1.0) * px) as i32,
            );
            area.draw(&Rectangle::new([a, b], RGBColor(g, g, g).filled()))?;
        }
        area.draw(&Rectangle::new(
            [(x0, y0), (x0 + cell, y0 + cell)],
            ShapeStyle::from(style.grid()).stroke_width(1),
        ))?;
        area.draw_text(
            &format!("{}→{}", img.label, img.predicted),
            &("sans-serif", style.font(12.0))
                .into_font()
                .color(&style.series(1)),
            (x0, y0 + cell + style.px(2.0)),
        )?;
        drawn += 1;
    }
    Ok(drawn)
}
