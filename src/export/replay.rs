//! The data a PyTorch export needs to replay one of our runs step for step (`export-pytorch
//! --replay`): our initial parameters (as a model file), the exact training and test samples (the
//! 2-D points themselves, or the image set's sample indices), the batch order of every epoch, the
//! learning rate of every step, and our trainer's batch losses for the first steps, which the
//! script prints next to its own.
//!
//! Everything comes from the trainer's own streams: the init from [`Trainer::new`], the order
//! from [`order_stream`] shuffled exactly as the trainer does (a different order would break the
//! step-for-step agreement tests/native/export_pytorch_replay.rs checks).

use rand::seq::SliceRandom;
use serde::Serialize;

use super::script::DataChoice;
use crate::data::images::ImageSet;
use crate::data::{stratified_split, Dataset, ImageSource, Split, Task, TwoD};
use crate::error::{Error, Result};
use crate::nn::trainer::{noise_stream_state, order_stream};
use crate::nn::{DataInfo, Generated, ModelFile, Status, TrainConfig, Trainer};

/// The `format` field of a replay file.
pub const REPLAY_FORMAT: &str = "activation-lab-replay";
/// Most sample indices written for the batch orders; later epochs are reshuffled by torch.
pub const MAX_ORDER_ENTRIES: usize = 4_000_000;
/// Steps of our trainer recorded when not told otherwise (`--replay-steps`, the page's button).
pub const DEFAULT_REPLAY_STEPS: usize = 200;
/// Training FLOPs the page's worker spends at most on recording our steps (a few seconds in
/// wasm): the article's CNN on MNIST gets a handful of steps instead of 200.
pub const PAGE_REPLAY_FLOPS: u64 = 20_000_000_000;
/// Most steps of our trainer recorded for comparison.
pub const MAX_REPLAY_STEPS: usize = 100_000;

/// The samples, as the script reads them.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReplayData {
    /// 2-D points: inputs row-major (`features` per sample), labels or targets.
    Points {
        features: usize,
        train_x: Vec<f32>,
        train_y: Vec<f64>,
        test_x: Vec<f32>,
        test_y: Vec<f64>,
    },
    /// Rows of the shipped image file (ALIM), in split order.
    ImageIndices {
        file: String,
        train: Vec<u32>,
        test: Vec<u32>,
    },
}

/// The whole replay document.
#[derive(Debug, Clone, Serialize)]
pub struct Replay {
    pub format: &'static str,
    pub version: u32,
    /// Our network at step 0.
    pub initial: ModelFile,
    pub data: ReplayData,
    /// Rows per mini-batch (the configured size, capped at the training-set size).
    pub batch: usize,
    /// Training-set indices per epoch, for the first `orders.len()` epochs.
    pub orders: Vec<Vec<u32>>,
    /// Learning rate of every step of those epochs (the schedule, resolved).
    pub lr: Vec<f32>,
    /// Our trainer's mean batch loss for its first steps (stops early if the run diverged).
    pub losses: Vec<f32>,
    /// The state our training-noise stream starts from (a decimal u128, `Pcg64Mcg::new`): a
    /// script that draws its dropout masks from it drops the units ours drops (the Keras replay).
    pub noise_state: String,
}

/// The split our trainer uses for `data` (the same calls as the CLI's `train`). Image sets are
/// read from disk natively; `images` (the image file's inflated bytes, as the page's worker holds
/// them) takes precedence and is required in the wasm build.
fn load_split(
    config: &TrainConfig,
    data: &DataChoice,
    images: Option<&[u8]>,
) -> Result<(Split, ReplayDataKind)> {
    if let Ok(source) = ImageSource::from_name(&data.name) {
        let set = match images {
            Some(bytes) => crate::data::images::parse_images(bytes)?,
            None => load_images(&source)?,
        };
        return image_split(&source, &set);
    }
    let kind = TwoD::from_name(&data.name)?;
    let n = data.samples.unwrap_or(kind.default_samples());
    let split = kind.generate_split(n, data.noise, data.train_ratio, config.seed)?;
    Ok((split, ReplayDataKind::Points))
}

#[cfg(not(target_arch = "wasm32"))]
fn load_images(source: &ImageSource) -> Result<ImageSet> {
    source.load()
}

#[cfg(target_arch = "wasm32")]
fn load_images(source: &ImageSource) -> Result<ImageSet> {
    Err(Error::text(
        format!(
            "the {} images are not loaded yet; try again when the data set has downloaded",
            source.name
        ),
        format!("{} 图像尚未载入；请等数据集下载完再试", source.name),
    ))
}

