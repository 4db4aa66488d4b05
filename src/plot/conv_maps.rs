//! The conv view: the first conv layer's filters as a grid of small images, then for one image
//! its feature maps, one titled row of tiles per layer (input, every conv and pool layer). Signed
//! values use the diverging colours of the network view (orange negative, blue positive, as strong
//! as |value| / the layer's one scale, so tiles of a layer compare); the input is greyscale as in
//! the misclassified grid. Tile sizes follow the map sides (a 12×12 pool map is drawn smaller than
//! the 26×26 conv map it came from), and rows wrap to the width, so a 390 px phone fits.
//!
//! [`layout`] places everything; the page sizes its canvas from [`preferred_height`].

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::boundary::{class_colour, mix};
use super::style::Style;
use crate::view::conv_maps::{ConvMaps, MapLayer, MapLayerKind};

/// Title templates (the page's language); `{n}` layer number, `{total}` maps or filters, `{h}`,
/// `{w}` map sides, `{k}` kernel side, `{shown}` maps drawn, `{scale}` the layer's largest |value|.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct ConvMapsLabels {
    pub filters: String,
    pub input: String,
    pub conv: String,
    pub pool: String,
    pub avg_pool: String,
    pub batch_norm: String,
    /// Appended when not every map (or filter) is drawn.
    pub shown: String,
    /// Appended to every signed title: the layer's colour scale.
    pub scale: String,
}

impl Default for ConvMapsLabels {
    fn default() -> Self {
        ConvMapsLabels {
            filters: "conv 1 filters · {total} of {k}×{k}".into(),
            input: "input image {h}×{w}".into(),
            conv: "conv {n} · {total} maps {h}×{w}".into(),
            pool: "pool {n} · {total} maps {h}×{w}".into(),
            avg_pool: "avg pool {n} · {total} maps {h}×{w}".into(),
            batch_norm: "batch norm {n} · {total} maps {h}×{w}".into(),
            shown: ", {shown} shown".into(),
            scale: " · ±{scale}".into(),
        }
    }
}

/// One placed tile (backend pixels): `section` 0 is the filters when there are any, then one per
/// map layer; `index` the filter (× channel) or map within it.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Tile {
    pub section: usize,
    pub index: usize,
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

/// Where everything goes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ConvMapsLayout {
    pub tiles: Vec<Tile>,
    /// Top of each section's title.
    pub titles: Vec<i32>,
    pub height: i32,
}

const TITLE_CSS: f64 = 20.0;
const GAP_CSS: f64 = 4.0;
const SECTION_GAP_CSS: f64 = 10.0;
/// CSS px per map cell is chosen so the largest map is a tenth of the width, within these bounds…
const MAP_TARGET_CSS: (f64, f64) = (56.0, 84.0);
/// …and a filter a twentieth, within these.
const FILTER_TARGET_CSS: (f64, f64) = (36.0, 48.0);

/// The `(width, height)` of one tile in backend pixels.
type Size = (i32, i32);

/// Tile sizes per section: filters first (if any), then each layer.
fn tile_sizes(maps: &ConvMaps, width: u32, style: &Style) -> Vec<Size> {
    let largest = maps
        .layers
        .iter()
        .map(|l| l.height.max(l.width))
        .max()
        .unwrap_or(1)
        .max(1);
    // Never wider than the area (minus margins), never below one backend pixel per cell.
    let fit = |css: f64| {
        css.min(f64::from(width) / style.scale - 2.0 * GAP_CSS)
            .max(1.0)
    };
    let css_width = f64::from(width) / style.scale;
    let target = |(lo, hi): (f64, f64), part: f64| (css_width / part).clamp(lo, hi);
    let cell = (target(MAP_TARGET_CSS, 10.0) / largest as f64).clamp(1.0, 12.0);
    let mut out = Vec::new();
    if let Some(f) = &maps.filters {
        let c = (target(FILTER_TARGET_CSS, 20.0) / f.kernel.max(1) as f64).clamp(2.0, 12.0);
        let side = style.px(fit(c * f.kernel as f64));
        // The channels of one filter side by side.
        out.push((side * f.channels_shown as i32, side));
    }
    for l in &maps.layers {
        let (w, h) = (l.width as f64 * cell, l.height as f64 * cell);
        out.push((
            style.px(fit(w)).max(l.width as i32),
            style.px(fit(h)).max(l.height as i32),
        ));
    }
    out
}

