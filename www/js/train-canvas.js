// Canvases of the training section: backing store = CSS size × devicePixelRatio (re-sized on
// resize and zoom), drawn by the wasm TrainCharts at most once per animation frame.

/** Drawing time per animation frame before the remaining charts wait for the next one. */
const FRAME_BUDGET_MS = 12;

export class ChartCanvases {
  /** `draw(canvas, kind, dpr)` paints one chart and returns its mapping JSON (or "null"). */
  constructor(root, draw) {
    this.draw = draw;
    this.items = new Map();
    this.dirty = new Set();
    this.frame = 0;
    this.observers = [];
    for (const wrap of root.querySelectorAll(".train-canvas[data-chart]")) {
      const kind = wrap.dataset.chart;
      const canvas = document.createElement("canvas");
      canvas.className = "train-chart";
      canvas.setAttribute("role", "img");
      wrap.append(canvas);
      const item = { kind, wrap, canvas, mapping: null };
      this.items.set(kind, item);
      const observer = new ResizeObserver(() => this.resize(item));
      observer.observe(wrap);
      this.observers.push(observer);
    }
    this.onResize = () => this.invalidate();
    window.addEventListener("resize", this.onResize);
  }

  /** Stops watching sizes and drawing (an embedded widget removed from its page). */
  destroy() {
    for (const o of this.observers) o.disconnect();
    window.removeEventListener("resize", this.onResize);
    cancelAnimationFrame(this.frame);
    this.frame = -1;
    this.dirty.clear();
  }

  resize(item) {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(item.wrap.clientWidth * dpr);
    const h = Math.round(item.wrap.clientHeight * dpr);
    if (w < 2 || h < 2) return;
    if (item.canvas.width !== w || item.canvas.height !== h) {
      item.canvas.width = w;
      item.canvas.height = h;
    }
    this.invalidate(item.kind);
  }

  canvas(kind) {
    return this.items.get(kind)?.canvas;
  }

  mapping(kind) {
    return this.items.get(kind)?.mapping ?? null;
  }

  /** Marks charts for redraw (all when no kind is given) and schedules one frame. */
  invalidate(...kinds) {
    if (this.frame < 0) return;
    for (const k of kinds.length ? kinds : this.items.keys()) this.dirty.add(k);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  /** Draws dirty charts until a frame's budget is spent; the rest wait for the next frame, so
   * no single task keeps the main thread long (input stays responsive while a run streams). */
  flush() {
    this.frame = 0;
    const dpr = window.devicePixelRatio || 1;
    const t0 = performance.now();
    for (const kind of [...this.dirty]) {
      if (performance.now() - t0 > FRAME_BUDGET_MS) break;
      this.dirty.delete(kind);
      const item = this.items.get(kind);
      if (!item || item.canvas.width < 2 || !item.wrap.offsetParent) continue;
      try {
        const m = this.draw(item.canvas, kind, dpr);
        item.mapping = m && m !== "null" ? JSON.parse(m) : null;
      } catch (e) {
        console.error(e);
      }
    }
    if (this.dirty.size && !this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }
}
