//! `Page`: one curves view (the main page, the embed page, or one `<activation-plot>` element).
//! Rust owns the state and the last chart mapping; JS forwards input and draws the crosshair.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::js_err;
use crate::plot::{self, CurvesLayout, Style};
use crate::state::{self, DerivMode, Lang, PageState, Theme};

#[derive(Serialize)]
struct FunctionJson {
    /// The key (`relu`, or `f(<formula>)` for a custom one).
    name: String,
    display: String,
    custom: bool,
    /// Set when a custom formula is NaN or infinite on part of the plotted range.
    warning: Option<String>,
    /// The same warning in Chinese.
    warning_zh: Option<String>,
    color_light: String,
    color_dark: String,
    params: Vec<(&'static str, f64)>,
}

#[derive(Serialize)]
struct StateJson {
    functions: Vec<FunctionJson>,
    derivative: bool,
    deriv_mode: &'static str,
    range: (f64, f64),
    fp16: bool,
    focus: Option<String>,
    /// The focused function's catalog name (`custom` for a formula) and the reason it cannot be
    /// trained, if it cannot (English, Chinese).
    focus_name: Option<&'static str>,
    untrainable: Option<(&'static str, &'static str)>,
    lang: Option<&'static str>,
    theme: Option<&'static str>,
}

#[derive(Serialize)]
struct RowJson {
    name: String,
    display: String,
    value: f64,
    derivative: f64,
    fp16: Option<f64>,
    /// Pixel row of the value in each panel (null where off-panel or non-finite).
    ys: Vec<Option<f64>>,
}

#[derive(Serialize)]
struct PanelJson {
    kind: &'static str,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

#[derive(Serialize)]
struct ReadoutJson {
    x: f64,
    px: f64,
    rows: Vec<RowJson>,
    panels: Vec<PanelJson>,
}

/// One curves view. Methods that change the state return an error (and change nothing) when the
/// core rejects the change.
#[wasm_bindgen]
pub struct Page {
    state: PageState,
    layout: Option<CurvesLayout>,
}

impl Default for Page {
    fn default() -> Self {
        Self::new()
    }
}

/// The language a URL hash asks for (`"en"`, `"zh"`) or `undefined`, read even when the rest of
/// the hash is rejected, so the page can tell the rejection in the link's language.
#[wasm_bindgen(js_name = hashLang)]
pub fn hash_lang(hash: &str) -> Option<String> {
    state::hash_lang(hash).map(|l| l.key().to_string())
}

#[wasm_bindgen]
impl Page {
    /// The default view.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Page {
        Page {
            state: PageState::default(),
            layout: None,
        }
    }

    /// The view a URL hash describes; throws with the core's message if the hash is rejected.
    #[wasm_bindgen(js_name = fromHash)]
    pub fn from_hash(hash: &str) -> Result<Page, JsError> {
        Ok(Page {
            state: PageState::parse(hash).map_err(js_err)?,
            layout: None,
        })
    }

    /// The URL hash (without `#`) for the current view.
    pub fn hash(&self) -> String {
        self.state.to_hash()
    }

    /// The current state as JSON, for syncing the controls.
    pub fn state(&self) -> String {
        let light = Style::default();
        let dark = Style {
            dark: true,
            ..light
        };
        let s = &self.state;
        let warnings = s.range_warnings();
        let warnings_zh = s.range_warnings_in(true);
        let find = |list: &[(String, String)], key: &str| {
            list.iter().find(|(k, _)| k == key).map(|(_, w)| w.clone())
        };
        let focused = s.focused();
        let json = StateJson {
            functions: s
                .functions()
                .iter()
                .enumerate()
                .map(|(i, a)| FunctionJson {
                    name: a.key(),
                    display: a.display(),
                    custom: a.formula().is_some(),
                    warning: find(&warnings, &a.key()),
                    warning_zh: find(&warnings_zh, &a.key()),
                    color_light: light.series_hex(i),
                    color_dark: dark.series_hex(i),
                    params: a.params(),
                })
                .collect(),
            derivative: s.derivative,
            deriv_mode: s.deriv_mode.key(),
            range: s.range(),
            fp16: s.fp16,
            focus: s.focus(),
            focus_name: focused.map(|a| a.name()),
            untrainable: focused.and_then(|a| a.trainable().err()),
            lang: s.lang.map(Lang::key),
            theme: s.theme.map(Theme::key),
        };
        serde_json::to_string(&json).expect("state serialises")
    }

