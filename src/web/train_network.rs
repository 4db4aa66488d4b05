//! The network view's wasm skin (www/js/train-network.js, www/js/train-network-worker.js):
//! `TrainSession.unitMaps()` runs in the worker and packs the core's `UnitMaps`; `NetworkView`
//! lives on the page, unpacks them, draws with `plot::network` and answers hover/click with the
//! exact numbers. Every rule (caps, resolution, what is dead) is the core's.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::js_err;
use super::train::TrainSession;
use crate::data::Extent;
use crate::plot::network::{
    draw_network, draw_tile_large, max_abs, preferred_height, Hit, NetworkLabels, NetworkLayout,
};
use crate::plot::Style;
use crate::view::unit_maps::{Column, ColumnKind, MapKind, UnitMaps};

#[wasm_bindgen]
impl TrainSession {
    /// The network view of the current parameters, packed (`UnitMaps::to_flat`): unit maps over
    /// the plane for 2-input data, first-layer weight images for image sets, empty otherwise
    /// (also for a network with conv layers).
    #[wasm_bindgen(js_name = unitMaps)]
    pub fn unit_maps(&self) -> Result<Vec<f32>, JsError> {
        let net = self.trainer.network();
        let active = self.trainer.data_active();
        // Conv layers have feature maps, not units over the plane or pixel weights: no view
        // (the page says so, `image_layers` in the setup JSON).
        if crate::view::has_image_layers(net) {
            return Ok(Vec::new());
        }
        let maps = if net.inputs() == 2 {
            UnitMaps::plane(net, Extent::PLAYGROUND, active)
        } else if self.setup.data.image_source().is_some() {
            let side = (net.inputs() as f64).sqrt().round() as usize;
            UnitMaps::weight_images(net, side, active)
        } else {
            return Ok(Vec::new());
        };
        Ok(maps.map_err(js_err)?.to_flat())
    }
}

/// The page's network view: the latest maps, their layout, hover and click.
#[wasm_bindgen]
#[derive(Default)]
pub struct NetworkView {
    maps: Option<UnitMaps>,
    layout: Option<NetworkLayout>,
}

#[derive(Serialize)]
struct UnitInfo {
    kind: &'static str,
    /// 1-based hidden layer number (0 for inputs and the output).
    layer: usize,
    /// 1-based unit number within its layer.
    unit: usize,
}

fn unit_info(col: &Column, index: usize) -> UnitInfo {
    let (kind, layer) = match col.kind {
        ColumnKind::Input => ("input", 0),
        ColumnKind::Hidden(l) => ("hidden", l + 1),
        ColumnKind::Output => ("output", 0),
    };
    UnitInfo {
        kind,
        layer,
        unit: col.shown.get(index).map_or(0, |u| u + 1),
    }
}

#[wasm_bindgen]
impl NetworkView {
    #[wasm_bindgen(constructor)]
    pub fn new() -> NetworkView {
        NetworkView::default()
    }

    /// Takes a packed buffer from the worker (throws on a damaged one; the old view stays).
    pub fn set(&mut self, flat: Vec<f32>) -> Result<(), JsError> {
        self.maps = Some(UnitMaps::from_flat(&flat).map_err(js_err)?);
        Ok(())
    }

    pub fn clear(&mut self) {
        self.maps = None;
        self.layout = None;
    }

