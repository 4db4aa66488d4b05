//! wasm-bindgen skin: translates between JS values and the core. No rules live here: every check
//! is the core's (`state.rs`, `Activation::new`), every number comes from the core.

#[cfg(feature = "bench-exports")]
mod bench;
mod canvas;
mod catalog;
#[cfg(feature = "web-train")]
mod defaults;
#[cfg(feature = "web-train")]
mod export;
#[cfg(any(feature = "bench-exports", feature = "web-train"))]
mod kernel_bench;
#[cfg(feature = "web-train")]
mod layer_view;
mod page;
#[cfg(feature = "web-train")]
mod train;
#[cfg(feature = "web-train")]
mod train_charts;
#[cfg(feature = "web-train")]
mod train_compare;
#[cfg(feature = "web-train")]
mod train_conv_maps;
#[cfg(feature = "web-train")]
mod train_data;
#[cfg(feature = "web-train")]
mod train_embed;
#[cfg(feature = "web-train")]
mod train_json;
#[cfg(feature = "web-train")]
mod train_model;
#[cfg(feature = "web-train")]
mod train_network;
#[cfg(feature = "web-train")]
mod train_presets;

use wasm_bindgen::prelude::*;

use crate::activation::Activation;

pub use catalog::catalog_json;
#[cfg(feature = "web-train")]
pub use defaults::{apply_data_defaults, data_defaults_table};
#[cfg(feature = "web-train")]
pub use export::export_pytorch;
#[cfg(feature = "web-train")]
pub use layer_view::LayerView;
pub use page::Page;
#[cfg(feature = "web-train")]
pub use train::TrainSession;
#[cfg(feature = "web-train")]
pub use train_charts::TrainCharts;
#[cfg(feature = "web-train")]
pub use train_compare::CompareSession;
#[cfg(feature = "web-train")]
pub use train_model::InitCharts;

/// Installs the panic hook so a bug shows up in the console with a Rust message and location
/// instead of a bare "unreachable" trap. Runs when the module is instantiated; calling it again
/// re-installs the hook (tests/web_panic.rs relies on that).
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(console_error_panic_hook::hook));
}

/// Whether this instance's errors are for the page in Chinese ([`set_lang`]).
static ZH: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The page's language for the messages of the errors this wasm instance throws (`"zh"` or
/// anything else for English). Each instance (the curves core, the training core on the page, every
/// worker) is told separately; the CLI is not concerned and prints English.
#[wasm_bindgen(js_name = setLang)]
pub fn set_lang(lang: &str) {
    ZH.store(lang == "zh", std::sync::atomic::Ordering::Relaxed);
}

/// Whether errors are to be in Chinese.
pub(crate) fn zh() -> bool {
    ZH.load(std::sync::atomic::Ordering::Relaxed)
}

/// A core error as the page shows it: in the language [`set_lang`] chose.
pub(crate) fn js_err(e: crate::Error) -> JsError {
    JsError::new(&e.message_in(zh()))
}

/// f(x) for a catalog function with default parameters.
#[wasm_bindgen]
pub fn evaluate(name: &str, x: f64) -> Result<f64, JsError> {
    Ok(Activation::from_name(name).map_err(js_err)?.value(x))
}

/// f′(x) for a catalog function with default parameters.
#[wasm_bindgen(js_name = evaluateDerivative)]
pub fn evaluate_derivative(name: &str, x: f64) -> Result<f64, JsError> {
    Ok(Activation::from_name(name).map_err(js_err)?.derivative(x))
}

/// Draws `paint` onto a page canvas (see [`canvas_area`]) and shows it; a failure is a JS error
/// that names `what` was being drawn. Every canvas of the page is drawn through here.
fn paint_canvas<T, E: std::fmt::Display>(
    canvas: web_sys::HtmlCanvasElement,
    dark: bool,
    scale: f64,
    what: &str,
    paint: impl FnOnce(
        &plotters::drawing::DrawingArea<canvas::MeasuredCanvas, plotters::coord::Shift>,
        &crate::plot::Style,
    ) -> Result<T, E>,
) -> Result<T, JsError> {
    let (root, style) = canvas_area(canvas, dark, scale)?;
    let failed = |e: String| JsError::new(&format!("{what} drawing failed: {e}"));
    let out = paint(&root, &style).map_err(|e| failed(e.to_string()))?;
    root.present().map_err(|e| failed(e.to_string()))?;
    Ok(out)
}

/// The CSS height that fits a picture at `css_width` (clamped to 100–8000 px), from the core's
/// `height_at(width)` in whole pixels.
#[cfg(feature = "web-train")]
fn fitted_height(css_width: f64, height_at: impl FnOnce(u32) -> u32) -> f64 {
    f64::from(height_at(css_width.clamp(100.0, 8000.0) as u32))
}

/// The drawing area of a page canvas (its backing store already sized by the page for
/// `devicePixelRatio`) and the chart style at that `scale` (non-finite → 1, else 0.5 to 8).
fn canvas_area(
    canvas: web_sys::HtmlCanvasElement,
    dark: bool,
    scale: f64,
) -> Result<
    (
        plotters::drawing::DrawingArea<canvas::MeasuredCanvas, plotters::coord::Shift>,
        crate::plot::Style,
    ),
    JsError,
> {
    use plotters::prelude::IntoDrawingArea;
    let backend = canvas::MeasuredCanvas::new(canvas)
        .ok_or_else(|| JsError::new("the canvas has no 2D context"))?;
    let scale = if scale.is_finite() {
        scale.clamp(0.5, 8.0)
    } else {
        1.0
    };
    let style = crate::plot::Style {
        dark,
        scale,
        text: 1.0,
    };
    Ok((backend.into_drawing_area(), style))
}