    #[wasm_bindgen(js_name = setSelected)]
    pub fn set_selected(&mut self, name: &str, on: bool) -> Result<(), JsError> {
        self.state
            .set_selected(name, on)
            .map(|_| ())
            .map_err(js_err)
    }

    /// Adds a custom formula in x as a curve and focuses it; returns its key (`f(…)`). Throws
    /// with the core's message (with the column of the mistake; in Chinese when `zh`) when the
    /// formula is rejected.
    #[wasm_bindgen(js_name = addFormula)]
    pub fn add_formula(&mut self, text: &str, zh: bool) -> Result<String, JsError> {
        self.state
            .add_formula(text)
            .map_err(|e| JsError::new(&e.message_in(zh)))
    }

    #[wasm_bindgen(js_name = setParam)]
    pub fn set_param(&mut self, name: &str, key: &str, value: f64) -> Result<(), JsError> {
        self.state.set_param(name, key, value).map_err(js_err)
    }

    #[wasm_bindgen(js_name = setFocus)]
    pub fn set_focus(&mut self, name: &str) -> Result<(), JsError> {
        self.state.set_focus(name).map_err(js_err)
    }

    #[wasm_bindgen(js_name = setRange)]
    pub fn set_range(&mut self, lo: f64, hi: f64) -> Result<(), JsError> {
        self.state.set_range(lo, hi).map_err(js_err)
    }

    /// Zooms by `factor` (> 1 widens) around data x `anchor`.
    pub fn zoom(&mut self, anchor: f64, factor: f64) {
        self.state.zoom(anchor, factor);
    }

    /// Zooms around the x under backing-store pixel column `px` of the last draw.
    #[wasm_bindgen(js_name = zoomAtPixel)]
    pub fn zoom_at_pixel(&mut self, px: f64, factor: f64) {
        let (lo, hi) = self.state.range();
        let anchor = self.mapping().map_or(0.5 * (lo + hi), |m| m.pixel_to_x(px));
        self.state.zoom(anchor, factor);
    }

    /// Pans so the content follows a drag of `dpx` backing-store pixels.
    #[wasm_bindgen(js_name = panPixels)]
    pub fn pan_pixels(&mut self, dpx: f64) {
        if let Some(m) = self.mapping() {
            self.state.pan(-dpx * m.x_per_pixel());
        }
    }

    #[wasm_bindgen(js_name = setDerivative)]
    pub fn set_derivative(&mut self, on: bool) {
        self.state.derivative = on;
    }

    #[wasm_bindgen(js_name = setDerivMode)]
    pub fn set_deriv_mode(&mut self, mode: &str) -> Result<(), JsError> {
        self.state.deriv_mode = DerivMode::from_key(mode).map_err(js_err)?;
        Ok(())
    }

    #[wasm_bindgen(js_name = setFp16)]
    pub fn set_fp16(&mut self, on: bool) {
        self.state.fp16 = on;
    }

    #[wasm_bindgen(js_name = setLang)]
    pub fn set_lang(&mut self, lang: &str) -> Result<(), JsError> {
        self.state.lang = Some(Lang::from_key(lang).map_err(js_err)?);
        Ok(())
    }

    /// `light`, `dark` or `auto`.
    #[wasm_bindgen(js_name = setTheme)]
    pub fn set_theme(&mut self, theme: &str) -> Result<(), JsError> {
        self.state.theme = Theme::from_key(theme).map_err(js_err)?;
        Ok(())
    }

