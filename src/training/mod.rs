//! The training page's core: what a run is as a shareable link (`setup`), the trace of a run
//! (`history`), where each data set's runs start (`defaults`), its metrics (`confusion`, `stop`) and the comparison's result table (`summary`).
//! Pure Rust, no web types; the worker and the page only translate.

pub mod budget;
pub mod confusion;
pub mod defaults;
pub mod embed;
pub mod fields;
pub mod history;
pub mod layer_rows;
pub mod misclassified;
pub mod model;
pub mod presets;
pub mod setup;
pub mod stop;
pub mod summary;

pub use confusion::ConfusionMatrix;
pub use history::{History, TrainRecord};
pub use misclassified::{misclassified, MisclassifiedSet};
pub use model::{LoadNote, LoadedModel};
pub use setup::{DataChoice, TrainSetup};
pub use summary::{summarize, RunSummary};
