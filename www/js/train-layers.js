// The one layer editor, for every data set: rows of layers (Conv2d, MaxPool2d, Flatten only where
// the data has images; Dense and Dropout everywhere), each with its fields, added, removed and
// moved with buttons, a per-layer activation on conv and dense rows, and TF Playground's quick
// controls: − / + on a dense row's units and on the number of dense layers. The kinds offered for
// a data set, their fields, ranges, defaults and names are the core's (`layerKinds`); the rows go
// into the link through the core (`layerPairs`: the 2-D sets keep their `t.h` widths), and the
// form check (train-validate.js) marks the one field at fault with the core's short message. The
// presets ("the article's CNN", "small CNN") are the core's too (`cnnPreset`).
import { clear, el } from "./dom.js";
import { lang, onLangChange, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);

export class LayerEditor {
  /** `apply(overrides)` starts a run of the form with `overrides` (the presets). */
  constructor({ core, form, apply }) {
    Object.assign(this, { core, form, apply });
    this.rows = [];
    this.ds = "";
    this.kinds = new Map();
    form.onSet((setup) => {
      this.useKinds(setup.data);
      // The run of an edit comes back as the same rows: keep them (and the focus) as they are.
      if (canonical(setup.layer_rows) === canonical(this.rows)) return this.render();
      this.rows = setup.layer_rows.map((r) => ({ ...r }));
      this.render();
    });
    form.addPairs((ds) => this.pairs(ds));
    form.useEditor(this);
    $("t-editor-add").addEventListener("click", () => this.add($("t-editor-kind").value));
    $("t-layer-add").addEventListener("click", () => this.stack(1));
    $("t-layer-remove").addEventListener("click", () => this.stack(-1));
    // Before the form's own handler, so the rows are drawn when the form check marks them.
    $("t-per-layer").addEventListener("change", () => this.render(), { capture: true });
    for (const [id, name] of [["t-cnn-article", "article-cnn"], ["t-cnn-small", "small-cnn"]])
      $(id).addEventListener("click", () => this.preset(name));
    onLangChange(() => {
      this.fillKinds();
      this.render();
    });
  }

  /** The core's row kinds for data set `ds` (conv and pool only where it has images). */
  useKinds(ds) {
    if (ds === this.ds) return;
    this.ds = ds;
    try {
      this.kinds = new Map(JSON.parse(this.core.layerKinds(ds)).map((k) => [k.kind, k]));
    } catch {
      return;
    }
    this.stackKind = [...this.kinds.values()].find((k) => k.quick)?.kind;
    this.fillKinds();
  }

  name(kind) {
    const k = this.kinds.get(kind);
    if (!k) return kind;
    return lang() === "zh" ? k.zh : k.en;
  }

  fillKinds() {
    const select = $("t-editor-kind");
    const chosen = select.value;
    clear(select);
    for (const k of this.kinds.keys()) select.append(el("option", { value: k, text: this.name(k) }));
    if (this.kinds.has(chosen)) select.value = chosen;
  }

  /** The rows without their activations, as the core reads them. */
  rowsJson(rows = this.rows) {
    return JSON.stringify(rows.map(({ act, ...r }) => r));
  }

  /** The editor's `t.` pairs for data set `ds`: the core's `h`/`do` or `layers`, and the
   * per-layer activations when that option is on. */
  pairs(ds) {
    let p = {};
    try {
      p = JSON.parse(this.core.layerPairs(this.rowsJson(), ds));
      $("t-editor-note").textContent = "";
    } catch (e) {
      $("t-editor-note").textContent = String(e.message ?? e);
    }
    if ($("t-per-layer").checked) {
      const acts = this.activations();
      if (acts.length) p.act = acts.join(",");
    }
    return p;
  }

  render() {
    const list = $("t-editor-rows");
    // Removing a focused, edited input fires its change event: that edit is dropped here.
    this.rendering = true;
    clear(list);
    this.rendering = false;
    const per = $("t-per-layer").checked;
    this.rows.forEach((row, i) => list.append(this.rowNode(row, i, per)));
    $("t-editor-empty").hidden = this.rows.length > 0;
    $("t-layer-count").textContent = String(this.rows.filter((r) => r.kind === this.stackKind).length);
    $("t-layer-remove").disabled = !this.rows.some((r) => r.kind === this.stackKind);
    $("t-act").disabled = per;
  }

  rowNode(row, i, per) {
    const kind = this.kinds.get(row.kind) ?? { fields: [], activation: false };
    const title = `${i + 1}. ${this.name(row.kind)}`;
    const fields = el("div", { class: "cnn-fields" });
    for (const f of kind.fields) fields.append(this.fieldNode(row, f, title, kind.quick === f.key));
    if (kind.activation && per) fields.append(this.actNode(row, title));
    return el(
      "li",
      { class: "cnn-row", data: { item: String(i), kind: row.kind } },
      el("span", { class: "cnn-kind", text: title }),
      fields,
      this.buttons(i),
    );
  }

