//! The training loop the CLI and the web worker drive: `step(k)` runs k mini-batches, `evaluate()`
//! measures loss/accuracy and layer statistics, `snapshot()` packs the diagnostics for drawing.
//! Three seeded streams (init, batch order, noise) make a run bit-for-bit reproducible and let a
//! comparison of activations share the init stream and batch order.

use std::sync::Arc;

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;
use serde::Serialize;

use super::config::TrainConfig;
use super::layer::activation::Mode;
use super::loss::Targets;
use super::net::{Net, UnitLayer, Workspace};
use super::optim::{clip_by_norm, clip_by_value, OptimizerState};
use super::schedule::LrPlan;
use crate::data::{Dataset, Split, Task};
use crate::error::{Error, Result};

/// Rows per evaluation/prediction chunk (bounds the evaluation workspace).
pub const EVAL_CHUNK: usize = 256;

/// A smoothed loss this many times the reference loss (floored at 0.1) counts as divergence:
/// healthy runs never come near it, while a too-large learning rate with a stable loss (which
/// never turns NaN) otherwise oscillates at huge losses forever.
pub const EXPLODED_FACTOR: f32 = 100.0;

/// Samples the divergence test smooths over: the tested loss is an exponential moving average of
/// the batch losses with weight `min(1, batch / SMOOTH_SAMPLES)`, so batches of this size or more
/// are tested one by one, while single-sample batches (batch size 1, an outlier target) are
/// averaged and cannot stop a healthy run; a real explosion still does within a few batches (and
/// a non-finite loss at once).
pub const SMOOTH_SAMPLES: usize = 8;

/// The reference loss is the untrained network's mean loss over the first this many training
/// samples (evaluation mode, before the first update), not one batch's.
pub const REFERENCE_SAMPLES: usize = 256;

/// Seeds of the three random streams derived from the run's seed.
fn stream(seed: u64, which: u64) -> Pcg64Mcg {
    Pcg64Mcg::seed_from_u64(stream_seed(seed, which))
}

fn stream_seed(seed: u64, which: u64) -> u64 {
    // Distinct odd multipliers keep the streams apart for every seed.
    seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(which.wrapping_mul(0xD1B5_4A32_D192_ED03))
}

/// The training-noise stream for `seed`: dropout masks and RReLU slopes, one `f64` per value in
/// forward order.
pub fn noise_stream(seed: u64) -> Pcg64Mcg {
    stream(seed, 3)
}

/// The 128-bit state [`noise_stream`] starts from (`Pcg64Mcg::new` of it is the same stream), so
/// an export can draw our dropout masks itself (the Keras replay).
pub fn noise_stream_state(seed: u64) -> u128 {
    /// Keeps the seed bytes `seed_from_u64` makes, which `Pcg64Mcg::from_seed` reads as its state.
    struct SeedBytes([u8; 16]);
    impl SeedableRng for SeedBytes {
        type Seed = [u8; 16];
        fn from_seed(seed: [u8; 16]) -> Self {
            SeedBytes(seed)
        }
    }
    u128::from_le_bytes(SeedBytes::seed_from_u64(stream_seed(seed, 3)).0) | 1
}

/// The init stream for `seed` (shared by experiments that build networks directly).
pub fn init_stream(seed: u64) -> Pcg64Mcg {
    stream(seed, 1)
}

/// The batch-order stream for `seed`: the first epoch's order is `0..n` shuffled with it, each
/// later epoch reshuffles the previous order in place (read by the PyTorch replay export).
pub fn order_stream(seed: u64) -> Pcg64Mcg {
    stream(seed, 2)
}

/// Where the run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Status {
    /// More steps can be taken.
    Running,
    /// The configured number of epochs is done.
    Finished,
    /// The loss exploded (non-finite, or smoothed above [`EXPLODED_FACTOR`] × the reference loss,
    /// see [`SMOOTH_SAMPLES`] and [`REFERENCE_SAMPLES`]) or a
    /// gradient or parameter became non-finite at this step; the parameters are those before that
    /// step and training stops.
    Diverged { step: u64 },
}

/// Loss and accuracy on one data set (accuracy is `None` for regression).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metrics {
    pub loss: f32,
    pub accuracy: Option<f32>,
    /// The share of outputs on the right side of 0.5 (Keras's `binary_accuracy`, what Keras 2
    /// printed as `accuracy` for the article's loss); only for `Loss::SoftmaxBce`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binary_accuracy: Option<f32>,
}

