// The layer editor of the image sets (8×8 digits, MNIST): rows of Conv2d, MaxPool2d, Dropout,
// Flatten and Dense, each with its fields, added, removed and moved with buttons, and a
// per-layer activation on conv and dense rows. The kinds, their fields, ranges, defaults and names
// are the core's (`layerKinds`); the rows become the `t.layers` text through the core
// (`layerText`), and the form check (train-validate.js) marks a bad row in place with the core's
// message. The presets ("the article's CNN", "small CNN") are the core's too (`cnnPreset`).
import { clear, el } from "./dom.js";
import { lang, onLangChange, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);

export class LayerEditor {
  /** `apply(overrides)` starts a run of the form with `overrides` (the presets). */
  constructor({ core, form, rules, apply }) {
    Object.assign(this, { core, form, apply });
    this.kinds = new Map(JSON.parse(core.layerKinds()).map((k) => [k.kind, k]));
    this.imageSets = new Set(rules.image_sets);
    this.rows = [];
    form.onSet((setup) => {
      // The run of an edit comes back as the same rows: keep them (and the focus) as they are.
      if (canonical(setup.layer_rows) === canonical(this.rows)) return;
      this.rows = setup.layer_rows.map((r) => ({ ...r }));
      this.render();
    });
    form.addPairs((ds) => this.pairs(ds));
    $("t-cnn-add").addEventListener("click", () => this.add($("t-cnn-kind").value));
    // Before the form's own handler, so the rows are drawn when the form check marks them.
    $("t-per-layer").addEventListener("change", () => this.render(), { capture: true });
    for (const [id, name] of [["t-cnn-article", "article-cnn"], ["t-cnn-small", "small-cnn"]])
      $(id).addEventListener("click", () => this.preset(name));
    this.fillKinds();
    onLangChange(() => {
      this.fillKinds();
      this.render();
    });
  }

  name(kind) {
    const k = this.kinds.get(kind);
    return lang() === "zh" ? k.zh : k.en;
  }

  fillKinds() {
    const select = $("t-cnn-kind");
    const chosen = select.value || "conv";
    clear(select);
    for (const k of this.kinds.keys()) select.append(el("option", { value: k, text: this.name(k) }));
    select.value = chosen;
  }

  /** The rows as the core's text (throws for too many rows). */
  text(rows = this.rows) {
    return this.core.layerText(JSON.stringify(rows.map(({ act, ...r }) => r)));
  }

  /** The editor's `t.` pairs for data set `ds` (none for the 2-D sets: the widths apply). */
  pairs(ds) {
    if (!this.imageSets.has(ds)) return {};
    // Dropout is a row here; the run-wide dropout field is for the plain widths.
    const p = { h: undefined, do: "0" };
    if (!this.rows.length) return { ...p, h: "none" };
    try {
      p.layers = this.text();
    } catch (e) {
      $("t-cnn-note").textContent = String(e.message ?? e);
    }
    if ($("t-per-layer").checked) {
      const acts = this.rows.filter((r) => this.kinds.get(r.kind)?.activation).map((r) => r.act ?? $("t-act").value);
      if (acts.length) p.act = acts.join(",");
    }
    return p;
  }

  render() {
    const list = $("t-cnn-rows");
    // Removing a focused, edited input fires its change event: that edit is dropped here.
    this.rendering = true;
    clear(list);
    this.rendering = false;
    const per = $("t-per-layer").checked;
    this.rows.forEach((row, i) => list.append(this.rowNode(row, i, per)));
    $("t-cnn-empty").hidden = this.rows.length > 0;
  }

  rowNode(row, i, per) {
    const kind = this.kinds.get(row.kind);
    const title = `${i + 1}. ${this.name(row.kind)}`;
    const fields = el("div", { class: "cnn-fields" });
    for (const f of kind.fields) fields.append(this.fieldNode(row, f, title));
    if (kind.activation && per) fields.append(this.actNode(row, title));
    return el(
      "li",
      { class: "cnn-row", data: { item: String(i), kind: row.kind } },
      el("span", { class: "cnn-kind", text: title }),
      fields,
      this.buttons(i),
    );
  }

