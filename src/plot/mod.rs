//! Charts drawn with plotters, generic over `DrawingBackend`: the page hands them a canvas backend,
//! native tests and exports an SVG backend. Each draw returns the pixel↔data mapping of its panels,
//! so hover readouts convert pixels to x without reading anything off the pixels.

pub mod article;
pub mod boundary;
pub mod confusion;
pub mod conv_maps;
pub mod curves;
pub mod depth;
pub mod digits;
pub mod histogram;
pub mod layers;
pub mod legend;
pub mod mapping;
pub mod network;
pub mod sample;
pub mod style;
pub mod traces;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea, SVGBackend};

pub use curves::{draw_curves, render_svg, CurvesLayout, PanelKind, PanelMapping};
pub use mapping::ChartMapping;
pub use sample::{fp16_round, fp16_value, readout, to_csv, ReadoutRow};
pub use style::Style;

/// Renders one chart document as SVG text: `draw` gets the root area and the style to use, with
/// plotters' SVG font scale (size / 1.24) undone so text matches the canvas rendering.
pub fn render_to_svg<E: std::fmt::Display>(
    width: u32,
    height: u32,
    style: &Style,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>, &Style) -> Result<(), E>,
) -> crate::Result<String> {
    let failed = |e: String| crate::Error::Invalid(format!("chart drawing failed: {e}"));
    let (width, height) = (width.clamp(200, 8000), height.clamp(150, 8000));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let style = Style {
            text: style.text * 1.24,
            ..*style
        };
        draw(&root, &style).map_err(|e| failed(e.to_string()))?;
        root.present().map_err(|e| failed(e.to_string()))?;
    }
    Ok(svg)
}