/// Statistics of one conv or hidden dense layer's outputs (after its activation) over the
/// training set in evaluation mode.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HiddenStats {
    pub mean: f32,
    pub std: f32,
    /// Units whose output was exactly 0 for every training sample (a dead ReLU); for a conv
    /// layer, filters whose output is 0 at every position of every training sample.
    pub dead_fraction: f32,
    /// Fraction of outputs exactly 0.
    pub sparsity: f32,
}

/// The result of [`Trainer::evaluate`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub step: u64,
    pub epoch: usize,
    pub train: Metrics,
    /// `None` when the split has no test samples.
    pub test: Option<Metrics>,
    /// One per conv and hidden dense layer, input side first (conv layers come first).
    pub layers: Vec<HiddenStats>,
    /// How many of `layers` are conv layers.
    pub conv_layers: usize,
}

impl Evaluation {
    /// The hidden dense layers' statistics.
    pub fn dense(&self) -> &[HiddenStats] {
        &self.layers[self.conv_layers..]
    }

    /// The conv layers' statistics.
    pub fn conv(&self) -> &[HiddenStats] {
        &self.layers[..self.conv_layers]
    }
}

/// Everything the page draws, cheap to produce at any moment. No field is ever NaN.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    pub step: u64,
    /// Completed epochs.
    pub epoch: usize,
    pub samples_seen: u64,
    pub status: Status,
    /// Mean loss of the last mini-batch.
    pub batch_loss: Option<f32>,
    /// Mean loss and accuracy over the batches of the current epoch so far (or the last epoch when
    /// the current one has not started).
    pub running_loss: Option<f32>,
    pub running_accuracy: Option<f32>,
    /// L2 norm of each conv and dense layer's weight gradient at the last step, input side first
    /// (conv layers first; the last entry is the output layer).
    pub grad_norms: Vec<f32>,
    /// How many of `grad_norms` are conv layers'.
    pub conv_layers: usize,
    /// Learning rate of the last step taken (of the first step before any), from the schedule.
    pub lr: f32,
    /// Learned PReLU slopes per conv and hidden dense layer (empty for other activations).
    pub prelu_alpha: Vec<Vec<f32>>,
    /// Fractions of steps where clipping changed the gradient.
    pub clipped_value_fraction: f32,
    pub clipped_norm_fraction: f32,
    /// With a clip value: per conv, then dense layer, the fraction of its gradient components
    /// (weights, biases, PReLU slopes) that clipping changed, over the steps of the current epoch
    /// (of the last one before the current one has begun). Empty without a clip value.
    pub clipped_per_layer: Vec<f32>,
    /// The latest evaluation, if any.
    pub evaluation: Option<Evaluation>,
}

/// Owns a network, its data and its optimizer; see the module docs.
pub struct Trainer {
    config: TrainConfig,
    split: Arc<Split>,
    net: Net<f32>,
    /// The conv and hidden dense layers (statistics, dead units, PReLU slopes).
    units: Vec<UnitLayer>,
    /// The conv and dense layers' weight ranges (gradient norms).
    weighted: Vec<std::ops::Range<usize>>,
    ws: Workspace<f32>,
    eval_ws: Workspace<f32>,
    grads: Vec<f32>,
    backup: Vec<f32>,
    opt: OptimizerState,
    lr_plan: LrPlan,
    order: Vec<u32>,
    cursor: usize,
    order_rng: Pcg64Mcg,
    noise_rng: Pcg64Mcg,
    batch_x: Vec<f32>,
    batch_labels: Vec<u32>,
    batch_targets: Vec<f32>,
    step: u64,
    epoch: usize,
    samples_seen: u64,
    status: Status,
    batch_loss: Option<f32>,
    /// Divergence test: the batch loss's moving average and the reference loss.
    loss_ema: Option<f32>,
    reference: Option<f32>,
    epoch_sums: RunningSums,
    last_epoch_sums: RunningSums,
    grad_norms: Vec<f32>,
    clipped_value_steps: u64,
    clipped_norm_steps: u64,
    /// Per layer, gradient components beyond the clip value, summed over this epoch's steps
    /// (`.0`) and over the last epoch's (`.1`); see [`clipped_per_layer`].
    clip_counts: (ClipCounts, ClipCounts),
    ever_active: Vec<Vec<bool>>,
    last_eval: Option<Evaluation>,
    /// Most samples of each set an evaluation reads (a prefix; `None`: all).
    eval_limit: Option<usize>,
}

#[derive(Debug, Clone, Copy, Default)]
struct RunningSums {
    loss: f64,
    correct: u64,
    samples: u64,
}