  fieldNode(row, f, title) {
    const caption = lang() === "zh" ? f.zh : f.en;
    let input;
    if (f.choices.length) {
      input = el("select", {});
      for (const c of f.choices) input.append(el("option", { value: c, text: c }));
    } else {
      input = el("input", { type: "number", min: f.min, max: f.max, step: f.step, inputMode: f.step < 1 ? "decimal" : "numeric" });
    }
    input.value = row[f.key] ?? f.default;
    input.dataset.field = f.key;
    input.setAttribute("aria-label", `${title}: ${caption}`);
    input.addEventListener("change", () => {
      if (this.rendering) return;
      row[f.key] = input.value;
      this.form.edited("layers");
    });
    return el("label", { class: "cnn-field" }, el("span", { text: caption, attrs: { "aria-hidden": "true" } }), input);
  }

  actNode(row, title) {
    const select = el("select", { attrs: { "aria-label": `${title}: ${t("t_activation")}` } });
    for (const n of this.form.names) select.append(el("option", { value: n, text: n }));
    const value = row.act ?? $("t-act").value;
    if (![...select.options].some((o) => o.value === value)) select.append(el("option", { value, text: value }));
    select.value = value;
    select.addEventListener("change", () => {
      if (this.rendering) return;
      row.act = select.value;
      this.form.edited("layers");
    });
    return el("label", { class: "cnn-field" }, el("span", { text: t("t_activation"), attrs: { "aria-hidden": "true" } }), select);
  }

  buttons(i) {
    const n = i + 1;
    const last = i === this.rows.length - 1;
    const button = (text, label, disabled, fn, role) =>
      el("button", { type: "button", text, disabled, data: { role }, attrs: { "aria-label": t(label, { n }), title: t(label, { n }) }, on: { click: fn } });
    return el(
      "div",
      { class: "cnn-buttons" },
      button("↑", "t_cnn_up", i === 0, () => this.move(i, -1, "up"), "up"),
      button("↓", "t_cnn_down", last, () => this.move(i, 1, "down"), "down"),
      button("✕", "t_cnn_remove", false, () => this.remove(i), "remove"),
    );
  }

  /** Focuses button `role` of row `i` (the other arrow when that one is disabled). */
  focus(i, role) {
    const row = $("t-cnn-rows").children[i];
    if (!row) return $("t-cnn-add").focus();
    const b = row.querySelector(`[data-role="${role}"]`);
    (b && !b.disabled ? b : row.querySelector("button:not([disabled])"))?.focus();
  }

  move(i, d, role) {
    const j = i + d;
    if (j < 0 || j >= this.rows.length) return;
    [this.rows[i], this.rows[j]] = [this.rows[j], this.rows[i]];
    this.changed();
    this.focus(j, role);
  }

  remove(i) {
    this.rows.splice(i, 1);
    this.changed();
    this.focus(Math.min(i, this.rows.length - 1), "remove");
  }

  /** A new row of `kind` with the core's defaults: image layers before the flatten, others last. */
  add(kind) {
    const spec = this.kinds.get(kind);
    const row = { kind };
    for (const f of spec.fields) row[f.key] = f.default;
    if (spec.activation) row.act = $("t-act").value;
    const firstFlat = this.rows.findIndex((r) => !this.kinds.get(r.kind)?.image && r.kind !== "dropout");
    const at = spec.image && firstFlat >= 0 ? firstFlat : this.rows.length;
    const rows = [...this.rows.slice(0, at), row, ...this.rows.slice(at)];
    try {
      this.text(rows);
    } catch (e) {
      $("t-cnn-note").textContent = String(e.message ?? e);
      return;
    }
    $("t-cnn-note").textContent = "";
    this.rows = rows;
    this.changed();
    $("t-cnn-rows").children[at]?.querySelector("input, select, button")?.focus();
  }

  changed() {
    this.render();
    this.form.edited("layers");
  }

  /** Fills the form with the core's preset `name` (its data set, layers and training settings). */
  preset(name) {
    this.form.touch("layers");
    this.apply(JSON.parse(this.core.cnnPreset(name)));
  }
}

/** Rows as one comparable text (keys sorted, values as text). */
function canonical(rows) {
  return JSON.stringify(rows.map((r) => Object.keys(r).sort().map((k) => [k, String(r[k])])));
}
