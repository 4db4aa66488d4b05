//! The training tab's wasm skin. `TrainSession` and `CompareSession` live in the worker
//! (www/train-worker.js) and own the core's `Trainer`s; `TrainCharts` lives on the page, keeps the
//! run's history and draws it. Every rule is the core's (`training::TrainSetup`, `TrainConfig`).

use std::sync::Arc;

use plotters::coord::Shift;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::js_err;
use crate::data::{grid, Extent, Split, Task};
use crate::experiment::{with_activation, EpochRecord};
use crate::nn::{explain_divergence, ActivationSpec, LrPlan, Snapshot, Status, Trainer};
use crate::plot::boundary::{draw_boundary, Boundary};
use crate::plot::confusion::{draw_confusion, ConfusionLabels};
use crate::plot::digits::{draw_digits, Misclassified};
use crate::plot::layers::{layer_chart, LayerPanel};
use crate::plot::traces::{
    draw_lines, draw_lr_strip, metric_series, record_at, LineChart, Metric, Series,
};
use crate::plot::{ChartMapping, Style};
use crate::training::stop::{target_reached, TargetReached};
use crate::training::summary::speedup;
use crate::training::{summarize, ConfusionMatrix, History, RunSummary, TrainRecord, TrainSetup};
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

#[derive(Serialize)]
struct SetupJson<'a> {
    hash: String,
    data: &'a str,
    images: Option<(&'static str, bool, usize)>,
    noise: f64,
    samples: usize,
    train_ratio: f64,
    config: &'a crate::nn::TrainConfig,
    compare: Vec<String>,
    target: f32,
    stop: Option<f32>,
    /// Classes of the data (0 for regression), for the page's loss choices.
    classes: usize,
}

fn setup_json(s: &TrainSetup) -> String {
    let json = SetupJson {
        hash: s.to_hash(),
        data: s.data.name(),
        images: s.data.image_source().map(|i| (i.file, i.gzip, i.samples)),
        noise: s.noise,
        samples: s.samples,
        train_ratio: s.train_ratio,
        config: &s.config,
        compare: s.compare.iter().map(ActivationSpec::label).collect(),
        target: s.target,
        stop: s.stop_accuracy,
        classes: match s.shape().1 {
            Task::Classification { classes } => classes,
            Task::Regression => 0,
        },
    };
    serde_json::to_string(&json).unwrap_or_else(|_| "{}".into())
}

fn build(hash: &str, images: Option<Vec<u8>>) -> Result<(TrainSetup, Arc<Split>), Error> {
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
        let trainer = Trainer::new(setup.config.clone(), Arc::clone(&split)).map_err(js_err)?;
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
        let split = Arc::clone(&self.split);
        let data = if split.test.is_empty() {
            &split.train
        } else {
            &split.test
        };
        let Task::Classification { classes } = data.task else {
            return "null".into();
        };
        let width = self.trainer.output_width();
        self.trainer
            .predict(&data.inputs)
            .ok()
            .and_then(|out| ConfusionMatrix::from_outputs(classes, &data.labels, &out, width).ok())
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

    /// Misclassified test images as JSON `{side, total, items:[{pixels,label,predicted}]}` (image
    /// sets only; `null` otherwise).
    pub fn misclassified(&mut self) -> String {
        let split = Arc::clone(&self.split);
        let test = &split.test;
        let side = (test.features as f64).sqrt() as usize;
        if test.features < 16 || side * side != test.features {
            return "null".into();
        }
        let Ok(out) = self.trainer.predict(&test.inputs) else {
            return "null".into();
        };
        let width = self.trainer.output_width();
        let mut items = Vec::new();
        let mut total = 0;
        for (i, o) in out.chunks_exact(width).enumerate() {
            let predicted = crate::nn::loss::argmax(o) as u32;
            if predicted != test.labels[i] {
                total += 1;
                if items.len() < MAX_MISCLASSIFIED {
                    items.push(Misclassified {
                        pixels: test.sample(i).to_vec(),
                        label: test.labels[i],
                        predicted,
                    });
                }
            }
        }
        serde_json::json!({ "side": side, "total": total, "count": test.len(), "items": items })
            .to_string()
    }

    /// The setup this session runs, as JSON (see `trainSetup`).
    pub fn setup(&self) -> String {
        setup_json(&self.setup)
    }
}

