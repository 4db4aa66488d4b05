//! The network engine: one list of layers (`layer/`: dense, conv2d, max/avg pooling, batch
//! norm, dropout, flatten, the activation as a layer, residual skips; one file each, forward and
//! backward side by side) looped over by `net::Net`, batched on flat buffers; the usual inits,
//! optimizers, regularisation and clipping; cheap diagnostics. `Trainer` is the entry point for
//! the CLI and the web worker.
//!
//! Map: `limits` (every cap) → `layer::spec` (the layer list's syntax) → `config` (what a run is)
//! → `build` (config → planned, checked, initialised `Net`) → `net` (forward, backward, penalty)
//! with `loss` (output heads), `real` (f32/f64 arithmetic) and `gemm` (the one hot loop);
//! `init`, `optim`, `schedule`; `trainer` (the loop and its statistics), `model_file`
//! (save/load), `diagnose` (why a run diverged), `histogram` (weights per layer), `gradcheck`.
//! Nothing here imports from training, plot or web.

pub mod build;
pub mod config;
pub mod diagnose;
pub mod gemm;
pub mod gradcheck;
pub mod histogram;
pub mod init;
pub mod layer;
pub mod limits;
pub mod loss;
pub mod model_file;
pub mod net;
pub mod optim;
pub mod real;
pub mod schedule;
pub mod trainer;

pub use config::{ActivationSpec, TrainConfig};
pub use diagnose::{explain_divergence, Cause, Diagnosis, Fix};
pub use histogram::{Histogram, LayerHistogram};
pub use init::Init;
pub use layer::activation::{Hidden, Mode};
pub use layer::dropout::{Dropout, DropoutKind};
pub use layer::list::{format_layers, parse_layers};
pub use layer::spec::LayerSpec;
pub use layer::Layer;
pub use loss::{Head, Loss, Targets};
pub use model_file::{DataInfo, Generated, ModelFile};
pub use net::{Net, Workspace};
pub use optim::Optimizer;
pub use schedule::{Decay, LrPlan, Schedule};
pub use trainer::{Evaluation, HiddenStats, Metrics, Snapshot, Status, Trainer};