    /// Draws onto a canvas whose backing store is already sized (CSS size × `scale`).
    pub fn draw(
        &mut self,
        canvas: HtmlCanvasElement,
        dark: bool,
        scale: f64,
    ) -> Result<(), JsError> {
        let layout = super::paint_canvas(canvas, dark, scale, "chart", |root, style| {
            plot::draw_curves(root, &self.state, style)
        })?;
        self.layout = Some(layout);
        Ok(())
    }

    /// Data x under backing-store pixel column `px` (NaN before the first draw).
    #[wasm_bindgen(js_name = pixelToX)]
    pub fn pixel_to_x(&self, px: f64) -> f64 {
        self.mapping().map_or(f64::NAN, |m| m.pixel_to_x(px))
    }

    /// Readout at backing-store pixel column `px`: x and, per function, value, derivative (and fp16
    /// value) computed by the core, plus pixel rows for the crosshair dots. `undefined` when `px`
    /// is outside the plotted x-range.
    #[wasm_bindgen(js_name = readoutAtPixel)]
    pub fn readout_at_pixel(&self, px: f64) -> Option<String> {
        let m = self.mapping()?;
        if !(px >= m.left && px <= m.right) {
            return None;
        }
        self.readout_json(m.pixel_to_x(px))
    }

    /// Readout at data x (keyboard navigation); `undefined` outside the range or before drawing.
    #[wasm_bindgen(js_name = readoutAtX)]
    pub fn readout_at_x(&self, x: f64) -> Option<String> {
        let (lo, hi) = self.state.range();
        if !(x >= lo && x <= hi) {
            return None;
        }
        self.readout_json(x)
    }

    /// The current view as an SVG document (plotters' SVG backend, same chart code). Not in the
    /// curves build (feature `svg-export`): the page asks the training build for it.
    #[cfg(feature = "svg-export")]
    pub fn svg(&self, width: u32, height: u32, dark: bool) -> Result<String, JsError> {
        let style = Style {
            dark,
            ..Style::default()
        };
        plot::render_svg(&self.state, width, height, &style).map_err(js_err)
    }

    /// The sampled data as CSV (`rows` evenly spaced x over the range).
    pub fn csv(&self, rows: usize) -> String {
        plot::to_csv(&self.state, rows)
    }
}

impl Page {
    fn mapping(&self) -> Option<plot::ChartMapping> {
        self.layout.as_ref()?.first().map(|p| p.mapping)
    }

    fn readout_json(&self, x: f64) -> Option<String> {
        let layout = self.layout.as_ref()?;
        let m = layout.first()?.mapping;
        let on_panel = |pm: &plot::PanelMapping, y: f64| {
            let py = pm.mapping.y_to_pixel(y);
            (y.is_finite() && py >= pm.mapping.top && py <= pm.mapping.bottom).then_some(py)
        };
        let rows = plot::readout(&self.state, x)
            .into_iter()
            .zip(self.state.functions())
            .map(|(r, a)| RowJson {
                name: r.name,
                display: a.display(),
                ys: layout
                    .panels
                    .iter()
                    .map(|p| match p.kind {
                        plot::PanelKind::Value => on_panel(p, r.fp16.unwrap_or(r.value)),
                        plot::PanelKind::Derivative => on_panel(p, r.derivative),
                        plot::PanelKind::Fp16Error => {
                            on_panel(p, (r.fp16.unwrap_or(r.value) - r.value).abs())
                        }
                    })
                    .collect(),
                value: r.value,
                derivative: r.derivative,
                fp16: r.fp16,
            })
            .collect();
        let json = ReadoutJson {
            x,
            px: m.x_to_pixel(x),
            rows,
            panels: layout
                .panels
                .iter()
                .map(|p| PanelJson {
                    kind: p.kind.key(),
                    left: p.mapping.left,
                    right: p.mapping.right,
                    top: p.mapping.top,
                    bottom: p.mapping.bottom,
                })
                .collect(),
        };
        Some(serde_json::to_string(&json).expect("readout serialises"))
    }
}