/// The default split of an image set and the rows of the file it takes, in split order.
fn image_split(source: &ImageSource, set: &ImageSet) -> Result<(Split, ReplayDataKind)> {
    if set.len() != source.samples {
        return Err(Error::Invalid(format!(
            "the {} file has {} images, expected {}",
            source.name,
            set.len(),
            source.samples
        )));
    }
    let split = source.default_split(set)?;
    // The same stratified split over a data set whose one "pixel" is the row index: the split
    // depends only on labels, ratio and seed, so it returns our rows' indices.
    let by_index = Dataset {
        features: 1,
        shape: None,
        task: Task::Classification {
            classes: set.classes,
        },
        inputs: (0..set.len()).map(|i| i as f32).collect(),
        labels: set.labels.iter().map(|&l| u32::from(l)).collect(),
        targets: vec![],
    };
    let idx = stratified_split(&by_index, source.train_ratio, source.split_seed)?;
    let rows = |d: &Dataset| d.inputs.iter().map(|&v| v as u32).collect::<Vec<u32>>();
    let kind = ReplayDataKind::Images {
        file: source.file.to_string(),
        train: rows(&idx.train),
        test: rows(&idx.test),
    };
    Ok((split, kind))
}

enum ReplayDataKind {
    Points,
    Images {
        file: String,
        train: Vec<u32>,
        test: Vec<u32>,
    },
}

fn targets_of(d: &Dataset) -> Vec<f64> {
    match d.task {
        Task::Classification { .. } => d.labels.iter().map(|&l| f64::from(l)).collect(),
        Task::Regression => d.targets.iter().map(|&t| f64::from(t)).collect(),
    }
}

/// Builds our trainer for `config` on `data`, records `steps` of its batch losses and packs
/// everything the script needs to follow it.
pub fn replay(config: &TrainConfig, data: &DataChoice, steps: usize) -> Result<Replay> {
    replay_with_images(config, data, steps, None, None)
}

/// [`replay`] on an image set given as its file's inflated bytes (the page's worker), recording
/// fewer steps when `flop_budget` (training FLOPs of our trainer) would not cover `steps`.
pub fn replay_with_images(
    config: &TrainConfig,
    data: &DataChoice,
    steps: usize,
    images: Option<&[u8]>,
    flop_budget: Option<u64>,
) -> Result<Replay> {
    if steps > MAX_REPLAY_STEPS {
        return Err(Error::Invalid(format!(
            "--replay-steps must be at most {MAX_REPLAY_STEPS}, got {steps}"
        )));
    }
    if config.residual {
        return Err(Error::text(
            "the PyTorch export has no residual connections yet",
            "PyTorch 导出还不支持残差连接",
        ));
    }
    let (split, kind) = load_split(config, data, images)?;
    let replay_data = match kind {
        ReplayDataKind::Points => ReplayData::Points {
            features: split.train.features,
            train_x: split.train.inputs.clone(),
            train_y: targets_of(&split.train),
            test_x: split.test.inputs.clone(),
            test_y: targets_of(&split.test),
        },
        ReplayDataKind::Images { file, train, test } => {
            ReplayData::ImageIndices { file, train, test }
        }
    };
    let info = match TwoD::from_name(&data.name) {
        Ok(_) => DataInfo {
            generated: Some(Generated {
                samples: split.train.len() + split.test.len(),
                noise: data.noise,
                train_ratio: data.train_ratio,
                seed: config.seed,
            }),
            ..DataInfo::named(&data.name)
        },
        Err(_) => DataInfo::named(&data.name),
    };
    let n = split.train.len();
    let mut trainer = Trainer::new(config.clone(), split)?;
    let initial = ModelFile::from_trainer(&trainer, Some(info));
    let batch = config.batch_size.min(n);
    let per_step = trainer.network().training_flops_per_sample() * batch as u64;
    let steps = flop_budget.map_or(steps, |b| steps.min((b / per_step.max(1)).max(1) as usize));

    let epochs = config.epochs.min((MAX_ORDER_ENTRIES / n).max(1));
    let mut rng = order_stream(config.seed);
    let mut order: Vec<u32> = (0..n as u32).collect();
    let mut orders = Vec::with_capacity(epochs);
    for _ in 0..epochs {
        order.shuffle(&mut rng);
        orders.push(order.clone());
    }
    let total_steps = epochs * trainer.steps_per_epoch();
    let lr = (0..total_steps as u64)
        .map(|s| trainer.lr_plan().lr_at(s))
        .collect();

    let mut losses = Vec::with_capacity(steps);
    while losses.len() < steps && trainer.step(1) == 1 {
        losses.push(trainer.snapshot().batch_loss.unwrap_or(f32::NAN));
    }
    if let Status::Diverged { step } = trainer.status() {
        log_divergence(step);
    }
    Ok(Replay {
        format: REPLAY_FORMAT,
        version: 1,
        initial,
        data: replay_data,
        batch,
        orders,
        lr,
        losses,
        noise_state: noise_stream_state(config.seed).to_string(),
    })
}

/// A diverged run still replays (torch follows it until our trainer stopped).
fn log_divergence(step: u64) {
    eprintln!("note: our run diverged at step {step}; the replay records the steps before it");
}

/// The name of the replay file written next to the script `script_name` (the script looks for it
/// there): `<script>.replay.json`.
pub fn replay_file_name(script_name: &str) -> String {
    format!("{script_name}.replay.json")
}

impl Replay {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a replay always serialises")
    }
}
