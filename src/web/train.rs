//! The training tab's wasm skin, worker side: `TrainSession` (one run, owned by
//! www/train-worker.js) and the setup JSON the page reads. The compare run is `train_compare.rs`,
//! the page's charts `train_charts.rs` (with the JSON shapes in `train_json.rs`). Every rule is the
//! core's (`training::TrainSetup`, `TrainConfig`).

use std::sync::Arc;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::js_err;
use crate::data::{grid, Dataset, Extent, Split, Task};
use crate::nn::{explain_divergence, ActivationSpec, Snapshot, Status, Trainer};
use crate::training::stop::{target_reached, TargetReached};
use crate::training::{misclassified, ConfusionMatrix, TrainRecord, TrainSetup};
use crate::Error;

/// Cells per side of the decision map.
pub const HEATMAP_RESOLUTION: usize = 48;
/// Most misclassified images sent to the page.
const MAX_MISCLASSIFIED: usize = 40;
/// Snapshots kept for explaining a divergence: the first few (the starting gradient norms) and
/// the latest (how it blew up).
const KEPT_SNAPSHOTS: usize = 256;
const FIRST_SNAPSHOTS: usize = 8;

fn status_json(s: Status) -> String {
    serde_json::to_string(&s).unwrap_or_else(|_| "{}".into())
}

/// Parses the `t.` pairs of `hash` and returns the normalised setup as JSON for the controls
/// (throws with a message naming the bad setting).
#[wasm_bindgen(js_name = trainSetup)]
pub fn train_setup(hash: &str) -> Result<String, JsError> {
    let s = TrainSetup::parse_hash(hash).map_err(js_err)?;
    Ok(setup_json(&s))
}

/// The canonical `t.` pairs for `hash` (validated).
#[wasm_bindgen(js_name = trainHash)]
pub fn train_hash(hash: &str) -> Result<String, JsError> {
    Ok(TrainSetup::parse_hash(hash).map_err(js_err)?.to_hash())
}

/// Every invalid field of the form's `t.` pairs (`t.ep=-5&t.lr=5000`), each checked on its own:
/// JSON `[{"key":"ep","en":"must not be negative","zh":"不能为负数"}…]`, `[]` when all are valid
/// (key `""`: each field is fine but not together). The page names a field by its visible label.
#[wasm_bindgen(js_name = trainFieldProblems)]
pub fn train_field_problems(pairs: &str) -> Result<String, JsError> {
    let mut decoded = Vec::new();
    for part in pairs.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let k = crate::state::percent_decode(k).map_err(js_err)?;
        if let Some(k) = k.strip_prefix("t.") {
            decoded.push((
                k.to_string(),
                crate::state::percent_decode(v).map_err(js_err)?,
            ));
        }
    }
    let refs: Vec<(&str, &str)> = decoded
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let problems = crate::training::fields::field_problems(&refs);
    serde_json::to_string(&problems).map_err(|e| JsError::new(&e.to_string()))
}

#[derive(Serialize)]
struct SetupJson<'a> {
    hash: String,
    data: &'a str,
    images: Option<(&'static str, bool, usize)>,
    noise: f64,
    samples: usize,
    train_ratio: f64,
    config: &'a crate::nn::TrainConfig,
    /// The layer list as `t.layers` writes it (`conv32k3,pool2,…`); empty for a plain MLP.
    layers: String,
    /// Whether the network has conv or pool layers (no network view for it).
    image_layers: bool,
    /// The network as the layer editor's rows (`training::layer_rows`).
    layer_rows: Vec<crate::training::layer_rows::Row>,
    /// The hidden layers' activations as the controls and `t.act` write them.
    activations: Vec<String>,
    compare: Vec<String>,
    target: f32,
    stop: Option<f32>,
    /// Classes of the data (0 for regression), for the page's loss choices.
    classes: usize,
}

