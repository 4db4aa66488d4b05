//! Exports of a training setup to other tools: the path for users who outgrow the tab.

pub mod keras;
pub mod pytorch;
pub mod replay;
mod script;