  fieldNode(row, f, title, quick) {
    const caption = lang() === "zh" ? f.zh : f.en;
    let input;
    if (f.choices.length) {
      input = el("select", {});
      for (const c of f.choices) input.append(el("option", { value: c, text: c }));
    } else {
      input = el("input", { type: "number", min: f.min, max: f.max, step: f.step, inputMode: f.step < 1 ? "decimal" : "numeric" });
      // Wide enough for the largest allowed value (and the browser's spin buttons).
      input.style.width = `calc(${String(f.max).length + (f.step < 1 ? 2 : 0)}ch + 3.2em)`;
    }
    input.value = row[f.key] ?? f.default;
    input.dataset.field = f.key;
    input.setAttribute("aria-label", `${title}: ${caption}`);
    input.addEventListener("change", () => {
      if (this.rendering) return;
      row[f.key] = input.value;
      this.form.edited("layers");
    });
    const label = el("label", { class: "cnn-field" }, el("span", { text: caption, attrs: { "aria-hidden": "true" } }));
    if (!quick) {
      label.append(input);
      return label;
    }
    // TF Playground's ± neurons: one less or one more unit, within the field's range.
    const step = (d, text, key) =>
      el("button", {
        type: "button",
        class: "quick",
        text,
        data: { role: d < 0 ? "fewer" : "more" },
        attrs: { "aria-label": t(key, { n: title }), title: t(key, { n: title }) },
        on: { click: () => this.nudge(row, f, d) },
      });
    label.append(el("span", { class: "quick-field" }, step(-1, "−", "t_units_fewer"), input, step(1, "+", "t_units_more")));
    return label;
  }

  /** Steps field `f` of `row` by `d`, clamped to its range, and starts a run. */
  nudge(row, f, d) {
    const now = Number(row[f.key] ?? f.default);
    const next = Math.min(f.max, Math.max(f.min, (Number.isFinite(now) ? Math.round(now) : Number(f.default)) + d));
    if (String(next) === String(row[f.key])) return;
    row[f.key] = String(next);
    const i = this.rows.indexOf(row);
    this.changed();
    $("t-editor-rows").children[i]?.querySelector(`[data-role="${d < 0 ? "fewer" : "more"}"]`)?.focus();
  }

  actNode(row, title) {
    const select = el("select", { data: { field: "act" }, attrs: { "aria-label": `${title}: ${t("t_activation")}` } });
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
    const row = $("t-editor-rows").children[i];
    if (!row) return $("t-editor-add").focus();
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

  /** "+ layer" / "− layer": one more dense row like the last one (with its dropout row, if one
   * follows it), or the last dense row (and its dropout row) removed. */
  stack(d) {
    const spec = this.kinds.get(this.stackKind);
    if (!spec) return;
    const at = this.rows.findLastIndex((r) => r.kind === this.stackKind);
    const follower = at >= 0 && this.rows[at + 1]?.kind === "dropout" ? 1 : 0;
    if (d < 0) {
      if (at < 0) return;
      this.rows.splice(at, 1 + follower);
    } else {
      const copy = at >= 0 ? this.rows.slice(at, at + 1 + follower).map((r) => ({ ...r })) : [this.fresh(spec)];
      this.rows.splice(at >= 0 ? at + 1 + follower : this.rows.length, 0, ...copy);
    }
    this.form.touch("h");
    this.changed();
  }

  /** A new row of kind `spec` with the core's defaults. */
  fresh(spec) {
    const row = { kind: spec.kind };
    for (const f of spec.fields) row[f.key] = f.default;
    if (spec.activation) row.act = $("t-act").value;
    return row;
  }

  /** A new row of `kind`: image layers after the last image layer, before the flatten (or the
   * first dense row); others last. */
  add(kind) {
    const spec = this.kinds.get(kind);
    if (!spec) return;
    const row = this.fresh(spec);
    const lastImage = this.rows.findLastIndex((r) => this.kinds.get(r.kind)?.image);
    const endsImages = (r) => r.kind === this.stackKind || (this.kinds.get(r.kind)?.needs_images && !this.kinds.get(r.kind)?.image);
    const end = this.rows.findIndex((r, i) => i > lastImage && endsImages(r));
    const at = spec.image && end >= 0 ? end : this.rows.length;
    const rows = [...this.rows.slice(0, at), row, ...this.rows.slice(at)];
    try {
      this.core.layerText(this.rowsJson(rows));
    } catch (e) {
      $("t-editor-note").textContent = String(e.message ?? e);
      return;
    }
    $("t-editor-note").textContent = "";
    this.rows = rows;
    this.changed();
    $("t-editor-rows").children[at]?.querySelector("input, select, button")?.focus();
  }

  /** The activations of the conv and dense rows, in order. */
  activations() {
    return this.rows.filter((r) => this.kinds.get(r.kind)?.activation).map((r) => r.act ?? $("t-act").value);
  }

  /** Uses activation `key` (a formula) for every conv and dense row, as a user edit. */
  useForAll(key) {
    this.form.addActivation(key);
    $("t-act").value = key;
    for (const r of this.rows) if (this.kinds.get(r.kind)?.activation) r.act = key;
    this.render();
    this.form.onChange();
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
