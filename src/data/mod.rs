//! Datasets: TF Playground's toy 2-D sets, 8×8 digits and the MNIST subset, all as one plain
//! `Dataset` type the trainer consumes. Generators take a seed; same seed, same points.
//!
//! - [`toy`]: the 2-D sets (`generate("circle", 500, 0.0, seed)`), TF Playground's formulas.
//! - [`split`]: seeded train/test splits (plain shuffle, or stratified per class).
//! - [`grid`](mod@grid): the points of a heatmap over the input plane (decision boundaries).
//! - [`images`]: the binary image-set format of `www/data/*.bin`, its parser and loaders.
//! - [`csv`](mod@csv): the user's own data from CSV text, validated and standardised.
//! - [`boundary`]: points labelled by y > f(x) for a preset curve or a typed formula.
//! - [`points`]: a 2-D set edited point by point on the decision map.
//! - [`user`]: the user's data (edited points or CSV) as the page stores and sends it.
//! - [`pad`]: a drawn digit prepared as the MNIST / 8×8 training images were.

pub mod boundary;
pub mod csv;
pub mod grid;
pub mod images;
pub mod pad;
pub mod points;
pub mod split;
pub mod toy;
pub mod user;

pub use grid::{grid, Extent};
pub use images::{parse_images, ImageSet, ImageSource};
pub use split::{shuffled_split, stratified_split};
pub use toy::{generate, TwoD};

/// What the targets mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Integer labels `0..classes` in `Dataset::labels`.
    Classification { classes: usize },
    /// One real target per sample in `Dataset::targets`.
    Regression,
}

/// The layout of one image sample: `height × width × channels`, stored row by row with the
/// channels of a pixel adjacent (HWC, the layout the convolution layers read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shape {
    pub height: usize,
    pub width: usize,
    pub channels: usize,
}

impl Shape {
    pub const fn new(height: usize, width: usize, channels: usize) -> Self {
        Shape {
            height,
            width,
            channels,
        }
    }

    /// Values per sample.
    pub const fn len(&self) -> usize {
        self.height * self.width * self.channels
    }

    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}×{}×{}", self.height, self.width, self.channels)
    }
}

/// Samples stored row-major in one contiguous buffer, so a mini-batch is a slice copy.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Inputs per sample.
    pub features: usize,
    /// Image sets' sample layout (`shape.len() == features`); `None` for flat sets (the toy
    /// sets, CSV), which only dense layers can read.
    pub shape: Option<Shape>,
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

    /// A new set holding the samples at `indices`, in that order (indices may repeat).
    /// Panics on an out-of-range index: callers build indices from `0..len()`.
    pub fn select(&self, indices: &[usize]) -> Dataset {
        let mut inputs = Vec::with_capacity(indices.len() * self.features);
        for &i in indices {
            inputs.extend_from_slice(self.sample(i));
        }
        let pick = |v: &[u32]| -> Vec<u32> {
            if v.is_empty() {
                Vec::new()
            } else {
                indices.iter().map(|&i| v[i]).collect()
            }
        };
        let targets = if self.targets.is_empty() {
            Vec::new()
        } else {
            indices.iter().map(|&i| self.targets[i]).collect()
        };
        Dataset {
            features: self.features,
            shape: self.shape,
            task: self.task,
            inputs,
            labels: pick(&self.labels),
            targets,
        }
    }

    /// Samples per class (`classes` entries); empty for regression. Labels outside the range
    /// are not counted (a well-formed set has none).
    pub fn class_counts(&self) -> Vec<usize> {
        match self.task {
            Task::Classification { classes } => {
                let mut counts = vec![0; classes];
                for &l in &self.labels {
                    if let Some(c) = counts.get_mut(l as usize) {
                        *c += 1;
                    }
                }
                counts
            }
            Task::Regression => Vec::new(),
        }
    }
}

/// A train/test pair drawn from one generated or loaded set.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub train: Dataset,
    pub test: Dataset,
}
