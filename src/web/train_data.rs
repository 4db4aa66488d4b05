//! The "your data" skin of the training section: runs on the user's data (edited points, CSV),
//! the point editor behind the decision map, the function-boundary formula field and the draw
//! pad's prediction. Every check is the core's (`data::points`, `data::user`, `data::pad`,
//! `data::csv`, `formula`, `training::TrainSetup`).

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::js_err;
use super::train::TrainSession;
use super::train_compare::CompareSession;
use crate::data::boundary::Preset;
use crate::data::pad::{prepare, PadTarget};
use crate::data::points::{PointSet, PointTask};
use crate::data::user::{CsvChoice, UserData};
use crate::formula::Formula;
use crate::plot::ChartMapping;
use crate::training::{DataChoice, TrainSetup};
use crate::Error;

fn user_setup(hash: &str, data: &str) -> Result<(TrainSetup, Arc<crate::data::Split>), Error> {
    let setup = TrainSetup::parse_hash(hash)?;
    let user = UserData::from_json(data)?;
    let split = setup.build_user_split(&user)?;
    Ok((setup, split))
}

#[wasm_bindgen]
impl TrainSession {
    /// A fresh run of `hash` on the user's data (`data`: the JSON of `data::user`, validated here).
    #[wasm_bindgen(js_name = withData)]
    pub fn with_data(hash: &str, data: &str) -> Result<TrainSession, JsError> {
        let (setup, split) = user_setup(hash, data).map_err(js_err)?;
        TrainSession::start(setup, split)
    }

    /// The current model's output for a drawing on the pad (`ink`: `side × side` alpha bytes),
    /// prepared as the model's training images were (`data::pad`). JSON
    /// `{"side":8,"input":[…],"probs":[…]}`; throws when the model is not an image model.
    #[wasm_bindgen(js_name = predictImage)]
    pub fn predict_image(&mut self, ink: &[u8], side: u32) -> Result<String, JsError> {
        let target = PadTarget::for_features(self.split.train.features).map_err(js_err)?;
        let input = prepare(ink, side as usize, target).map_err(js_err)?;
        let out = self.trainer.predict(&input).map_err(js_err)?;
        let probs: Vec<f32> = out
            .iter()
            .map(|&v| {
                if v.is_finite() {
                    v.clamp(0.0, 1.0)
                } else {
                    0.0
                }
            })
            .collect();
        Ok(
            serde_json::json!({ "side": target.side(), "input": input, "probs": probs })
                .to_string(),
        )
    }
}

#[wasm_bindgen]
impl CompareSession {
    /// A comparison of `hash`'s line-up on the user's data.
    #[wasm_bindgen(js_name = withData)]
    pub fn with_data(hash: &str, data: &str) -> Result<CompareSession, JsError> {
        let (setup, split) = user_setup(hash, data).map_err(js_err)?;
        CompareSession::start(setup, split)
    }
}

/// The decision map's pixel mapping as `TrainCharts.draw` returns it.
#[derive(Deserialize)]
struct MappingJson {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

fn mapping(json: &str) -> Result<ChartMapping, JsError> {
    let m: MappingJson = serde_json::from_str(json)
        .map_err(|_| JsError::new("the decision map is not drawn yet"))?;
    Ok(ChartMapping {
        x_range: (m.x0, m.x1),
        y_range: (m.y0, m.y1),
        left: m.left,
        right: m.right,
        top: m.top,
        bottom: m.bottom,
    })
}

/// Data `(x, y)` under backing-store pixel `(px, py)` of the decision map, or `undefined` outside
/// the plotted square.
#[wasm_bindgen(js_name = mapPixelToData)]
pub fn map_pixel_to_data(
    mapping_json: &str,
    px: f64,
    py: f64,
) -> Result<Option<Vec<f64>>, JsError> {
    let m = mapping(mapping_json)?;
    Ok(m.contains(px, py)
        .then(|| vec![m.pixel_to_x(px), m.pixel_to_y(py)]))
}

/// The points the user edits on the map; lives on the page, saved by the page as
/// [`PointEditor::wire`] (re-validated by [`PointEditor::load`]).
#[wasm_bindgen]
pub struct PointEditor {
    set: PointSet,
}

#[wasm_bindgen]
impl PointEditor {
    /// An empty set: `classes` ≥ 2 for classification, 0 for regression.
    #[wasm_bindgen(constructor)]
    pub fn new(classes: u32) -> Result<PointEditor, JsError> {
        let task = if classes == 0 {
            PointTask::Regression
        } else {
            PointTask::Classes { classes }
        };
        Ok(PointEditor {
            set: PointSet::new(task).map_err(js_err)?,
        })
    }

    /// The points of the set `hash` trains on (a generated 2-D set or the function boundary; the
    /// user's `data` for custom points and 2-D CSV), to start editing from.
    #[wasm_bindgen(js_name = fromSetup)]
    pub fn from_setup(hash: &str, data: Option<String>) -> Result<PointEditor, JsError> {
        let setup = TrainSetup::parse_hash(hash).map_err(js_err)?;
        let split = match (&data, setup.data.is_user_data()) {
            (Some(d), true) => {
                let user = UserData::from_json(d).map_err(js_err)?;
                setup.build_user_split(&user).map_err(js_err)?
            }
            _ => setup.build_split(None).map_err(js_err)?,
        };
        Ok(PointEditor {
            set: PointSet::from_split(&split).map_err(js_err)?,
        })
    }

    /// Stored user data (`wire` JSON of points); throws a message for anything invalid.
    pub fn load(data: &str) -> Result<PointEditor, JsError> {
        match UserData::from_json(data).map_err(js_err)? {
            UserData::Points(set) => Ok(PointEditor { set }),
            UserData::Csv(_) => Err(JsError::new("the saved data is a CSV, not edited points")),
        }
    }

