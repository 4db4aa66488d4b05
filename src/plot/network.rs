//! The network view (TF Playground's diagram): columns of neuron tiles, inputs → hidden layers →
//! output, each tile the unit's value over the input plane (orange negative, blue positive, as
//! strong as |value| / the tile's largest |value|; outputs shaded like the decision map), edges
//! coloured by the weight's sign and as thick as |w| relative to the largest drawn; dead units
//! crossed out in red. Layers or units beyond the view's caps are counted under their column, and
//! a "⋯" stands for hidden layers not drawn. For image data sets: one tile per first-layer unit,
//! its incoming weights as an image.
//!
//! [`layout`] places every tile (the page sizes its canvas from [`preferred_height`]); the same
//! layout answers hover hit tests ([`NetworkLayout::hit`]).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::boundary::{class_colour, mix};
use super::style::Style;
use crate::view::unit_maps::{ColumnKind, MapKind, UnitMaps};

/// Words drawn on the chart (the page's language).
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct NetworkLabels {
    /// Column titles: "inputs", "layer {n}" (`{n}` replaced by its number; without it the number
    /// follows), "output".
    pub input: String,
    pub layer: String,
    pub output: String,
    /// "+{n} more" under a column with units not drawn (`{n}` replaced).
    pub more: String,
    /// "{n} dead" under a column with dead units.
    pub dead: String,
}

/// One placed tile, in backend pixels.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct TileRect {
    pub column: usize,
    /// Index into the column's shown units.
    pub index: usize,
    pub x: i32,
    pub y: i32,
    pub size: i32,
}

/// Where everything goes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NetworkLayout {
    pub tiles: Vec<TileRect>,
    /// Centre x of each column.
    pub column_x: Vec<i32>,
    pub header: i32,
    pub tile: i32,
}

/// What is under a pointer.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(tag = "hit", rename_all = "snake_case")]
pub enum Hit {
    Tile {
        column: usize,
        index: usize,
    },
    /// The edge from tile `from` of `column` to tile `to` of `column + 1`.
    Edge {
        column: usize,
        from: usize,
        to: usize,
    },
}

const HEADER_CSS: f64 = 34.0;
const FOOTER_CSS: f64 = 30.0;
const GAP_CSS: f64 = 6.0;
const MIN_TILE_CSS: f64 = 14.0;
const MAX_TILE_CSS: f64 = 64.0;

fn tile_size(maps: &UnitMaps, width: u32, style: &Style) -> i32 {
    let w = f64::from(width) / style.scale;
    let css = match maps.kind {
        MapKind::Plane => w / maps.columns.len().max(1) as f64 * 0.5,
        MapKind::Weights => (w - GAP_CSS) / 8.0 - GAP_CSS,
    };
    style.px(css.clamp(MIN_TILE_CSS, MAX_TILE_CSS))
}

/// Tiles per row in the weight-image grid.
fn per_row(width: u32, tile: i32, gap: i32) -> usize {
    ((width as i32 - gap) / (tile + gap)).max(1) as usize
}

/// The canvas height (backend pixels) that fits every tile at `width`.
pub fn preferred_height(maps: &UnitMaps, width: u32, style: &Style) -> u32 {
    let tile = tile_size(maps, width, style);
    let gap = style.px(GAP_CSS);
    let rows = match maps.kind {
        MapKind::Plane => maps
            .columns
            .iter()
            .map(|c| c.shown.len())
            .max()
            .unwrap_or(1),
        MapKind::Weights => {
            let n = maps.columns.first().map_or(1, |c| c.shown.len());
            n.div_ceil(per_row(width, tile, gap))
        }
    };
    let h = style.px(HEADER_CSS + FOOTER_CSS) + rows as i32 * (tile + gap);
    h.max(style.px(80.0)) as u32
}

