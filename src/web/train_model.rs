//! The training section's model card and initialisation panel, wasm side: save and load a run as
//! a model file (the CLI's format), the initial weights' histograms, the normalisation probe per
//! init and the skip-connection comparison. Every rule and number is the core's
//! (`training::model`, `nn::histogram`, `experiment::probe`, `plot::{histogram, depth}`).

use std::sync::Arc;

use plotters::coord::Shift;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::js_err;
use super::train::TrainSession;
use crate::experiment::probe::{init_probes, skip_comparison, InitProbes};
use crate::nn::histogram::initial_histograms_shaped;
use crate::nn::model_file::MAX_MODEL_BYTES;
use crate::nn::{LayerHistogram, Trainer};
use crate::plot::depth::{draw_probe, skip_chart, DepthLabels};
use crate::plot::histogram::{draw_weight_histograms, grid_columns, HistogramLabels};
use crate::plot::traces::draw_lines;
use crate::plot::Style;
use crate::training::{LoadNote, TrainSetup};

/// Bins per layer histogram.
const BINS: usize = 24;
/// The normalisation probe's net: 20 hidden layers of 32 units, 256 standard-normal inputs
/// (about 15 ms per init in the browser, so it can follow the form on the page's thread).
const PROBE_DEPTH: usize = 20;
const PROBE_WIDTH: usize = 32;
const PROBE_SAMPLES: usize = 256;

#[wasm_bindgen]
impl TrainSession {
    /// The run's model and config as a model file (JSON), as `activation-lab train --save` writes.
    #[wasm_bindgen(js_name = saveModel)]
    pub fn save_model(&self) -> String {
        self.setup.save_model(&self.trainer)
    }

    /// A session holding a saved model, ready to show and to train on. `hash` is the one
    /// `modelSetup` returned for this file; `images` as for the constructor.
    #[wasm_bindgen(js_name = fromModel)]
    pub fn from_model(
        json: &str,
        hash: &str,
        images: Option<Vec<u8>>,
    ) -> Result<TrainSession, JsError> {
        let current = TrainSetup::parse_hash(hash).map_err(js_err)?;
        let loaded = TrainSetup::load_model(json, &current).map_err(js_err)?;
        let mut session = TrainSession::new(hash, images)?;
        session.trainer =
            Trainer::from_model(&loaded.file, Arc::clone(&session.split)).map_err(js_err)?;
        session.setup = loaded.setup;
        Ok(session)
    }
}

/// Checks a model file against the page (`currentHash` is the run on screen, whose data is kept
/// when the file names none the page has) and returns JSON `{hash, notes, epochs_trained,
/// steps_trained}`: the `t.` pairs that restore the form and link. Throws with a message for
/// any bad file; nothing on the page changes until the worker builds the session.
#[wasm_bindgen(js_name = modelSetup)]
pub fn model_setup(json: &str, current_hash: &str) -> Result<String, JsError> {
    #[derive(Serialize)]
    struct Out<'a> {
        hash: String,
        notes: &'a [LoadNote],
        epochs_trained: usize,
        steps_trained: u64,
    }
    let current = TrainSetup::parse_hash(current_hash).map_err(js_err)?;
    let loaded = TrainSetup::load_model(json, &current).map_err(js_err)?;
    serde_json::to_string(&Out {
        hash: loaded.setup.to_hash(),
        notes: &loaded.notes,
        epochs_trained: loaded.file.epochs_trained,
        steps_trained: loaded.file.steps_trained,
    })
    .map_err(|e| JsError::new(&e.to_string()))
}

/// Largest model file the core reads, in bytes (the page refuses bigger files unread).
#[wasm_bindgen(js_name = modelFileLimit)]
pub fn model_file_limit() -> f64 {
    MAX_MODEL_BYTES as f64
}

/// Gradient norm per hidden layer at init for the setup in `hash` without and with skips, JSON
/// `{plain:[…], residual:[…], plain_ratio, residual_ratio}` (runs in the worker).
#[wasm_bindgen(js_name = skipComparison)]
pub fn skip_comparison_json(hash: &str, images: Option<Vec<u8>>) -> Result<String, JsError> {
    let setup = TrainSetup::parse_hash(hash).map_err(js_err)?;
    let split = setup.build_split(images.as_deref()).map_err(js_err)?;
    let c = skip_comparison(&setup.config, split).map_err(js_err)?;
    Ok(serde_json::json!({
        "plain": c.plain.at_init, "residual": c.residual.at_init,
        "plain_ratio": c.plain_ratio, "residual_ratio": c.residual_ratio,
    })
    .to_string())
}

/// Chart words from the page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct Labels {
    title: String,
    std_title: String,
    mean_title: String,
    x: String,
    current: String,
    plain: String,
    residual: String,
    layer: String,
    output: String,
    conv: String,
    empty: String,
}

/// The initialisation panel's state on the page: the current setup's initial-weight histograms,
/// the probe for its activation and the last skip comparison, drawn on demand.
#[wasm_bindgen]
#[derive(Default)]
pub struct InitCharts {
    layers: Vec<LayerHistogram>,
    probes: Option<InitProbes>,
    probe_key: String,
    skips: Option<(Vec<f32>, Vec<f32>)>,
}

