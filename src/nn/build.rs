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
/// [`NEEDS_IMAGES`] in Chinese.
pub const NEEDS_IMAGES_ZH: &str =
    "卷积层需要图像数据集（8×8 数字、MNIST）；这个数据集是平面的，只能用全连接层";

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
        .ok_or_else(|| Error::text(NEEDS_IMAGES, NEEDS_IMAGES_ZH))?;
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
        return Err(Error::text(
            format!(
                "the network would have {n} parameters; at most {MAX_PARAMS}: use fewer filters \
                 or units, or pool before flattening"
            ),
            format!(
                "网络将有 {n} 个参数，最多 {MAX_PARAMS} 个：请减少滤波器或单元，或在展平前池化"
            ),
        ));
    }
    let batch = config.batch_size;
    let values = batch.saturating_mul(front.values_per_row());
    if values > MAX_FRONT_VALUES {
        let per_row = front.values_per_row();
        return Err(Error::text(
            format!(
                "batch size {batch} × {per_row} values per sample in the conv layers needs too \
                 much memory (at most {MAX_FRONT_VALUES}): use a smaller batch or fewer filters"
            ),
            format!(
                "批大小 {batch} × 每个样本 {per_row} 个卷积层数值需要太多内存（最多 \
                 {MAX_FRONT_VALUES} 个）：请减小批大小或滤波器个数"
            ),
        ));
    }
    let units = config.hidden.iter().sum::<usize>() + outputs;
    if batch.saturating_mul(units) > MAX_BATCH_UNITS {
        return Err(Error::text(
            format!("batch size {batch} × {units} dense units would need too much memory"),
            format!("批大小 {batch} × {units} 个全连接单元需要太多内存"),
        ));
    }
    let macs: usize = front.convs().map(|c| c.macs()).sum();
    if macs > MAX_FRONT_MACS {
        return Err(Error::text(
            format!(
                "the conv layers would take {macs} multiply-adds per sample; at most \
                 {MAX_FRONT_MACS}: use fewer filters, smaller kernels or a stride"
            ),
            format!(
                "卷积层每个样本需要 {macs} 次乘加，最多 {MAX_FRONT_MACS} 次：请减少滤波器、\
                 缩小卷积核或加大步长"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::TrainSetup;

    fn refusal(hash: &str) -> (String, String) {
        let e = TrainSetup::parse_hash(hash).expect_err(hash);
        (e.message_in(false), e.message_in(true))
    }

    #[test]
    fn shape_and_caps_are_told_in_both_languages_with_the_real_numbers() {
        let (en, zh) = refusal("t.ds=digits&t.layers=conv8k9");
        assert!(
            en.contains("`conv8k9` does not fit its 8×8×1 input"),
            "{en}"
        );
        assert!(zh.contains("`conv8k9` 放不进它的 8×8×1 输入"), "{zh}");
        let (en, zh) = refusal("t.ds=circle&t.layers=conv8k3");
        assert!(en.ends_with(NEEDS_IMAGES), "{en}");
        assert!(zh.ends_with(NEEDS_IMAGES_ZH), "{zh}");

        // conv64k3s2 on 28×28: 64 3×3 filters and biases, then 13×13×64 = 10816 inputs to 1024
        // units and 10 outputs (weights, and two per unit).
        let n = 64 * 9 + 64 + 10816 * 1024 + 1024 * 2 + 1024 * 10 + 10 * 2;
        let (en, zh) = refusal("t.ds=mnist&t.layers=conv64k3s2,flatten,1024");
        assert!(
            en.contains(&format!("would have {n} parameters; at most {MAX_PARAMS}")),
            "{en}"
        );
        assert!(
            zh.contains(&format!("网络将有 {n} 个参数，最多 {MAX_PARAMS} 个")),
            "{zh}"
        );
        let (en, zh) = refusal("t.ds=mnist&t.bs=4096&t.layers=conv256k3same");
        assert!(en.contains("batch size 4096 × "), "{en}");
        assert!(
            zh.contains("批大小 4096 × 每个样本 ")
                && zh.contains(&format!("（最多 {MAX_FRONT_VALUES} 个）")),
            "{zh}"
        );
        let (en, zh) = refusal("t.ds=digits&t.bs=4096&t.layers=pool2,flatten,1024,1024");
        assert!(en.contains("batch size 4096 × 2058 dense units"), "{en}");
        assert!(
            zh.contains("批大小 4096 × 2058 个全连接单元需要太多内存"),
            "{zh}"
        );
        let (en, zh) = refusal("t.ds=digits&t.layers=conv256k7same,conv256k7same");
        let macs = 64 * 256 * 49 + 64 * 256 * 49 * 256;
        assert!(en.contains(&format!("take {macs} multiply-adds")), "{en}");
        assert!(
            zh.contains(&format!(
                "每个样本需要 {macs} 次乘加，最多 {MAX_FRONT_MACS} 次"
            )),
            "{zh}"
        );
    }
}