pub(super) fn setup_json(s: &TrainSetup) -> String {
    let json = SetupJson {
        hash: s.to_hash(),
        data: s.data.name(),
        images: s.data.image_source().map(|i| (i.file, i.gzip, i.samples)),
        noise: s.noise,
        samples: s.samples,
        train_ratio: s.train_ratio,
        config: &s.config,
        layers: crate::nn::format_layers(&s.config.layers),
        image_layers: crate::nn::build::has_front(&s.config.layers),
        layer_rows: crate::training::layer_rows::rows_of(&s.config),
        activations: s
            .config
            .activations
            .iter()
            .map(ActivationSpec::label)
            .collect(),
        compare: s
            .compare
            .iter()
            .map(crate::experiment::Contender::label)
            .collect(),
        target: s.target,
        stop: s.stop_accuracy,
        classes: match s.shape().1 {
            Task::Classification { classes } => classes,
            Task::Regression => 0,
        },
    };
    serde_json::to_string(&json).unwrap_or_else(|_| "{}".into())
}

pub(super) fn build(
    hash: &str,
    images: Option<Vec<u8>>,
) -> Result<(TrainSetup, Arc<Split>), Error> {
    let setup = TrainSetup::parse_hash(hash)?;
    let split = setup.build_split(images.as_deref())?;
    Ok((setup, split))
}

/// One training run, owned by the worker.
#[wasm_bindgen]
pub struct TrainSession {
    pub(super) setup: TrainSetup,
    pub(super) split: Arc<Split>,
    pub(super) trainer: Trainer,
    pub(super) grid: Vec<f32>,
    pub(super) heat: Vec<f32>,
    /// Snapshots at evaluations, bounded (see [`KEPT_SNAPSHOTS`]), for `explain_divergence`.
    snapshots: Vec<Snapshot>,
    /// Set when the stop condition ended the run.
    stopped: Option<TargetReached>,
    /// The samples the confusion matrix and the misclassified grid read: the test set (the
    /// training set when there is none), or its prefix for a network too costly to evaluate on
    /// all of it (`training::budget`, the same prefix the evaluations read).
    eval_data: Arc<Dataset>,
    /// The network's outputs on `eval_data` at a step (both panels use one pass).
    eval_outputs: Option<(u64, Vec<f32>)>,
}

#[wasm_bindgen]
impl TrainSession {
    /// A fresh run of the setup in `hash`; `images` are the inflated image-file bytes for
    /// digits/MNIST.
    #[wasm_bindgen(constructor)]
    pub fn new(hash: &str, images: Option<Vec<u8>>) -> Result<TrainSession, JsError> {
        let (setup, split) = build(hash, images).map_err(js_err)?;
        Self::start(setup, split)
    }
}

impl TrainSession {
    /// A fresh run of `setup` on `split` (also for the user's data, `train_data.rs`).
    pub(super) fn start(setup: TrainSetup, split: Arc<Split>) -> Result<TrainSession, JsError> {
        let mut trainer = Trainer::new(setup.config.clone(), Arc::clone(&split)).map_err(js_err)?;
        let sets = split.train.len().max(split.test.len());
        let limit = crate::training::budget::eval_limit(trainer.training_flops_per_sample(), sets);
        trainer.set_eval_limit(limit);
        let whole = if split.test.is_empty() {
            &split.train
        } else {
            &split.test
        };
        let eval_data = Arc::new(prefix(whole, trainer.eval_samples(whole.len())));
        let two_d = trainer.split().train.features == 2;
        let grid = if two_d {
            grid(Extent::PLAYGROUND, HEATMAP_RESOLUTION).map_err(js_err)?
        } else {
            Vec::new()
        };
        let heat = vec![0.0; grid.len() / 2 * trainer.output_width()];
        let snapshots = vec![trainer.snapshot()];
        Ok(TrainSession {
            setup,
            split,
            trainer,
            grid,
            heat,
            snapshots,
            stopped: None,
            eval_data,
            eval_outputs: None,
        })
    }
}