impl RunningSums {
    fn loss(&self) -> Option<f32> {
        (self.samples > 0).then(|| (self.loss / self.samples as f64) as f32)
    }
}

/// Both sets are usable and alike: a non-empty training set, finite values, and a test set (if
/// any) with the same features, task and image shape.
fn check_split(split: &Split) -> Result<()> {
    check_dataset(&split.train, "training")?;
    if split.train.is_empty() {
        return Err(Error::Invalid("the training set is empty".into()));
    }
    if !split.test.is_empty() {
        check_dataset(&split.test, "test")?;
        if split.test.features != split.train.features
            || split.test.task != split.train.task
            || split.test.shape != split.train.shape
        {
            return Err(Error::Invalid(
                "train and test sets differ in features or task".into(),
            ));
        }
    }
    Ok(())
}

impl Trainer {
    /// Validates `config` against the data and builds everything the run needs.
    pub fn new(config: TrainConfig, split: impl Into<Arc<Split>>) -> Result<Self> {
        config.validate()?;
        let split: Arc<Split> = split.into();
        check_split(&split)?;
        let task = split.train.task;
        let head = config.loss.head_for(task)?;
        let inputs = split.train.features;
        let outputs = head.outputs(task);
        let net = super::build::network(
            &config,
            split.train.shape,
            inputs,
            outputs,
            head,
            &mut init_stream(config.seed),
        )?;
        let batch = config.batch_size.min(split.train.len());
        let lr_plan = LrPlan::new(
            config.schedule,
            config.lr,
            split.train.len().div_ceil(batch),
            config.epochs,
        )?;
        let n_params = net.params.len();
        let units = net.unit_layers();
        let weighted: Vec<_> = net.layers.iter().filter_map(|l| l.weights()).collect();
        let mut order: Vec<u32> = (0..split.train.len() as u32).collect();
        let mut order_rng = order_stream(config.seed);
        order.shuffle(&mut order_rng);
        Ok(Trainer {
            ws: net.workspace(batch),
            eval_ws: net.workspace(EVAL_CHUNK),
            grads: vec![0.0; n_params],
            backup: vec![0.0; n_params],
            opt: OptimizerState::new(config.optimizer, n_params),
            lr_plan,
            order,
            cursor: 0,
            order_rng,
            noise_rng: noise_stream(config.seed),
            batch_x: vec![0.0; batch * inputs],
            batch_labels: vec![0; batch],
            batch_targets: vec![0.0; batch],
            step: 0,
            epoch: 0,
            samples_seen: 0,
            status: Status::Running,
            batch_loss: None,
            loss_ema: None,
            reference: None,
            epoch_sums: RunningSums::default(),
            last_epoch_sums: RunningSums::default(),
            grad_norms: vec![0.0; weighted.len()],
            clipped_value_steps: 0,
            clipped_norm_steps: 0,
            clip_counts: Default::default(),
            ever_active: units
                .iter()
                .map(|u| vec![false; net.layers[u.read].output().channels])
                .collect(),
            last_eval: None,
            units,
            weighted,
            eval_limit: None,
            net,
            split,
            config,
        })
    }

    pub fn config(&self) -> &TrainConfig {
        &self.config
    }

    pub fn network(&self) -> &Net<f32> {
        &self.net
    }

    pub fn split(&self) -> &Split {
        &self.split
    }

    pub fn status(&self) -> Status {
        self.status
    }

    pub fn step_count(&self) -> u64 {
        self.step
    }

    /// Completed epochs.
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// Mini-batches per epoch (the last one may be smaller).
    pub fn steps_per_epoch(&self) -> usize {
        self.split.train.len().div_ceil(self.ws.capacity)
    }

    /// The run's learning-rate schedule resolved for its length (`lr_at`, `curve` for the chart).
    pub fn lr_plan(&self) -> &LrPlan {
        &self.lr_plan
    }

    /// Outputs per sample of [`Self::predict`].
    pub fn output_width(&self) -> usize {
        self.net.outputs()
    }

    /// Runs up to `k` mini-batches; stops early when the run finishes or diverges. Returns the number
    /// of steps taken.
    pub fn step(&mut self, k: usize) -> usize {
        let mut done = 0;
        while done < k && self.status == Status::Running {
            self.train_batch();
            done += 1;
        }
        done
    }

    /// Runs the rest of the current epoch, then evaluates. Returns the snapshot after evaluation.
    pub fn run_epoch(&mut self) -> Snapshot {
        let start = self.epoch;
        while self.status == Status::Running && self.epoch == start {
            self.train_batch();
        }
        self.evaluate();
        self.snapshot()
    }

