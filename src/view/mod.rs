//! The pictures of a network the page draws, computed in the core from a trained `nn::Net`: the
//! network view (`unit_maps`: each dense unit over the input plane, or first-layer weights as
//! images) and the conv view (`conv_maps`: filters and one image's feature maps). Each packs into
//! one f32 buffer for the worker → page trip (`packed`).

pub mod conv_maps;
pub(crate) mod packed;
pub mod unit_maps;

use std::ops::Range;

use crate::nn::net::UnitLayer;
use crate::nn::{Layer, Net};

/// One dense layer of a network as the network view reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct DenseLayer {
    pub inputs: usize,
    pub outputs: usize,
    pub weights: Range<usize>,
    pub biases: Range<usize>,
    /// Where its units' values are read after a forward pass (`None` for the output layer, whose
    /// values are the logits).
    pub read: Option<usize>,
}

/// The dense layers of `net`, input side first (the last is the output layer).
pub fn dense_layers<T>(net: &Net<T>) -> Vec<DenseLayer>
where
    T: crate::nn::real::Real,
{
    let units: Vec<UnitLayer> = net.unit_layers();
    net.layers
        .iter()
        .enumerate()
        .filter_map(|(i, l)| match l {
            Layer::Dense(d) => Some(DenseLayer {
                inputs: d.inputs,
                outputs: d.outputs,
                weights: d.weights.clone(),
                biases: d.biases.clone(),
                read: units.iter().find(|u| u.weighted == i).map(|u| u.read),
            }),
            _ => None,
        })
        .collect()
}

/// Whether `net` has image layers (conv or pooling) before its dense part.
pub fn has_image_layers<T>(net: &Net<T>) -> bool {
    net.layers.iter().any(|l| {
        matches!(
            l,
            Layer::Conv2d(_) | Layer::MaxPool2d(_) | Layer::AvgPool2d(_)
        )
    })
}
