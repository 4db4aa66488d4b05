// The control panel: function checkboxes grouped by family, and a slider (plus number box) per
// parameter of each selected function. Values always come back from the core's state.
import { clear, el, formatNumber } from "./dom.js";
import { t } from "./i18n.js";

const FAMILIES = ["classic", "relu_family", "exponential", "smooth_gated", "hard_mobile", "other"];

/** Builds the grouped checkbox list; `onToggle(name, checked, input)`. Returns a sync function. */
export function buildFunctionList(container, catalog, onToggle) {
  clear(container);
  const boxes = new Map();
  for (const family of FAMILIES) {
    const entries = catalog.filter((e) => e.family === family);
    if (!entries.length) continue;
    const fieldset = el("fieldset", { class: "fn-group" }, el("legend", { data: { i18n: `family_${family}` }, text: t(`family_${family}`) }));
    for (const entry of entries) {
      const id = `fn-${entry.name}`;
      const input = el("input", {
        type: "checkbox",
        id,
        value: entry.name,
        on: { change: () => onToggle(entry.name, input.checked, input) },
      });
      boxes.set(entry.name, input);
      fieldset.append(
        el(
          "div",
          { class: "fn-item" },
          input,
          el("label", { attrs: { for: id } }, el("span", { class: "swatch", attrs: { "aria-hidden": "true" } }), entry.display),
        ),
      );
    }
    container.append(fieldset);
  }
  return (state, dark) => {
    const selected = new Map(state.functions.map((f) => [f.name, f]));
    for (const [name, box] of boxes) {
      const f = selected.get(name);
      box.checked = Boolean(f);
      const swatch = box.nextElementSibling.querySelector(".swatch");
      swatch.style.background = f ? (dark ? f.color_dark : f.color_light) : "transparent";
      swatch.style.visibility = f ? "visible" : "hidden";
    }
  };
}

function sliderStep(lo, hi) {
  const span = hi - lo;
  const magnitude = 10 ** Math.floor(Math.log10(span / 200));
  return magnitude;
}

/**
 * Rebuilds the parameter sliders for the selected functions. `onParam(fn, key, value, final)`
 * returns an error message or null; on error the controls snap back to the state's value.
 */
export function buildParams(container, catalog, state, dark, onParam) {
  clear(container);
  const byName = new Map(catalog.map((e) => [e.name, e]));
  let any = false;
  for (const fn of state.functions) {
    const entry = byName.get(fn.name);
    if (!entry || (!entry.params.length && !entry.fixed.length)) continue;
    any = true;
    const swatch = el("span", { class: "swatch", attrs: { "aria-hidden": "true" } });
    swatch.style.background = dark ? fn.color_dark : fn.color_light;
    const fieldset = el("fieldset", { class: "param-group" }, el("legend", {}, swatch, entry.display));
    const error = el("p", { class: "param-error", attrs: { role: "alert" } });
    for (const spec of entry.params) {
      const current = fn.params.find(([k]) => k === spec.name)?.[1] ?? spec.default;
      const lo = Math.min(spec.slider[0], current);
      const hi = Math.max(spec.slider[1], current);
      const id = `p-${fn.name}-${spec.name}`;
      const range = el("input", {
        type: "range",
        id,
        min: lo,
        max: hi,
        step: sliderStep(spec.slider[0], spec.slider[1]),
        value: current,
      });
      const number = el("input", {
        type: "number",
        class: "param-number",
        min: spec.min,
        max: spec.max,
        step: "any",
        value: current,
        attrs: { "aria-label": `${entry.display} ${spec.name}` },
      });
      const send = (value, final, source) => {
        const message = onParam(fn.name, spec.name, value, final);
        error.textContent = message ?? "";
        // On rejection both controls snap back to the last value the core accepted.
        const good = message ? Number(range.dataset.good ?? current) : value;
        if (!message) range.dataset.good = String(value);
        if (source !== range || message) range.value = String(good);
        if (source !== number || message) number.value = String(Number(good.toPrecision(6)));
      };
      range.addEventListener("input", () => send(Number(range.value), false, range));
      range.addEventListener("change", () => send(Number(range.value), true, range));
      // An empty or malformed box becomes NaN, which the core rejects with its own message.
      number.addEventListener("change", () => send(number.value.trim() === "" ? NaN : Number(number.value), true, number));
      fieldset.append(
        el("div", { class: "param-row" }, el("label", { attrs: { for: id }, class: "param-name", text: spec.name }), range, number),
      );
    }
    for (const fixed of entry.fixed) {
      fieldset.append(
        el(
          "p",
          { class: "param-fixed" },
          el("span", { class: "param-name", text: fixed.name }),
          ` = ${formatNumber(fixed.value)} `,
          el("span", { class: "muted", text: `(${t("fixed")}, ${fixed.value})` }),
        ),
      );
    }
    fieldset.append(error);
    container.append(fieldset);
  }
  if (!any) container.append(el("p", { class: "muted", text: t("no_params") }));
}