/// Places the tiles in a `width` × `height` area.
pub fn layout(maps: &UnitMaps, width: u32, height: u32, style: &Style) -> NetworkLayout {
    let tile = tile_size(maps, width, style);
    let gap = style.px(GAP_CSS);
    let header = style.px(HEADER_CSS);
    let mut tiles = Vec::new();
    let mut column_x = Vec::new();
    match maps.kind {
        MapKind::Plane => {
            let n = maps.columns.len().max(1) as i32;
            let col_w = width as i32 / n;
            let avail = height as i32 - header - style.px(FOOTER_CSS);
            for (c, col) in maps.columns.iter().enumerate() {
                let cx = col_w * c as i32 + col_w / 2;
                column_x.push(cx);
                let stack = col.shown.len() as i32 * (tile + gap) - gap;
                let top = header + ((avail - stack) / 2).max(0);
                for i in 0..col.shown.len() {
                    let y = top + i as i32 * (tile + gap);
                    tiles.push(TileRect {
                        column: c,
                        index: i,
                        x: cx - tile / 2,
                        y,
                        size: tile,
                    });
                }
            }
        }
        MapKind::Weights => {
            let k = per_row(width, tile, gap);
            let n = maps.columns.first().map_or(0, |c| c.shown.len());
            for i in 0..n {
                let (row, col) = ((i / k) as i32, (i % k) as i32);
                tiles.push(TileRect {
                    column: 0,
                    index: i,
                    x: gap + col * (tile + gap),
                    y: header + row * (tile + gap),
                    size: tile,
                });
            }
            column_x.push(width as i32 / 2);
        }
    }
    NetworkLayout {
        tiles,
        column_x,
        header,
        tile,
    }
}

impl NetworkLayout {
    fn tile(&self, column: usize, index: usize) -> Option<&TileRect> {
        self.tiles
            .iter()
            .find(|t| t.column == column && t.index == index)
    }

    /// The tile under (x, y), else the nearest edge within `reach` pixels.
    pub fn hit(&self, maps: &UnitMaps, x: f64, y: f64, reach: f64) -> Option<Hit> {
        let on = |t: &&TileRect| {
            let (x0, y0, s) = (f64::from(t.x), f64::from(t.y), f64::from(t.size));
            x >= x0 && x < x0 + s && y >= y0 && y < y0 + s
        };
        if let Some(t) = self.tiles.iter().find(on) {
            return Some(Hit::Tile {
                column: t.column,
                index: t.index,
            });
        }
        let mut best: Option<(f64, Hit)> = None;
        for (c, w) in maps.edges.iter().enumerate() {
            if w.is_none() {
                continue;
            }
            for i in 0..maps.columns[c].shown.len() {
                for j in 0..maps.columns[c + 1].shown.len() {
                    let (Some(a), Some(b)) = (self.tile(c, i), self.tile(c + 1, j)) else {
                        continue;
                    };
                    let d = segment_distance((x, y), edge_ends(a, b));
                    if d <= reach && best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((
                            d,
                            Hit::Edge {
                                column: c,
                                from: i,
                                to: j,
                            },
                        ));
                    }
                }
            }
        }
        best.map(|(_, h)| h)
    }
}

fn edge_ends(a: &TileRect, b: &TileRect) -> ((f64, f64), (f64, f64)) {
    (
        (f64::from(a.x + a.size), f64::from(a.y + a.size / 2)),
        (f64::from(b.x), f64::from(b.y + b.size / 2)),
    )
}

fn segment_distance(p: (f64, f64), (a, b): ((f64, f64), (f64, f64))) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (qx, qy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - qx).powi(2) + (p.1 - qy).powi(2)).sqrt()
}

/// Orange for negative, blue for positive, mixed with the background by |t| ∈ [0, 1].
fn signed_colour(t: f64, bg: RGBColor) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let c = if t < 0.0 {
        class_colour(0)
    } else {
        class_colour(1)
    };
    mix(c, bg, t.abs())
}

/// The colour of one cell of a tile of `kind` whose largest |value| is `scale`.
fn cell_colour(kind: ColumnKind, v: f32, scale: f32, bg: RGBColor) -> RGBColor {
    match kind {
        // Probabilities as on the decision map: 0.5 is the background.
        ColumnKind::Output if (0.0..=1.0).contains(&v) && scale <= 1.0 => {
            signed_colour(2.0 * f64::from(v) - 1.0, bg)
        }
        _ if scale > 0.0 => signed_colour(f64::from(v / scale), bg),
        _ => bg,
    }
}