    fn train_batch(&mut self) {
        let data = &self.split.train;
        let f = data.features;
        let rows = (data.len() - self.cursor).min(self.ws.capacity);
        let idx = &self.order[self.cursor..self.cursor + rows];
        for (r, &i) in idx.iter().enumerate() {
            let i = i as usize;
            self.batch_x[r * f..(r + 1) * f].copy_from_slice(data.sample(i));
            match data.task {
                Task::Classification { .. } => self.batch_labels[r] = data.labels[i],
                Task::Regression => self.batch_targets[r] = data.targets[i],
            }
        }
        let targets = first_targets(data.task, &self.batch_labels, &self.batch_targets, rows);
        let result = self.net.loss_and_gradient(
            &self.batch_x[..rows * f],
            targets,
            &mut self.ws,
            &mut self.grads,
            &mut Mode::Train(&mut self.noise_rng),
        );
        let next_step = self.step + 1;
        let mean_loss = result.loss_sum / rows as f32;
        let limit = self.explosion_limit();
        let ema = self.smoothed_loss(mean_loss, rows);
        if !(mean_loss.is_finite() && ema <= limit) {
            self.status = Status::Diverged { step: next_step };
            return;
        }
        let (l1, l2) = (f64::from(self.config.l1), f64::from(self.config.l2));
        self.net.penalty(l1, l2, Some(&mut self.grads));

        if !self.record_grad_norms() || !self.grads.iter().all(|g| g.is_finite()) {
            self.status = Status::Diverged { step: next_step };
            return;
        }
        if let Some(c) = self.config.clip_value {
            clipped_per_layer(&self.net, &self.grads, c, &mut self.clip_counts.0);
            self.clipped_value_steps += u64::from(clip_by_value(&mut self.grads, c));
        }
        if let Some(c) = self.config.clip_norm {
            self.clipped_norm_steps += u64::from(clip_by_norm(&mut self.grads, c));
        }
        self.backup.copy_from_slice(&self.net.params);
        let lr = self.lr_plan.lr_at(self.step);
        self.opt.update(&mut self.net.params, &self.grads, lr);
        if !self.net.params.iter().all(|p| p.is_finite()) {
            self.net.params.copy_from_slice(&self.backup);
            self.status = Status::Diverged { step: next_step };
            return;
        }
        self.net.commit_batch_statistics(&self.ws, rows);

        self.step = next_step;
        self.samples_seen += rows as u64;
        self.batch_loss = Some(mean_loss);
        self.loss_ema = Some(ema);
        self.epoch_sums.loss += f64::from(result.loss_sum);
        self.epoch_sums.correct += result.correct as u64;
        self.epoch_sums.samples += rows as u64;
        self.cursor += rows;
        if self.cursor == self.order.len() {
            self.cursor = 0;
            self.epoch += 1;
            self.last_epoch_sums = std::mem::take(&mut self.epoch_sums);
            self.clip_counts.1 = std::mem::take(&mut self.clip_counts.0);
            self.order.shuffle(&mut self.order_rng);
            if self.epoch >= self.config.epochs {
                self.status = Status::Finished;
            }
        }
    }

    /// Stores each conv and dense layer's weight-gradient norm of the step just taken; false when
    /// a dense layer's is not finite (a conv layer's then reads 0).
    fn record_grad_norms(&mut self) -> bool {
        let mut finite = true;
        let conv = self.net.layers.iter().filter(|l| l.weights().is_some());
        for ((n, range), layer) in self.grad_norms.iter_mut().zip(&self.weighted).zip(conv) {
            let s: f64 = self.grads[range.clone()]
                .iter()
                .map(|&g| f64::from(g) * f64::from(g))
                .sum();
            let norm = s.sqrt() as f32;
            if matches!(layer, super::Layer::Conv2d(_)) {
                *n = finite_or_zero(norm);
            } else {
                finite &= norm.is_finite();
                if norm.is_finite() {
                    *n = norm;
                }
            }
        }
        finite
    }

    /// The moving average of the batch loss after a batch of `rows` samples with mean `loss`.
    fn smoothed_loss(&self, loss: f32, rows: usize) -> f32 {
        let w = (rows as f32 / SMOOTH_SAMPLES as f32).min(1.0);
        self.loss_ema.map_or(loss, |e| e + w * (loss - e))
    }