impl TrainSession {
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

/// One comparison: the setup's config once per activation, same seed, init stream and batch
/// order (the core's `with_activation` + `Trainer::new` on one shared split, as
/// `experiment::compare`). Stepped in small chunks by the worker so it can be cancelled.
#[wasm_bindgen]
pub struct CompareSession {
    setup: TrainSetup,
    split: Arc<Split>,
    activations: Vec<ActivationSpec>,
    run: usize,
    trainer: Option<Trainer>,
    started: f64,
    reached: Option<(u64, f64)>,
    test_acc: Vec<Option<f32>>,
    test_loss: Vec<Option<f32>>,
    summaries: Vec<RunSummary>,
    checks_per_epoch: usize,
}

#[derive(Serialize)]
struct CompareEvent<'a> {
    run: usize,
    activation: String,
    /// Fraction of this run done.
    progress: f64,
    record: Option<EpochRecord>,
    summary: Option<&'a RunSummary>,
    done: bool,
}

#[wasm_bindgen]
impl CompareSession {
    /// Validates every run before any trains.
    #[wasm_bindgen(constructor)]
    pub fn new(hash: &str, images: Option<Vec<u8>>) -> Result<CompareSession, JsError> {
        let (setup, split) = build(hash, images).map_err(js_err)?;
        Self::start(setup, split)
    }
}

impl CompareSession {
    /// Validates every run of `setup` on `split` (also for the user's data, `train_data.rs`).
    pub(super) fn start(setup: TrainSetup, split: Arc<Split>) -> Result<CompareSession, JsError> {
        for a in &setup.compare {
            Trainer::new(with_activation(&setup.config, a), Arc::clone(&split)).map_err(js_err)?;
        }
        let checks_per_epoch = if split.train.len() <= 2000 { 4 } else { 1 };
        Ok(CompareSession {
            activations: setup.compare.clone(),
            setup,
            split,
            run: 0,
            trainer: None,
            started: 0.0,
            reached: None,
            test_acc: Vec::new(),
            test_loss: Vec::new(),
            summaries: Vec::new(),
            checks_per_epoch,
        })
    }
}

#[wasm_bindgen]
impl CompareSession {
    /// Labels of the runs, JSON array.
    pub fn labels(&self) -> String {
        let l: Vec<String> = self.activations.iter().map(ActivationSpec::label).collect();
        serde_json::to_string(&l).unwrap_or_default()
    }

    /// Trains to the next check (a quarter epoch on small sets, an epoch on MNIST) and returns a
    /// JSON event; `done` is true once every run finished.
    pub fn advance(&mut self) -> Result<String, JsError> {
        if self.run >= self.activations.len() {
            return Ok(self.event(None, None, true));
        }
        let a = self.activations[self.run].clone();
        if self.trainer.is_none() {
            let t = Trainer::new(
                with_activation(&self.setup.config, &a),
                Arc::clone(&self.split),
            )
            .map_err(js_err)?;
            self.trainer = Some(t);
            self.started = js_sys::Date::now();
            self.reached = None;
            self.test_acc.clear();
            self.test_loss.clear();
        }
        let t = self.trainer.as_mut().expect("set above");
        let spe = t.steps_per_epoch();
        let chunk = spe.div_ceil(self.checks_per_epoch).max(1);
        let into_epoch = (t.step_count() as usize) % spe;
        let before = t.epoch();
        t.step(chunk.min(spe - into_epoch));
        let eval = t.evaluate();
        if self.reached.is_none() && eval.train.accuracy.unwrap_or(0.0) >= self.setup.target {
            self.reached = Some((t.step_count(), t.step_count() as f64 / spe as f64));
        }
        let mut record = None;
        if t.epoch() > before {
            record = EpochRecord::from_snapshot(&t.snapshot());
            if let Some(r) = &record {
                self.test_acc.push(r.test_accuracy);
                self.test_loss.push(r.test_loss);
            }
        }
        let status = t.status();
        let progress = (t.step_count() as f64 / (spe * self.setup.config.epochs) as f64).min(1.0);
        if status != Status::Running {
            let summary = summarize(
                &a.label(),
                &self.test_acc,
                &self.test_loss,
                self.reached,
                status,
                js_sys::Date::now() - self.started,
            );
            self.summaries.push(summary);
            self.trainer = None;
            self.run += 1;
            let last = self.summaries.last().cloned();
            let done = self.run >= self.activations.len();
            let mut ev: CompareEvent =
                self.event_base(self.run - 1, progress_done(status, progress));
            ev.record = record;
            ev.summary = last.as_ref();
            ev.done = done;
            return Ok(serde_json::to_string(&ev).unwrap_or_default());
        }
        let mut ev = self.event_base(self.run, progress);
        ev.record = record;
        Ok(serde_json::to_string(&ev).unwrap_or_default())
    }

