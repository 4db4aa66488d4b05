//! Where a line chart's legend goes so that it never covers data: a corner of the plot that no
//! line passes through if there is one, else a strip under the plot (entries flowing in rows).
//! Both are drawn here from estimated text widths: plotters' own corner legend measures its text
//! with the font backend, which in a browser lays out a styled `<span>` in the page (refused by a
//! host page's CSP, and a layout of the whole host page per label).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::Style;

/// One legend entry.
pub struct Entry<'a> {
    pub label: &'a str,
    pub color: usize,
    pub dashed: bool,
}

/// Where the legend goes.
pub enum Placement {
    /// Inside the plot, in a corner no line passes through.
    Corner(SeriesLabelPosition),
    /// In a strip of this many backend pixels under the plot.
    Below(i32),
}

/// Approximate width of `text` in backend pixels at CSS font size 11 (plotters' own estimate
/// needs a font backend the SVG build does not have): Latin letters and digits about 0.62 em,
/// CJK characters (and other wide ones from U+2E80 on) a full em, so a Chinese legend is not
/// laid out as if it were a third of its width.
fn text_width(text: &str, style: &Style) -> i32 {
    text_width_at(text, 11.0, style)
}

/// [`text_width`] at CSS font size `css_px`.
fn text_width_at(text: &str, css_px: f64, style: &Style) -> i32 {
    let ems: f64 = text
        .chars()
        .map(|c| if (c as u32) >= 0x2E80 { 1.0 } else { 0.62 })
        .sum();
    (ems * style.font(css_px)).ceil() as i32
}

fn row_height(style: &Style) -> i32 {
    (style.font(11.0) * 1.5).ceil() as i32
}

/// Width of one entry (mark, gap, label, spacing to the next).
fn entry_width(e: &Entry, style: &Style) -> i32 {
    style.px(22.0) + text_width(e.label, style) + style.px(14.0)
}

/// Size of plotters' in-plot legend box for `entries` (generous: margins and padding included).
fn box_size(entries: &[Entry], style: &Style) -> (i32, i32) {
    let w = entries
        .iter()
        .map(|e| text_width(e.label, style))
        .max()
        .unwrap_or(0);
    let rows = entries.len() as i32;
    (
        w + style.px(26.0) + style.px(22.0),
        rows * (row_height(style) + style.px(2.0)) + style.px(18.0),
    )
}

/// Rows of the flowed legend under the plot: per entry its (row, x offset).
fn flow(entries: &[Entry], width: i32, style: &Style) -> Vec<(i32, i32)> {
    let (mut row, mut x) = (0, 0);
    entries
        .iter()
        .map(|e| {
            let w = entry_width(e, style);
            if x > 0 && x + w > width {
                row += 1;
                x = 0;
            }
            let at = (row, x);
            x += w;
            at
        })
        .collect()
}

/// Chooses the placement. `lines`: each series' points in plot units (x and y in 0..1, y up);
/// `plot`: the plot rectangle's size in backend pixels; `width`: the whole chart's width;
/// `prefer_low`: `Some(true)` tries the lower corners first (lines ending high), `Some(false)` the
/// upper right, `None` the upper left (curves rising to the right leave it free).
pub fn place(
    entries: &[Entry],
    lines: &[Vec<(f64, f64)>],
    plot: (f64, f64),
    width: i32,
    prefer_low: Option<bool>,
    style: &Style,
) -> Placement {
    let (bw, bh) = box_size(entries, style);
    let (fw, fh) = (
        f64::from(bw) / plot.0.max(1.0),
        f64::from(bh) / plot.1.max(1.0),
    );
    use SeriesLabelPosition::*;
    let order = match prefer_low {
        Some(true) => [LowerRight, UpperRight, LowerLeft, UpperLeft],
        Some(false) => [UpperRight, LowerRight, UpperLeft, LowerLeft],
        None => [UpperLeft, UpperRight, LowerRight, LowerLeft],
    };
    if fw < 0.6 && fh < 0.7 {
        for corner in order {
            let (x0, y0) = match corner {
                UpperRight => (1.0 - fw, 1.0 - fh),
                LowerRight => (1.0 - fw, 0.0),
                UpperLeft => (0.0, 1.0 - fh),
                _ => (0.0, 0.0),
            };
            let inside = |&(x, y): &(f64, f64)| x >= x0 && x <= x0 + fw && y >= y0 && y <= y0 + fh;
            if !lines.iter().any(|l| sampled(l).iter().any(inside)) {
                return Placement::Corner(corner);
            }
        }
    }
    let rows = flow(entries, width - style.px(16.0), style)
        .last()
        .map_or(0, |r| r.0 + 1);
    Placement::Below(rows * row_height(style) + style.px(10.0))
}

