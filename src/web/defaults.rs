//! Per-data-set defaults for the training form: a thin skin over `training::defaults`, which owns
//! the table and the sentence saying what changed.

use wasm_bindgen::prelude::*;

use super::js_err;
use crate::data::Task;
use crate::training::defaults::{apply_keeping, table, UserShape};
use crate::training::TrainSetup;

/// The whole table as JSON: `[{"data":"digits","hidden":[32],"lr":0.003,…,"why_en":…,"why_zh":…}]`.
#[wasm_bindgen(js_name = dataDefaultsTable)]
pub fn data_defaults_table() -> String {
    let rows: Vec<serde_json::Value> = table()
        .into_iter()
        .map(|(name, d)| {
            let mut v = serde_json::to_value(d).unwrap_or_default();
            v["data"] = name.into();
            v
        })
        .collect();
    serde_json::Value::from(rows).to_string()
}

/// `hash`'s setup with its data set's defaults applied. `rows`/`features`/`classes` describe the
/// user's CSV (`rows` 0: none loaded; `classes` 0: regression). JSON
/// `{"hash":"t.ds=…","changes":[{"key":"h","from":"8,8","to":"32"}…],"en":"…","zh":"…"}`;
/// throws the core's message for an invalid hash.
#[wasm_bindgen(js_name = applyDataDefaults)]
pub fn apply_data_defaults(
    hash: &str,
    rows: u32,
    features: u32,
    classes: u32,
) -> Result<String, JsError> {
    apply_data_defaults_keeping(hash, rows, features, classes, "")
}

/// [`apply_data_defaults`] keeping the fields whose `t.` keys are listed in `keep` (comma
/// separated: `"ep,lr"`, the fields the user changed).
#[wasm_bindgen(js_name = applyDataDefaultsKeeping)]
pub fn apply_data_defaults_keeping(
    hash: &str,
    rows: u32,
    features: u32,
    classes: u32,
    keep: &str,
) -> Result<String, JsError> {
    let keep: Vec<&str> = keep.split(',').map(str::trim).collect();
    let mut setup = TrainSetup::parse_hash(hash).map_err(js_err)?;
    let user = (rows > 0).then_some(UserShape {
        rows: rows as usize,
        features: features as usize,
        task: match classes {
            0 => Task::Regression,
            c => Task::Classification {
                classes: c as usize,
            },
        },
    });
    let applied = apply_keeping(&mut setup, user, &keep);
    setup.validate().map_err(js_err)?;
    let mut v = serde_json::to_value(applied).map_err(|e| JsError::new(&e.to_string()))?;
    v["hash"] = setup.to_hash().into();
    Ok(v.to_string())
}