    /// The measured steps-to-target ratio of run `slow` over run `fast` (NaN-free: `null` when
    /// either never reached the target).
    pub fn ratio(&self, fast: usize, slow: usize) -> Option<f64> {
        speedup(self.summaries.get(fast)?, self.summaries.get(slow)?)
    }
}

fn progress_done(status: Status, progress: f64) -> f64 {
    if matches!(status, Status::Diverged { .. }) {
        progress
    } else {
        1.0
    }
}

impl CompareSession {
    fn event_base(&self, run: usize, progress: f64) -> CompareEvent<'static> {
        CompareEvent {
            run,
            activation: self
                .activations
                .get(run)
                .map(ActivationSpec::label)
                .unwrap_or_default(),
            progress,
            record: None,
            summary: None,
            done: false,
        }
    }

    fn event(
        &self,
        record: Option<EpochRecord>,
        summary: Option<&RunSummary>,
        done: bool,
    ) -> String {
        let mut ev = self.event_base(self.run.min(self.activations.len().saturating_sub(1)), 1.0);
        ev.record = record;
        ev.done = done;
        let json = serde_json::json!({
            "run": ev.run, "activation": ev.activation, "progress": ev.progress,
            "record": ev.record, "summary": summary, "done": ev.done,
        });
        json.to_string()
    }
}

