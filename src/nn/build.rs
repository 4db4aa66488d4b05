//! From a [`TrainConfig`] and the data's shape to a network: the layer list becomes layers (each
//! kind planning its own shapes and parameter layout), every cap is checked before anything is
//! allocated, then the weights are drawn.

use rand_pcg::Pcg64Mcg;

use super::config::TrainConfig;
use super::layer::activation::{ActivationLayer, Hidden};
use super::layer::avg_pool2d::AvgPool2d;
use super::layer::batch_norm::BatchNorm;
use super::layer::conv2d::{Conv2d, ConvItem};
use super::layer::dense::Dense;
use super::layer::dropout::{Dropout, DropoutLayer};
use super::layer::flatten::Flatten;
use super::layer::max_pool2d::MaxPool2d;
use super::layer::residual::Residual;
use super::layer::spec::{has_image_layers, LayerSpec};
use super::layer::Layer;
use super::limits::{MAX_BATCH_UNITS, MAX_FRONT_MACS, MAX_FRONT_VALUES, MAX_PARAMS};
use super::loss::Head;
use super::net::Net;
use super::Init;
use crate::data::Shape;
use crate::error::{Error, Result};

/// Whether the layer list has image layers (conv or pooling) before its dense part.
pub fn has_front(list: &[LayerSpec]) -> bool {
    has_image_layers(list)
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
) -> Result<Net<f32>> {
    let plan = checked_plan(config, shape, inputs, outputs)?;
    let mut net = Net::new(plan.input, plan.layers, head);
    net.init(rng);
    Ok(net)
}

/// The message for conv or pool layers on data without an image shape.
pub const NEEDS_IMAGES: &str =
    "conv layers need an image data set (8×8 digits, MNIST); this data set is flat: use dense \
     layers only";
/// [`NEEDS_IMAGES`] in Chinese.
pub const NEEDS_IMAGES_ZH: &str =
    "卷积层需要图像数据集（8×8 数字、MNIST）；这个数据集是平面的，只能用全连接层";

/// The layers of `config` on samples of `inputs` values, before any parameter exists.
pub struct Plan {
    pub input: Shape,
    pub layers: Vec<Layer>,
}

impl Plan {
    /// The layers before the first dense layer (the image part).
    fn image_part(&self) -> &[Layer] {
        let end = self
            .layers
            .iter()
            .position(|l| matches!(l, Layer::Dense(_)))
            .unwrap_or(self.layers.len());
        &self.layers[..end]
    }

    /// Parameters as the caps count them: conv layers exactly, every dense layer `i·o` weights
    /// and two values per unit (bias and a possible PReLU slope, so the cap does not depend on
    /// the activation), batch norm two per channel.
    pub fn capped_params(&self) -> usize {
        let mut after_dense = false;
        let mut n = 0;
        for l in &self.layers {
            n += match l {
                Layer::Dense(d) => d.inputs * d.outputs + 2 * d.outputs,
                Layer::Activation(_) if after_dense => 0,
                _ => l.params().into_iter().map(|(_, r)| r.len()).sum(),
            };
            if l.weights().is_some() {
                after_dense = matches!(l, Layer::Dense(_));
            }
        }
        n
    }

    /// Values one batch row costs in the image part's buffers, its input and the gradients.
    fn image_values_per_row(&self) -> usize {
        let part = self.image_part();
        let widest = part.iter().map(|l| l.output().len()).max().unwrap_or(0);
        self.input.len()
            + 2 * widest.max(self.input.len())
            + part.iter().map(Layer::values_per_row).sum::<usize>()
    }
}

/// The planned layers of `config`, or why it cannot be built for this data.
pub fn plan(
    config: &TrainConfig,
    shape: Option<Shape>,
    inputs: usize,
    outputs: usize,
) -> Result<Plan> {
    let images = has_image_layers(&config.layers);
    let input = match shape.filter(|s| s.len() == inputs) {
        Some(s) if images => s,
        None if images => return Err(Error::text(NEEDS_IMAGES, NEEDS_IMAGES_ZH)),
        _ => Shape::new(1, 1, inputs),
    };
    let mut p = Planner {
        config,
        shape: input,
        layers: Vec::new(),
        at: 0,
        state_at: 0,
        weighted: 0,
        dense: 0,
        pending: None,
        block: None,
    };
    for spec in &config.layers {
        p.item(spec)?;
    }
    p.close_block();
    p.flatten();
    let init = config.init.unwrap_or(Init::GlorotUniform);
    let out = Dense::plan(p.shape.len(), outputs, init, &mut p.at);
    p.layers.push(Layer::Dense(out));
    Ok(Plan {
        input,
        layers: p.layers,
    })
}