/// The points of a polyline plus 16 between each pair, so a segment crossing a box is seen.
fn sampled(line: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out = line.to_vec();
    for w in line.windows(2) {
        for k in 1..16 {
            let t = f64::from(k) / 16.0;
            out.push((
                w[0].0 + t * (w[1].0 - w[0].0),
                w[0].1 + t * (w[1].1 - w[0].1),
            ));
        }
    }
    out
}

/// Draws the flowed legend into `area` (the strip under the plot).
pub fn draw_below<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    style: &Style,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, _) = area.dim_in_pixel();
    let left = style.px(8.0);
    let font = ("sans-serif", style.font(11.0))
        .into_font()
        .color(&style.foreground());
    let rh = row_height(style);
    for (e, (row, x)) in entries
        .iter()
        .zip(flow(entries, w as i32 - 2 * left, style))
    {
        let (x, y) = (left + x, style.px(4.0) + row * rh + rh / 2);
        let mark =
            ShapeStyle::from(style.series(e.color)).stroke_width(style.px(2.5).max(1) as u32);
        let seg = style.px(7.0);
        let gap = if e.dashed { style.px(4.0) } else { 0 };
        area.draw(&PathElement::new(vec![(x, y), (x + seg, y)], mark))?;
        area.draw(&PathElement::new(
            vec![(x + seg + gap, y), (x + 2 * seg + gap, y)],
            mark,
        ))?;
        area.draw(&Text::new(
            e.label.to_string(),
            (x + style.px(22.0), y - (style.font(11.0) * 0.55) as i32),
            font.clone(),
        ))?;
    }
    Ok(())
}

/// Draws the legend in `corner` of `plot` (the plotting area), as plotters' series labels drew
/// it: a box 5 px in from the corner, its background `opacity` opaque with a grid-coloured
/// border, one row per entry (mark, then the label at CSS font size `css_px`).
pub fn draw_corner<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    corner: SeriesLabelPosition,
    opacity: f64,
    css_px: f64,
    style: &Style,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    if entries.is_empty() {
        return Ok(());
    }
    let (aw, ah) = plot.dim_in_pixel();
    let (aw, ah) = (aw as i32, ah as i32);
    let margin = style.px(6.0);
    let mark_area = style.px(26.0);
    let rh = (style.font(css_px) * 1.3).ceil() as i32;
    let text_w = entries
        .iter()
        .map(|e| text_width_at(e.label, css_px, style))
        .max()
        .unwrap_or(0);
    let (w, h) = (
        text_w + mark_area + 2 * margin,
        rh * entries.len() as i32 + 2 * margin,
    );
    use SeriesLabelPosition::*;
    let inset = style.px(5.0);
    let x0 = match corner {
        UpperRight | MiddleRight | LowerRight => aw - w - inset,
        _ => inset,
    };
    let y0 = match corner {
        LowerLeft | LowerMiddle | LowerRight => ah - h - inset,
        _ => inset,
    };
    let rect = [(x0, y0), (x0 + w, y0 + h)];
    plot.draw(&Rectangle::new(
        rect,
        style.background().mix(opacity).filled(),
    ))?;
    plot.draw(&Rectangle::new(rect, style.grid()))?;
    let font = ("sans-serif", style.font(css_px))
        .into_font()
        .color(&style.foreground())
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (i, e) in entries.iter().enumerate() {
        let (x, y) = (x0 + margin, y0 + margin + i as i32 * rh + rh / 2);
        let mark =
            ShapeStyle::from(style.series(e.color)).stroke_width(style.px(2.5).max(1) as u32);
        let seg = style.px(7.0);
        let gap = style.px(4.0);
        let second = if e.dashed { seg + gap } else { seg };
        plot.draw(&PathElement::new(vec![(x, y), (x + seg, y)], mark))?;
        plot.draw(&PathElement::new(
            vec![(x + second, y), (x + 2 * seg + gap, y)],
            mark,
        ))?;
        plot.draw(&Text::new(
            e.label.to_string(),
            (x + mark_area, y),
            font.clone(),
        ))?;
    }
    Ok(())
}
