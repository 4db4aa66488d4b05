// The "your own function" card of the curves page: a formula typed by the reader becomes a curve.
// The text goes to the core (`Page.addFormula`), which parses it in Rust — never eval or
// `new Function` — and answers with the curve's key or a message naming the column of the mistake.
import { clear, el } from "./dom.js";
import { addStrings, lang, t } from "./i18n.js";

addStrings(
  {
    formula_title: "Your own function",
    formula_label: "f(x) =",
    formula_add: "Add curve",
    formula_remove: "Remove",
    formula_hint:
      "Use x, numbers, + − * / ^, pi, e and exp, ln, log1p, sqrt, abs, sin, cos, tanh, atan, erf, sigmoid, softplus, relu, step, max(a, b), min(a, b). Derivatives are exact (dual numbers).",
    formula_undefined: "Undefined on part of the range:",
    formula_custom: "Custom formula",
    formula_derivative_exact: "exact, by forward-mode differentiation (dual numbers)",
    formula_note_core: "Parsed and evaluated by the Rust core, never by the browser's JavaScript.",
    formula_note_kinks: "At kinks (relu, abs, max, min) the derivative takes one side, as PyTorch does.",
    family_other: "Other",
    untrainable_title: "Not trainable",
  },
  {
    formula_title: "自定义函数",
    formula_label: "f(x) =",
    formula_add: "添加曲线",
    formula_remove: "移除",
    formula_hint:
      "可用 x、数字、+ − * / ^、pi、e，以及 exp、ln、log1p、sqrt、abs、sin、cos、tanh、atan、erf、sigmoid、softplus、relu、step、max(a, b)、min(a, b)。导数精确计算（对偶数）。",
    formula_undefined: "在部分区间上无定义：",
    formula_custom: "自定义公式",
    formula_derivative_exact: "精确值，前向模式自动微分（对偶数）",
    formula_note_core: "由 Rust 核心解析和计算，绝不交给浏览器的 JavaScript 执行。",
    formula_note_kinks: "在折点处（relu、abs、max、min）导数取单侧值，与 PyTorch 一致。",
    family_other: "其他",
    untrainable_title: "无法训练",
  },
);

const $ = (id) => document.getElementById(id);

/**
 * Wires the formula card. `getPage()` returns the current wasm Page; `onChange()` re-syncs the
 * page after a curve was added or removed. Returns `sync(state, dark)` for the list of custom
 * curves (with their range warnings).
 */
export function setupFormulaInput({ getPage, onChange }) {
  const input = $("formula-input");
  const error = $("formula-error");
  const showError = (message) => {
    error.textContent = message;
    input.setAttribute("aria-invalid", message ? "true" : "false");
  };
  $("formula-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = input.value;
    try {
      getPage().addFormula(text, lang() === "zh");
    } catch (err) {
      // The core's message names the column; long input is already cut down by the core.
      const m = String(err?.message ?? err);
      showError(m.length > 300 ? `${m.slice(0, 300)}…` : m);
      return;
    }
    showError("");
    onChange();
  });
  input.addEventListener("input", () => {
    if (error.textContent) showError("");
  });

  return (state, dark) => {
    const list = $("formula-list");
    clear(list);
    for (const f of state.functions.filter((fn) => fn.custom)) {
      const swatch = el("span", { class: "swatch", attrs: { "aria-hidden": "true" } });
      swatch.style.background = dark ? f.color_dark : f.color_light;
      const remove = el("button", {
        type: "button",
        class: "formula-remove",
        text: "×",
        attrs: { "aria-label": `${t("formula_remove")} ${f.display}`, title: t("formula_remove") },
        on: {
          click: () => {
            getPage().setSelected(f.name, false);
            onChange();
          },
        },
      });
      const item = el("li", { class: "formula-item", data: { key: f.name } }, swatch, el("code", { text: f.display }), remove);
      if (f.warning)
        item.append(
          el("p", { class: "formula-warning", attrs: { role: "status" } }, el("strong", { text: t("formula_undefined") }), " ", warningText(f)),
        );
      list.append(item);
    }
  };
}

/** The info-panel entry for a custom formula (the panel's rows that are known for any formula). */
export function customEntry(f) {
  return {
    custom: true,
    name: f.name,
    display: t("formula_custom"),
    formula: f.display.replace(/^f\(x\) = /, ""),
    derivative: t("formula_derivative_exact"),
    notes: [t("formula_note_core"), t("formula_note_kinks")],
    warning: warningText(f),
  };
}

/** The core's range warning of a formula in the page language (it sends both). */
function warningText(f) {
  return (lang() === "zh" && f.warning_zh) || f.warning;
}

/** The "not trainable" note for a catalog entry that has one (step), in the page language. */
export function untrainableNote(entry) {
  if (!entry?.untrainable) return null;
  const [en, zh] = entry.untrainable;
  return el(
    "div",
    { class: "untrainable-note", attrs: { role: "note" } },
    el("strong", { text: t("untrainable_title") }),
    " ",
    lang() === "zh" ? zh : en,
  );
}