/// Tiles per section.
fn counts(maps: &ConvMaps) -> Vec<usize> {
    let filters = maps.filters.iter().map(|f| f.shown);
    filters.chain(maps.layers.iter().map(|l| l.shown)).collect()
}

/// Places every title and tile in a `width`-wide area, top to bottom.
pub fn layout(maps: &ConvMaps, width: u32, style: &Style) -> ConvMapsLayout {
    let gap = style.px(GAP_CSS);
    let mut y = style.px(4.0);
    let mut tiles = Vec::new();
    let mut titles = Vec::new();
    for (s, ((w, h), n)) in tile_sizes(maps, width, style)
        .into_iter()
        .zip(counts(maps))
        .enumerate()
    {
        titles.push(y);
        y += style.px(TITLE_CSS);
        let per_row = ((width as i32 - gap) / (w + gap)).max(1) as usize;
        for i in 0..n {
            let (r, c) = ((i / per_row) as i32, (i % per_row) as i32);
            tiles.push(Tile {
                section: s,
                index: i,
                x: gap + c * (w + gap),
                y: y + r * (h + gap),
                w,
                h,
            });
        }
        y += n.div_ceil(per_row) as i32 * (h + gap) + style.px(SECTION_GAP_CSS);
    }
    ConvMapsLayout {
        tiles,
        titles,
        height: y,
    }
}

/// The canvas height (backend pixels) that fits everything at `width`.
pub fn preferred_height(maps: &ConvMaps, width: u32, style: &Style) -> u32 {
    layout(maps, width, style).height.max(style.px(60.0)) as u32
}

/// Orange for negative, blue for positive, mixed with the background by |v| / scale.
fn signed(v: f32, scale: f32, bg: RGBColor) -> RGBColor {
    if scale.is_nan() || scale <= 0.0 || !v.is_finite() {
        return bg;
    }
    let t = f64::from(v / scale).clamp(-1.0, 1.0);
    mix(class_colour(usize::from(t >= 0.0)), bg, t.abs())
}

/// Ink on paper: 0 is the background, 1 (or the image's largest value, if larger) full ink.
fn grey(v: f32, scale: f32, dark: bool) -> RGBColor {
    let t = if v.is_finite() {
        f64::from(v / scale.max(1.0)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let g = (255.0 * (1.0 - t)).round() as u8;
    let g = if dark { 255 - g } else { g };
    RGBColor(g, g, g)
}

/// Paints a `rows × cols` map into a tile, one rectangle per cell (cells sampled when the tile
/// has fewer pixels than the map has cells).
fn paint<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    t: &Tile,
    (rows, cols): (usize, usize),
    colour: impl Fn(usize) -> RGBColor,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let nr = rows.min(t.h.max(1) as usize).max(1);
    let nc = cols.min(t.w.max(1) as usize).max(1);
    for r in 0..nr {
        for c in 0..nc {
            let (sr, sc) = (r * rows / nr, c * cols / nc);
            let x0 = t.x + c as i32 * t.w / nc as i32;
            let y0 = t.y + r as i32 * t.h / nr as i32;
            let x1 = t.x + (c as i32 + 1) * t.w / nc as i32;
            let y1 = t.y + (r as i32 + 1) * t.h / nr as i32;
            let fill = colour(sr * cols + sc).filled();
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], fill))?;
        }
    }
    area.draw(&Rectangle::new(
        [(t.x, t.y), (t.x + t.w, t.y + t.h)],
        ShapeStyle::from(RGBColor(0x9a, 0xa3, 0xad)).stroke_width(1),
    ))
}

