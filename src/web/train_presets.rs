//! The training page's rules and presets as JSON for the page: class colours and caps, the CSV
//! byte cap, the image sets, the compare and skip presets, activation check-box labels. Every
//! value is the core's (`training::presets`, `data::csv`, `plot::boundary`); the page keeps no
//! copy.

use serde_json::json;
use wasm_bindgen::prelude::*;

use super::js_err;
use crate::data::csv::{MAX_BYTES, MAX_CLASSES, MAX_FEATURES, MAX_ROWS, MIN_ROWS};
use crate::data::images::ImageSource;
use crate::plot::boundary::CLASS_COLOURS;
use crate::training::presets::{
    compare_preset_as, short_label, COMPARE_CHOICES, COMPARE_PRESETS, DEEP_SIGMOID, LAYER_PRESETS,
    RATIO_PRESET,
};

/// `{class_colours: ["#rrggbb", …], max_classes, csv_max_bytes, csv_max_rows, csv_max_features,
/// csv_min_rows, image_sets: [name, …]}`.
#[wasm_bindgen(js_name = trainRules)]
pub fn train_rules() -> String {
    let colours: Vec<String> = CLASS_COLOURS
        .iter()
        .map(|(r, g, b)| format!("#{r:02x}{g:02x}{b:02x}"))
        .collect();
    json!({
        "class_colours": colours,
        "max_classes": MAX_CLASSES,
        "csv_max_bytes": MAX_BYTES,
        "csv_max_rows": MAX_ROWS,
        "csv_max_features": MAX_FEATURES,
        "csv_min_rows": MIN_ROWS,
        "image_sets": ImageSource::ALL.map(|s| s.name),
    })
    .to_string()
}

/// The compare section: `{choices: [label…], names: [preset…], ratio: {preset: [fast, slow]},
/// open_layers: [preset…]}`.
#[wasm_bindgen(js_name = comparePresets)]
pub fn compare_presets() -> String {
    let (preset, fast, slow) = RATIO_PRESET;
    json!({
        "choices": COMPARE_CHOICES,
        "names": COMPARE_PRESETS,
        "ratio": { preset: [fast, slow] },
        "open_layers": LAYER_PRESETS,
    })
    .to_string()
}

/// The `t.` pairs of compare preset `name` as a JSON object (the page's data set `ds` decides
/// digits or MNIST for the article preset; `as_written`: the article's experiment with the loss
/// its code compiles with); throws for an unknown preset.
#[wasm_bindgen(js_name = comparePreset)]
pub fn compare_preset_json(
    name: &str,
    ds: &str,
    as_written: Option<bool>,
) -> Result<String, JsError> {
    let written = as_written.unwrap_or(false) && name == "article-cnn";
    let pairs = compare_preset_as(name, ds, written).map_err(js_err)?;
    let map: serde_json::Map<String, serde_json::Value> = pairs
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.into()))
        .collect();
    Ok(serde_json::Value::Object(map).to_string())
}

/// The skip demonstration's `t.` pairs as a JSON object.
#[wasm_bindgen(js_name = skipPreset)]
pub fn skip_preset() -> String {
    let map: serde_json::Map<String, serde_json::Value> = DEEP_SIGMOID
        .iter()
        .map(|&(k, v)| (k.to_string(), v.into()))
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// Compare runs that train at once on a device with `cores` logical cores
/// (`training::presets::compare_workers`).
#[wasm_bindgen(js_name = compareWorkers)]
pub fn compare_workers(cores: u32) -> u32 {
    crate::training::presets::compare_workers(cores as usize) as u32
}

/// A check box's label for activation `label` (`leaky_relu 0.2`); throws for a bad label.
#[wasm_bindgen(js_name = activationShortLabel)]
pub fn activation_short_label(label: &str) -> Result<String, JsError> {
    short_label(label).map_err(js_err)
}

/// The layer editor's row kinds for data set `ds` (conv, pool and flatten only for images):
/// `[{kind, en, zh, activation, image, needs_images, quick, fields: [{key, en, zh, min, max, step,
/// exclusive, choices, default}]}]` (`training::layer_rows`); throws for an unknown data set.
#[wasm_bindgen(js_name = layerKinds)]
pub fn layer_kinds(ds: &str) -> Result<String, JsError> {
    let kinds = crate::training::layer_rows::kinds_for(has_images(ds)?);
    serde_json::to_string(&kinds).map_err(|e| JsError::new(&e.to_string()))
}

/// Whether data set `ds` is an image set (its editor offers conv and pool rows).
fn has_images(ds: &str) -> Result<bool, JsError> {
    let setup = crate::training::TrainSetup::from_pairs([("t.ds", ds)]).map_err(js_err)?;
    Ok(setup.image_shape().is_some())
}

/// The `t.` pairs (a JSON object, keys without the prefix) that put the editor's rows (JSON
/// `[{kind:"dense", units:"8"}, …]`) in the link for data set `ds`: `h` and `do` (the widths
/// shorthand) or `layers` (`training::layer_rows::rows_pairs`); throws for an unknown kind.
#[wasm_bindgen(js_name = layerPairs)]
pub fn layer_pairs(rows: &str, ds: &str) -> Result<String, JsError> {
    let rows: Vec<crate::training::layer_rows::Row> =
        serde_json::from_str(rows).map_err(|e| JsError::new(&format!("layer rows: {e}")))?;
    let pairs = crate::training::layer_rows::rows_pairs(&rows, has_images(ds)?).map_err(js_err)?;
    let map: serde_json::Map<String, serde_json::Value> = pairs
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.into()))
        .collect();
    Ok(serde_json::Value::Object(map).to_string())
}

/// The editor's rows (JSON `[{kind:"conv", filters:"32", …}]`) as one `t.layers` text, one item
/// per row (unvalidated: `trainFieldProblems` names a bad row); throws for an unknown kind.
#[wasm_bindgen(js_name = layerText)]
pub fn layer_text(rows: &str) -> Result<String, JsError> {
    let rows: Vec<crate::training::layer_rows::Row> =
        serde_json::from_str(rows).map_err(|e| JsError::new(&format!("layer rows: {e}")))?;
    crate::training::layer_rows::rows_text(&rows).map_err(js_err)
}

/// The `t.` pairs of the layer editor's preset `name` (`article-cnn`, `small-cnn`) as a JSON
/// object; `null` values are keys to leave out. Throws for an unknown preset.
#[wasm_bindgen(js_name = cnnPreset)]
pub fn cnn_preset_json(name: &str) -> Result<String, JsError> {
    let pairs = crate::training::presets::cnn_preset(name).map_err(js_err)?;
    let map: serde_json::Map<String, serde_json::Value> = pairs
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.map_or(serde_json::Value::Null, Into::into)))
        .collect();
    Ok(serde_json::Value::Object(map).to_string())
}
