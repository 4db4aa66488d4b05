// <activation-plot fn="gelu,silu" derivative range="-4:4"> — one <script type="module"> tag puts
// an interactive chart on any page. Every element on a page shares one wasm instance (js/wasm.js).
// The same tag defines <activation-train> and <activation-compare> (the experiments, see the end
// of this file and docs/embedding.md): their code and the training wasm load only when one of them
// nears the viewport, so a page of curves alone loads what it did before.
// Attributes: fn (comma list), derivative (present = own chart below, "overlay" = dashed on top),
// range ("start:end"), fp16 (present = on), params ("elu.alpha=0.5;leaky_relu.negative_slope=0.1"),
// theme ("light" | "dark"; default follows the visitor's system). Size it with CSS (default 320 px high).
// This module imports nothing statically: a page of experiments alone never downloads the curves
// build, and a page of curves alone never the training build.

let plotParts = null;
/** The curves element's code (js/wasm.js starts the curves wasm), imported once per page. */
function loadPlotParts() {
  plotParts ??= Promise.all([import("./js/wasm.js"), import("./js/chart-view.js"), import("./js/readout.js"), import("./js/chart-label.js")]).then(
    ([wasm, view, readout, label]) => ({ loadCore: wasm.loadCore, ChartView: view.ChartView, renderCompactReadout: readout.renderCompactReadout, describeCurves: label.describeCurves }),
  );
  return plotParts;
}

const STYLE = `
:host { display: block; position: relative; height: 320px; min-height: 160px; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  --bg: #ffffff; --fg: #22262e; --muted: #5d6673; --border: #d9dee4; color: var(--fg); }
:host([data-theme="dark"]) { --bg: #161b22; --fg: #d8dee6; --muted: #9aa5b1; --border: #2e3642; }
:host([hidden]) { display: none; }
.frame { position: absolute; inset: 0; display: flex; flex-direction: column; background: var(--bg); border: 1px solid var(--border); border-radius: 8px; overflow: hidden; }
.wrap { position: relative; flex: 1; min-height: 100px; }
.chart-canvas, .chart-overlay { position: absolute; inset: 0; width: 100%; height: 100%; display: block; }
.chart-canvas { touch-action: pan-y; cursor: crosshair; }
.chart-canvas:focus-visible { outline: 2px solid #e06c00; outline-offset: -2px; }
.chart-overlay { pointer-events: none; }
.bar { min-height: 1.5em; padding: 0 .5em; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-variant-numeric: tabular-nums; }
.msg { margin: 0; padding: .2em .5em; color: #b3261e; font-size: 12px; }
.msg:empty { display: none; }
.swatch { display: inline-block; width: .75em; height: .75em; border-radius: 2px; margin-right: .3em; }
`;

let sheet = null;
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  return sheet;
}

const systemDark = matchMedia("(prefers-color-scheme: dark)");

/** The hash the core parses, built from attributes; values are percent-encoded so an attribute
 * cannot smuggle extra settings in with `&`. */
function hashFromAttributes(elem) {
  const enc = encodeURIComponent;
  const parts = [];
  if (elem.hasAttribute("fn")) parts.push(`fn=${enc(elem.getAttribute("fn"))}`);
  const d = elem.getAttribute("derivative");
  parts.push(`deriv=${d === null || d === "false" || d === "0" ? 0 : 1}`);
  if (d === "overlay") parts.push("dmode=overlay");
  if (elem.hasAttribute("range")) parts.push(`range=${enc(elem.getAttribute("range"))}`);
  if (elem.hasAttribute("fp16")) parts.push("fp16=1");
  for (const pair of (elem.getAttribute("params") ?? "").split(/[;&]/)) {
    if (!pair.trim()) continue;
    const [k, v = ""] = pair.split("=");
    parts.push(`${enc(k.trim())}=${enc(v.trim())}`);
  }
  return parts.join("&");
}

/** How far ahead of the viewport a curve starts loading (as the experiments below). */
const PLOT_AHEAD = "300px 0px";

class ActivationPlot extends HTMLElement {
  static observedAttributes = ["fn", "derivative", "range", "fp16", "params", "theme"];

  #view = null;
  #observer = null;
  #near = false; // has come near the viewport: drawn (and redrawn on attribute changes) from then on
  #wrap;
  #bar;
  #msg;
  #generation = 0;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [styleSheet()];
    const frame = document.createElement("div");
    frame.className = "frame";
    this.#msg = document.createElement("p");
    this.#msg.className = "msg";
    this.#msg.setAttribute("role", "alert");
    this.#wrap = document.createElement("div");
    this.#wrap.className = "wrap";
    this.#bar = document.createElement("div");
    this.#bar.className = "bar";
    this.#bar.setAttribute("aria-live", "polite");
    frame.append(this.#msg, this.#wrap, this.#bar);
    root.append(frame);
    this.onSystemTheme = () => this.#applyTheme();
  }

