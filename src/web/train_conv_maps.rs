//! The conv view's wasm skin (www/js/train-conv-maps.js, www/js/train-conv-maps-worker.js):
//! `TrainSession.convMaps()` runs in the worker, moves the picker and packs the core's
//! `ConvMaps`; `ConvMapsView` lives on the page, unpacks them and draws with `plot::conv_maps`.
//! Every rule (caps, scales, which image the picker lands on) is the core's.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::js_err;
use super::train::TrainSession;
use crate::plot::conv_maps::{draw_conv_maps, preferred_height, titles, ConvMapsLabels};
use crate::plot::Style;
use crate::view::conv_maps::{seek, ConvMaps, MapLayerKind, Seek};

#[wasm_bindgen]
impl TrainSession {
    /// Filters and feature maps of a test image, packed (`ConvMaps::to_flat`): the picker moves
    /// from image `index` by `step` ("" stays, "prev", "next", "wrong": the next misclassified
    /// one within the core's search limit). Empty for a network without conv or pool layers.
    #[wasm_bindgen(js_name = convMaps)]
    pub fn conv_maps(&self, index: u32, step: &str) -> Result<Vec<f32>, JsError> {
        let net = self.trainer.network();
        if !crate::view::has_image_layers(net) {
            return Ok(Vec::new());
        }
        let how = Seek::from_name(step).map_err(js_err)?;
        let test = &self.split.test;
        let to = seek(net, test, index as usize, how).map_err(js_err)?;
        let mut maps = ConvMaps::of_test(net, test, to.index).map_err(js_err)?;
        maps.sample.searched = to.searched;
        Ok(maps.to_flat())
    }
}

/// The page's conv view: the latest maps and their drawing.
#[wasm_bindgen]
#[derive(Default)]
pub struct ConvMapsView {
    maps: Option<ConvMaps>,
}

fn labels_of(json: &str) -> ConvMapsLabels {
    serde_json::from_str(json).unwrap_or_default()
}

#[wasm_bindgen]
impl ConvMapsView {
    #[wasm_bindgen(constructor)]
    pub fn new() -> ConvMapsView {
        ConvMapsView::default()
    }

    /// Takes a packed buffer from the worker (throws on a damaged one; the old view stays).
    pub fn set(&mut self, flat: Vec<f32>) -> Result<(), JsError> {
        self.maps = Some(ConvMaps::from_flat(&flat).map_err(js_err)?);
        Ok(())
    }

    pub fn clear(&mut self) {
        self.maps = None;
    }

    /// Whether there is anything to draw.
    #[wasm_bindgen(getter)]
    pub fn shown(&self) -> bool {
        self.maps.is_some()
    }

    /// Canvas height in CSS pixels that fits everything at `css_width`.
    pub fn height(&self, css_width: f64) -> f64 {
        let Some(m) = &self.maps else { return 0.0 };
        let w = css_width.clamp(100.0, 8000.0) as u32;
        f64::from(preferred_height(m, w, &Style::default()))
    }

    /// Draws the view; `labels` is JSON of `ConvMapsLabels` (title templates).
    pub fn draw(
        &self,
        canvas: HtmlCanvasElement,
        dark: bool,
        scale: f64,
        labels: &str,
    ) -> Result<(), JsError> {
        let Some(m) = &self.maps else { return Ok(()) };
        let (root, style) = super::canvas_area(canvas, dark, scale)?;
        let fail = |e: String| JsError::new(&format!("feature maps drawing failed: {e}"));
        draw_conv_maps(&root, m, &labels_of(labels), &style).map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))
    }

    /// The image shown and the prediction, as JSON `{index, count, label, predicted, confidence,
    /// searched}` (`label`/`predicted` null for regression; `searched`: see `SampleInfo`), or
    /// `null`.
    pub fn sample(&self) -> String {
        let Some(m) = &self.maps else {
            return "null".into();
        };
        let s = m.sample;
        serde_json::json!({
            "index": s.index, "count": s.count, "label": s.label, "predicted": s.predicted,
            "confidence": s.confidence, "searched": s.searched,
        })
        .to_string()
    }

    /// The sections as drawn, as JSON `[{kind, number, total, shown, height, width, scale,
    /// sum, title}]` (kind "filters", "input", "conv", "pool", "avgpool" or "batchnorm"; `sum` =
    /// Σ|value| of what is drawn):
    /// the text alternative and the page tests read it.
    pub fn summary(&self, labels: &str) -> String {
        let Some(m) = &self.maps else {
            return "[]".into();
        };
        let abs_sum = |v: &[f32]| v.iter().map(|x| f64::from(x.abs())).sum::<f64>();
        let mut out: Vec<serde_json::Value> = Vec::new();
        if let Some(f) = &m.filters {
            out.push(serde_json::json!({
                "kind": "filters", "number": 1, "total": f.filters, "shown": f.shown,
                "height": f.kernel, "width": f.kernel, "scale": f.scale, "sum": abs_sum(&f.weights),
            }));
        }
        for l in &m.layers {
            let kind = match l.kind {
                MapLayerKind::Input => "input",
                MapLayerKind::Conv => "conv",
                MapLayerKind::Pool => "pool",
                MapLayerKind::AvgPool => "avgpool",
                MapLayerKind::BatchNorm => "batchnorm",
            };
            out.push(serde_json::json!({
                "kind": kind, "number": l.number, "total": l.channels, "shown": l.shown,
                "height": l.height, "width": l.width, "scale": l.scale, "sum": abs_sum(&l.maps),
            }));
        }
        for (v, title) in out.iter_mut().zip(titles(m, &labels_of(labels))) {
            v["title"] = title.into();
        }
        serde_json::Value::from(out).to_string()
    }
}