    /// The smoothed loss above which the run diverged: [`EXPLODED_FACTOR`] × the reference loss
    /// (floored at 0.1), the untrained network's mean loss over the first [`REFERENCE_SAMPLES`]
    /// training samples, measured once before the first update.
    fn explosion_limit(&mut self) -> f32 {
        let reference = match self.reference {
            Some(r) => r,
            None => {
                let split = Arc::clone(&self.split);
                let data = &split.train;
                let rows = data.len().min(REFERENCE_SAMPLES).min(EVAL_CHUNK);
                let f = data.features;
                let targets = first_targets(data.task, &data.labels, &data.targets, rows);
                let r = self.net.evaluate_batch(
                    &data.inputs[..rows * f],
                    targets,
                    &mut self.eval_ws,
                    &mut Mode::Eval,
                );
                let mean = r.loss_sum / rows.max(1) as f32;
                *self.reference.insert(mean)
            }
        };
        EXPLODED_FACTOR * reference.max(0.1)
    }

    /// Evaluations read at most the first `limit` samples of the training and of the test set
    /// (`None`: all). The splits come in a seeded random order, so a prefix is a fair sample; the
    /// page uses this for networks too costly to evaluate on every image (`training::eval_limit`).
    pub fn set_eval_limit(&mut self, limit: Option<usize>) {
        self.eval_limit = limit.map(|n| n.max(1));
    }

    /// The samples of a set of `len` an evaluation reads.
    pub fn eval_samples(&self, len: usize) -> usize {
        self.eval_limit.map_or(len, |n| n.min(len))
    }

    /// Floating-point operations of one training sample (see `Net::training_flops_per_sample`).
    pub fn training_flops_per_sample(&self) -> u64 {
        self.net.training_flops_per_sample()
    }

    /// Loss and accuracy on the training and test sets, plus per-hidden-layer output statistics over
    /// the training set, all in evaluation mode. Stored for later snapshots and returned.
    pub fn evaluate(&mut self) -> Evaluation {
        let split = Arc::clone(&self.split);
        for flags in &mut self.ever_active {
            flags.iter_mut().for_each(|f| *f = false);
        }
        let mut sums = vec![(0.0f64, 0.0f64, 0u64, 0u64); self.units.len()];
        let limit = self.eval_limit.unwrap_or(usize::MAX);
        let train = self.metrics(&split.train, limit, Some(&mut sums));
        let test = (!split.test.is_empty()).then(|| self.metrics(&split.test, limit, None));
        let layers = sums
            .iter()
            .zip(&self.ever_active)
            .map(|(&sums, flags)| layer_stats(sums, flags))
            .collect();
        let eval = Evaluation {
            step: self.step,
            epoch: self.epoch,
            train,
            test,
            layers,
            conv_layers: self.units.iter().filter(|u| u.conv).count(),
        };
        self.last_eval = Some(eval.clone());
        eval
    }

    /// Loss and accuracy over the first `limit` test samples only (`None` without a test set),
    /// leaving the stored evaluation, the statistics and the run untouched: a progress estimate
    /// between full evaluations (the compare section's live lines).
    pub fn test_metrics(&mut self, limit: usize) -> Option<Metrics> {
        let split = Arc::clone(&self.split);
        (!split.test.is_empty()).then(|| self.metrics(&split.test, limit.max(1), None))
    }

    /// Mean loss and accuracy over `data`; accumulates the unit layers' sums when `stats` is given.
    fn metrics(
        &mut self,
        data: &Dataset,
        limit: usize,
        mut stats: Option<&mut Vec<(f64, f64, u64, u64)>>,
    ) -> Metrics {
        let f = data.features;
        let (mut loss, mut correct, mut binary) = (0.0f64, 0usize, 0usize);
        let total = data.len().min(limit);
        let mut start = 0;
        while start < total {
            let rows = (total - start).min(EVAL_CHUNK);
            let x = &data.inputs[start * f..(start + rows) * f];
            let targets = match data.task {
                Task::Classification { .. } => Targets::Labels(&data.labels[start..start + rows]),
                Task::Regression => Targets::Values(&data.targets[start..start + rows]),
            };
            let r = self
                .net
                .evaluate_batch(x, targets, &mut self.eval_ws, &mut Mode::Eval);
            loss += f64::from(r.loss_sum);
            correct += r.correct;
            binary += r.binary_correct;
            if let Some(sums) = stats.as_deref_mut() {
                let it = self
                    .units
                    .iter()
                    .zip(sums.iter_mut().zip(&mut self.ever_active));
                for (u, (acc, flags)) in it {
                    add_unit_sums(&self.net, &self.eval_ws, x, rows, u, acc, flags);
                }
            }
            start += rows;
        }
        let n = total.max(1) as f64;
        Metrics {
            // A finite network can still overflow a loss to ∞; report the largest f32 instead.
            loss: finite_or_max((loss / n) as f32),
            accuracy: match data.task {
                Task::Classification { .. } => Some((correct as f64 / n) as f32),
                Task::Regression => None,
            },
            binary_accuracy: (self.net.head == super::loss::Head::SoftmaxBce)
                .then(|| (binary as f64 / (n * self.net.outputs() as f64)) as f32),
        }
    }

