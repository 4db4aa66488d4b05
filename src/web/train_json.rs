//! The JSON shapes the page sends back to `TrainCharts`: chart labels, the 2-D points, the
//! misclassified images, compare runs and their epoch records.

use serde::Deserialize;

use crate::plot::digits::Misclassified;

/// Chart labels in the page's language, sent by JS.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct Labels {
    pub(super) title: String,
    pub(super) x: String,
    pub(super) train: String,
    pub(super) test: String,
    pub(super) layer: String,
    pub(super) output: String,
    /// The layer panels' name of a conv layer ("conv", "卷积").
    pub(super) conv: String,
    pub(super) empty: String,
    /// Confusion matrix captions.
    pub(super) predicted: String,
    pub(super) truth: String,
    pub(super) accuracy: String,
    /// The learning-rate strip's legend.
    pub(super) lr: String,
    /// The layer panels' statistics after a layer's name ("mean", "均值", …).
    pub(super) mean: String,
    pub(super) std: String,
    pub(super) dead: String,
    pub(super) zeros: String,
    pub(super) dead_filters: String,
    /// The article's figures: the accuracy panel's title when it shows Keras 2's binary
    /// accuracy, and the loss panel's title (`title` is the accuracy panel's).
    pub(super) binary_title: String,
    pub(super) loss_title: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct PointsJson {
    pub(super) train: Vec<f32>,
    pub(super) train_labels: Vec<f32>,
    pub(super) test: Vec<f32>,
    pub(super) test_labels: Vec<f32>,
    pub(super) regression: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct DigitsJson {
    pub(super) side: usize,
    pub(super) items: Vec<Misclassified>,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct CompareRun {
    /// The canonical label (the CSV's `activation` column).
    pub(super) label: String,
    /// The label the page shows (`training::presets::contender_label`): legends.
    pub(super) display: String,
    pub(super) records: Vec<EpochRecordIn>,
    /// Live points (a running run's test figures at fractional epochs) after its last record.
    pub(super) live: Vec<LivePointIn>,
}

/// A compare run's live point as it comes back from JSON (`web::train_compare`).
#[derive(Debug, Clone, Deserialize)]
pub(super) struct LivePointIn {
    pub(super) epoch: f64,
    pub(super) test_accuracy: Option<f32>,
    pub(super) test_loss: f32,
}

/// `EpochRecord` as it comes back from JSON.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct EpochRecordIn {
    pub(super) epoch: usize,
    pub(super) train_loss: f32,
    pub(super) train_accuracy: Option<f32>,
    pub(super) test_loss: Option<f32>,
    pub(super) test_accuracy: Option<f32>,
    pub(super) grad_norms: Vec<f32>,
    /// Dead-unit fraction of each hidden layer (older senders leave it out).
    #[serde(default)]
    pub(super) dead_fractions: Vec<f32>,
    /// Output mean and std of each conv and hidden dense layer (`EpochRecord`).
    #[serde(default)]
    pub(super) act_mean: Vec<f32>,
    #[serde(default)]
    pub(super) act_std: Vec<f32>,
    #[serde(default)]
    pub(super) test_binary_accuracy: Option<f32>,
}
