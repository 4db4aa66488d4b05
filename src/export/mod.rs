//! Exports of a training setup to other tools: the path for users who outgrow the tab.

pub mod pytorch;
#[cfg(not(target_arch = "wasm32"))]
pub mod replay;