    /// Adds a point at map pixel `(px, py)` with a class number or regression value; `false`
    /// when the pixel is outside the square.
    #[wasm_bindgen(js_name = addAt)]
    pub fn add_at(
        &mut self,
        mapping_json: &str,
        px: f64,
        py: f64,
        value: f32,
    ) -> Result<bool, JsError> {
        let m = mapping(mapping_json)?;
        if !m.contains(px, py) {
            return Ok(false);
        }
        let (x, y) = (m.pixel_to_x(px) as f32, m.pixel_to_y(py) as f32);
        self.set.add(x, y, value).map_err(js_err)?;
        Ok(true)
    }

    /// Removes the point nearest map pixel `(px, py)` within `radius_px` pixels; whether one was.
    #[wasm_bindgen(js_name = removeAt)]
    pub fn remove_at(
        &mut self,
        mapping_json: &str,
        px: f64,
        py: f64,
        radius_px: f64,
    ) -> Result<bool, JsError> {
        let m = mapping(mapping_json)?;
        let radius = (radius_px * m.x_per_pixel()).abs() as f32;
        let (x, y) = (m.pixel_to_x(px) as f32, m.pixel_to_y(py) as f32);
        Ok(self.set.remove_nearest(x, y, radius).is_some())
    }

    pub fn clear(&mut self) {
        self.set.clear();
    }

    #[wasm_bindgen(getter)]
    pub fn count(&self) -> u32 {
        self.set.len() as u32
    }

    /// Class count (0 for regression).
    #[wasm_bindgen(getter)]
    pub fn classes(&self) -> u32 {
        match self.set.task() {
            PointTask::Classes { classes } => classes,
            PointTask::Regression => 0,
        }
    }

    /// Points per class, JSON array.
    #[wasm_bindgen(js_name = classCounts)]
    pub fn class_counts(&self) -> String {
        serde_json::to_string(&self.set.class_counts()).unwrap_or_default()
    }

    /// The user-data JSON to store and to send to the worker.
    pub fn wire(&self) -> String {
        UserData::points_json(&self.set)
    }

    /// The points in `TrainCharts.setPoints` form (all training points).
    #[wasm_bindgen(js_name = chartPoints)]
    pub fn chart_points(&self) -> String {
        serde_json::json!({
            "train": self.set.xy(), "train_labels": self.set.values(),
            "test": [], "test_labels": [],
            "regression": self.set.task() == PointTask::Regression,
        })
        .to_string()
    }
}

/// Validates CSV text read as `task` (`auto`, `classes`, `regression`); returns
/// `{"wire": user-data JSON, "summary": {...}}` or throws the core's line-numbered message.
#[wasm_bindgen(js_name = csvUserData)]
pub fn csv_user_data(text: &str, task: &str) -> Result<String, JsError> {
    let choice = match task {
        "classes" => CsvChoice::Classes,
        "regression" => CsvChoice::Regression,
        _ => CsvChoice::Auto,
    };
    let wire = UserData::csv_json(text, choice);
    let user = UserData::from_json(&wire).map_err(js_err)?;
    Ok(serde_json::json!({ "wire": wire, "summary": user.summary() }).to_string())
}

/// The summary of stored user data (rows, features, classes, normalisation), or a thrown message
/// when it no longer validates.
#[wasm_bindgen(js_name = userDataSummary)]
pub fn user_data_summary(data: &str) -> Result<String, JsError> {
    let user = UserData::from_json(data).map_err(js_err)?;
    serde_json::to_string(&user.summary()).map_err(|e| JsError::new(&e.to_string()))
}

#[derive(Serialize)]
struct FormulaCheck {
    /// Canonical text when valid.
    source: Option<String>,
    /// The preset it equals, if any.
    preset: Option<&'static str>,
    error: Option<String>,
    /// The same error in Chinese.
    error_zh: Option<String>,
    /// 1-based column of the mistake.
    column: Option<usize>,
}

/// Checks a boundary formula or preset name: `{source, preset}` or `{error, column}`.
#[wasm_bindgen(js_name = boundaryFormula)]
pub fn boundary_formula(text: &str) -> String {
    let parsed = Preset::from_name(text)
        .map(Preset::formula)
        .or_else(|_| Formula::parse(text));
    let check = match parsed {
        Ok(f) => FormulaCheck {
            preset: Preset::ALL
                .into_iter()
                .find(|p| p.formula().source() == f.source())
                .map(Preset::name),
            source: Some(f.source().to_string()),
            error: None,
            error_zh: None,
            column: None,
        },
        Err(e) => FormulaCheck {
            source: None,
            preset: None,
            column: match &e {
                Error::Formula { column, .. } => Some(*column),
                _ => None,
            },
            error: Some(e.to_string()),
            error_zh: Some(e.message_in(true)),
        },
    };
    serde_json::to_string(&check).unwrap_or_default()
}

/// The data part of a (valid) hash for the data controls: `{data, user, formula, preset}`.
#[wasm_bindgen(js_name = dataSetup)]
pub fn data_setup(hash: &str) -> Result<String, JsError> {
    let s = TrainSetup::parse_hash(hash).map_err(js_err)?;
    let source = s.boundary.source();
    Ok(serde_json::json!({
        "data": s.data.name(),
        "user": s.data.is_user_data(),
        "function": s.data == DataChoice::Function,
        "formula": source,
        "preset": Preset::ALL.into_iter().find(|p| p.formula().source() == source).map(Preset::name),
        "presets": Preset::ALL.map(|p| (p.name(), p.formula_text())),
    })
    .to_string())
}
