//! Activation Lab core: activation functions with exact derivatives, a tiny MLP trainer, datasets,
//! experiments and charts. Plain Rust with no web types; `web` is the thin wasm-bindgen skin and
//! `src/bin/activation-lab/` the native CLI. See ARCHITECTURE.md for the map.

pub mod activation;
pub mod data;
pub mod error;
pub mod experiment;
pub mod export;
pub mod formula;
pub mod nn;
pub mod plot;
pub mod state;
pub mod training;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use activation::Activation;
pub use error::{Error, Result};
