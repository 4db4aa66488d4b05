//! Every cap the engine enforces, in one place that imports nothing: the configuration, the
//! layer syntax, the planner and the schedule all read them, so none of those needs another.

/// Most hidden layers a network may have (the normalisation probe goes to 32+).
pub const MAX_LAYERS: usize = 64;
/// Most units in one hidden layer.
pub const MAX_UNITS: usize = 1024;
/// Most parameters in a network (keeps the browser's memory and step time bounded).
pub const MAX_PARAMS: usize = 4_000_000;
/// Largest mini-batch.
pub const MAX_BATCH: usize = 4096;
/// Most epochs in one run.
pub const MAX_EPOCHS: usize = 10_000;
/// Most batch rows × (hidden + output units). The training workspace holds up to four f32 buffers
/// of this many values (pre-activations, outputs, RReLU slopes, dropout masks), so this bounds them
/// to 64 MiB; with `MAX_PARAMS` it keeps the largest accepted run within ~300 MB (docs/hosting.md).
pub const MAX_BATCH_UNITS: usize = 1 << 22;
/// Largest learning rate (large enough to demonstrate divergence).
pub const MAX_LR: f32 = 1000.0;

/// Most filters in one conv layer.
pub const MAX_FILTERS: usize = 256;
/// Largest conv kernel side.
pub const MAX_KERNEL: usize = 15;
/// Largest stride and pooling window.
pub const MAX_STRIDE: usize = 8;
/// Most items in a layer list.
pub const MAX_ITEMS: usize = 64;

/// Most values the image layers' buffers may hold for one batch (batch × per-sample buffers):
/// 2^25 f32 = 128 MiB (the article's net at batch 128 needs ~30 M).
pub const MAX_FRONT_VALUES: usize = 1 << 25;
/// Most multiply-adds of the image layers per sample (the article's net needs ~22 M), so one
/// step cannot freeze a tab for minutes.
pub const MAX_FRONT_MACS: usize = 1 << 27;
