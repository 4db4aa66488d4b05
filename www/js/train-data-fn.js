// The function-boundary data set (`t.ds=fn&t.fn=…`): the curve preset picker and the formula box.
// The core checks the formula (`boundaryFormula`) and says where it fails.

import { lang } from "./i18n.js";

/**
 * Wires the boxes; `apply()` restarts the run with the form. Returns `show(info)`, which fills the
 * boxes from the core's `dataSetup` of the run's hash.
 */
export function setupFnBoundary({ core, form, apply, $ }) {
  const fnInput = $("t-fn");
  const fnPreset = $("t-fn-preset");
  let presets = [];
  try {
    presets = JSON.parse(core.dataSetup("")).presets;
  } catch {
    /* the presets list is cosmetic */
  }
  form.addPairs((name) => (name === "fn" ? { fn: fnInput.value.trim() || "sine" } : {}));

  const showError = (error, column) => {
    const caret = $("t-fn-caret");
    $("t-fn-error").textContent = error;
    caret.hidden = !column;
    caret.textContent = column ? `${fnInput.value}\n${" ".repeat(column - 1)}^` : "";
  };
  fnPreset.addEventListener("change", () => {
    const p = presets.find(([n]) => n === fnPreset.value);
    if (!p) {
      fnInput.focus();
      return;
    }
    fnInput.value = p[1];
    apply();
  });
  fnInput.addEventListener("change", () => {
    const check = JSON.parse(core.boundaryFormula(fnInput.value));
    if (check.error) {
      showError(lang() === "zh" ? check.error_zh : check.error, check.column);
      return;
    }
    showError("", 0);
    fnPreset.value = check.preset ?? "";
    apply();
  });

  return {
    show(info) {
      fnInput.value = info.preset ? (presets.find(([n]) => n === info.preset)?.[1] ?? info.formula) : info.formula;
      fnPreset.value = info.preset ?? "";
      showError("", 0);
    },
  };
}
