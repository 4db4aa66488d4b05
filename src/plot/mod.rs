//! Charts drawn with plotters, generic over `DrawingBackend`: the page hands them a canvas backend,
//! native tests and exports an SVG backend. Each draw returns the pixel↔data mapping of its panels,
//! so hover readouts convert pixels to x without reading anything off the pixels.

pub mod boundary;
pub mod curves;
pub mod digits;
pub mod layers;
pub mod mapping;
pub mod sample;
pub mod style;
pub mod traces;

pub use curves::{draw_curves, render_svg, CurvesLayout, PanelKind, PanelMapping};
pub use mapping::ChartMapping;
pub use sample::{fp16_round, fp16_value, readout, to_csv, ReadoutRow};
pub use style::Style;