/// Walks the layer list, laying out each item's layers.
struct Planner<'a> {
    config: &'a TrainConfig,
    shape: Shape,
    layers: Vec<Layer>,
    at: usize,
    state_at: usize,
    /// Conv and dense items so far (they take the activations in order).
    weighted: usize,
    /// Dense items so far.
    dense: usize,
    /// The activation of the last conv/dense item, placed after any `bn` that follows it.
    pending: Option<Hidden>,
    /// The open dense block: the layer its input comes from, that input's width, and whether it
    /// may have a skip.
    block: Option<(usize, usize, bool)>,
}

impl Planner<'_> {
    fn item(&mut self, spec: &LayerSpec) -> Result<()> {
        if !matches!(
            spec,
            LayerSpec::BatchNorm {
                after_activation: false
            }
        ) {
            self.flush_activation();
        }
        if matches!(
            spec,
            LayerSpec::Conv { .. } | LayerSpec::Flatten | LayerSpec::Dense { .. }
        ) {
            self.close_block();
        }
        let shape = self.shape;
        let too_small = || too_small(spec, shape);
        let layer = match *spec {
            LayerSpec::Conv {
                filters,
                kernel,
                stride,
                padding,
            } => {
                let item = ConvItem {
                    filters,
                    kernel,
                    stride,
                    padding,
                };
                let (f, init) = self.next_activation(true)?;
                let c =
                    Conv2d::plan(self.shape, &item, init, &mut self.at).ok_or_else(too_small)?;
                self.pending = Some(f);
                Layer::Conv2d(c)
            }
            LayerSpec::Pool { size, stride } => {
                Layer::MaxPool2d(MaxPool2d::new(self.shape, size, stride).ok_or_else(too_small)?)
            }
            LayerSpec::AvgPool { size, stride } => {
                Layer::AvgPool2d(AvgPool2d::new(self.shape, size, stride).ok_or_else(too_small)?)
            }
            LayerSpec::GlobalAvgPool => Layer::AvgPool2d(AvgPool2d::global(self.shape)),
            LayerSpec::BatchNorm { after_activation } => Layer::BatchNorm(BatchNorm::plan(
                self.shape,
                after_activation,
                &mut self.at,
                &mut self.state_at,
            )),
            LayerSpec::Dropout { rate } => Layer::Dropout(DropoutLayer {
                shape: self.shape,
                dropout: Dropout {
                    rate: f64::from(rate),
                    kind: self.config.dropout_kind,
                },
            }),
            LayerSpec::Flatten => Layer::Flatten(Flatten { input: self.shape }),
            LayerSpec::Dense { units } => return self.dense(units),
        };
        self.push(layer);
        Ok(())
    }

    /// A dense item: flatten if needed, the layer, its activation pending, a new block.
    fn dense(&mut self, units: usize) -> Result<()> {
        self.flatten();
        let (f, init) = self.next_activation(self.config.prelu_per_unit)?;
        let from = self.layers.len().checked_sub(1);
        let width = self.shape.len();
        let d = Dense::plan(width, units, init, &mut self.at);
        self.push(Layer::Dense(d));
        self.pending = Some(f);
        let skip = self.config.residual && self.dense > 0 && width == units;
        self.block = from.map(|from| (from, width, skip));
        self.dense += 1;
        if self.config.dropout > 0.0 {
            // A plain MLP's dropout after every hidden layer (validate keeps it out of lists).
            self.flush_activation();
            self.push(Layer::Dropout(DropoutLayer {
                shape: self.shape,
                dropout: Dropout {
                    rate: f64::from(self.config.dropout),
                    kind: self.config.dropout_kind,
                },
            }));
        }
        Ok(())
    }

    /// The next conv/dense item's nonlinearity (`per_channel`: one PReLU slope per unit or
    /// filter) and init.
    fn next_activation(&mut self, per_channel: bool) -> Result<(Hidden, Init)> {
        let a = self.config.activation_at(self.weighted)?;
        self.weighted += 1;
        let init = self.config.init.unwrap_or_else(|| Init::default_for(&a));
        Ok((Hidden::new(&a, per_channel), init))
    }

    fn push(&mut self, layer: Layer) {
        self.shape = layer.output();
        self.layers.push(layer);
    }

    fn flush_activation(&mut self) {
        if let Some(f) = self.pending.take() {
            let a = ActivationLayer::plan(self.shape, f, &mut self.at);
            self.push(Layer::Activation(a));
        }
    }

    /// Ends the open dense block, with its skip when it has one.
    fn close_block(&mut self) {
        self.flush_activation();
        if let Some((from, width, true)) = self.block.take() {
            if width == self.shape.len() {
                self.push(Layer::Residual(Residual {
                    shape: self.shape,
                    from,
                }));
            }
        }
    }

    /// An image becomes a vector before a dense layer.
    fn flatten(&mut self) {
        if self.shape.height * self.shape.width > 1 {
            self.push(Layer::Flatten(Flatten { input: self.shape }));
        }
    }
}