#[wasm_bindgen]
impl TrainSession {
    /// Runs up to `k` mini-batches; returns how many ran (fewer when finished, stopped by the
    /// stop condition or diverged).
    pub fn step(&mut self, k: u32) -> u32 {
        if self.stopped.is_some() {
            return 0;
        }
        self.trainer.step(k as usize) as u32
    }

    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> f64 {
        self.trainer.step_count() as f64
    }

    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> u32 {
        self.trainer.epoch() as u32
    }

    #[wasm_bindgen(getter, js_name = samplesSeen)]
    pub fn samples_seen(&self) -> f64 {
        self.trainer.snapshot().samples_seen as f64
    }

    #[wasm_bindgen(getter, js_name = stepsPerEpoch)]
    pub fn steps_per_epoch(&self) -> u32 {
        self.trainer.steps_per_epoch() as u32
    }

    /// Test samples each evaluation reads (fewer than the test set for a costly network).
    #[wasm_bindgen(getter, js_name = evalSamples)]
    pub fn eval_samples(&self) -> u32 {
        self.eval_data.len() as u32
    }

    #[wasm_bindgen(getter, js_name = trainSize)]
    pub fn train_size(&self) -> u32 {
        self.trainer.split().train.len() as u32
    }

    /// `{"state":"running"}`, `{"state":"finished"}`, `{"state":"diverged","step":N}` or, when
    /// the stop condition ended the run, `{"state":"stopped","accuracy":…,"target":…,"step":…,
    /// "epoch":…}`.
    pub fn status(&self) -> String {
        match (&self.stopped, self.trainer.status()) {
            (Some(t), Status::Running) => {
                let mut v = serde_json::to_value(t).unwrap_or_default();
                v["state"] = "stopped".into();
                v.to_string()
            }
            (_, s) => status_json(s),
        }
    }

    /// Evaluates and returns the record (JSON of `TrainRecord`); checks the stop condition.
    pub fn evaluate(&mut self) -> String {
        self.trainer.evaluate();
        let snap = self.trainer.snapshot();
        let record = TrainRecord::from_snapshot(&snap, self.trainer.steps_per_epoch());
        if self.stopped.is_none() && self.trainer.status() == Status::Running {
            if let Some(r) = &record {
                self.stopped = target_reached(self.setup.stop_accuracy, r);
            }
        }
        self.keep_snapshot(snap);
        record
            .and_then(|r| serde_json::to_string(&r).ok())
            .unwrap_or_default()
    }

    /// The network's output on the decision-map grid (empty for image sets), `width` values per
    /// cell: P(class 1) or the regression value (one output), else every class's score (softmax
    /// probabilities or MSE outputs). Never NaN (a non-finite value is sent as 0.5).
    pub fn heatmap(&mut self) -> Vec<f32> {
        if self.grid.is_empty() {
            return Vec::new();
        }
        if self
            .trainer
            .predict_into(&self.grid, &mut self.heat)
            .is_err()
        {
            return Vec::new();
        }
        for h in &mut self.heat {
            if !h.is_finite() {
                *h = 0.5;
            }
        }
        self.heat.clone()
    }

    /// The confusion matrix on the test set (the training set when there is none), as JSON
    /// `{classes, counts}`; `null` for regression.
    pub fn confusion(&mut self) -> String {
        let data = Arc::clone(&self.eval_data);
        let Task::Classification { classes } = data.task else {
            return "null".into();
        };
        let width = self.trainer.output_width();
        self.eval_outputs()
            .and_then(|out| ConfusionMatrix::from_outputs(classes, &data.labels, out, width).ok())
            .and_then(|m| serde_json::to_string(&m).ok())
            .unwrap_or_else(|| "null".into())
    }