  connectedCallback() {
    systemDark.addEventListener("change", this.onSystemTheme);
    if (this.#near) {
      this.#render();
      return;
    }
    // Nothing loads until the chart nears the viewport (a long page of curves costs its reader
    // only the ones on screen; learn.html's Lighthouse score counted them all before).
    this.#observer ??= new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      this.#observer.disconnect();
      this.#observer = null;
      this.#near = true;
      this.#render();
    }, { rootMargin: PLOT_AHEAD });
    this.#observer.observe(this);
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
    this.#observer = null;
    systemDark.removeEventListener("change", this.onSystemTheme);
    this.#view?.destroy();
    this.#view = null;
  }

  attributeChangedCallback() {
    if (this.isConnected && this.#near) this.#render();
  }

  #dark() {
    const theme = this.getAttribute("theme");
    return theme === "dark" || (theme !== "light" && systemDark.matches);
  }

  #applyTheme() {
    this.dataset.theme = this.#dark() ? "dark" : "light";
    this.#view?.redraw();
  }

  async #render() {
    const generation = ++this.#generation;
    const { loadCore, ChartView, renderCompactReadout, describeCurves } = await loadPlotParts();
    const core = await loadCore();
    if (generation !== this.#generation || !this.isConnected) return;
    let page;
    try {
      page = core.Page.fromHash(hashFromAttributes(this));
      this.#msg.textContent = "";
    } catch (e) {
      this.#msg.textContent = `activation-plot: ${String(e.message ?? e).slice(0, 160)}`;
      page = new core.Page();
    }
    this.dataset.theme = this.#dark() ? "dark" : "light";
    if (this.#view) {
      this.#view.setPage(page);
    } else {
      this.#view = new ChartView(this.#wrap, page, {
        isDark: () => this.#dark(),
        readout: this.#bar,
        renderReadout: renderCompactReadout,
        describe: describeCurves,
      });
    }
    this.dataset.ready = "1";
  }
}

if (!customElements.get("activation-plot")) customElements.define("activation-plot", ActivationPlot);

// ---------- <activation-train> and <activation-compare> ----------
// Until one nears the viewport an element is its empty card: the same frame, rows and chart slots
// the widget fills in (js/embed-widget.js), so loading it moves nothing on the page.

/** How far ahead of the viewport a widget starts loading (CSS margin of the observer). */
const AHEAD = "300px 0px";
/** Charts a widget shows without a `charts` attribute (the core's DEFAULT_CHART_COUNT, checked by
 * tests/e2e/embed-widgets.mjs): the empty card reserves their room. */
const DEFAULT_CHARTS = 2;

const WIDGET_STYLE = `
:host { display: block; container-type: inline-size; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  --bg: #ffffff; --fg: #22262e; --muted: #5d6673; --border: #d9dee4; --accent: #1f5fbf; --accent-fg: #ffffff; --bad: #b3261e; --chart-h: 200px;
  color: var(--fg); }
:host([data-theme="dark"]) { --bg: #161b22; --fg: #d8dee6; --muted: #9aa5b1; --border: #2e3642; --accent: #7fb2ff; --accent-fg: #0d1117; --bad: #ff8a80; }
:host([hidden]) { display: none; }
.frame { background: var(--bg); border: 1px solid var(--border); border-radius: 8px; padding: 8px; box-sizing: border-box; }
.head { display: flex; align-items: center; gap: 6px; height: 34px; overflow: hidden; }
.buttons { display: flex; gap: 6px; flex: none; }
button { font: inherit; height: 30px; padding: 0 10px; border-radius: 6px; border: 1px solid var(--border); background: var(--bg); color: var(--fg); cursor: pointer; }
button.play { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); min-width: 5.5em; }
button:focus-visible, a:focus-visible, canvas:focus-visible { outline: 2px solid #e06c00; outline-offset: 1px; }
button:disabled { opacity: .6; cursor: default; }
.figures { flex: 1; min-width: 0; margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 8px; margin: 6px 0; }
.slot { margin: 0; min-width: 0; }
.cap { height: 18px; margin: 0; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.train-canvas { position: relative; height: var(--chart-h); overflow: hidden; }
.train-canvas canvas { position: absolute; inset: 0; width: 100%; height: 100%; display: block; }
.panel { overflow: auto; }
.panel canvas { position: static; height: auto; }
.runs { display: flex; flex-wrap: wrap; align-content: flex-start; gap: 2px 12px; height: 44px; overflow-y: auto; margin: 0 0 6px; padding: 0; list-style: none; }
.run { display: flex; align-items: center; gap: 4px; height: 20px; font-variant-numeric: tabular-nums; white-space: nowrap; }
.run progress { width: 48px; height: 8px; }
.run[data-state="failed"] .run-fig { color: var(--bad); }
.foot { display: flex; align-items: center; gap: 8px; height: 20px; overflow: hidden; }
.status { flex: 1; min-width: 0; margin: 0; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.status[data-bad] { color: var(--bad); }
.refusal { margin: 0; padding: 8px; height: 100%; box-sizing: border-box; overflow: auto; color: var(--bad); white-space: pre-wrap; }
a { color: var(--accent); flex: none; }
@container (max-width: 420px) {
  .head { height: 68px; flex-wrap: wrap; align-content: center; }
  .figures { flex-basis: 100%; }
  .runs { height: 64px; }
}
`;

