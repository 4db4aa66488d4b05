//! The one error type of the core. The web skin turns it into a `JsError` carrying the message,
//! the CLI prints it and exits with status 2, so every message here is written for a person.

use thiserror::Error;

/// Everything the core can reject. Messages name the valid choices where there are few.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Error {
    /// An activation name that is not in the catalog.
    #[error("unknown activation `{name}`; valid names: {valid}")]
    UnknownActivation { name: String, valid: String },

    /// A dataset name that is not one of the built-in sets.
    #[error("unknown dataset `{name}`; valid names: {valid}")]
    UnknownDataset { name: String, valid: String },

    /// A parameter key the activation does not take.
    #[error("`{activation}` has no parameter `{key}`; it takes: {valid}")]
    UnknownParameter {
        activation: String,
        key: String,
        valid: String,
    },

    /// A parameter value outside what the function accepts.
    #[error("`{activation}`: parameter `{key}` = {value} is invalid: {reason}")]
    InvalidParameter {
        activation: String,
        key: String,
        value: f64,
        reason: String,
    },

    /// A custom activation formula that does not parse; `column` is the 1-based character column
    /// of the mistake (the page puts a caret there) and `message` already names it.
    #[error("{message}")]
    Formula {
        column: usize,
        message: String,
        /// The same message in Chinese, for the page in 中文 (the CLI prints `message`).
        message_zh: String,
    },

    /// A CSV text that does not parse; `line` is 1-based (the page highlights it).
    #[error("line {line}: {message}")]
    Csv { line: usize, message: String },

    /// Generic invalid input with a message (configs, hashes, CLI values).
    #[error("{0}")]
    Invalid(String),
}

/// Shorthand used across the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The message in the page's language: the Chinese form where the core has one (formula
    /// errors), else the English text.
    pub fn message_in(&self, zh: bool) -> String {
        match self {
            Error::Formula { message_zh, .. } if zh => message_zh.clone(),
            other => other.to_string(),
        }
    }
}