/// Chart labels in the page's language, sent by JS.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct Labels {
    title: String,
    x: String,
    train: String,
    test: String,
    layer: String,
    output: String,
    empty: String,
    /// Confusion matrix captions.
    predicted: String,
    truth: String,
    accuracy: String,
    /// The learning-rate strip's legend.
    lr: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct PointsJson {
    train: Vec<f32>,
    train_labels: Vec<f32>,
    test: Vec<f32>,
    test_labels: Vec<f32>,
    regression: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct DigitsJson {
    side: usize,
    items: Vec<Misclassified>,
}

#[derive(Debug, Clone, Deserialize)]
struct CompareRun {
    label: String,
    records: Vec<EpochRecordIn>,
}

/// `EpochRecord` as it comes back from JSON.
#[derive(Debug, Clone, Deserialize)]
struct EpochRecordIn {
    epoch: usize,
    train_loss: f32,
    train_accuracy: Option<f32>,
    test_loss: Option<f32>,
    test_accuracy: Option<f32>,
    grad_norms: Vec<f32>,
}

/// The page side: the run's history, last decision map / misclassified images / confusion
/// matrix and the learning-rate plan, drawn on demand (at most once per animation frame, the page
/// decides). Keeps each chart's last pixel mapping for hover readouts.
#[wasm_bindgen]
#[derive(Default)]
pub struct TrainCharts {
    history: History,
    heat: Vec<f32>,
    points: Option<PointsJson>,
    digits: Option<DigitsJson>,
    confusion: Option<ConfusionMatrix>,
    plan: Option<LrPlan>,
    mappings: Vec<(String, ChartMapping)>,
    compare: Vec<CompareRun>,
}

#[wasm_bindgen]
impl TrainCharts {
    #[wasm_bindgen(constructor)]
    pub fn new() -> TrainCharts {
        TrainCharts::default()
    }

    /// Forgets the run (traces, map, images).
    pub fn clear(&mut self) {
        *self = TrainCharts {
            compare: std::mem::take(&mut self.compare),
            ..TrainCharts::default()
        };
    }

    #[wasm_bindgen(getter)]
    pub fn records(&self) -> u32 {
        self.history.len() as u32
    }

    /// Adds a record (JSON from `TrainSession.evaluate`).
    pub fn push(&mut self, record: &str) -> Result<(), JsError> {
        let r: TrainRecord =
            serde_json::from_str(record).map_err(|e| JsError::new(&format!("bad record: {e}")))?;
        self.history.push(r);
        Ok(())
    }

    /// The latest record as JSON (`null` before the first).
    pub fn latest(&self) -> String {
        self.history
            .records()
            .last()
            .and_then(|r| serde_json::to_string(r).ok())
            .unwrap_or_else(|| "null".into())
    }

    /// The record nearest to fractional `epoch`, as JSON (hover readout).
    pub fn nearest(&self, epoch: f64) -> String {
        self.history
            .nearest(epoch)
            .and_then(|r| serde_json::to_string(r).ok())
            .unwrap_or_else(|| "null".into())
    }

    #[wasm_bindgen(js_name = setPoints)]
    pub fn set_points(&mut self, json: &str) {
        self.points = serde_json::from_str(json).ok();
    }

    #[wasm_bindgen(js_name = setHeatmap)]
    pub fn set_heatmap(&mut self, values: Vec<f32>) {
        self.heat = values;
    }

    #[wasm_bindgen(js_name = setDigits)]
    pub fn set_digits(&mut self, json: &str) {
        self.digits = serde_json::from_str(json).ok();
    }

    /// The confusion matrix JSON from `TrainSession.confusion` (`null` clears it).
    #[wasm_bindgen(js_name = setConfusion)]
    pub fn set_confusion(&mut self, json: &str) {
        self.confusion = serde_json::from_str(json).ok();
    }

    /// The latest confusion matrix as JSON (`null` before one), for the page's summary text.
    pub fn confusion(&self) -> String {
        self.confusion
            .as_ref()
            .and_then(|m| {
                serde_json::to_string(&serde_json::json!({
                    "classes": m.classes,
                    "counts": m.counts,
                    "total": m.total(),
                    "accuracy": m.accuracy(),
                    "per_class": m.per_class_accuracy(),
                }))
                .ok()
            })
            .unwrap_or_else(|| "null".into())
    }

    /// The run's learning-rate plan, for the strip under the loss chart: the setup in `hash` and
    /// the session's steps per epoch.
    #[wasm_bindgen(js_name = setPlan)]
    pub fn set_plan(&mut self, hash: &str, steps_per_epoch: u32) -> Result<(), JsError> {
        let s = TrainSetup::parse_hash(hash).map_err(js_err)?;
        let plan = LrPlan::new(
            s.config.schedule,
            s.config.lr,
            steps_per_epoch as usize,
            s.config.epochs,
        )
        .map_err(js_err)?;
        self.plan = Some(plan);
        Ok(())
    }

    /// The record under backing-store pixel column `px` of chart `kind` as last drawn, as JSON
    /// (`null` before that chart is drawn or without records). The pixel→epoch mapping is the
    /// chart code's, not the page's.
    #[wasm_bindgen(js_name = recordAt)]
    pub fn record_at(&self, kind: &str, px: f64) -> String {
        self.mappings
            .iter()
            .find(|(k, _)| k == kind)
            .and_then(|(_, m)| record_at(self.history.records(), m, px))
            .and_then(|r| serde_json::to_string(r).ok())
            .unwrap_or_else(|| "null".into())
    }

    /// Starts a comparison with these run labels (JSON array).
    #[wasm_bindgen(js_name = compareStart)]
    pub fn compare_start(&mut self, labels: &str) -> Result<(), JsError> {
        let labels: Vec<String> =
            serde_json::from_str(labels).map_err(|e| JsError::new(&e.to_string()))?;
        self.compare = labels
            .into_iter()
            .map(|label| CompareRun {
                label,
                records: Vec::new(),
            })
            .collect();
        Ok(())
    }

    /// Adds an epoch record (JSON `EpochRecord`) to run `run`.
    #[wasm_bindgen(js_name = comparePush)]
    pub fn compare_push(&mut self, run: usize, record: &str) -> Result<(), JsError> {
        let r: EpochRecordIn =
            serde_json::from_str(record).map_err(|e| JsError::new(&e.to_string()))?;
        if let Some(c) = self.compare.get_mut(run) {
            c.records.push(r);
        }
        Ok(())
    }

    /// The run's traces as CSV.
    pub fn csv(&self) -> String {
        self.history.to_csv()
    }

    /// The comparison's per-epoch traces as CSV (one row per run and epoch).
    #[wasm_bindgen(js_name = compareCsv)]
    pub fn compare_csv(&self) -> String {
        let mut out =
            String::from("activation,epoch,train_loss,train_accuracy,test_loss,test_accuracy\n");
        let opt = |v: Option<f32>| v.map(|v| v.to_string()).unwrap_or_default();
        for run in &self.compare {
            for r in &run.records {
                out.push_str(&format!(
                    "\"{}\",{},{},{},{},{}\n",
                    run.label.replace('"', "'"),
                    r.epoch,
                    r.train_loss,
                    opt(r.train_accuracy),
                    opt(r.test_loss),
                    opt(r.test_accuracy)
                ));
            }
        }
        out
    }

    /// Draws chart `kind` on `canvas` (backing store already sized by the page). Kinds: `loss`,
    /// `lr`, `accuracy`, `boundary`, `digits`, `confusion`, `grad`, `meanstd`, `dead`, `alpha`,
    /// `cmp_acc`, `cmp_loss`, `cmp_grad`. Returns the mapping JSON (or `null`).
    pub fn draw(
        &mut self,
        canvas: HtmlCanvasElement,
        kind: &str,
        log_y: bool,
        dark: bool,
        scale: f64,
        labels: &str,
    ) -> Result<String, JsError> {
        let (root, style) = super::canvas_area(canvas, dark, scale)?;
        let labels: Labels = serde_json::from_str(labels).unwrap_or_default();
        let m = self
            .draw_on(&root, kind, log_y, &labels, &style)
            .map_err(|e| JsError::new(&format!("chart drawing failed: {e}")))?;
        root.present()
            .map_err(|e| JsError::new(&format!("chart drawing failed: {e}")))?;
        self.mappings.retain(|(k, _)| k != kind);
        if let Some(m) = m {
            self.mappings.push((kind.to_string(), m));
        }
        Ok(mapping_json(m))
    }

    /// The same chart as an SVG document.
    pub fn svg(
        &self,
        kind: &str,
        width: u32,
        height: u32,
        log_y: bool,
        dark: bool,
        labels: &str,
    ) -> Result<String, JsError> {
        let labels: Labels = serde_json::from_str(labels).unwrap_or_default();
        let style = Style {
            dark,
            ..Style::default()
        };
        crate::plot::render_to_svg(
            width.clamp(200, 4000),
            height.clamp(150, 4000),
            &style,
            |root, style| self.draw_on(root, kind, log_y, &labels, style).map(|_| ()),
        )
        .map_err(js_err)
    }
}

fn mapping_json(m: Option<ChartMapping>) -> String {
    match m {
        Some(m) => serde_json::json!({
            "x0": m.x_range.0, "x1": m.x_range.1, "y0": m.y_range.0, "y1": m.y_range.1,
            "left": m.left, "right": m.right, "top": m.top, "bottom": m.bottom,
        })
        .to_string(),
        None => "null".into(),
    }
}

impl TrainCharts {
    fn draw_on<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        kind: &str,
        log_y: bool,
        labels: &Labels,
        style: &Style,
    ) -> Result<Option<ChartMapping>, DrawingAreaErrorKind<DB::ErrorType>> {
        let records = self.history.records();
        let lines = |chart: LineChart| draw_lines(root, &chart, style).map(Some);
        match kind {
            "loss" | "accuracy" => {
                let metric = if kind == "loss" {
                    Metric::Loss
                } else {
                    Metric::Accuracy
                };
                lines(LineChart {
                    title: labels.title.clone(),
                    x_label: labels.x.clone(),
                    log_y: log_y && metric == Metric::Loss,
                    y_range: (metric == Metric::Accuracy).then_some((0.0, 1.0)),
                    x_integer: false,
                    series: metric_series(records, metric, (&labels.train, &labels.test)),
                })
            }
            "lr" => {
                let Some(plan) = &self.plan else {
                    return Ok(None);
                };
                let now = records.last().map(|r| r.epoch);
                draw_lr_strip(root, plan, now, &labels.lr, &labels.x, style).map(Some)
            }
            "confusion" => {
                let l = ConfusionLabels {
                    predicted: labels.predicted.clone(),
                    truth: labels.truth.clone(),
                    accuracy: labels.accuracy.clone(),
                    empty: labels.empty.clone(),
                };
                draw_confusion(root, self.confusion.as_ref(), &l, style).map(|_| None)
            }
            "boundary" => {
                let empty = PointsJson::default();
                let p = self.points.as_ref().unwrap_or(&empty);
                let b = Boundary {
                    extent: Extent::PLAYGROUND,
                    resolution: HEATMAP_RESOLUTION,
                    values: &self.heat,
                    train: (&p.train, &p.train_labels),
                    test: (&p.test, &p.test_labels),
                    regression: p.regression,
                };
                draw_boundary(root, &b, style).map(Some)
            }
            "digits" => {
                let (side, items) = self
                    .digits
                    .as_ref()
                    .map_or((0, &[][..]), |d| (d.side, &d.items[..]));
                draw_digits(root, items, side, &labels.empty, style).map(|_| None)
            }
            "cmp_acc" | "cmp_loss" => {
                let acc = kind == "cmp_acc";
                let series = self
                    .compare
                    .iter()
                    .enumerate()
                    .map(|(i, run)| Series {
                        label: run.label.clone(),
                        color: i,
                        dashed: false,
                        points: run
                            .records
                            .iter()
                            .filter_map(|r| {
                                let v = if acc { r.test_accuracy } else { r.test_loss };
                                v.map(|v| (r.epoch as f64, f64::from(v)))
                            })
                            .collect(),
                    })
                    .collect();
                lines(LineChart {
                    title: labels.title.clone(),
                    x_label: labels.x.clone(),
                    log_y: log_y && !acc,
                    y_range: None,
                    x_integer: false,
                    series,
                })
            }
            "cmp_grad" => {
                // Nielsen's picture: gradient norm per layer (x = layer) after the last epoch.
                let series = self
                    .compare
                    .iter()
                    .enumerate()
                    .filter_map(|(i, run)| {
                        let last = run.records.last()?;
                        Some(Series {
                            label: run.label.clone(),
                            color: i,
                            dashed: false,
                            points: last
                                .grad_norms
                                .iter()
                                .enumerate()
                                .map(|(l, &g)| ((l + 1) as f64, f64::from(g)))
                                .collect(),
                        })
                    })
                    .collect();
                lines(LineChart {
                    title: labels.title.clone(),
                    x_label: labels.x.clone(),
                    log_y: true,
                    y_range: None,
                    x_integer: true,
                    series,
                })
            }
            other => match LayerPanel::from_key(other) {
                Some(panel) => lines(layer_chart(
                    records,
                    panel,
                    &labels.title,
                    &labels.x,
                    &labels.layer,
                    &labels.output,
                )),
                None => Ok(None),
            },
        }
    }
}
