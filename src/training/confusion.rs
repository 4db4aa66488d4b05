//! The confusion matrix of a classifier on a labelled set (TF Playground #7, #47, #87): which
//! classes the network mixes up, and the accuracy within each true class. Rows are true classes,
//! columns predicted ones.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::nn::loss::argmax;

/// The class a network's outputs for one sample predict: one sigmoid output → class 1 when
/// P(class 1) ≥ 0.5 (as the trainer counts accuracy), else the highest score.
pub fn predicted_class(out: &[f32]) -> usize {
    if out.len() == 1 {
        usize::from(out[0] >= 0.5)
    } else {
        argmax(out)
    }
}

/// Counts of (true class, predicted class) pairs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfusionMatrix {
    pub classes: usize,
    /// `classes × classes`, row-major: `counts[t * classes + p]` samples of class `t` predicted `p`.
    pub counts: Vec<u64>,
}

impl ConfusionMatrix {
    /// Builds the matrix from true labels and the network's outputs (`width` per sample: class
    /// scores, or P(class 1) alone for a sigmoid head). A label or width that does not fit the
    /// class count is an error.
    pub fn from_outputs(
        classes: usize,
        labels: &[u32],
        outputs: &[f32],
        width: usize,
    ) -> Result<Self> {
        if classes < 2 || width == 0 || outputs.len() != labels.len() * width {
            return Err(Error::Invalid(format!(
                "confusion matrix: {} outputs for {} labels of {classes} classes",
                outputs.len(),
                labels.len()
            )));
        }
        if width != 1 && width != classes {
            return Err(Error::Invalid(format!(
                "confusion matrix: {width} outputs per sample for {classes} classes"
            )));
        }
        let mut counts = vec![0; classes * classes];
        for (&label, out) in labels.iter().zip(outputs.chunks_exact(width)) {
            let t = label as usize;
            if t >= classes {
                return Err(Error::Invalid(format!(
                    "confusion matrix: label {t} is not below {classes}"
                )));
            }
            let p = predicted_class(out);
            counts[t * classes + p] += 1;
        }
        Ok(ConfusionMatrix { classes, counts })
    }

    /// Samples of true class `t` predicted as `p`.
    pub fn count(&self, t: usize, p: usize) -> u64 {
        self.counts[t * self.classes + p]
    }

    /// All samples counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Correct predictions over all samples (`None` for an empty set).
    pub fn accuracy(&self) -> Option<f32> {
        let total = self.total();
        let correct: u64 = (0..self.classes).map(|c| self.count(c, c)).sum();
        (total > 0).then(|| correct as f32 / total as f32)
    }

    /// Per true class: the share predicted correctly (recall); `None` for a class with no samples.
    pub fn per_class_accuracy(&self) -> Vec<Option<f32>> {
        (0..self.classes)
            .map(|t| {
                let row: u64 = (0..self.classes).map(|p| self.count(t, p)).sum();
                (row > 0).then(|| self.count(t, t) as f32 / row as f32)
            })
            .collect()
    }
}
