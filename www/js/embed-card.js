// An embedded widget's card (the empty one www/embed.js drew, filled in here): Play/Step/Reset,
// the key figures, one slot per chart (drawn by the wasm TrainCharts through the page's
// ChartCanvases, or a panel: www/js/embed-panels.js), the status line and the link to the full
// page. Also the two things every widget watches: whether it is on screen and the theme.
import { ChartCanvases } from "./train-canvas.js";
import { chartLabels } from "./train-view.js";
import { tIn } from "./i18n.js";
import "./embed-i18n.js";

/** Each chart's caption (its card heading on the page). */
const CAPTION = {
  loss: "t_loss",
  accuracy: "t_accuracy",
  boundary: "t_boundary",
  grad: "t_grad",
  meanstd: "t_meanstd",
  dead: "t_dead",
  confusion: "t_confusion",
  digits: "t_digits",
  network: "w_network",
  maps: "w_maps",
  cmp_acc: "cmp_acc",
  cmp_loss: "cmp_loss",
  cmp_grad: "cmp_grad",
  cmp_dead: "cmp_dead",
  cmp_stats: "cmp_stats_short",
};

const el = (tag, cls, text) => {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
};

export class Card {
  /**
   * `root`: the widget's shadow root holding the empty card; `spec`: the core's widget JSON;
   * `draw(canvas, kind, dpr)`: paints one TrainCharts chart; `label`: the region's name.
   */
  constructor({ host, root, spec, lang, draw, label }) {
    Object.assign(this, { host, root, spec, lang });
    this.tr = (key, vars) => tIn(lang, key, vars);
    this.frame = root.querySelector(".frame");
    this.frame.setAttribute("role", "region");
    this.frame.setAttribute("aria-label", label);
    this.frame.lang = lang === "zh" ? "zh-Hans" : "en";
    this.slots = this.fillSlots(spec.charts);
    this.canvases = new ChartCanvases(root.querySelector(".charts"), draw);
    for (const { kind, caption } of this.slots) {
      const canvas = this.canvases.canvas(kind);
      canvas?.setAttribute("aria-label", caption);
    }
    this.buttons = this.fillButtons();
    this.figuresNode = root.querySelector(".figures");
    this.statusNode = root.querySelector(".status");
    this.statusNode.setAttribute("role", "status");
    const open = el("a", "open", this.tr("w_open"));
    open.href = `${new URL("../index.html", import.meta.url).href}#${spec.hash}`;
    open.target = "_blank";
    open.rel = "noopener";
    open.setAttribute("aria-label", this.tr("w_open_label"));
    root.querySelector(".foot").append(open);
    this.watchTheme();
  }

  /** The chart slots, one per chart of the spec (the empty card has as many unless the core
   * refused its `charts`). Returns [{kind, panel, caption, wrap}]. */
  fillSlots(charts) {
    const box = this.root.querySelector(".charts");
    while (box.children.length < charts.length) {
      const slot = el("figure", "slot");
      slot.append(el("figcaption", "cap"), el("div", "train-canvas"));
      box.append(slot);
    }
    while (box.children.length > charts.length) box.lastElementChild.remove();
    return charts.map((c, i) => {
      const slot = box.children[i];
      const caption = this.tr(CAPTION[c.kind] ?? c.kind);
      slot.querySelector(".cap").textContent = caption;
      const wrap = slot.querySelector(".train-canvas");
      if (c.panel) {
        wrap.classList.add("panel");
        wrap.dataset.panel = c.kind;
      } else {
        wrap.dataset.chart = c.kind;
      }
      return { kind: c.kind, panel: c.panel, caption, wrap };
    });
  }

  fillButtons() {
    const box = this.root.querySelector(".buttons");
    const button = (cls, key) => {
      const b = el("button", cls, this.tr(key));
      b.type = "button";
      box.append(b);
      return b;
    };
    return { play: button("play", "t_play"), step: button("step", "t_step"), reset: button("reset", "t_reset") };
  }

  /** Wires the buttons to the widget's actions. */
  onButtons({ play, step, reset }) {
    this.buttons.play.addEventListener("click", play);
    this.buttons.step.addEventListener("click", step);
    this.buttons.reset.addEventListener("click", reset);
  }

  /** The Play button says Pause while the widget wants to train. */
  setPlaying(on) {
    this.buttons.play.textContent = this.tr(on ? "t_pause" : "t_play");
    this.buttons.play.setAttribute("aria-pressed", on ? "true" : "false");
    this.host.dataset.playing = on ? "1" : "0";
  }

  status(text, bad = false) {
    this.statusNode.textContent = text;
    this.statusNode.title = text;
    this.statusNode.toggleAttribute("data-bad", bad);
  }

  figures(text) {
    this.figuresNode.textContent = text;
    this.figuresNode.title = text;
  }

  /** Chart labels in the widget's language, as TrainCharts.draw reads them (titles are the
   * captions, so the drawing leaves them out). */
  labels(kind) {
    return JSON.stringify({ ...chartLabels(kind, this.tr), title: "" });
  }

  /** Names a chart by its caption and latest figures (`text`). */
  describe(kind, text) {
    const slot = this.slots.find((s) => s.kind === kind);
    const canvas = slot && (this.canvases.canvas(kind) ?? slot.wrap.querySelector("canvas"));
    canvas?.setAttribute("aria-label", text ? `${slot.caption}: ${text}` : slot.caption);
  }

  dark() {
    return this.host.dataset.theme === "dark";
  }

  /** The spec's theme, else the visitor's system scheme (followed while it changes). */
  watchTheme() {
    const system = matchMedia("(prefers-color-scheme: dark)");
    const apply = () => {
      const dark = this.spec.theme === "dark" || (this.spec.theme !== "light" && system.matches);
      this.host.dataset.theme = dark ? "dark" : "light";
      this.canvases.invalidate();
      this.onTheme?.();
    };
    apply();
    system.addEventListener("change", apply);
    this.stopTheme = () => system.removeEventListener("change", apply);
  }

  /** Shows a refusal in place of the charts (the card keeps its size). */
  error(text) {
    this.status(text, true);
  }

  destroy() {
    this.canvases.destroy();
    this.stopTheme?.();
  }
}

/**
 * Calls `onChange()` whenever the widget comes into or goes out of view, or the tab is hidden or
 * shown; `visible()` says whether it is on screen in a visible tab now.
 */
export function watchVisibility(host, onChange) {
  let inView = false;
  const observer = new IntersectionObserver(
    (entries) => {
      inView = entries[entries.length - 1].isIntersecting;
      onChange();
    },
    { threshold: 0 },
  );
  observer.observe(host);
  document.addEventListener("visibilitychange", onChange);
  return {
    visible: () => inView && document.visibilityState === "visible",
    stop: () => {
      observer.disconnect();
      document.removeEventListener("visibilitychange", onChange);
    },
  };
}

/** Shows `text` (a refusal of the widget's settings) in the empty card, which keeps its size. */
export function showRefusal(root, text) {
  const status = root.querySelector(".status");
  status.setAttribute("role", "alert");
  status.toggleAttribute("data-bad", true);
  status.textContent = text;
  status.title = text;
  const first = root.querySelector(".train-canvas");
  if (first) {
    const p = el("p", "refusal", text);
    first.replaceChildren(p);
  }
}
