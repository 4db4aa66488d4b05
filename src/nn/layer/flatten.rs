//! Image → vector. Samples are stored HWC, row by row, so a flatten changes only the shape the
//! next layer sees: it moves no value, and its output is its input's buffer.

use std::fmt;

use super::spec::LayerSpec;
use crate::data::Shape;
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flatten {
    pub input: Shape,
}

impl Flatten {
    pub fn output(&self) -> Shape {
        Shape::new(1, 1, self.input.len())
    }
}

/// `flatten`.
pub(super) fn parse_item(item: &str) -> Option<Result<LayerSpec>> {
    (item == "flatten").then_some(Ok(LayerSpec::Flatten))
}

pub(super) fn write_item(f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "flatten")
}
