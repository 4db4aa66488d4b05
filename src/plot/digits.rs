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
    let cell = style.px(56.0).max(side as i32);
    let caption = style.px(16.0);
    let pad = style.px(8.0);
    let cols = ((w as i32 - pad) / (cell + pad)).max(1) as usize;
    let rows = ((h as i32 - pad) / (cell + caption + pad)).max(1) as usize;
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
