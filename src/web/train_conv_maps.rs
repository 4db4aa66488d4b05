//! The maps view's part of the wasm skin (www/js/train-conv-maps.js): `TrainSession.convMaps()`
//! runs in the worker (www/js/layer-view-feed.js), moves the picker and packs the core's
//! `ConvMaps`; on the page, the one `LayerView` (layer_view.rs) unpacks them, draws with
//! `plot::conv_maps` and describes them with these functions.
//! Every rule (caps, scales, which image the picker lands on) is the core's.

use wasm_bindgen::prelude::*;

use super::js_err;
use super::train::TrainSession;
use crate::plot::conv_maps::{titles, ConvMapsLabels};
use crate::view::conv_maps::{seek, ConvMaps, Seek};

#[wasm_bindgen]
impl TrainSession {
    /// Filters and feature maps of a test image, packed (`ConvMaps::to_flat`): the picker moves
    /// from image `index` by `step` ("" stays, "prev", "next", "wrong": the next misclassified
    /// one within the core's search limit) over the test images the live evaluations cover (the
    /// confusion matrix's and the misclassified grid's). Empty for a network without conv or pool
    /// layers.
    #[wasm_bindgen(js_name = convMaps)]
    pub fn conv_maps(&self, index: u32, step: &str) -> Result<Vec<f32>, JsError> {
        let net = self.trainer.network();
        if !crate::view::has_image_layers(net) {
            return Ok(Vec::new());
        }
        let how = Seek::from_name(step).map_err(js_err)?;
        let test = &self.eval_data;
        let to = seek(net, test, index as usize, how).map_err(js_err)?;
        let mut maps = ConvMaps::of_test(net, test, to.index).map_err(js_err)?;
        maps.sample.searched = to.searched;
        Ok(maps.to_flat())
    }
}

pub(super) fn labels_of(json: &str) -> ConvMapsLabels {
    serde_json::from_str(json).unwrap_or_default()
}

/// The image shown and the prediction, as JSON `{index, count, label, predicted, confidence,
/// searched}` (`label`/`predicted` null for regression; `searched`: see `SampleInfo`).
pub(super) fn sample(m: &ConvMaps) -> String {
    let s = m.sample;
    serde_json::json!({
        "index": s.index, "count": s.count, "label": s.label, "predicted": s.predicted,
        "confidence": s.confidence, "searched": s.searched,
    })
    .to_string()
}

/// The sections as drawn, as JSON `[{kind, number, total, shown, height, width, scale, sum,
/// title}]` (kind "filters", "input", "conv", "pool", "avgpool" or "batchnorm"; `sum` = Σ|value|
/// of what is drawn): the text alternative and the page tests read it.
pub(super) fn summary(m: &ConvMaps, labels: &str) -> String {
    let abs_sum = |v: &[f32]| v.iter().map(|x| f64::from(x.abs())).sum::<f64>();
    let mut out: Vec<serde_json::Value> = Vec::new();
    if let Some(f) = &m.filters {
        out.push(serde_json::json!({
            "kind": "filters", "number": 1, "total": f.filters, "shown": f.shown,
            "height": f.kernel, "width": f.kernel, "scale": f.scale, "sum": abs_sum(&f.weights),
        }));
    }
    for l in &m.layers {
        out.push(serde_json::json!({
            "kind": l.kind.key(), "number": l.number, "total": l.channels, "shown": l.shown,
            "height": l.height, "width": l.width, "scale": l.scale, "sum": abs_sum(&l.maps),
        }));
    }
    for (v, title) in out.iter_mut().zip(titles(m, &labels_of(labels))) {
        v["title"] = title.into();
    }
    serde_json::Value::from(out).to_string()
}
