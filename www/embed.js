// <activation-plot fn="gelu,silu" derivative range="-4:4"> — one <script type="module"> tag puts
// an interactive chart on any page. Every element on a page shares one wasm instance (js/wasm.js).
// Attributes: fn (comma list), derivative (present = own chart below, "overlay" = dashed on top),
// range ("start:end"), fp16 (present = on), params ("elu.alpha=0.5;leaky_relu.negative_slope=0.1"),
// theme ("light" | "dark"; default follows the visitor's system). Size it with CSS (default 320 px high).
import { loadCore } from "./js/wasm.js";
import { ChartView } from "./js/chart-view.js";
import { renderCompactReadout } from "./js/readout.js";
import { describeCurves } from "./js/chart-label.js";

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

class ActivationPlot extends HTMLElement {
  static observedAttributes = ["fn", "derivative", "range", "fp16", "params", "theme"];

  #view = null;
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
    this.#render();
  }

  disconnectedCallback() {
    systemDark.removeEventListener("change", this.onSystemTheme);
    this.#view?.destroy();
    this.#view = null;
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#render();
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
