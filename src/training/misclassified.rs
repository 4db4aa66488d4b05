//! The misclassified-images panel: which test images of an image set the network gets wrong.
//! The image shape is the data set's declared one (`TrainSetup::image_shape`), never guessed from
//! the feature count, and predictions go through the same rule as accuracy and the confusion
//! matrix (`predicted_class`: a one-output head predicts class 1 at p ≥ 0.5).

use serde::Serialize;

use super::confusion::predicted_class;
use crate::data::{Dataset, Task};
use crate::error::{Error, Result};
use crate::plot::digits::Misclassified;

/// The panel's content: the first `items` wrong images and how many there are in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MisclassifiedSet {
    /// Image side in pixels (the images are square).
    pub side: usize,
    /// Misclassified test images in all.
    pub total: usize,
    /// Test images checked.
    pub count: usize,
    pub items: Vec<Misclassified>,
}

/// Finds the misclassified images of `data` from the network's `outputs` (`width` per sample).
/// `side`: the declared image side; `data` must be a classification set of `side²` features.
pub fn misclassified(
    data: &Dataset,
    outputs: &[f32],
    width: usize,
    side: usize,
    max_items: usize,
) -> Result<MisclassifiedSet> {
    let Task::Classification { classes } = data.task else {
        return Err(Error::Invalid(
            "misclassified images: a regression set has no classes".into(),
        ));
    };
    if side == 0 || data.features != side * side {
        return Err(Error::Invalid(format!(
            "misclassified images: {} features are not {side}×{side} images",
            data.features
        )));
    }
    if width == 0 || (width != 1 && width != classes) || outputs.len() != data.len() * width {
        return Err(Error::Invalid(format!(
            "misclassified images: {} outputs for {} samples of {classes} classes",
            outputs.len(),
            data.len()
        )));
    }
    let mut items = Vec::new();
    let mut total = 0;
    for (i, (out, &label)) in outputs.chunks_exact(width).zip(&data.labels).enumerate() {
        let predicted = predicted_class(out) as u32;
        if predicted != label {
            total += 1;
            if items.len() < max_items {
                items.push(Misclassified {
                    pixels: data.sample(i).to_vec(),
                    label,
                    predicted,
                });
            }
        }
    }
    Ok(MisclassifiedSet {
        side,
        total,
        count: data.len(),
        items,
    })
}
