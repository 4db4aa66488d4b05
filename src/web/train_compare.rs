//! The compare section's runs: the setup's config once per activation. The page trains each run
//! in its own worker (www/compare-worker.js), so a session can be narrowed to one run (`only`);
//! every run is built from the same hash, split and seed, so its trace is the serial one.

use std::sync::Arc;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::js_err;
use super::train::build;
use crate::data::Split;
use crate::experiment::Contender;
use crate::experiment::{article_variant, EpochRecord};
use crate::nn::{Status, Trainer};
use crate::training::summary::speedup;
use crate::training::{summarize, RunSummary, TrainSetup};

/// One comparison: the setup's config once per activation, same seed, init stream and batch
/// order (the core's `article_variant` + `Trainer::new` on one shared split, as
/// `experiment::compare_with`: SELU runs use AlphaDropout, as the article's SELU branch). Stepped
/// in small chunks by the worker so it can be cancelled.
#[wasm_bindgen]
pub struct CompareSession {
    setup: TrainSetup,
    split: Arc<Split>,
    activations: Vec<Contender>,
    run: usize,
    /// One past the last run this session trains (`only` narrows it to one run).
    end: usize,
    trainer: Option<Trainer>,
    started: f64,
    reached: Option<(u64, f64)>,
    test_acc: Vec<Option<f32>>,
    test_loss: Vec<Option<f32>>,
    summaries: Vec<RunSummary>,
    checks_per_epoch: usize,
}

/// Progress events per epoch between checks on large sets (one check per epoch).
const PROGRESS_SLICES: usize = 20;

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
            Trainer::new(a.config(&setup.config, article_variant), Arc::clone(&split))
                .map_err(js_err)?;
        }
        let checks_per_epoch = if split.train.len() <= 2000 { 4 } else { 1 };
        Ok(CompareSession {
            end: setup.compare.len(),
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
        let l: Vec<String> = self.activations.iter().map(Contender::label).collect();
        serde_json::to_string(&l).unwrap_or_default()
    }

    /// Narrows the session to run `run` alone (its events keep their index in the line-up);
    /// throws when there is no such run or training has begun.
    pub fn only(&mut self, run: usize) -> Result<(), JsError> {
        if run >= self.activations.len() {
            return Err(JsError::new(&format!(
                "compare run {run} does not exist: the line-up has {} activations",
                self.activations.len()
            )));
        }
        if self.trainer.is_some() || self.run > 0 || !self.summaries.is_empty() {
            return Err(JsError::new("compare: a run is already training"));
        }
        self.run = run;
        self.end = run + 1;
        Ok(())
    }

    /// Trains to the next check (a quarter epoch on small sets, an epoch on MNIST) and returns a
    /// JSON event; `done` is true once every run finished.
    pub fn advance(&mut self) -> Result<String, JsError> {
        if self.run >= self.end {
            return Ok(self.event(None, None, true, 1.0));
        }
        let a = self.activations[self.run].clone();
        if self.trainer.is_none() {
            let t = Trainer::new(
                a.config(&self.setup.config, article_variant),
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
        // Between checks (an epoch of MNIST: minutes for a CNN) the run steps in slices and
        // reports its progress without evaluating, so the checks and the trace stay the same.
        let slice = if self.checks_per_epoch == 1 {
            spe.div_ceil(PROGRESS_SLICES).max(1)
        } else {
            chunk
        };
        let into_chunk = into_epoch % chunk;
        t.step(slice.min(chunk - into_chunk).min(spe - into_epoch));
        let at_check = (t.step_count() as usize % spe) % chunk == 0 || t.epoch() > before;
        if !at_check && t.status() == Status::Running {
            let progress = t.step_count() as f64 / (spe * self.setup.config.epochs) as f64;
            return Ok(self.event(None, None, false, progress.min(1.0)));
        }
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
            let done = self.run >= self.end;
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

/// The measured steps-to-target ratio of two runs' summaries (JSON `RunSummary`, as the runs'
/// last events carry them): slow over fast, `null` when either never reached the target.
#[wasm_bindgen(js_name = compareSpeedup)]
pub fn compare_speedup(fast: &str, slow: &str) -> Result<Option<f64>, JsError> {
    let read =
        |s: &str| serde_json::from_str::<RunSummary>(s).map_err(|e| JsError::new(&e.to_string()));
    Ok(speedup(&read(fast)?, &read(slow)?))
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
                .map(Contender::label)
                .unwrap_or_default(),
            progress,
            record: None,
            summary: None,
            done: false,
        }
    }

    /// An event of the current run (`done`: of the last one, after the end).
    fn event(
        &self,
        record: Option<EpochRecord>,
        summary: Option<&RunSummary>,
        done: bool,
        progress: f64,
    ) -> String {
        let run = if done {
            self.run.min(self.end).saturating_sub(1)
        } else {
            self.run
        };
        let mut ev = self.event_base(run, progress);
        ev.record = record;
        ev.done = done;
        let json = serde_json::json!({
            "run": ev.run, "activation": ev.activation, "progress": ev.progress,
            "record": ev.record, "summary": summary, "done": ev.done,
        });
        json.to_string()
    }
}