fn too_small(spec: &LayerSpec, shape: Shape) -> Error {
    Error::text(
        format!(
            "`{spec}` does not fit its {shape} input: use a smaller kernel or window, padding \
             same, or fewer layers before it"
        ),
        format!(
            "`{spec}` 放不进它的 {shape} 输入：请用更小的卷积核或窗口、same 填充，或在它之前少放几层"
        ),
    )
}

/// Checks, without allocating the weights, that `config` builds a network for samples of
/// `inputs` values (`shape` for image data) and `outputs` head units: the layer list fits the
/// shape and every parameter, memory and compute cap holds. Returns the capped parameter count
/// ([`Plan::capped_params`]).
pub fn check(
    config: &TrainConfig,
    shape: Option<Shape>,
    inputs: usize,
    outputs: usize,
) -> Result<usize> {
    checked_plan(config, shape, inputs, outputs).map(|p| p.capped_params())
}

fn checked_plan(
    config: &TrainConfig,
    shape: Option<Shape>,
    inputs: usize,
    outputs: usize,
) -> Result<Plan> {
    let plan = plan(config, shape, inputs, outputs)?;
    if has_image_layers(&config.layers) {
        check_image_caps(config, &plan, outputs)?;
    } else {
        check_dense_caps(config, &plan, outputs)?;
    }
    Ok(plan)
}

/// Hidden dense units plus the outputs: what one batch row costs in the dense part.
fn dense_units(config: &TrainConfig, outputs: usize) -> usize {
    config.dense_units().iter().sum::<usize>() + outputs
}

fn check_dense_caps(config: &TrainConfig, plan: &Plan, outputs: usize) -> Result<()> {
    let n = plan.capped_params();
    if n > MAX_PARAMS {
        return Err(Error::text(
            format!(
                "the network would have {n} parameters; at most {MAX_PARAMS}: use fewer or smaller layers"
            ),
            format!("网络将有 {n} 个参数，最多 {MAX_PARAMS} 个：请减少层数或缩小各层"),
        ));
    }
    let units = dense_units(config, outputs);
    if config.batch_size.saturating_mul(units) > MAX_BATCH_UNITS {
        return Err(Error::text(
            format!(
                "batch size {} × {units} units would need too much memory (at most {MAX_BATCH_UNITS} \
                 values): use a smaller batch or fewer units",
                config.batch_size
            ),
            format!(
                "批大小 {} × {units} 个单元需要太多内存（最多 {MAX_BATCH_UNITS} 个数值）：请减小批大小或单元数",
                config.batch_size
            ),
        ));
    }
    Ok(())
}

/// Parameter, memory and compute caps for a network with image layers.
fn check_image_caps(config: &TrainConfig, plan: &Plan, outputs: usize) -> Result<()> {
    let n = plan.capped_params();
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
    let per_row = plan.image_values_per_row();
    if batch.saturating_mul(per_row) > MAX_FRONT_VALUES {
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
    let units = dense_units(config, outputs);
    if batch.saturating_mul(units) > MAX_BATCH_UNITS {
        return Err(Error::text(
            format!("batch size {batch} × {units} dense units would need too much memory"),
            format!("批大小 {batch} × {units} 个全连接单元需要太多内存"),
        ));
    }
    let macs: usize = plan
        .image_part()
        .iter()
        .filter(|l| matches!(l, Layer::Conv2d(_)))
        .map(Layer::macs)
        .sum();
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

impl TrainConfig {
    /// Number of parameters (as the cap counts them) for `inputs` features and `outputs` head
    /// units, or an error over a cap. A list with image layers needs the image shape and is
    /// checked when the network is built ([`network`]); this returns 0 for it.
    pub fn check_size(&self, inputs: usize, outputs: usize) -> Result<usize> {
        if has_image_layers(&self.layers) {
            return Ok(0);
        }
        check(self, None, inputs, outputs)
    }
}