    /// Gradient of the mean loss over the first `max_samples` training samples (evaluation mode,
    /// no regularisation), as per-dense-layer norms `(weights, biases)`, input side first (the
    /// last is the output layer). The
    /// bias-gradient norm is Nielsen's "speed of learning" of a layer (‖δˡ‖ summed over samples).
    /// Does not change the parameters.
    pub fn full_gradient_norms(&mut self, max_samples: usize) -> Vec<(f32, f32)> {
        let split = Arc::clone(&self.split);
        let data = &split.train;
        let n = data.len().min(max_samples.max(1));
        let f = data.features;
        let mut total = vec![0.0f64; self.net.params.len()];
        let mut start = 0;
        while start < n {
            let rows = (n - start).min(EVAL_CHUNK);
            let x = &data.inputs[start * f..(start + rows) * f];
            let targets = match data.task {
                Task::Classification { .. } => Targets::Labels(&data.labels[start..start + rows]),
                Task::Regression => Targets::Values(&data.targets[start..start + rows]),
            };
            self.net.loss_and_gradient(
                x,
                targets,
                &mut self.eval_ws,
                &mut self.grads,
                &mut Mode::Eval,
            );
            // Chunk gradients are chunk means; weight them back to a mean over all n samples.
            let w = rows as f64 / n as f64;
            for (t, &g) in total.iter_mut().zip(&self.grads) {
                *t += w * f64::from(g);
            }
            start += rows;
        }
        let norm = |r: std::ops::Range<usize>| {
            let s: f64 = total[r].iter().map(|g| g * g).sum();
            finite_or_max(s.sqrt() as f32)
        };
        self.net
            .layers
            .iter()
            .filter_map(|l| match l {
                super::Layer::Dense(d) => Some((norm(d.weights.clone()), norm(d.biases.clone()))),
                _ => None,
            })
            .collect()
    }

    /// Per conv and hidden dense layer, which units (filters) were nonzero on some training
    /// sample at the last [`Self::evaluate`] (all false before any); the network view's "dead
    /// over the data".
    pub fn data_active(&self) -> &[Vec<bool>] {
        &self.ever_active
    }

    /// The latest evaluation, if [`Self::evaluate`] has run.
    pub fn last_evaluation(&self) -> Option<&Evaluation> {
        self.last_eval.as_ref()
    }

    /// Current diagnostics (cheap: no forward pass).
    pub fn snapshot(&self) -> Snapshot {
        let sums = if self.epoch_sums.samples > 0 {
            self.epoch_sums
        } else {
            self.last_epoch_sums
        };
        let accuracy = match self.split.train.task {
            Task::Classification { .. } if sums.samples > 0 => {
                Some(sums.correct as f32 / sums.samples as f32)
            }
            _ => None,
        };
        let frac = |n: u64| {
            if self.step == 0 {
                0.0
            } else {
                n as f32 / self.step as f32
            }
        };
        Snapshot {
            step: self.step,
            epoch: self.epoch,
            samples_seen: self.samples_seen,
            status: self.status,
            batch_loss: self.batch_loss,
            running_loss: sums.loss(),
            running_accuracy: accuracy,
            grad_norms: self.grad_norms.clone(),
            conv_layers: self.units.iter().filter(|u| u.conv).count(),
            lr: self.lr_plan.lr_at(self.step.saturating_sub(1)),
            prelu_alpha: self.prelu_alpha(),
            clipped_value_fraction: frac(self.clipped_value_steps),
            clipped_norm_fraction: frac(self.clipped_norm_steps),
            clipped_per_layer: if self.clip_counts.0.steps > 0 {
                self.clip_counts.0.fractions()
            } else {
                self.clip_counts.1.fractions()
            },
            evaluation: self.last_eval.clone(),
        }
    }

