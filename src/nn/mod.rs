//! The tiny MLP engine: dense layers with any catalog activation, batched forward/backward on flat
//! buffers, the usual inits, optimizers, regularisation, clipping and dropout, and cheap
//! diagnostics. `Trainer` is the entry point for the CLI and the web worker.
//!
//! Layer lists (`layers`: conv/pool/dropout/flatten/dense and their text syntax) put an image
//! part (`front`, with `conv`, `pool` and the `gemm` kernel) before the dense layers; `build`
//! turns a config into a network.
//!
//! Map: `real` (f32/f64 generic arithmetic) → `net` (layout, forward, backward) with `hidden`
//! (nonlinearities incl. learnable PReLU and random RReLU) and `loss` (output heads); `init`,
//! `optim`, `schedule` (learning-rate schedules); `config` (what a run is) and `trainer` (the loop and its diagnostics); `model_file` (save/load), `diagnose` (why a run diverged, and the fix), `histogram` (weights per layer); `gradcheck`.

pub mod build;
pub mod config;
pub mod conv;
pub mod conv_maps;
pub mod diagnose;
pub mod front;
pub mod gemm;
pub mod gradcheck;
pub mod hidden;
pub mod histogram;
pub mod init;
pub mod layers;
pub mod loss;
pub mod model_file;
pub mod net;
pub mod optim;
pub(crate) mod packed;
pub mod pool;
pub mod real;
pub mod schedule;
pub mod trainer;
pub mod unit_maps;

pub use config::{ActivationSpec, TrainConfig};
pub use diagnose::{explain_divergence, Cause, Diagnosis, Fix};
pub use histogram::{Histogram, LayerHistogram};
pub use init::Init;
pub use layers::{format_layers, parse_layers, LayerSpec};
pub use loss::{Head, Loss, Targets};
pub use model_file::{DataInfo, Generated, ModelFile};
pub use net::{Dropout, DropoutKind, Mlp, Workspace};
pub use optim::Optimizer;
pub use schedule::{Decay, LrPlan, Schedule};
pub use trainer::{Evaluation, HiddenStats, Metrics, Snapshot, Status, Trainer};
