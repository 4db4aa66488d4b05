//! The tiny MLP engine: dense layers with any catalog activation, batched forward/backward on flat
//! buffers, the usual inits, optimizers, regularisation, clipping and dropout, and cheap
//! diagnostics. `Trainer` is the entry point for the CLI and the web worker.
//!
//! Map: `real` (f32/f64 generic arithmetic) → `net` (layout, forward, backward) with `hidden`
//! (nonlinearities incl. learnable PReLU and random RReLU) and `loss` (output heads); `init`,
//! `optim`, `schedule` (learning-rate schedules); `config` (what a run is) and `trainer` (the loop and its diagnostics); `model_file` (save/load), `diagnose` (why a run diverged, and the fix), `histogram` (weights per layer); `gradcheck`.

pub mod config;
pub mod diagnose;
pub mod gradcheck;
pub mod hidden;
pub mod histogram;
pub mod init;
pub mod loss;
pub mod model_file;
pub mod net;
pub mod optim;
pub mod real;
pub mod schedule;
pub mod trainer;
pub mod unit_maps;

pub use config::{ActivationSpec, TrainConfig};
pub use diagnose::{explain_divergence, Cause, Diagnosis, Fix};
pub use histogram::{Histogram, LayerHistogram};
pub use init::Init;
pub use loss::{Head, Loss, Targets};
pub use model_file::{DataInfo, Generated, ModelFile};
pub use net::{Dropout, DropoutKind, Mlp, Workspace};
pub use optim::Optimizer;
pub use schedule::{Decay, LrPlan, Schedule};
pub use trainer::{Evaluation, HiddenStats, Metrics, Snapshot, Status, Trainer};