/// Largest |value| of a map (0 for an all-zero map).
pub fn max_abs(map: &[f32]) -> f32 {
    map.iter()
        .filter(|v| v.is_finite())
        .fold(0.0f32, |m, v| m.max(v.abs()))
}

/// Rectangles the whole view may paint for its tiles (a canvas draw call each): many tiles get
/// coarser cells, so a redraw stays short however many units are shown.
pub const RECT_BUDGET: usize = 20_000;

/// Paints one map as a `size`² square at (x, y): at most one rectangle per two backend pixels and
/// at most `max_cells` per side (the map is sampled).
pub fn draw_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y, size): (i32, i32, i32),
    map: &[f32],
    (res, max_cells): (usize, usize),
    kind: ColumnKind,
    style: &Style,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let bg = style.background();
    let scale = max_abs(map);
    let n = res.min((size / 2).max(1) as usize).min(max_cells).max(1);
    for r in 0..n {
        for c in 0..n {
            let (sr, sc) = (r * res / n, c * res / n);
            let v = map.get(sr * res + sc).copied().unwrap_or(0.0);
            let (x0, y0) = (
                x + c as i32 * size / n as i32,
                y + r as i32 * size / n as i32,
            );
            let (x1, y1) = (
                x + (c as i32 + 1) * size / n as i32,
                y + (r as i32 + 1) * size / n as i32,
            );
            area.draw(&Rectangle::new(
                [(x0, y0), (x1, y1)],
                cell_colour(kind, v, scale, bg).filled(),
            ))?;
        }
    }
    Ok(())
}

/// Draws the whole view filling `area`; returns its layout for hit tests.
pub fn draw_network<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    maps: &UnitMaps,
    labels: &NetworkLabels,
    style: &Style,
) -> Result<NetworkLayout, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&style.background())?;
    let (w, h) = area.dim_in_pixel();
    let lay = layout(maps, w, h, style);
    if maps.kind == MapKind::Plane {
        draw_edges(area, maps, &lay, style)?;
    }
    let cells = maps.cells();
    let max_cells = ((RECT_BUDGET / lay.tiles.len().max(1)) as f64).sqrt() as usize;
    for t in &lay.tiles {
        let col = &maps.columns[t.column];
        let res = (maps.resolution, max_cells.max(4));
        draw_map(
            area,
            (t.x, t.y, t.size),
            col.map(t.index, cells),
            res,
            col.kind,
            style,
        )?;
        let dead = col.dead[t.index];
        let border = if dead {
            RGBColor(0xd6, 0x27, 0x28)
        } else {
            style.zero_axis()
        };
        let (x1, y1) = (t.x + t.size, t.y + t.size);
        let stroke =
            ShapeStyle::from(border).stroke_width(style.px(if dead { 2.0 } else { 1.0 }) as u32);
        area.draw(&Rectangle::new([(t.x, t.y), (x1, y1)], stroke))?;
        if dead {
            area.draw(&PathElement::new(vec![(t.x, t.y), (x1, y1)], stroke))?;
            area.draw(&PathElement::new(vec![(t.x, y1), (x1, t.y)], stroke))?;
        }
    }
    draw_texts(area, maps, &lay, labels, style)?;
    Ok(lay)
}

