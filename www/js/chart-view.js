// One chart on a canvas: backing store sized CSS × devicePixelRatio (re-sized on resize and zoom),
// drawn by the Rust core, with a crosshair overlay, wheel zoom, drag pan, touch scrubbing and
// keyboard control. Used by the main page, embed.html and <activation-plot>.
import { renderReadout } from "./readout.js";

export class ChartView {
  /**
   * @param {HTMLElement} wrap  positioned container the canvases fill
   * @param {object} page       a wasm `Page`
   * @param {object} options    { isDark(): bool, onViewChange(final: bool), onError(e), readout: element|null,
   *                            renderReadout(el, r, state, dark), label, describe(state) → name }
   */
  constructor(wrap, page, options = {}) {
    this.wrap = wrap;
    this.page = page;
    this.isDark = options.isDark ?? (() => false);
    this.onViewChange = options.onViewChange ?? (() => {});
    this.onError = options.onError ?? ((e) => console.warn(e));
    this.readoutEl = options.readout ?? null;
    this.renderReadout = options.renderReadout ?? renderReadout;
    this.describe = options.describe ?? null;
    this.canvas = document.createElement("canvas");
    this.canvas.className = "chart-canvas";
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute("role", "img");
    if (options.label) this.canvas.setAttribute("aria-label", options.label);
    this.overlay = document.createElement("canvas");
    this.overlay.className = "chart-overlay";
    this.overlay.setAttribute("aria-hidden", "true");
    wrap.append(this.canvas, this.overlay);
    this.pending = false;
    this.hover = null; // { px } backing-store column, or { x } data x from the keyboard
    this.drag = null;
    this.state = JSON.parse(page.state());
    this.#observeSize();
    this.#bindInput();
  }

  setPage(page) {
    this.page = page;
    this.redraw();
  }

  setLabel(text) {
    this.canvas.setAttribute("aria-label", text);
  }