#[wasm_bindgen]
impl InitCharts {
    #[wasm_bindgen(constructor)]
    pub fn new() -> InitCharts {
        InitCharts::default()
    }

    /// Recomputes for the setup in `hash` (the probe only when activation or init changed) and
    /// returns JSON `{layers:[{layer,conv,shape,fan_in,fan_out,init,expected_std,mean,std}] (conv
    /// layers first, `shape` as the panel writes it), probe:{current,
    /// activation, depth, width, samples, last:[{init,mean,std}]}}`.
    pub fn update(&mut self, hash: &str) -> Result<String, JsError> {
        let setup = TrainSetup::parse_hash(hash).map_err(js_err)?;
        let (features, task) = setup.shape();
        let shape = setup
            .image_shape()
            .map(|(rows, cols)| crate::data::Shape::new(rows, cols, 1));
        self.layers = initial_histograms_shaped(&setup.config, shape, features, task, BINS)
            .map_err(js_err)?;
        let act = &setup.config.activations[0];
        let key = format!("{}|{:?}", act.label(), setup.config.init);
        if key != self.probe_key || self.probes.is_none() {
            self.probes = Some(
                init_probes(
                    act,
                    setup.config.init,
                    PROBE_DEPTH,
                    PROBE_WIDTH,
                    PROBE_SAMPLES,
                    setup.config.seed,
                )
                .map_err(js_err)?,
            );
            self.probe_key = key;
        }
        let p = self.probes.as_ref().expect("set above");
        let layers: Vec<_> = self
            .layers
            .iter()
            .map(|h| {
                serde_json::json!({"layer": h.layer, "conv": h.kernel.is_some(), "shape": h.shape(),
                    "fan_in": h.fan_in, "fan_out": h.fan_out, "init": h.init,
                    "expected_std": h.expected_std, "mean": h.mean, "std": h.std})
            })
            .collect();
        let last: Vec<_> = p
            .probes
            .iter()
            .map(|n| {
                let m = n.layers.last().copied();
                serde_json::json!({"init": n.init, "mean": m.map(|m| m.mean), "std": m.map(|m| m.std),
                    "first_std": n.layers.first().map(|m| m.std)})
            })
            .collect();
        Ok(serde_json::json!({
            "layers": layers,
            "probe": {"current": p.current, "activation": act.label(), "depth": p.depth,
                      "width": p.width, "samples": p.samples, "last": last},
        })
        .to_string())
    }

    /// Rows the histogram grid needs at `width_css` CSS pixels (the page sizes the canvas).
    pub fn rows(&self, width_css: f64) -> u32 {
        let n = self.layers.len().max(1);
        n.div_ceil(grid_columns(n, width_css)) as u32
    }

    /// Gradient norms per hidden layer from `skipComparison`, without and with skips.
    #[wasm_bindgen(js_name = setSkips)]
    pub fn set_skips(&mut self, plain: Vec<f32>, residual: Vec<f32>) {
        self.skips = Some((plain, residual));
    }

    /// Draws `kind` (`hist`, `probe`, `skips`) on `canvas` (backing store sized by the page).
    pub fn draw(
        &self,
        canvas: HtmlCanvasElement,
        kind: &str,
        dark: bool,
        scale: f64,
        labels: &str,
    ) -> Result<(), JsError> {
        let labels: Labels = serde_json::from_str(labels).unwrap_or_default();
        super::paint_canvas(canvas, dark, scale, "chart", |root, style| {
            self.draw_on(root, kind, &labels, style)
        })
    }

    /// The same chart as an SVG document.
    pub fn svg(
        &self,
        kind: &str,
        width: u32,
        height: u32,
        dark: bool,
        labels: &str,
    ) -> Result<String, JsError> {
        super::train_charts::chart_svg(
            width,
            height,
            dark,
            labels,
            |root, labels: &Labels, style| self.draw_on(root, kind, labels, style),
        )
    }
}

impl InitCharts {
    fn draw_on<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        kind: &str,
        labels: &Labels,
        style: &Style,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let depth = DepthLabels {
            std_title: labels.std_title.clone(),
            mean_title: labels.mean_title.clone(),
            x: labels.x.clone(),
            current: labels.current.clone(),
            plain: labels.plain.clone(),
            residual: labels.residual.clone(),
            title: labels.title.clone(),
        };
        match kind {
            "hist" => {
                let width_css = f64::from(root.dim_in_pixel().0) / style.scale;
                let n = self.layers.len();
                draw_weight_histograms(
                    root,
                    &self.layers,
                    grid_columns(n, width_css),
                    &HistogramLabels {
                        layer: labels.layer.clone(),
                        output: labels.output.clone(),
                        conv: if labels.conv.is_empty() {
                            "conv".into()
                        } else {
                            labels.conv.clone()
                        },
                        empty: labels.empty.clone(),
                    },
                    style,
                )
            }
            "probe" => match &self.probes {
                Some(p) => draw_probe(root, p, &depth, style).map(|_| ()),
                None => root.fill(&style.background()),
            },
            "skips" => match &self.skips {
                Some((plain, residual)) => {
                    draw_lines(root, &skip_chart(plain, residual, &depth), style).map(|_| ())
                }
                None => root.fill(&style.background()),
            },
            _ => Ok(()),
        }
    }
}
