// learn.html: the language first (from the link's #lang=, else the remembered or the browser's),
// then each claim's figure filled in from its widget's `activation-figures` event (learn-figures.js
// turns the event into the figure), the curves' figures asked of the curves core once their
// <activation-plot> has drawn, the cost table (cost-panel.js) measured on its button, and each
// experiment's playground link taken from its widget once the core has read its attributes.
import { applyI18n, lang, onLangChange, preferredLang, setLang, t } from "./i18n.js";
import { formatNumber } from "./dom.js";
import { FIGURES, costRatio, extremum, figuresOf, inRange, shown } from "./learn-figures.js";
import { costSection } from "./cost-panel.js";
import "./learn-i18n.js";

const $$ = (sel) => [...document.querySelectorAll(sel)];

/** "≤ 0.1", "≥ 0.3", "0.9 to 1.1" for figure `id`'s stated range. */
function rangeText(id) {
  const [lo, hi] = FIGURES[id].range;
  const n = (v) => formatNumber(v);
  if (lo <= 0 && lo > -1e-12 && hi < 1) return `≤ ${n(hi)}`;
  if (hi >= 1 && (hi === 1 || hi >= 10) && lo > 0) return `≥ ${n(lo)}`;
  return lang() === "zh" ? `${n(lo)} 至 ${n(hi)}` : `${n(lo)} to ${n(hi)}`;
}

/** Writes the label, the stated range and (once measured) the value of every figure line. */
function renderFigure(line) {
  const id = line.dataset.figure;
  const value = line.dataset.value === undefined ? null : Number(line.dataset.value);
  line.querySelector(".fig-label").textContent = t(`fig_${id}`);
  line.querySelector(".fig-value").textContent = value === null ? "—" : formatNumber(shown(id, value));
  const verdict = value === null ? t("learn_not_yet") : inRange(id, value) ? t("learn_agrees") : t("learn_outside");
  const stated = t("learn_expect", { range: rangeText(id) });
  line.querySelector(".fig-expect").textContent = lang() === "zh" ? `（${stated}；${verdict}）` : `(${stated}; ${verdict})`;
}

function setFigure(id, value) {
  const line = document.querySelector(`[data-figure="${id}"]`);
  if (!line || !Number.isFinite(value)) return;
  line.dataset.value = String(value);
  line.dataset.inRange = inRange(id, value) ? "1" : "0";
  renderFigure(line);
}

/** Figure lines: <p class="figure" data-figure=id> gets its label, value and verdict. */
function buildFigures() {
  for (const line of $$(".figure[data-figure]")) {
    line.replaceChildren();
    const label = document.createElement("span");
    label.className = "fig-label";
    const value = document.createElement("strong");
    value.className = "fig-value";
    const expect = document.createElement("span");
    expect.className = "fig-expect";
    line.append(label, lang() === "zh" ? "：" : ": ", value, " ", expect);
    renderFigure(line);
  }
}

/** Calls `fn` once `node` carries data-ready="1" (the embed elements set it when mounted). */
function whenReady(node, fn) {
  if (node.dataset.ready === "1") return fn();
  const obs = new MutationObserver(() => {
    if (node.dataset.ready !== "1") return;
    obs.disconnect();
    fn();
  });
  obs.observe(node, { attributes: true, attributeFilter: ["data-ready"] });
}

function bindWidgets() {
  for (const w of $$("activation-train[data-figures], activation-compare[data-figures]")) {
    w.addEventListener("activation-figures", (e) => {
      for (const [id, v] of Object.entries(figuresOf(w.dataset.figures, e.detail))) setFigure(id, v);
    });
  }
  // Each experiment's playground link: the widget's own (the core wrote its hash).
  for (const w of $$("activation-train, activation-compare")) {
    const link = document.querySelector(`a[data-playground="${w.id}"]`);
    if (!link) continue;
    const take = () => {
      const open = w.shadowRoot?.querySelector("a.open");
      if (open) link.href = `index.html${new URL(open.href).hash}`;
    };
    whenReady(w, take);
  }
  // The curves' figures, from the curves core the <activation-plot> elements share.
  for (const plot of $$("activation-plot[data-figures]")) {
    whenReady(plot, async () => {
      const { loadCore } = await import("./wasm.js");
      const core = await loadCore();
      for (const spec of plot.dataset.figures.split(",")) {
        const [id, name, kind] = spec.split(":");
        const f = kind === "slope" ? (n, x) => core.evaluateDerivative(n, x) : (n, x) => core.evaluate(n, x);
        setFigure(id, extremum(f, name, { max: kind === "slope" }));
      }
    });
  }
}

function bindCost() {
  const box = document.getElementById("cost-widget");
  if (!box) return;
  const names = box.dataset.names.split(",");
  const mount = () => box.replaceChildren(costSection({ name: "relu" }, { names, onDone: (rows) => setFigure("cost_mish", costRatio(rows, "mish")) }));
  mount();
  onLangChange(mount);
}

/** The language switch: widgets already on screen are rebuilt in the new language. */
function bindLanguage() {
  const select = document.getElementById("lang");
  select.value = lang();
  select.addEventListener("change", () => {
    setLang(select.value, { remember: true });
    history.replaceState(null, "", `#lang=${lang()}`);
    for (const w of $$("activation-train, activation-compare")) if (w.dataset.ready) w.reload?.();
  });
  onLangChange(() => {
    document.title = t("learn_title");
    buildFigures();
  });
}

const fromLink = /(?:^#|&)lang=(en|zh)\b/.exec(location.hash)?.[1];
setLang(fromLink ?? preferredLang());
applyI18n();
document.title = t("learn_title");
buildFigures();
bindLanguage();
bindWidgets();
bindCost();
// The page's text, figures and bindings are in place (the widgets render as they near the screen):
// the signal the page tests wait for, as the other pages give it.
document.documentElement.dataset.ready = "1";