  /** Schedules a redraw on the next animation frame (many slider events → one draw). */
  redraw() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.drawNow();
    });
  }

  drawNow() {
    const { canvas } = this;
    // The first draw can come before the size observer's first report: size from layout then, so
    // the first curve is drawn once, at its final size.
    if (!this.sized) this.#sizeFromLayout();
    if (canvas.width < 2 || canvas.height < 2) return;
    this.state = JSON.parse(this.page.state());
    if (this.describe) this.setLabel(this.describe(this.state));
    const scale = canvas.width / Math.max(1, canvas.clientWidth);
    try {
      this.page.draw(canvas, this.isDark(), scale);
    } catch (e) {
      this.onError(e);
      return;
    }
    this.#refreshHover();
  }

  #sizeFromLayout() {
    const r = this.canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    this.sized = true;
    for (const c of [this.canvas, this.overlay]) {
      c.width = Math.max(1, Math.round(r.width * dpr));
      c.height = Math.max(1, Math.round(r.height * dpr));
    }
  }

  /** Backing store = CSS size × devicePixelRatio, exact where the browser reports device pixels. */
  #observeSize() {
    const apply = (w, h) => {
      this.sized = true;
      w = Math.max(1, Math.round(w));
      h = Math.max(1, Math.round(h));
      if (this.canvas.width === w && this.canvas.height === h) return;
      for (const c of [this.canvas, this.overlay]) {
        c.width = w;
        c.height = h;
      }
      this.drawNow();
    };
    this.resizeObserver = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      const dpr = window.devicePixelRatio || 1;
      const css = entry.contentRect;
      const device = entry.devicePixelContentBoxSize?.[0];
      // Exact device pixels where the browser reports them and they agree with the ratio (an
      // emulated ratio may not reach the observer); otherwise CSS size × ratio, rounded.
      if (device && Math.abs(device.inlineSize - css.width * dpr) < 2 && Math.abs(device.blockSize - css.height * dpr) < 2)
        apply(device.inlineSize, device.blockSize);
      else apply(css.width * dpr, css.height * dpr);
    });
    try {
      this.resizeObserver.observe(this.canvas, { box: "device-pixel-content-box" });
    } catch {
      this.resizeObserver.observe(this.canvas);
    }
    // Browsers without device-pixel boxes still need a re-size when the ratio changes (zoom).
    const watchRatio = () => {
      const mq = matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
      mq.addEventListener(
        "change",
        () => {
          const r = this.canvas.getBoundingClientRect();
          const dpr = window.devicePixelRatio || 1;
          apply(r.width * dpr, r.height * dpr);
          watchRatio();
        },
        { once: true },
      );
    };
    watchRatio();
  }

  /** Backing-store pixel column under a pointer event. */
  #pixelX(ev) {
    const rect = this.canvas.getBoundingClientRect();
    return ((ev.clientX - rect.left) * this.canvas.width) / Math.max(1, rect.width);
  }

  #bindInput() {
    const c = this.canvas;
    c.addEventListener("pointermove", (ev) => {
      if (this.drag && ev.pointerType === "mouse") {
        const px = this.#pixelX(ev);
        this.page.panPixels(px - this.drag.px);
        this.drag.px = px;
        this.drag.moved = true;
        this.hover = null;
        this.redraw();
        this.onViewChange(false);
        return;
      }
      this.hover = { px: this.#pixelX(ev) };
      this.#refreshHover();
    });
    c.addEventListener("pointerdown", (ev) => {
      if (ev.pointerType === "mouse" && ev.button === 0) {
        this.drag = { px: this.#pixelX(ev), moved: false };
        c.setPointerCapture(ev.pointerId);
        c.classList.add("dragging");
      } else {
        this.hover = { px: this.#pixelX(ev) };
        this.#refreshHover();
      }
    });
    const endDrag = () => {
      if (!this.drag) return;
      const moved = this.drag.moved;
      this.drag = null;
      c.classList.remove("dragging");
      if (moved) this.onViewChange(true);
    };
    c.addEventListener("pointerup", endDrag);
    c.addEventListener("pointercancel", endDrag);
    c.addEventListener("pointerleave", (ev) => {
      if (ev.pointerType === "mouse" && !this.drag) {
        this.hover = null;
        this.#refreshHover();
      }
    });
    c.addEventListener(
      "wheel",
      (ev) => {
        ev.preventDefault();
        const unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? 400 : 1;
        const factor = Math.exp(Math.max(-200, Math.min(200, ev.deltaY * unit)) * 0.0015);
        this.page.zoomAtPixel(this.#pixelX(ev), factor);
        this.redraw();
        this.onViewChange(false);
        clearTimeout(this.wheelTimer);
        this.wheelTimer = setTimeout(() => this.onViewChange(true), 300);
      },
      { passive: false },
    );
    c.addEventListener("keydown", (ev) => this.#onKey(ev));
    c.addEventListener("blur", () => {
      if (this.hover && "x" in this.hover) {
        this.hover = null;
        this.#refreshHover();
      }
    });
  }

  #onKey(ev) {
    const [lo, hi] = this.state.range;
    const span = hi - lo;
    const current = this.hover && "x" in this.hover ? this.hover.x : (lo + hi) / 2;
    let handled = true;
    if ((ev.key === "ArrowLeft" || ev.key === "ArrowRight") && ev.shiftKey) {
      const dir = ev.key === "ArrowLeft" ? 1 : -1;
      this.page.panPixels(dir * this.canvas.width * 0.1);
      this.onViewChange(true);
      this.redraw();
    } else if (ev.key === "ArrowLeft" || ev.key === "ArrowRight") {
      const step = span / 100;
      const x = Math.min(hi, Math.max(lo, current + (ev.key === "ArrowLeft" ? -step : step)));
      this.hover = { x };
      this.#refreshHover();
    } else if (ev.key === "+" || ev.key === "=" || ev.key === "-" || ev.key === "_") {
      this.page.zoom(current, ev.key === "-" || ev.key === "_" ? 1.25 : 0.8);
      this.onViewChange(true);
      this.redraw();
    } else if (ev.key === "Escape") {
      this.hover = null;
      this.#refreshHover();
    } else {
      handled = false;
    }
    if (handled) ev.preventDefault();
  }

  /** Recomputes the readout for the current hover position (after a redraw or a move). */
  #refreshHover() {
    let r = null;
    if (this.hover) {
      const json = "x" in this.hover ? this.page.readoutAtX(this.hover.x) : this.page.readoutAtPixel(this.hover.px);
      r = json ? JSON.parse(json) : null;
    }
    this.lastReadout = r;
    this.#drawCrosshair(r);
    if (this.readoutEl) this.renderReadout(this.readoutEl, r, this.state, this.isDark());
  }

  #drawCrosshair(r) {
    const ctx = this.overlay.getContext("2d");
    ctx.clearRect(0, 0, this.overlay.width, this.overlay.height);
    if (!r) return;
    const dark = this.isDark();
    const scale = this.canvas.width / Math.max(1, this.canvas.clientWidth);
    ctx.lineWidth = Math.max(1, scale);
    ctx.strokeStyle = dark ? "rgba(230,235,240,0.55)" : "rgba(30,35,45,0.45)";
    ctx.setLineDash([4 * scale, 3 * scale]);
    const x = Math.round(r.px) + 0.5;
    for (const p of r.panels) {
      ctx.beginPath();
      ctx.moveTo(x, p.top);
      ctx.lineTo(x, p.bottom);
      ctx.stroke();
    }
    ctx.setLineDash([]);
    r.rows.forEach((row, i) => {
      const fn = this.state.functions[i];
      ctx.fillStyle = fn ? (dark ? fn.color_dark : fn.color_light) : "#888";
      ctx.strokeStyle = dark ? "#161b22" : "#ffffff";
      for (const y of row.ys) {
        if (y === null) continue;
        ctx.beginPath();
        ctx.arc(x, y, 3.5 * scale, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
    });
  }

  destroy() {
    this.resizeObserver.disconnect();
    this.canvas.remove();
    this.overlay.remove();
  }
}
