// The network's layer views and their one painter. A view per layer kind: unit tiles for dense
// layers (what every neuron computes over the plane; first-layer weights as images on image sets)
// and maps for conv and pool layers (the filters, and one test image through every layer). The
// playground's cards (www/js/train-network.js, www/js/train-conv-maps.js) and the embedded
// widgets' panels (www/js/embed-panels.js) draw them all through `LayerViewPainter` and the core's
// one LayerView (src/web/layer_view.rs); the worker's one view feed (www/js/layer-view-feed.js)
// sends each view's packed pictures while it is open ("layerview" in www/js/train-protocol.js). VIEWS is the one place that lists
// the views: a new one is an entry here, a picture kind in LayerView and a packer in the core.
import { PacedDraw, fitCanvas } from "./paced-draw.js";
import { applyI18n, onLangChange, tIn } from "./i18n.js";

// Title templates for the core: their placeholders pass through the translation unchanged.
const KEEP = Object.fromEntries(["n", "total", "h", "w", "k", "shown", "scale"].map((k) => [k, `{${k}}`]));
const MAP_TITLES = ["filters", "input", "conv", "pool", "avg_pool", "batch_norm", "shown", "scale"];

/** Each view: its wasm LayerView, its strings' module, the labels the core draws with, and
 * `parts`: each section drawn, `{kind, dead, text}`, for the text alternative. */
export const VIEWS = Object.freeze({
  network: {
    create: (core) => new core.LayerView("network"),
    strings: () => import("./train-network.js"),
    labels: (l) => ({ input: tIn(l, "nv_inputs"), layer: tIn(l, "nv_layer", { n: "{n}" }), output: tIn(l, "nv_output"), more: tIn(l, "nv_more", { n: "{n}" }), dead: tIn(l, "nv_dead", { n: "{n}" }) }),
    parts: (view, l) =>
      JSON.parse(view.summary("{}")).map((c) => ({
        kind: c.kind,
        dead: c.kind === "hidden" ? c.dead : 0,
        text: c.kind === "input" ? tIn(l, "nv_text_in") : c.kind === "output" ? tIn(l, "nv_text_out", { units: c.units }) : tIn(l, "nv_text_col", { name: tIn(l, "nv_layer", { n: c.layer }), units: c.units, dead: c.dead }),
      })),
  },
  maps: {
    create: (core) => new core.LayerView("maps"),
    strings: () => import("./train-conv-maps.js"),
    labels: (l) => Object.fromEntries(MAP_TITLES.map((k) => [k, tIn(l, `cm_t_${k}`, KEEP)])),
    parts: (view, l) => JSON.parse(view.summary(JSON.stringify(VIEWS.maps.labels(l)))).map((p) => ({ kind: p.kind, dead: 0, text: p.title })),
  },
});

/**
 * One layer view drawn onto one canvas: drawings paced by their cost (≤ ~6 % of the main thread,
 * www/js/paced-draw.js), fitted to the canvas's box and redrawn when its width changes.
 * `lang()` and `isDark()` give the language and the theme; the hooks: `active()` (draw only then,
 * e.g. while a card is open), `drawn()` after each drawing, `error(msg)` when one fails.
 */
export class LayerViewPainter {
  constructor(kind, core, canvas, { lang, isDark, active = () => true, drawn = () => {}, error }) {
    this.spec = VIEWS[kind];
    this.view = this.spec.create(core);
    Object.assign(this, { kind, canvas, lang, isDark, hooks: { active, drawn, error }, destroyed: false });
    this.pacer = new PacedDraw(() => this.draw());
    let lastWidth = 0;
    this.resize = new ResizeObserver(() => {
      const w = canvas.parentElement?.clientWidth ?? 0;
      if (w !== lastWidth) this.redraw();
      lastWidth = w;
    });
    this.resize.observe(canvas.parentElement);
  }

  /** Whether the view has anything to draw. */
  get shown() {
    return this.view.shown;
  }

  /** The labels the core draws with, as JSON, in the view's language. */
  labels() {
    return JSON.stringify(this.spec.labels(this.lang()));
  }

  /** Every section drawn, `{kind, dead, text}`, in the view's language. */
  parts() {
    return this.spec.parts(this.view, this.lang());
  }

  redraw() {
    this.pacer.request();
  }

  draw() {
    if (this.destroyed || !this.hooks.active() || !this.shown || !this.canvas.isConnected) return;
    const dpr = fitCanvas(this.canvas, (w) => this.view.height(w));
    try {
      this.view.draw(this.canvas, this.isDark(), dpr, this.labels());
    } catch (e) {
      this.hooks.error(String(e.message ?? e));
    }
    this.hooks.drawn();
  }

  /** A "layerview" reply: takes its pictures (an empty buffer clears the view) and asks for a
   * drawing; returns the reply's error text, or "" when there was none. */
  take(m) {
    if (m.error) return m.error;
    if (m.buf.length) this.view.set(m.buf);
    else this.view.clear();
    this.redraw();
    return "";
  }

  clear() {
    this.view.clear();
    this.redraw();
  }

  destroy() {
    this.destroyed = true;
    this.resize.disconnect();
    this.view.free();
  }
}

/**
 * A playground card around its painter: tells the worker's view feed whether the card is open
 * (again to a fresh worker after a crash), passes the feed's replies for this view to `reply(m)`,
 * and redraws on a theme or language change (`onLang()` first refreshes the card's own texts).
 * Returns `tell(extra)`, which sends the card's state with `extra` (the maps' picker step).
 */
export function wireCard(painter, card, { channel, reply, onLang }) {
  const tell = (extra = {}) => channel.send("layerview", { view: painter.kind, open: card.open, ...extra });
  card.addEventListener("toggle", () => {
    tell();
    painter.redraw();
  });
  channel.on("ready", () => tell());
  channel.on("layerview", (m) => m.view === painter.kind && reply(m));
  onLangChange(() => {
    applyI18n(card);
    onLang();
    painter.redraw();
  });
  new MutationObserver(() => painter.redraw()).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  tell();
  return tell;
}
