//! The trace of one training run: one [`TrainRecord`] per evaluation, kept in a bounded
//! [`History`] that the page draws from and exports as CSV. Records come from the core's
//! `Snapshot` after `Trainer::evaluate`, so nothing in them is ever NaN.

use serde::{Deserialize, Serialize};

use crate::nn::Snapshot;

/// Most records a history keeps; past it every other old record is dropped (the curve keeps its
/// shape, memory and drawing time stay bounded however long a run goes).
pub const MAX_RECORDS: usize = 2000;

/// The state of a run at one evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainRecord {
    pub step: u64,
    /// Epochs as a fraction (step / steps per epoch), so per-step and per-epoch views share an axis.
    pub epoch: f64,
    pub train_loss: f32,
    pub train_accuracy: Option<f32>,
    pub test_loss: Option<f32>,
    pub test_accuracy: Option<f32>,
    /// Learning rate of the last step taken (the schedule's rate; the first step's before any).
    #[serde(default)]
    pub lr: f32,
    /// Conv layers in front of the dense ones: the first `conv_layers` entries of the per-layer
    /// lists below are theirs (a conv layer's "dead units" are dead filters: 0 at every position
    /// for every sample).
    #[serde(default)]
    pub conv_layers: usize,
    /// Weight-gradient L2 norm of each conv, then dense layer at the last step (last entry: the
    /// output layer).
    pub grad_norms: Vec<f32>,
    /// Per conv, then hidden dense layer, over the training set.
    pub act_mean: Vec<f32>,
    pub act_std: Vec<f32>,
    pub dead_fraction: Vec<f32>,
    pub sparsity: Vec<f32>,
    /// Mean learned PReLU slope per conv and hidden layer with PReLU (empty when none has it).
    pub prelu_alpha: Vec<f32>,
}

impl TrainRecord {
    /// The record of a snapshot taken after an evaluation; `None` before the first one.
    pub fn from_snapshot(s: &Snapshot, steps_per_epoch: usize) -> Option<Self> {
        let e = s.evaluation.as_ref()?;
        let layers = e.layers.iter();
        let alpha: Vec<f32> = s
            .prelu_alpha
            .iter()
            .filter(|a| !a.is_empty())
            .map(|a| a.iter().sum::<f32>() / a.len() as f32)
            .collect();
        Some(TrainRecord {
            step: e.step,
            epoch: e.step as f64 / steps_per_epoch.max(1) as f64,
            train_loss: e.train.loss,
            train_accuracy: e.train.accuracy,
            test_loss: e.test.map(|m| m.loss),
            test_accuracy: e.test.and_then(|m| m.accuracy),
            lr: s.lr,
            conv_layers: e.conv_layers,
            grad_norms: s.grad_norms.clone(),
            act_mean: layers.clone().map(|h| h.mean).collect(),
            act_std: layers.clone().map(|h| h.std).collect(),
            dead_fraction: layers.clone().map(|h| h.dead_fraction).collect(),
            sparsity: layers.map(|h| h.sparsity).collect(),
            prelu_alpha: alpha,
        })
    }
}

/// Records in step order, bounded by [`MAX_RECORDS`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    records: Vec<TrainRecord>,
}

impl History {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn records(&self) -> &[TrainRecord] {
        &self.records
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn clear(&mut self) {
        self.records.clear();
    }

    /// Appends a record; one for a step already recorded replaces it (an evaluation after a pause
    /// at the same step), one for an earlier step is ignored.
    pub fn push(&mut self, record: TrainRecord) {
        match self.records.last() {
            Some(last) if last.step > record.step => return,
            Some(last) if last.step == record.step => {
                self.records.pop();
            }
            _ => {}
        }
        self.records.push(record);
        if self.records.len() > MAX_RECORDS {
            // Keep the first, thin the rest; the newest always survives.
            let newest = self.records.pop();
            let mut i = 0;
            self.records.retain(|_| {
                i += 1;
                i % 2 == 1
            });
            self.records.extend(newest);
        }
    }

    /// The record nearest to `epoch` (for hover readouts).
    pub fn nearest(&self, epoch: f64) -> Option<&TrainRecord> {
        self.records
            .iter()
            .min_by(|a, b| (a.epoch - epoch).abs().total_cmp(&(b.epoch - epoch).abs()))
    }

    /// One row per record: step, epoch, losses and accuracies, then per-layer columns. Empty cells
    /// where a value does not exist (no test set, regression).
    pub fn to_csv(&self) -> String {
        let layers = self
            .records
            .iter()
            .map(|r| r.act_mean.len())
            .max()
            .unwrap_or(0);
        let dense = self
            .records
            .iter()
            .map(|r| r.grad_norms.len())
            .max()
            .unwrap_or(0);
        let mut head = vec![
            "step".to_string(),
            "epoch".into(),
            "train_loss".into(),
            "train_accuracy".into(),
            "test_loss".into(),
            "test_accuracy".into(),
        ];
        head.extend((1..=dense).map(|l| format!("grad_norm_{l}")));
        for what in ["act_mean", "act_std", "dead_fraction", "sparsity"] {
            head.extend((1..=layers).map(|l| format!("{what}_{l}")));
        }
        // Last, so the older columns keep their places.
        head.push("lr".into());
        let mut out = head.join(",");
        out.push('\n');
        let opt = |v: Option<f32>| v.map(|v| v.to_string()).unwrap_or_default();
        for r in &self.records {
            let mut row = vec![
                r.step.to_string(),
                format!("{:.4}", r.epoch),
                r.train_loss.to_string(),
                opt(r.train_accuracy),
                opt(r.test_loss),
                opt(r.test_accuracy),
            ];
            let cells = |v: &[f32], n: usize| -> Vec<String> {
                (0..n)
                    .map(|i| v.get(i).map(|x| x.to_string()).unwrap_or_default())
                    .collect()
            };
            row.extend(cells(&r.grad_norms, dense));
            for v in [&r.act_mean, &r.act_std, &r.dead_fraction, &r.sparsity] {
                row.extend(cells(v, layers));
            }
            row.push(r.lr.to_string());
            out.push_str(&row.join(","));
            out.push('\n');
        }
        out
    }
}
