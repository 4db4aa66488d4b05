//! The catalog and info texts as JSON for the page's checkbox list, sliders and info panel.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::activation::{Activation, CATALOG, SELU_ALPHA, SELU_SCALE};

#[derive(Serialize)]
struct ParamJson {
    name: &'static str,
    default: f64,
    min: f64,
    max: f64,
    slider: (f64, f64),
}

#[derive(Serialize)]
struct FixedJson {
    name: &'static str,
    value: f64,
}

#[derive(Serialize)]
struct EntryJson {
    name: &'static str,
    display: &'static str,
    family: &'static str,
    params: Vec<ParamJson>,
    /// Constants shown next to the sliders (SELU's λ and α).
    fixed: Vec<FixedJson>,
    formula: &'static str,
    derivative: &'static str,
    range: &'static str,
    monotonic: bool,
    smooth: bool,
    zero_centred: bool,
    saturating: bool,
    bounded: bool,
    cost: u8,
    notes_en: &'static [&'static str],
    notes_zh: &'static [&'static str],
    /// Why gradient descent cannot train it (English, Chinese), for step.
    untrainable: Option<(&'static str, &'static str)>,
}

/// Every catalog entry with its parameters and info, in display order.
#[wasm_bindgen(js_name = catalog)]
pub fn catalog_json() -> String {
    let entries: Vec<EntryJson> = CATALOG
        .iter()
        .map(|spec| {
            let info = Activation::from_name(spec.name)
                .expect("catalog entries build with defaults")
                .info();
            EntryJson {
                name: spec.name,
                display: info.display,
                family: info.family.key(),
                params: spec
                    .params
                    .iter()
                    .map(|p| ParamJson {
                        name: p.name,
                        default: p.default,
                        min: p.min,
                        max: p.max,
                        slider: p.slider,
                    })
                    .collect(),
                fixed: if spec.name == "selu" {
                    vec![
                        FixedJson {
                            name: "λ",
                            value: SELU_SCALE,
                        },
                        FixedJson {
                            name: "α",
                            value: SELU_ALPHA,
                        },
                    ]
                } else {
                    vec![]
                },
                formula: info.formula,
                derivative: info.derivative,
                range: info.range,
                monotonic: info.monotonic,
                smooth: info.smooth,
                zero_centred: info.zero_centred,
                saturating: info.saturating,
                bounded: info.bounded,
                cost: info.cost,
                notes_en: info.notes_en,
                notes_zh: info.notes_zh,
                untrainable: info.untrainable,
            }
        })
        .collect();
    serde_json::to_string(&entries).expect("catalog serialises")
}

/// The formula inside an activation key of the form `f(<formula>)` (`formula_of_spec`), or
/// undefined for every other key: the page asks this instead of matching the key's text itself.
#[wasm_bindgen(js_name = formulaOfKey)]
pub fn formula_of_key(key: &str) -> Option<String> {
    crate::activation::formula_of_spec(key).map(str::to_string)
}

/// The key (`f(<compact formula>)`) of a custom formula in x, for the training form's activation
/// choice; throws with the core's message (with the column of the mistake; in Chinese when `zh`)
/// when it is rejected.
#[wasm_bindgen(js_name = formulaKey)]
pub fn formula_key(text: &str, zh: bool) -> Result<String, JsError> {
    Activation::custom(text)
        .map(|a| a.key())
        .map_err(|e| JsError::new(&e.message_in(zh)))
}
