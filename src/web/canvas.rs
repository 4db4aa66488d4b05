//! The page's canvas backend: plotters' `CanvasBackend` with text measured by the canvas itself.
//! plotters measures text in a browser by appending a `<span style="…">` to the document's body
//! and reading its size: an inline style a host page's CSP (`style-src` without
//! `'unsafe-inline'`) refuses — an error in the host's console and wrong label sizes — and a
//! synchronous layout of the whole host page per label. `measureText` on the 2-D context needs
//! neither.

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;

/// plotters-canvas's error type (not exported by name).
type CanvasError = <CanvasBackend as DrawingBackend>::ErrorType;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A failure of the canvas (plotters-canvas's error, as text).
#[derive(Debug)]
pub(crate) struct CanvasFailure(String);

impl std::fmt::Display for CanvasFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CanvasFailure {}

type Drawn = Result<(), DrawingErrorKind<CanvasFailure>>;

/// The inner backend's error as ours.
fn lift(r: Result<(), DrawingErrorKind<CanvasError>>) -> Drawn {
    r.map_err(|e| match e {
        DrawingErrorKind::DrawingError(e) => {
            DrawingErrorKind::DrawingError(CanvasFailure(e.to_string()))
        }
        DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
    })
}

/// `CanvasBackend` drawing, `measureText` measuring.
pub(crate) struct MeasuredCanvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
}

impl MeasuredCanvas {
    pub(crate) fn new(canvas: HtmlCanvasElement) -> Option<Self> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas)?;
        Some(MeasuredCanvas { inner, context })
    }
}

impl DrawingBackend for MeasuredCanvas {
    type ErrorType = CanvasFailure;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Drawn {
        lift(self.inner.ensure_prepared())
    }

    fn present(&mut self) -> Drawn {
        lift(self.inner.present())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        lift(self.inner.draw_pixel(point, color))
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        lift(self.inner.draw_line(from, to, style))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        lift(self.inner.draw_rect(upper_left, bottom_right, style, fill))
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        lift(self.inner.draw_path(path, style))
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        lift(self.inner.draw_circle(center, radius, style, fill))
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Drawn {
        lift(self.inner.fill_polygon(vert, style))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Drawn {
        lift(self.inner.draw_text(text, style, pos))
    }

    /// Width from `measureText` in the font `draw_text` sets; height the font's ascent plus
    /// descent (what a span's line box measured), 1.2 × the size where a browser lacks them.
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasFailure>> {
        self.context.save();
        self.context.set_font(&format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str(),
        ));
        let metrics = self.context.measure_text(text);
        self.context.restore();
        let m =
            metrics.map_err(|e| DrawingErrorKind::DrawingError(CanvasFailure(format!("{e:?}"))))?;
        let height = m.font_bounding_box_ascent() + m.font_bounding_box_descent();
        let height = if height.is_finite() && height > 0.0 {
            height
        } else {
            style.size() * 1.2
        };
        Ok((m.width().ceil().max(0.0) as u32, height.ceil() as u32))
    }
}
