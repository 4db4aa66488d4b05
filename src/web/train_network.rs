//! The network view's part of the wasm skin (www/js/train-network.js): `TrainSession.unitMaps()`
//! runs in the worker (www/js/layer-view-feed.js) and packs the core's `UnitMaps`; on the page,
//! the one `LayerView` (layer_view.rs) unpacks them, draws with `plot::network` and answers
//! hover and click with the numbers these functions give. Every rule (caps, resolution, what is
//! dead) is the core's.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::js_err;
use super::train::TrainSession;
use crate::data::Extent;
use crate::plot::network::{max_abs, Hit, NetworkLayout};
use crate::view::unit_maps::{Column, ColumnKind, UnitMaps};

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

/// What is at backend pixel (x, y) of the last drawing, as JSON: `{hit:"tile", column, index,
/// kind, layer, unit, bias, min, max, dead}`, `{hit:"edge", from, to, weight}` or `null`.
pub(super) fn hit(m: &UnitMaps, lay: &NetworkLayout, x: f64, y: f64, scale: f64) -> String {
    let reach = 4.0
        * if scale.is_finite() {
            scale.clamp(0.5, 8.0)
        } else {
            1.0
        };
    match lay.hit(m, x, y, reach) {
        Some(Hit::Tile { column, index }) => tile(m, column, index),
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

/// One tile's numbers as JSON (see [`hit`]); `null` when out of range.
pub(super) fn tile(m: &UnitMaps, column: usize, index: usize) -> String {
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
pub(super) fn tiles(m: &UnitMaps, lay: &NetworkLayout) -> String {
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
pub(super) fn summary(m: &UnitMaps) -> String {
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