fn draw_edges<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    maps: &UnitMaps,
    lay: &NetworkLayout,
    style: &Style,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let largest = maps
        .edges
        .iter()
        .flatten()
        .map(|w| max_abs(w))
        .fold(0.0f32, f32::max)
        .max(1e-12);
    let bg = style.background();
    for (c, w) in maps.edges.iter().enumerate() {
        let Some(w) = w else { continue };
        let to_n = maps.columns[c + 1].shown.len();
        for (k, &v) in w.iter().enumerate() {
            let (Some(a), Some(b)) = (lay.tile(c, k / to_n), lay.tile(c + 1, k % to_n)) else {
                continue;
            };
            let t = f64::from((v / largest).clamp(-1.0, 1.0));
            let colour = signed_colour(t.signum() * (0.35 + 0.65 * t.abs()), bg);
            let width = style.px(0.5 + 3.5 * t.abs()).max(1) as u32;
            let ((x0, y0), (x1, y1)) = edge_ends(a, b);
            area.draw(&PathElement::new(
                vec![(x0 as i32, y0 as i32), (x1 as i32, y1 as i32)],
                ShapeStyle::from(colour).stroke_width(width),
            ))?;
        }
    }
    Ok(())
}

fn draw_texts<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    maps: &UnitMaps,
    lay: &NetworkLayout,
    labels: &NetworkLabels,
    style: &Style,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let fg = style.foreground();
    let font = ("sans-serif", style.font(11.0)).into_font().color(&fg);
    let centre = font.pos(plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Center,
        plotters::style::text_anchor::VPos::Top,
    ));
    let red = ("sans-serif", style.font(11.0))
        .into_font()
        .color(&RGBColor(0xd6, 0x27, 0x28));
    let red = red.pos(plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Center,
        plotters::style::text_anchor::VPos::Top,
    ));
    let (_, h) = area.dim_in_pixel();
    for (c, col) in maps.columns.iter().enumerate() {
        let cx = lay.column_x[c.min(lay.column_x.len() - 1)];
        let title = match col.kind {
            ColumnKind::Input => labels.input.clone(),
            ColumnKind::Hidden(l) => {
                let n = (l + 1).to_string();
                let name = if labels.layer.contains("{n}") {
                    labels.layer.replace("{n}", &n)
                } else {
                    format!("{} {n}", labels.layer)
                };
                format!("{name} ({})", col.units)
            }
            ColumnKind::Output => labels.output.clone(),
        };
        area.draw_text(&title, &centre, (cx, style.px(4.0)))?;
        if col.dead_count > 0 {
            let text = labels.dead.replace("{n}", &col.dead_count.to_string());
            area.draw_text(&text, &red, (cx, style.px(18.0)))?;
        }
        let more = col.units - col.shown.len();
        if more > 0 && maps.kind == MapKind::Plane {
            let text = labels.more.replace("{n}", &more.to_string());
            area.draw_text(&text, &centre, (cx, h as i32 - style.px(FOOTER_CSS - 6.0)))?;
        }
        if maps.edges.get(c).is_some_and(Option::is_none) && maps.kind == MapKind::Plane {
            let gx = (cx + lay.column_x[c + 1]) / 2;
            area.draw_text("⋯", &centre, (gx, h as i32 / 2))?;
        }
    }
    if maps.kind == MapKind::Weights {
        let col = &maps.columns[0];
        let more = col.units - col.shown.len();
        if more > 0 {
            let text = labels.more.replace("{n}", &more.to_string());
            area.draw_text(
                &text,
                &centre,
                (lay.column_x[0], h as i32 - style.px(FOOTER_CSS - 6.0)),
            )?;
        }
    }
    Ok(())
}

/// One tile drawn large (the page's "click a tile"): the map filling a square in `area`.
pub fn draw_tile_large<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    maps: &UnitMaps,
    column: usize,
    index: usize,
    style: &Style,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&style.background())?;
    let Some(col) = maps.columns.get(column) else {
        return Ok(());
    };
    if index >= col.shown.len() {
        return Ok(());
    }
    let (w, h) = area.dim_in_pixel();
    let size = w.min(h) as i32 - style.px(2.0);
    let (x, y) = ((w as i32 - size) / 2, (h as i32 - size) / 2);
    draw_map(
        area,
        (x, y, size),
        col.map(index, maps.cells()),
        (maps.resolution, maps.resolution),
        col.kind,
        style,
    )?;
    area.draw(&Rectangle::new(
        [(x, y), (x + size, y + size)],
        ShapeStyle::from(style.zero_axis()).stroke_width(1),
    ))?;
    Ok(())
}