let widgetSheet = null;
function widgetStyleSheet() {
  if (!widgetSheet) {
    widgetSheet = new CSSStyleSheet();
    widgetSheet.replaceSync(WIDGET_STYLE);
  }
  return widgetSheet;
}

/** The empty card: head (buttons, figures), `slots` chart slots, the runs of a comparison, foot. */
function emptyCard(view, slots) {
  const div = (cls) => Object.assign(document.createElement("div"), { className: cls });
  const frame = div("frame");
  const head = div("head");
  head.append(div("buttons"), Object.assign(document.createElement("p"), { className: "figures" }));
  const charts = div("charts");
  for (let i = 0; i < slots; i++) {
    const slot = document.createElement("figure");
    slot.className = "slot";
    slot.append(Object.assign(document.createElement("figcaption"), { className: "cap" }), div("train-canvas"));
    charts.append(slot);
  }
  const foot = div("foot");
  foot.append(Object.assign(document.createElement("p"), { className: "status" }));
  frame.append(head, charts);
  if (view === "compare") frame.append(Object.assign(document.createElement("ul"), { className: "runs" }));
  frame.append(foot);
  return frame;
}

/** `<activation-train>` / `<activation-compare>`: the empty card, filled by js/embed-widget.js
 * (imported once per page, when the first widget nears the viewport). */
class ActivationWidget extends HTMLElement {
  #observer = null;
  #widget = null;
  #generation = 0;

  constructor(view) {
    super();
    this.view = view;
    this.attachShadow({ mode: "open" }).adoptedStyleSheets = [widgetStyleSheet()];
  }

  connectedCallback() {
    if (this.#widget || this.#observer) return;
    // The theme before anything loads, so a dark card does not flash light.
    const theme = this.getAttribute("theme");
    this.dataset.theme = theme === "dark" || (theme !== "light" && systemDark.matches) ? "dark" : "light";
    const given = this.getAttribute("charts");
    const slots = given === null ? DEFAULT_CHARTS : given.split(",").filter((c) => c.trim()).length;
    this.shadowRoot.replaceChildren(emptyCard(this.view, Math.max(1, Math.min(slots, 10))));
    this.#observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && this.#load(), { rootMargin: AHEAD });
    this.#observer.observe(this);
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
    this.#observer = null;
    this.#generation += 1;
    this.#widget?.destroy();
    this.#widget = null;
    delete this.dataset.ready;
  }

  /** Rebuilds the widget from its attributes (they changed). */
  reload() {
    this.disconnectedCallback();
    if (this.isConnected) this.connectedCallback();
  }

  async #load() {
    this.#observer?.disconnect();
    this.#observer = null;
    const generation = ++this.#generation;
    const { mount } = await import("./js/embed-widget.js");
    if (generation !== this.#generation || !this.isConnected) return;
    this.#widget = await mount(this, this.shadowRoot, this.view);
    // Removed while it was being set up: stop what it started.
    if (generation !== this.#generation || !this.isConnected) {
      this.#widget?.destroy();
      this.#widget = null;
    }
  }
}

class ActivationTrain extends ActivationWidget {
  constructor() {
    super("train");
  }
}

class ActivationCompare extends ActivationWidget {
  constructor() {
    super("compare");
  }
}

if (!customElements.get("activation-train")) customElements.define("activation-train", ActivationTrain);
if (!customElements.get("activation-compare")) customElements.define("activation-compare", ActivationCompare);
