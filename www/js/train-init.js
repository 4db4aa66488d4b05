// The initialisation panel: each layer's initial weights as histograms, the normalisation probe
// (activation std and mean by depth for every init family) and the skip-connection comparison.
// The wasm InitCharts computes and draws; this module sizes the canvases (CSS size × devicePixelRatio)
// and redraws on setup, resize, theme and language changes.
import { onLangChange, t } from "./i18n.js";
import { formatNumber } from "./dom.js";

const $ = (id) => document.getElementById(id);
/** Three significant digits (a vanished std of 3e-4 must not read as 0). */
const fmt = (v) => formatNumber(v === null || v === undefined ? v : Number(v.toPrecision(3)));
/** CSS height of one row of layer histograms. */
const HIST_ROW_PX = 130;

export class InitPanel {
  constructor(core, isDark) {
    this.charts = new core.InitCharts();
    this.isDark = isDark;
    this.hash = null;
    this.items = new Map();
    this.frame = 0;
    for (const wrap of document.querySelectorAll(".init-canvas[data-init-chart]")) {
      const canvas = document.createElement("canvas");
      canvas.className = "train-chart";
      canvas.setAttribute("role", "img");
      wrap.append(canvas);
      this.items.set(wrap.dataset.initChart, { wrap, canvas });
      new ResizeObserver(() => this.redraw()).observe(wrap);
    }
    $("t-init-panel").addEventListener("toggle", () => this.redraw());
    onLangChange(() => {
      if (this.info) this.describe(this.info);
      this.redraw();
    });
    new MutationObserver(() => this.redraw()).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  }

  /** Recomputes for the setup in `hash` (a no-op when it did not change). */
  update(hash) {
    if (hash === this.hash) return;
    this.hash = hash;
    try {
      this.info = JSON.parse(this.charts.update(hash));
    } catch (e) {
      this.info = null;
      $("t-hist-note").textContent = String(e.message ?? e);
      return;
    }
    this.describe(this.info);
    this.redraw();
  }

  /** Gradient norms per hidden layer without and with skips, from the worker. */
  setSkips(plain, residual) {
    this.charts.setSkips(Float32Array.from(plain), Float32Array.from(residual));
    this.items.get("skips").wrap.hidden = false;
    this.redraw();
  }

  /** Hides the skip chart (its comparison was for another network). */
  clearSkips() {
    this.items.get("skips").wrap.hidden = true;
  }

  describe(info) {
    $("t-hist-note").textContent = info.layers
      .map((l, i, all) =>
        t("m_hist_layer", {
          n: l.conv ? `${t("t_conv")} ${l.layer}` : i === all.length - 1 ? t("m_output") : `${t("m_layer")} ${l.layer}`,
          shape: l.shape,
          init: l.init,
          std: fmt(l.std),
          expected: fmt(l.expected_std),
        }),
      )
      .join(" · ");
    const p = info.probe;
    const last = p.last.map((r) => `${r.init} ${fmt(r.std)}`).join(", ");
    $("t-probe-note").textContent = t("m_probe_note", { act: p.activation, depth: p.depth, width: p.width, samples: p.samples, last });
  }

  labels() {
    return JSON.stringify({
      title: "",
      std_title: t("m_std"),
      mean_title: t("m_mean"),
      x: t("m_x_layer"),
      current: t("m_this_run"),
      plain: t("m_plain"),
      residual: t("m_residual"),
      layer: t("m_layer"),
      output: t("m_output"),
      conv: t("t_conv"),
      empty: t("m_empty"),
    });
  }

  /** Redraws every chart in the next animation frame. */
  redraw() {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  flush() {
    this.frame = 0;
    const dpr = window.devicePixelRatio || 1;
    const labels = this.labels();
    for (const [kind, { wrap, canvas }] of this.items) {
      if (!wrap.offsetParent) continue;
      if (kind === "hist") wrap.style.height = `${this.charts.rows(wrap.clientWidth) * HIST_ROW_PX}px`;
      const w = Math.round(wrap.clientWidth * dpr);
      const h = Math.round(wrap.clientHeight * dpr);
      if (w < 2 || h < 2) continue;
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
      }
      try {
        this.charts.draw(canvas, kind, this.isDark(), dpr, labels);
        wrap.dataset.drawn = this.hash ?? "";
      } catch (e) {
        console.error(e);
      }
    }
  }
}
