//! The page's one layer view (www/js/layer-views.js). A view per layer kind: unit tiles for dense
//! layers (`UnitMaps`, drawn by `plot::network`) and maps for conv and pool layers (`ConvMaps`,
//! drawn by `plot::conv_maps`), behind one type, so that the page's one painter draws every view
//! the same way: `set` the packed pictures the worker sent, `height` at a width, `draw`,
//! `summary`. What only one kind has (hover and enlarged tiles; the test image shown) answers
//! `null` on the other.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{js_err, train_conv_maps as maps_json, train_network as units_json};
use crate::plot::{conv_maps, network, Style};
use crate::view::conv_maps::ConvMaps;
use crate::view::unit_maps::{MapKind, UnitMaps};

/// Which pictures a view shows.
#[derive(Clone, Copy)]
enum Kind {
    Units,
    Maps,
}

/// What the worker sent last, unpacked (and, for the tiles, where the last drawing put them).
enum Picture {
    Units {
        maps: UnitMaps,
        layout: Option<network::NetworkLayout>,
    },
    Maps(ConvMaps),
}

/// One layer view on the page: the latest pictures of its kind and their drawing.
#[wasm_bindgen]
pub struct LayerView {
    kind: Kind,
    picture: Option<Picture>,
}

#[wasm_bindgen]
impl LayerView {
    /// `kind`: "network" (unit tiles) or "maps" (filters and feature maps).
    #[wasm_bindgen(constructor)]
    pub fn new(kind: &str) -> Result<LayerView, JsError> {
        let kind = match kind {
            "network" => Kind::Units,
            "maps" => Kind::Maps,
            other => {
                let msg = format!("unknown layer view {other:?}: expected \"network\" or \"maps\"");
                return Err(JsError::new(&msg));
            }
        };
        Ok(LayerView {
            kind,
            picture: None,
        })
    }

    /// Takes a packed buffer from the worker (throws on a damaged one; the old picture stays).
    pub fn set(&mut self, flat: Vec<f32>) -> Result<(), JsError> {
        self.picture = Some(match self.kind {
            Kind::Units => Picture::Units {
                maps: UnitMaps::from_flat(&flat).map_err(js_err)?,
                layout: None,
            },
            Kind::Maps => Picture::Maps(ConvMaps::from_flat(&flat).map_err(js_err)?),
        });
        Ok(())
    }

    pub fn clear(&mut self) {
        self.picture = None;
    }

    /// Whether there is anything to draw.
    #[wasm_bindgen(getter)]
    pub fn shown(&self) -> bool {
        self.picture.is_some()
    }

    /// What is shown: "plane" (unit tiles over the plane), "weights" (first-layer weights as
    /// images), "maps", or "" (nothing).
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        match &self.picture {
            Some(Picture::Units { maps, .. }) if maps.kind == MapKind::Plane => "plane".into(),
            Some(Picture::Units { .. }) => "weights".into(),
            Some(Picture::Maps(_)) => "maps".into(),
            None => String::new(),
        }
    }

    /// Canvas height in CSS pixels that fits everything at `css_width`.
    pub fn height(&self, css_width: f64) -> f64 {
        let style = Style::default();
        match &self.picture {
            Some(Picture::Units { maps, .. }) => {
                super::fitted_height(css_width, |w| network::preferred_height(maps, w, &style))
            }
            Some(Picture::Maps(m)) => {
                super::fitted_height(css_width, |w| conv_maps::preferred_height(m, w, &style))
            }
            None => 0.0,
        }
    }

    /// Draws the pictures; `labels` is JSON of the view's labels (`NetworkLabels` for the tiles,
    /// `ConvMapsLabels`' title templates for the maps).
    pub fn draw(
        &mut self,
        canvas: HtmlCanvasElement,
        dark: bool,
        scale: f64,
        labels: &str,
    ) -> Result<(), JsError> {
        match &mut self.picture {
            Some(Picture::Units { maps, layout }) => {
                let labels: network::NetworkLabels =
                    serde_json::from_str(labels).unwrap_or_default();
                let lay =
                    super::paint_canvas(canvas, dark, scale, "network view", |root, style| {
                        network::draw_network(root, maps, &labels, style)
                    })?;
                *layout = Some(lay);
                Ok(())
            }
            Some(Picture::Maps(m)) => {
                let labels = maps_json::labels_of(labels);
                super::paint_canvas(canvas, dark, scale, "feature maps", |root, style| {
                    conv_maps::draw_conv_maps(root, m, &labels, style).map(drop)
                })
            }
            None => Ok(()),
        }
    }

    /// Every section drawn, as JSON: the tiles' layers `[{kind, layer, units, shown, dead}]`, or
    /// the maps' sections `[{kind, number, total, shown, height, width, scale, sum, title}]`
    /// (titled from `labels`, as for `draw`). The text alternative and the page tests read it.
    pub fn summary(&self, labels: &str) -> String {
        match &self.picture {
            Some(Picture::Units { maps, .. }) => units_json::summary(maps),
            Some(Picture::Maps(m)) => maps_json::summary(m, labels),
            None => "[]".into(),
        }
    }

    /// Tiles: one tile large on `canvas`.
    #[wasm_bindgen(js_name = drawLarge)]
    pub fn draw_large(
        &self,
        canvas: HtmlCanvasElement,
        column: usize,
        index: usize,
        dark: bool,
        scale: f64,
    ) -> Result<(), JsError> {
        let Some(Picture::Units { maps, .. }) = &self.picture else {
            return Ok(());
        };
        super::paint_canvas(canvas, dark, scale, "network view", |root, style| {
            network::draw_tile_large(root, maps, column, index, style)
        })
    }

    /// Tiles: what is at backend pixel (x, y) of the last drawing, as JSON: `{hit:"tile", column,
    /// index, kind, layer, unit, bias, min, max, dead}`, `{hit:"edge", from, to, weight}` or `null`.
    pub fn hit(&self, x: f64, y: f64, scale: f64) -> String {
        match &self.picture {
            Some(Picture::Units {
                maps,
                layout: Some(lay),
            }) => units_json::hit(maps, lay, x, y, scale),
            _ => "null".into(),
        }
    }

    /// Tiles: one tile's numbers as JSON (see [`Self::hit`]); `null` when out of range.
    pub fn tile(&self, column: usize, index: usize) -> String {
        match &self.picture {
            Some(Picture::Units { maps, .. }) => units_json::tile(maps, column, index),
            _ => "null".into(),
        }
    }

    /// Tiles: the tiles of the last drawing (backend pixels) with what each shows, as JSON
    /// `[{column, index, x, y, size, kind, layer, unit, dead}]`.
    pub fn tiles(&self) -> String {
        match &self.picture {
            Some(Picture::Units {
                maps,
                layout: Some(lay),
            }) => units_json::tiles(maps, lay),
            _ => "[]".into(),
        }
    }

    /// Maps: the image shown and the prediction, as JSON `{index, count, label, predicted,
    /// confidence, searched}`, or `null`.
    pub fn sample(&self) -> String {
        match &self.picture {
            Some(Picture::Maps(m)) => maps_json::sample(m),
            _ => "null".into(),
        }
    }
}
