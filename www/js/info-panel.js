// The info panel for the focused function: formulas, properties and pros/cons from the core.
import { clear, el } from "./dom.js";
import { lang, t } from "./i18n.js";
import { untrainableNote } from "./formula-input.js";
import { costSection } from "./cost-panel.js"; // netview hook

/** One term/definition pair of the panel's lists. */
const row = (key, value) => [el("dt", { text: t(key) }), el("dd", {}, value)];

/** The panel's title: display name and catalog key. */
const title = (entry) => el("h3", { class: "info-title" }, entry.display, " ", el("code", { class: "muted", text: entry.name }));

/** Fills `container` with the description of catalog `entry` (or a hint when null). */
export function renderInfo(container, entry) {
  clear(container);
  if (!entry) {
    container.append(el("p", { class: "muted", text: t("nothing_selected") }));
    return;
  }
  if (entry.custom) {
    renderCustom(container, entry);
    return;
  }
  const yesNo = (b) => el("span", { class: b ? "yes" : "no", text: t(b ? "yes" : "no") });
  container.append(
    title(entry),
    el(
      "dl",
      { class: "info-formulas" },
      row("formula", el("code", { text: `f(x) = ${entry.formula}` })),
      row("derivative", el("code", { text: `f′(x) = ${entry.derivative}` })),
      row("range", el("code", { text: entry.range })),
    ),
    el(
      "dl",
      { class: "info-props" },
      row("monotonic", yesNo(entry.monotonic)),
      row("smooth", yesNo(entry.smooth)),
      row("zero_centred", yesNo(entry.zero_centred)),
      row("saturating", yesNo(entry.saturating)),
      row("bounded", yesNo(entry.bounded)),
      row("cost", t("cost_value", { n: entry.cost })),
    ),
  );
  const note = untrainableNote(entry);
  if (note) container.append(note);
  const notes = lang() === "zh" && entry.notes_zh.length ? entry.notes_zh : entry.notes_en;
  container.append(el("h4", { text: t("notes") }));
  if (notes.length) container.append(el("ul", { class: "info-notes" }, notes.map((n) => el("li", { text: n }))));
  else container.append(el("p", { class: "muted", text: t("notes_missing") }));
  container.append(costSection(entry)); // netview hook
}

/** A custom formula: what is known for any formula (its text, how the derivative is computed). */
function renderCustom(container, entry) {
  container.append(
    title(entry),
    el(
      "dl",
      { class: "info-formulas" },
      row("formula", el("code", { text: `f(x) = ${entry.formula}` })),
      row("derivative", el("span", { text: entry.derivative })),
    ),
  );
  if (entry.warning)
    container.append(el("p", { class: "formula-warning" }, el("strong", { text: t("formula_undefined") }), " ", entry.warning));
  container.append(el("h4", { text: t("notes") }), el("ul", { class: "info-notes" }, entry.notes.map((n) => el("li", { text: n }))));
  container.append(costSection(entry)); // netview hook
}
