// The hover readout: x and, per function, the core's value, derivative and fp16 value. Numbers
// are shown rounded; the full-precision values sit in data-* attributes for tests and tools.
import { clear, el, formatNumber } from "./dom.js";
import { t } from "./i18n.js";

/** Fills `target` with the readout `r` (parsed JSON from Page.readoutAt*), or a hint if null. */
export function renderReadout(target, r, state, dark) {
  clear(target);
  if (!r) {
    target.append(el("p", { class: "readout-hint", text: t("readout_hint") }));
    delete target.dataset.x;
    return;
  }
  target.dataset.x = String(r.x);
  const head = el("p", { class: "readout-x" }, el("span", { class: "ro-label", text: "x = " }), formatNumber(r.x));
  const table = el("table", { class: "readout-table" });
  const fp16 = state.fp16;
  r.rows.forEach((row, i) => {
    const fn = state.functions[i];
    const swatch = el("span", { class: "swatch", attrs: { "aria-hidden": "true" } });
    if (fn) swatch.style.background = dark ? fn.color_dark : fn.color_light;
    const tr = el(
      "tr",
      {
        data: {
          name: row.name,
          value: String(row.value),
          derivative: String(row.derivative),
          ...(fp16 ? { fp16: String(row.fp16) } : {}),
        },
      },
      el("th", { attrs: { scope: "row" } }, swatch, row.display),
      el("td", {}, el("span", { class: "ro-label", text: "f = " }), formatNumber(row.value)),
      el("td", {}, el("span", { class: "ro-label", text: "f′ = " }), formatNumber(row.derivative)),
      fp16 ? el("td", {}, el("span", { class: "ro-label", text: "fp16 = " }), formatNumber(row.fp16)) : null,
    );
    table.append(tr);
  });
  target.append(head, table);
}

/** One-line readout for embeds: "x = 1.2 · GELU 1.08 (f′ 1.03) · …". */
export function renderCompactReadout(target, r, state, dark) {
  clear(target);
  if (!r) {
    delete target.dataset.x;
    return;
  }
  target.dataset.x = String(r.x);
  target.append(el("span", { text: `x = ${formatNumber(r.x)}` }));
  r.rows.forEach((row, i) => {
    const fn = state.functions[i];
    const swatch = el("span", { class: "swatch", attrs: { "aria-hidden": "true" } });
    if (fn) swatch.style.background = dark ? fn.color_dark : fn.color_light;
    const deriv = state.derivative ? ` (f′ ${formatNumber(row.derivative)})` : "";
    target.append(
      " · ",
      el(
        "span",
        { data: { name: row.name, value: String(row.value), derivative: String(row.derivative) } },
        swatch,
        `${row.display} ${formatNumber(row.value)}${deriv}`,
      ),
    );
  });
}