    /// Why the run diverged and the one-click fix, as JSON `{cause, message, message_zh,
    /// fix_label, fix_label_zh, fix_hash}` (`fix_hash`: the whole setup with the fix applied);
    /// `null` unless the run diverged.
    pub fn diagnosis(&mut self) -> String {
        self.keep_snapshot(self.trainer.snapshot());
        let Some(d) = explain_divergence(self.trainer.config(), &self.snapshots) else {
            return "null".into();
        };
        let fixed = TrainSetup {
            config: d.fix.config.clone(),
            ..self.setup.clone()
        };
        serde_json::json!({
            "cause": d.cause,
            "message": d.message,
            "message_zh": d.message_zh,
            "fix_label": d.fix.label,
            "fix_label_zh": d.fix.label_zh,
            "fix_hash": fixed.to_hash(),
        })
        .to_string()
    }

    /// The 2-D points as JSON `{train:[x,y,…], train_labels, test, test_labels, regression,
    /// classes}`.
    pub fn points(&self) -> String {
        #[derive(Serialize)]
        struct Points<'a> {
            train: &'a [f32],
            train_labels: Vec<f32>,
            test: &'a [f32],
            test_labels: Vec<f32>,
            regression: bool,
            classes: usize,
        }
        let split = self.trainer.split();
        let labels = |d: &crate::data::Dataset| -> Vec<f32> {
            match d.task {
                Task::Classification { .. } => d.labels.iter().map(|&l| l as f32).collect(),
                Task::Regression => d.targets.clone(),
            }
        };
        if split.train.features != 2 {
            return "null".into();
        }
        serde_json::to_string(&Points {
            train: &split.train.inputs,
            train_labels: labels(&split.train),
            test: &split.test.inputs,
            test_labels: labels(&split.test),
            regression: split.train.task == Task::Regression,
            classes: match split.train.task {
                Task::Classification { classes } => classes,
                Task::Regression => 0,
            },
        })
        .unwrap_or_else(|_| "null".into())
    }

    /// Misclassified test images as JSON `{side, total, count, items:[{pixels,label,predicted}]}`
    /// (image sets only, by their declared shape; `null` otherwise).
    pub fn misclassified(&mut self) -> String {
        let Some((side, _)) = self.setup.image_shape() else {
            return "null".into();
        };
        if self.split.test.is_empty() {
            return "null".into();
        }
        let data = Arc::clone(&self.eval_data);
        let width = self.trainer.output_width();
        self.eval_outputs()
            .and_then(|out| misclassified(&data, out, width, side, MAX_MISCLASSIFIED).ok())
            .and_then(|m| serde_json::to_string(&m).ok())
            .unwrap_or_else(|| "null".into())
    }

    /// The setup this session runs, as JSON (see `trainSetup`).
    pub fn setup(&self) -> String {
        setup_json(&self.setup)
    }
}

/// The first `n` samples of `d`.
fn prefix(d: &Dataset, n: usize) -> Dataset {
    let n = n.min(d.len());
    Dataset {
        features: d.features,
        shape: d.shape,
        task: d.task,
        inputs: d.inputs[..n * d.features].to_vec(),
        labels: d.labels[..d.labels.len().min(n)].to_vec(),
        targets: d.targets[..d.targets.len().min(n)].to_vec(),
    }
}

impl TrainSession {
    /// The network's outputs on `eval_data` now (one pass per step, shared by the panels).
    fn eval_outputs(&mut self) -> Option<&[f32]> {
        let step = self.trainer.step_count();
        if self.eval_outputs.as_ref().is_none_or(|(s, _)| *s != step) {
            let out = self.trainer.predict(&self.eval_data.inputs).ok()?;
            self.eval_outputs = Some((step, out));
        }
        self.eval_outputs.as_ref().map(|(_, out)| out.as_slice())
    }

    /// Keeps a snapshot for the divergence diagnosis (same step: replaced).
    fn keep_snapshot(&mut self, snap: Snapshot) {
        if self.snapshots.last().is_some_and(|s| s.step == snap.step) {
            self.snapshots.pop();
        }
        self.snapshots.push(snap);
        if self.snapshots.len() > KEPT_SNAPSHOTS {
            self.snapshots.remove(FIRST_SNAPSHOTS);
        }
    }
}