    /// Replaces the parameters (a loaded model, or a test setting a known state). The length must
    /// match and every value be finite.
    pub fn load_params(&mut self, params: &[f32]) -> Result<()> {
        if params.len() != self.net.params.len() {
            return Err(Error::Invalid(format!(
                "expected {} parameters, got {}",
                self.net.params.len(),
                params.len()
            )));
        }
        if !params.iter().all(|p| p.is_finite()) {
            return Err(Error::Invalid("parameters must be finite".into()));
        }
        self.net.params.copy_from_slice(params);
        Ok(())
    }

    /// Replaces the network's state (batch norm's running statistics, from a loaded model). The
    /// length must match and every value be finite.
    pub fn load_state(&mut self, state: &[f32]) -> Result<()> {
        if state.len() != self.net.state.len() || !state.iter().all(|v| v.is_finite()) {
            return Err(Error::Invalid(format!(
                "expected {} finite state values, got {}",
                self.net.state.len(),
                state.len()
            )));
        }
        self.net.state.copy_from_slice(state);
        Ok(())
    }

    /// Learned PReLU slopes per conv and hidden dense layer (empty vectors for other
    /// activations): the first activation after each (batch norm may stand between).
    pub fn prelu_alpha(&self) -> Vec<Vec<f32>> {
        self.units
            .iter()
            .map(|u| {
                self.net.layers[u.weighted..]
                    .iter()
                    .find_map(|l| match l {
                        super::Layer::Activation(a) => {
                            Some(self.net.params[a.alpha.clone()].to_vec())
                        }
                        _ => None,
                    })
                    .unwrap_or_default()
            })
            .collect()
    }

    /// The conv and hidden dense layers, with where their units are read.
    pub fn unit_layers(&self) -> &[UnitLayer] {
        &self.units
    }

    /// Head outputs for `inputs` (row-major, `features` per sample): class probabilities
    /// (softmax), P(class 1) (BCE) or values (MSE); `output_width()` per sample. For the decision
    /// heatmap, call with the grid points.
    pub fn predict(&mut self, inputs: &[f32]) -> Result<Vec<f32>> {
        let f = self.net.inputs();
        if inputs.len() % f != 0 {
            return Err(Error::Invalid(format!(
                "predict: {} values is not a whole number of {f}-feature samples",
                inputs.len()
            )));
        }
        let mut out = vec![0.0; inputs.len() / f * self.net.outputs()];
        self.predict_into(inputs, &mut out)?;
        Ok(out)
    }

    /// [`Self::predict`] into a caller's buffer (no allocation; for a per-frame heatmap).
    pub fn predict_into(&mut self, inputs: &[f32], out: &mut [f32]) -> Result<()> {
        let (f, o) = (self.net.inputs(), self.net.outputs());
        let rows = inputs.len() / f;
        if inputs.len() % f != 0 || out.len() != rows * o {
            return Err(Error::Invalid(format!(
                "predict: expected {f} values per sample and {o} outputs per sample"
            )));
        }
        let mut start = 0;
        while start < rows {
            let n = (rows - start).min(EVAL_CHUNK);
            self.net.forward(
                &inputs[start * f..(start + n) * f],
                n,
                &mut self.eval_ws,
                &mut Mode::Eval,
            );
            let x = &inputs[start * f..(start + n) * f];
            let logits = self.net.logits(x, &self.eval_ws, n);
            let dst = &mut out[start * o..(start + n) * o];
            head_outputs(self.net.head, logits, o, dst);
            start += n;
        }
        for v in out.iter_mut() {
            *v = finite_or_zero(*v);
        }
        Ok(())
    }
}

/// Gradient components beyond a clip value, per layer, over some steps.
#[derive(Debug, Clone, Default)]
struct ClipCounts {
    steps: u64,
    /// Per layer: (components beyond ±c summed over the steps, components per step).
    layers: Vec<(u64, u64)>,
}

impl ClipCounts {
    fn fractions(&self) -> Vec<f32> {
        let steps = self.steps.max(1) as f64;
        let frac = |&(n, size): &(u64, u64)| (n as f64 / (steps * size.max(1) as f64)) as f32;
        self.layers.iter().map(frac).collect()
    }
}

