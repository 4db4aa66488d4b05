//! Datasets: TF Playground's toy 2-D sets, 8×8 digits and the MNIST subset, all as one plain
//! `Dataset` type the trainer consumes. Generators take a seed; same seed, same points.

/// What the targets mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Integer labels `0..classes` in `Dataset::labels`.
    Classification { classes: usize },
    /// One real target per sample in `Dataset::targets`.
    Regression,
}

/// Samples stored row-major in one contiguous buffer, so a mini-batch is a slice copy.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Inputs per sample.
    pub features: usize,
    pub task: Task,
    /// `len() * features` values, sample after sample.
    pub inputs: Vec<f32>,
    /// Class per sample (classification); empty for regression.
    pub labels: Vec<u32>,
    /// Target per sample (regression); empty for classification.
    pub targets: Vec<f32>,
}

impl Dataset {
    /// Number of samples.
    pub fn len(&self) -> usize {
        self.inputs.len().checked_div(self.features).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The inputs of sample `i`.
    pub fn sample(&self, i: usize) -> &[f32] {
        &self.inputs[i * self.features..(i + 1) * self.features]
    }
}

/// A train/test pair drawn from one generated or loaded set.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub train: Dataset,
    pub test: Dataset,
}
