//! From a [`TrainConfig`] and the data's shape to a network: the dense layers of `hidden`, behind
//! the image part of a layer list when it has one, with every cap checked before allocating.

use rand_pcg::Pcg64Mcg;

use super::config::{TrainConfig, MAX_BATCH_UNITS, MAX_PARAMS};
use super::front::Front;
use super::hidden::Hidden;
use super::layers::{self, LayerSpec};
use super::loss::Head;
use super::net::{Dropout, Mlp};
use crate::data::Shape;
use crate::error::{Error, Result};

/// Most values the image part's buffers may hold for one batch (batch × per-sample buffers):
/// 2^25 f32 = 128 MiB (the article's net at batch 128 needs ~17.5 M).
pub const MAX_FRONT_VALUES: usize = 1 << 25;
/// Most multiply-adds of the image part per sample (the article's net needs ~22 M), so one step
/// cannot freeze a tab for minutes.
pub const MAX_FRONT_MACS: usize = 1 << 27;

/// Whether the layer list has layers before the flatten (conv, pool, or dropout on an image).
pub fn has_front(list: &[LayerSpec]) -> bool {
    matches!(
        list.first(),
        Some(LayerSpec::Conv { .. } | LayerSpec::Pool { .. })
    )
}

/// Builds the network `config` describes for samples of `inputs` values (`shape` for image
/// data) and `outputs` head units, drawing its weights from `rng`.
pub fn network(
    config: &TrainConfig,
    shape: Option<Shape>,
    inputs: usize,
    outputs: usize,
    head: Head,
    rng: &mut Pcg64Mcg,
) -> Result<Mlp<f32>> {
    let hidden: Vec<Hidden> = (0..config.hidden.len())
        .map(|l| Ok(Hidden::new(&config.activation(l)?, config.prelu_per_unit)))
        .collect::<Result<_>>()?;
    let inits = config.layer_inits()?;
    let dropout = Dropout {
        rate: f64::from(config.dropout),
        kind: config.dropout_kind,
    };
    let mut net = if let Some((front, n_front)) = checked_front(config, shape, inputs, outputs)? {
        let conv_inits = config.conv_inits()?;
        Mlp::with_front(
            (front, n_front, &conv_inits),
            &config.hidden,
            hidden,
            outputs,
            head,
            dropout,
            &inits,
            rng,
        )
    } else {
        config.check_size(inputs, outputs)?;
        Mlp::new(
            inputs,
            &config.hidden,
            hidden,
            outputs,
            head,
            dropout,
            &inits,
            rng,
        )
    };
    if !config.layers.is_empty() {
        let rates = layers::dense_dropout(&config.layers);
        net.dense_dropout = Some(rates.into_iter().map(f64::from).collect());
    }
    Ok(net.with_residual(config.residual))
}

/// The message for conv or pool layers on data without an image shape.
pub const NEEDS_IMAGES: &str =
    "conv layers need an image data set (8×8 digits, MNIST); this data set is flat: use dense \
     layers only";

/// The planned and checked image part of `config` for samples of `inputs` values (`shape` for
/// image data), or `None` when the layer list has none.
fn checked_front(
    config: &TrainConfig,
    shape: Option<Shape>,
    inputs: usize,
    outputs: usize,
) -> Result<Option<(Front, usize)>> {
    if !has_front(&config.layers) {
        return Ok(None);
    }
    let shape = shape
        .filter(|s| s.len() == inputs)
        .ok_or_else(|| Error::Invalid(NEEDS_IMAGES.into()))?;
    let (front, n_front) = plan_front(config, shape)?;
    check_front(config, &front, n_front, outputs)?;
    Ok(Some((front, n_front)))
}

/// Checks, without allocating the weights, that `config` builds a network for samples of
/// `inputs` values (`shape` for image data) and `outputs` head units: the layer list fits the
/// shape and every parameter, memory and compute cap holds. Returns the parameter count.
pub fn check(
    config: &TrainConfig,
    shape: Option<Shape>,
    inputs: usize,
    outputs: usize,
) -> Result<usize> {
    match checked_front(config, shape, inputs, outputs)? {
        None => config.check_size(inputs, outputs),
        Some((front, n_front)) => {
            let mut sizes = vec![front.output().len()];
            sizes.extend(&config.hidden);
            sizes.push(outputs);
            Ok(n_front
                + sizes
                    .windows(2)
                    .map(|w| w[0] * w[1] + w[1] * 2)
                    .sum::<usize>())
        }
    }
}

/// The image part of `config`'s layer list for samples of `shape`, and its parameter count.
pub fn plan_front(config: &TrainConfig, shape: Shape) -> Result<(Front, usize)> {
    // Conv PReLU learns one slope per filter (channel), as Keras' PReLU(shared_axes=[1, 2]).
    let conv_acts: Vec<Hidden> = (0..config.conv_count())
        .map(|i| Ok(Hidden::new(&config.conv_activation(i)?, true)))
        .collect::<Result<_>>()?;
    Front::plan(shape, &config.layers, &conv_acts, config.dropout_kind, 0)
}

/// Parameter, memory and compute caps for a network with an image part.
fn check_front(config: &TrainConfig, front: &Front, n_front: usize, outputs: usize) -> Result<()> {
    let mut sizes = vec![front.output().len()];
    sizes.extend(&config.hidden);
    sizes.push(outputs);
    let dense: usize = sizes.windows(2).map(|w| w[0] * w[1] + w[1] * 2).sum();
    let n = n_front + dense;
    if n > MAX_PARAMS {
        return Err(Error::Invalid(format!(
            "the network would have {n} parameters; at most {MAX_PARAMS}: use fewer filters or \
             units, or pool before flattening"
        )));
    }
    let batch = config.batch_size;
    let values = batch.saturating_mul(front.values_per_row());
    if values > MAX_FRONT_VALUES {
        return Err(Error::Invalid(format!(
            "batch size {batch} × {} values per sample in the conv layers needs too much memory \
             (at most {MAX_FRONT_VALUES}): use a smaller batch or fewer filters",
            front.values_per_row()
        )));
    }
    let units = config.hidden.iter().sum::<usize>() + outputs;
    if batch.saturating_mul(units) > MAX_BATCH_UNITS {
        return Err(Error::Invalid(format!(
            "batch size {batch} × {units} dense units would need too much memory"
        )));
    }
    let macs: usize = front.convs().map(|c| c.macs()).sum();
    if macs > MAX_FRONT_MACS {
        return Err(Error::Invalid(format!(
            "the conv layers would take {macs} multiply-adds per sample; at most \
             {MAX_FRONT_MACS}: use fewer filters, smaller kernels or a stride"
        )));
    }
    Ok(())
}