/// Adds one step to `counts`: per conv and dense layer (as [`Snapshot::grad_norms`] lists them),
/// how many of its gradient components lie beyond ±`c` — those clip-by-value changes. A layer's
/// share counts its weights and biases and the parameters of the layers after it up to the next
/// conv or dense layer (PReLU slopes, batch norm's γ and β). The one place that groups the
/// network's parameter ranges for this.
fn clipped_per_layer(net: &Net<f32>, grads: &[f32], c: f32, counts: &mut ClipCounts) {
    let mut group = 0usize;
    let mut seen_weighted = false;
    for layer in &net.layers {
        if layer.weights().is_some() {
            group += usize::from(seen_weighted);
            seen_weighted = true;
        }
        for (_, range) in layer.params() {
            if counts.layers.len() <= group {
                counts.layers.resize(group + 1, (0, 0));
            }
            let beyond = grads[range.clone()].iter().filter(|g| g.abs() > c).count();
            counts.layers[group].0 += beyond as u64;
            if counts.steps == 0 {
                counts.layers[group].1 += range.len() as u64;
            }
        }
    }
    counts.steps += 1;
}

/// The first `rows` targets for `task`: class labels or real values.
fn first_targets<'a>(task: Task, labels: &'a [u32], values: &'a [f32], rows: usize) -> Targets<'a> {
    match task {
        Task::Classification { .. } => Targets::Labels(&labels[..rows]),
        Task::Regression => Targets::Values(&values[..rows]),
    }
}

/// The head's prediction for logits (`Head::predict`, the loss's own transform) row by row.
pub(crate) fn head_outputs(head: super::loss::Head, logits: &[f32], o: usize, dst: &mut [f32]) {
    for (z, p) in logits.chunks_exact(o).zip(dst.chunks_exact_mut(o)) {
        head.predict(z, p);
    }
}

fn check_dataset(d: &Dataset, what: &str) -> Result<()> {
    if d.features == 0 || d.inputs.len() % d.features != 0 {
        return Err(Error::Invalid(format!(
            "the {what} set's inputs are not whole samples"
        )));
    }
    if !d.inputs.iter().all(|v| v.is_finite()) {
        return Err(Error::Invalid(format!(
            "the {what} set contains non-finite inputs"
        )));
    }
    match d.task {
        Task::Classification { classes } => {
            if classes < 2 {
                return Err(Error::Invalid(format!(
                    "the {what} set needs at least 2 classes"
                )));
            }
            if d.labels.len() != d.len() || d.labels.iter().any(|&l| l as usize >= classes) {
                return Err(Error::Invalid(format!(
                    "the {what} set's labels must be one per sample, below {classes}"
                )));
            }
        }
        Task::Regression => {
            if d.targets.len() != d.len() || !d.targets.iter().all(|t| t.is_finite()) {
                return Err(Error::Invalid(format!(
                    "the {what} set needs one finite target per sample"
                )));
            }
        }
    }
    Ok(())
}

/// Adds one unit layer's values of the last forward (`rows` samples of `x`) to its sums
/// (Σv, Σv², zeros, count) and marks the units that were nonzero. Behind a skip the values are
/// the block's sum, and a unit is dead (or zero) by its own activation, before the skip adds its
/// input (evaluation: no dropout): an exact 0 stays exactly 0 after (0 + x) − x.
fn add_unit_sums(
    net: &Net<f32>,
    ws: &Workspace<f32>,
    x: &[f32],
    rows: usize,
    u: &UnitLayer,
    acc: &mut (f64, f64, u64, u64),
    flags: &mut [bool],
) {
    let units = flags.len();
    let n = rows * net.layers[u.read].output().len();
    let out = &net.output_of(x, ws, u.read)[..n];
    let skip = u.skip_from.map(|from| &net.output_of(x, ws, from)[..n]);
    for (i, &v) in out.iter().enumerate() {
        let v = f64::from(v);
        acc.0 += v;
        acc.1 += v * v;
        let own = skip.map_or(v, |s| v - f64::from(s[i]));
        if own == 0.0 {
            acc.2 += 1;
        } else {
            flags[i % units] = true;
        }
    }
    acc.3 += n as u64;
}

/// Mean, std, dead fraction and sparsity from a layer's sums (Σv, Σv², zeros, count) and its
/// per-unit (per-filter) ever-nonzero flags.
fn layer_stats((s, s2, zeros, count): (f64, f64, u64, u64), flags: &[bool]) -> HiddenStats {
    let n = count.max(1) as f64;
    let mean = s / n;
    let var = (s2 / n - mean * mean).max(0.0);
    HiddenStats {
        mean: finite_or_zero(mean as f32),
        std: finite_or_zero(var.sqrt() as f32),
        dead_fraction: flags.iter().filter(|&&a| !a).count() as f32 / flags.len().max(1) as f32,
        sparsity: zeros as f32 / n as f32,
    }
}

fn finite_or_zero(v: f32) -> f32 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

fn finite_or_max(v: f32) -> f32 {
    if v.is_finite() {
        v
    } else {
        f32::MAX
    }
}