/// A layer's title from its template.
fn layer_title(l: &MapLayer, labels: &ConvMapsLabels) -> String {
    let template = match l.kind {
        MapLayerKind::Input => &labels.input,
        MapLayerKind::Conv => &labels.conv,
        MapLayerKind::Pool => &labels.pool,
        MapLayerKind::AvgPool => &labels.avg_pool,
        MapLayerKind::BatchNorm => &labels.batch_norm,
    };
    let mut s = fill(template, l.number, l.channels, (l.height, l.width));
    if l.shown < l.channels {
        s += &labels.shown.replace("{shown}", &l.shown.to_string());
    }
    if l.kind != MapLayerKind::Input {
        s += &labels.scale.replace("{scale}", &short(l.scale));
    }
    s
}

fn fill(template: &str, n: usize, total: usize, (h, w): (usize, usize)) -> String {
    template
        .replace("{n}", &n.to_string())
        .replace("{total}", &total.to_string())
        .replace("{h}", &h.to_string())
        .replace("{w}", &w.to_string())
}

/// Three significant digits.
fn short(v: f32) -> String {
    let v = f64::from(v);
    if v == 0.0 || !v.is_finite() {
        return "0".into();
    }
    let digits = (2 - v.abs().log10().floor() as i32).clamp(0, 6) as usize;
    format!("{v:.digits$}")
}

/// Every section's title, in order (also the text alternative's skeleton).
pub fn titles(maps: &ConvMaps, labels: &ConvMapsLabels) -> Vec<String> {
    let filters = maps.filters.iter().map(|f| {
        let mut s =
            fill(&labels.filters, 1, f.filters, (0, 0)).replace("{k}", &f.kernel.to_string());
        if f.shown < f.filters {
            s += &labels.shown.replace("{shown}", &f.shown.to_string());
        }
        s + &labels.scale.replace("{scale}", &short(f.scale))
    });
    let layers = maps.layers.iter().map(|l| layer_title(l, labels));
    filters.chain(layers).collect()
}

/// Draws the whole view filling `area`; returns its layout.
pub fn draw_conv_maps<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    maps: &ConvMaps,
    labels: &ConvMapsLabels,
    style: &Style,
) -> Result<ConvMapsLayout, DrawingAreaErrorKind<DB::ErrorType>> {
    let bg = style.background();
    area.fill(&bg)?;
    let (w, _) = area.dim_in_pixel();
    let lay = layout(maps, w, style);
    let font = ("sans-serif", style.font(12.0))
        .into_font()
        .color(&style.foreground());
    let font = font.pos(Pos::new(HPos::Left, VPos::Top));
    for (y, title) in lay.titles.iter().zip(titles(maps, labels)) {
        area.draw_text(&title, &font, (style.px(GAP_CSS), *y))?;
    }
    let first_layer = usize::from(maps.filters.is_some());
    for t in &lay.tiles {
        if t.section < first_layer {
            let f = maps.filters.as_ref().expect("section 0 is the filters");
            // One tile per filter: its channels side by side, each kernel² cells.
            let k = f.kernel;
            paint(area, t, (k, k * f.channels_shown), |i| {
                let (r, c) = (i / (k * f.channels_shown), i % (k * f.channels_shown));
                signed(f.image(t.index, c / k)[r * k + c % k], f.scale, bg)
            })?;
            continue;
        }
        let l = &maps.layers[t.section - first_layer];
        let map = l.map(t.index);
        if l.kind == MapLayerKind::Input {
            paint(area, t, (l.height, l.width), |i| {
                grey(map[i], l.scale, style.dark)
            })?;
        } else {
            paint(area, t, (l.height, l.width), |i| {
                signed(map[i], l.scale, bg)
            })?;
        }
    }
    Ok(lay)
}