    /// `"plane"`, `"weights"` or `""` (nothing to show).
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        match self.maps.as_ref().map(|m| m.kind) {
            Some(MapKind::Plane) => "plane".into(),
            Some(MapKind::Weights) => "weights".into(),
            None => String::new(),
        }
    }

    /// Canvas height in CSS pixels that fits every tile at `css_width`.
    pub fn height(&self, css_width: f64) -> f64 {
        let Some(m) = &self.maps else { return 0.0 };
        let w = css_width.clamp(100.0, 8000.0) as u32;
        f64::from(preferred_height(m, w, &Style::default()))
    }

    /// Draws the view; `labels` is JSON of `NetworkLabels`.
    pub fn draw(
        &mut self,
        canvas: HtmlCanvasElement,
        dark: bool,
        scale: f64,
        labels: &str,
    ) -> Result<(), JsError> {
        let Some(m) = &self.maps else { return Ok(()) };
        let labels: NetworkLabels = serde_json::from_str(labels).unwrap_or_default();
        let (root, style) = super::canvas_area(canvas, dark, scale)?;
        let fail = |e: String| JsError::new(&format!("network view drawing failed: {e}"));
        let lay = draw_network(&root, m, &labels, &style).map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
        self.layout = Some(lay);
        Ok(())
    }

    /// One tile large on `canvas`.
    #[wasm_bindgen(js_name = drawLarge)]
    pub fn draw_large(
        &self,
        canvas: HtmlCanvasElement,
        column: usize,
        index: usize,
        dark: bool,
        scale: f64,
    ) -> Result<(), JsError> {
        let Some(m) = &self.maps else { return Ok(()) };
        let (root, style) = super::canvas_area(canvas, dark, scale)?;
        let fail = |e: String| JsError::new(&format!("network view drawing failed: {e}"));
        draw_tile_large(&root, m, column, index, &style).map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))
    }

    /// What is at backend pixel (x, y) of the last drawing, as JSON: `{hit:"tile", column,
    /// index, kind, layer, unit, bias, min, max, dead}`, `{hit:"edge", from, to, weight}` or `null`.
    pub fn hit(&self, x: f64, y: f64, scale: f64) -> String {
        let (Some(m), Some(lay)) = (&self.maps, &self.layout) else {
            return "null".into();
        };
        let reach = 4.0
            * if scale.is_finite() {
                scale.clamp(0.5, 8.0)
            } else {
                1.0
            };
        match lay.hit(m, x, y, reach) {
            Some(Hit::Tile { column, index }) => self.tile(column, index),
            Some(Hit::Edge { column, from, to }) => {
                let (a, b) = (&m.columns[column], &m.columns[column + 1]);
                let w = m.edges[column]
                    .as_ref()
                    .map_or(0.0, |w| w[from * b.shown.len() + to]);
                serde_json::json!({
                    "hit": "edge", "from": unit_info(a, from), "to": unit_info(b, to), "weight": w,
                })
                .to_string()
            }
            None => "null".into(),
        }
    }

    /// One tile's numbers as JSON (see [`Self::hit`]); `null` when out of range.
    pub fn tile(&self, column: usize, index: usize) -> String {
        let Some(m) = &self.maps else {
            return "null".into();
        };
        let Some(col) = m.columns.get(column).filter(|c| index < c.shown.len()) else {
            return "null".into();
        };
        let map = col.map(index, m.cells());
        let finite = map.iter().copied().filter(|v| v.is_finite());
        let min = finite.clone().fold(f32::INFINITY, f32::min);
        let max = finite.fold(f32::NEG_INFINITY, f32::max);
        let mut v = serde_json::to_value(unit_info(col, index)).unwrap_or_default();
        v["hit"] = "tile".into();
        v["column"] = column.into();
        v["index"] = index.into();
        v["bias"] = f64::from(col.bias[index]).into();
        v["min"] = f64::from(min).into();
        v["max"] = f64::from(max).into();
        v["max_abs"] = f64::from(max_abs(map)).into();
        v["dead"] = col.dead[index].into();
        v.to_string()
    }

    /// The tiles of the last drawing (backend pixels) with what each shows, as JSON
    /// `[{column, index, x, y, size, kind, layer, unit, dead}]`: for the text alternative and tests.
    pub fn tiles(&self) -> String {
        let (Some(m), Some(lay)) = (&self.maps, &self.layout) else {
            return "[]".into();
        };
        let all: Vec<serde_json::Value> = lay
            .tiles
            .iter()
            .map(|t| {
                let col = &m.columns[t.column];
                let mut v = serde_json::to_value(unit_info(col, t.index)).unwrap_or_default();
                v["column"] = t.column.into();
                v["index"] = t.index.into();
                v["x"] = t.x.into();
                v["y"] = t.y.into();
                v["size"] = t.size.into();
                v["dead"] = col.dead[t.index].into();
                v
            })
            .collect();
        serde_json::Value::from(all).to_string()
    }

    /// The layers as JSON `[{kind, layer, units, shown, dead}]` (the view's text alternative).
    pub fn summary(&self) -> String {
        let Some(m) = &self.maps else {
            return "[]".into();
        };
        let cols: Vec<serde_json::Value> = m
            .columns
            .iter()
            .map(|c| {
                let u = unit_info(c, 0);
                serde_json::json!({
                    "kind": u.kind, "layer": u.layer, "units": c.units, "shown": c.shown.len(),
                    "dead": c.dead_count,
                })
            })
            .collect();
        serde_json::Value::from(cols).to_string()
    }
}
