// The training form's custom activation: a formula typed by the reader, checked by the core
// (`formulaKey`, parsed in Rust, never eval) and used as the `t.act` key `f(<formula>)` for every
// hidden layer; with "one activation per layer" on, each layer's select then offers it too.
import { addStrings, lang } from "./i18n.js";

addStrings(
  {
    t_formula: "Custom formula f(x)",
    t_formula_use: "Use for all layers",
    t_formula_hint: "e.g. max(0.1*x, x) or x*sigmoid(1.702*x); a formula that is undefined for some inputs (ln(x) at x ≤ 0) stops training with a message.",
  },
  {
    t_formula: "自定义公式 f(x)",
    t_formula_use: "用于所有层",
    t_formula_hint: "例如 max(0.1*x, x) 或 x*sigmoid(1.702*x)；若公式对某些输入无定义（如 x ≤ 0 时的 ln(x)），训练会停止并给出提示。",
  },
);

const $ = (id) => document.getElementById(id);

/**
 * Wires the formula field to `form` (a TrainForm: `useForAllLayers`, `addActivation`). The
 * core's `formulaKey(text)` makes a key of a formula, `formulaOfKey(key)` reads it back (undefined
 * for a key that is not a formula).
 */
export function setupTrainFormula({ formulaKey, formulaOfKey, form }) {
  const input = $("t-formula");
  const error = $("t-formula-error");
  const use = () => {
    let key;
    try {
      key = formulaKey(input.value, lang() === "zh");
    } catch (e) {
      const m = String(e?.message ?? e);
      error.textContent = m.length > 300 ? `${m.slice(0, 300)}…` : m;
      return;
    }
    error.textContent = "";
    form.useForAllLayers(key);
  };
  // A link (or a loaded model) with a formula layer fills the field, so it can be edited.
  form.onSet(() => {
    const key = form.activationKeys().find((k) => k && formulaOfKey(k) !== undefined);
    if (key) {
      input.value = formulaOfKey(key);
      error.textContent = "";
      // Every layer's select offers it, not only the layer that has it.
      form.addActivation(key);
    }
  });
  $("t-formula-use").addEventListener("click", use);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      use();
    }
  });
}
