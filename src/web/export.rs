//! "Export as PyTorch / Keras" for the page: the training config (the worker's JSON, or the
//! section's hash) and the data-set name in, the script text out. Validation and generation are
//! the core's (`export::pytorch`, `export::keras`).

use wasm_bindgen::prelude::*;

use super::js_err;
use crate::export::pytorch::{pytorch_script, DataChoice};
use crate::nn::TrainConfig;
use crate::Error;

/// The script for a `TrainConfig` JSON on `dataset` (2-D sets with `samples` (0 = default),
/// `noise` and `train_ratio`; image sets ignore them). Throws the core's message on bad input.
#[wasm_bindgen(js_name = exportPytorch)]
pub fn export_pytorch(
    config_json: &str,
    dataset: &str,
    samples: u32,
    noise: f64,
    train_ratio: f64,
) -> Result<String, JsError> {
    let config: TrainConfig = serde_json::from_str(config_json)
        .map_err(|e| js_err(Error::Invalid(format!("training config: {e}"))))?;
    let data = DataChoice {
        name: dataset.to_string(),
        samples: (samples > 0).then_some(samples as usize),
        noise,
        train_ratio,
    };
    pytorch_script(&config, &data).map_err(js_err)
}

/// The script a format names: `pytorch` or `keras`, for `config` on `data` (with a replay file's
/// name: following it).
fn script_of(
    format: &str,
    config: &TrainConfig,
    data: &DataChoice,
    replay: Option<&str>,
) -> crate::Result<String> {
    match format {
        "pytorch" => crate::export::pytorch::pytorch_script_with_replay(config, data, replay),
        "keras" => crate::export::keras::keras_script_with_replay(config, data, replay),
        other => Err(Error::Invalid(format!(
            "unknown script format `{}`; valid: pytorch, keras",
            crate::activation::truncate_for_message(other)
        ))),
    }
}

/// The script (`format`: `pytorch` or `keras`) for the training section's current setup, given
/// its `t.` hash pairs (the same text `trainHash` returns), so the page needs no config plumbing
/// of its own.
#[wasm_bindgen(js_name = scriptForHash)]
pub fn script_for_hash(format: &str, hash: &str) -> Result<String, JsError> {
    let (config, data) = setup_for_hash(hash)?;
    script_of(format, &config, &data, None).map_err(js_err)
}

/// The training config and data choice of the training section's `t.` hash pairs.
fn setup_for_hash(hash: &str) -> Result<(TrainConfig, DataChoice), JsError> {
    let setup = crate::training::TrainSetup::parse_hash(hash).map_err(js_err)?;
    let data = DataChoice {
        name: setup.data.name().to_string(),
        samples: Some(setup.samples),
        noise: setup.noise,
        train_ratio: setup.train_ratio,
    };
    Ok((setup.config, data))
}

/// "PyTorch + replay" / "Keras + replay" for the training section's current setup (its `t.` hash
/// pairs): the script (`format`: `pytorch` or `keras`) named `script_name` and the replay document
/// it reads from `<script_name>.replay.json` next to it, as `[script, replayJson, replayFileName]` —
/// what `activation-lab export-pytorch|export-keras --replay -o script_name` writes for the same
/// settings. `images` are the image file's inflated bytes for digits/MNIST (the worker holds
/// them). Our steps are recorded up to 200, fewer for a network whose 200 steps would take more
/// than `PAGE_REPLAY_FLOPS`. Throws the core's message where no replay can be made (skip
/// connections, the user's own data).
#[wasm_bindgen(js_name = scriptReplayForHash)]
pub fn script_replay_for_hash(
    format: &str,
    hash: &str,
    script_name: &str,
    images: Option<Vec<u8>>,
) -> Result<js_sys::Array, JsError> {
    use crate::export::replay::{
        replay_file_name, replay_with_images, DEFAULT_REPLAY_STEPS, PAGE_REPLAY_FLOPS,
    };
    let (config, data) = setup_for_hash(hash)?;
    let name = replay_file_name(script_name);
    let script = script_of(format, &config, &data, Some(&name)).map_err(js_err)?;
    let doc = replay_with_images(
        &config,
        &data,
        DEFAULT_REPLAY_STEPS,
        images.as_deref(),
        Some(PAGE_REPLAY_FLOPS),
    )
    .map_err(js_err)?;
    let out = js_sys::Array::new();
    for s in [script, doc.to_json(), name] {
        out.push(&JsValue::from_str(&s));
    }
    Ok(out)
}
