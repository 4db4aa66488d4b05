// Editing the points on the decision map: a click adds a point of the chosen class, shift-click or
// the remove tool takes the nearest away, Clear empties the set. The core's PointEditor holds the
// points; an edit stores them (`t.ds=custom`) and restarts the run on them.
import { t } from "./i18n.js";
import { clear, el } from "./dom.js";
import { message, isUserData, store, stored } from "./train-data-store.js";

/** Shift-click removes the nearest point within this many CSS pixels. */
const REMOVE_RADIUS = 14;

/** The class buttons: one per class (coloured by the core), "+ class" below the cap. */
function classButtons({ box, classes, chosen, removing, rules, choose }) {
  clear(box);
  const pick = (k, label) =>
    el("button", {
      type: "button",
      class: "class-pick",
      text: label,
      attrs: { "aria-pressed": String(k === chosen && !removing), "data-class": k },
      on: { click: () => choose(k) },
    });
  for (let k = 0; k < classes; k++) {
    const b = pick(k, t("d_edit_class", { k }));
    b.style.setProperty("--swatch", rules.class_colours[k]);
    box.append(b);
  }
  if (classes < rules.max_classes) box.append(pick(classes, t("d_edit_new")));
}

/** The canvas position of a click, in device pixels. */
function devicePoint(canvas, ev) {
  const dpr = window.devicePixelRatio || 1;
  const r = canvas.getBoundingClientRect();
  return { px: (ev.clientX - r.left) * dpr, py: (ev.clientY - r.top) * dpr, dpr };
}

/** The editor's state (the points, the chosen class, the remove tool) and its rendering. */
class MapPoints {
  constructor({ core, rules, dataName, $ }) {
    Object.assign(this, { core, rules, dataName, $ });
    this.hash = "";
    this.editor = null;
    this.chosen = 0;
    this.removing = false;
  }
  /** Replaces the editor, freeing the old one's wasm memory. */
  swap(next) {
    if (this.editor && this.editor !== next) this.editor.free();
    this.editor = next;
  }
  /** The points of the set `h` names, as an editor (null for sets that are not 2-D). */
  editorFor(h) {
    const name = this.dataName(h);
    try {
      if (name === "custom" && stored("custom")) return this.core.PointEditor.load(stored("custom"));
      return this.core.PointEditor.fromSetup(h, isUserData(name) ? stored(name) || undefined : undefined);
    } catch {
      return null;
    }
  }
  /** The running set's editor, reloaded unless it already is the user's own copy. */
  reload() {
    if (this.dataName(this.hash) !== "custom" || !this.editor) this.swap(this.editorFor(this.hash));
  }
  /** An editor for the user's own copy: the stored points, the running set's, or an empty map. */
  own() {
    if (!this.editor || this.dataName(this.hash) !== "custom") this.swap(this.editorFor(this.hash) ?? new this.core.PointEditor(2));
  }
  renderPicker() {
    const { $ } = this;
    const classes = this.editor ? this.editor.classes : 2;
    $("t-edit-value-box").hidden = classes !== 0;
    if (classes === 0) return clear($("t-edit-classes"));
    if (this.chosen > classes) this.chosen = 0;
    const choose = (k) => {
      this.chosen = k;
      this.setRemoving(false);
    };
    classButtons({ box: $("t-edit-classes"), classes, chosen: this.chosen, removing: this.removing, rules: this.rules, choose });
  }
  setRemoving(on) {
    this.removing = on;
    this.$("t-edit-remove").setAttribute("aria-pressed", String(on));
    this.renderPicker();
  }
  showCount() {
    const { editor } = this;
    if (!editor) {
      this.$("t-edit-status").textContent = t("d_edit_help");
      return;
    }
    // Points per class for classification; nothing for regression values.
    const counts = editor.classes ? t("d_edit_counts", { counts: JSON.parse(editor.classCounts()).join(" / ") }) : "";
    const key = this.dataName(this.hash) === "custom" ? "d_edit_count" : "d_edit_count_copy";
    this.$("t-edit-status").textContent = `${t(key, { n: editor.count, counts })} ${t("d_edit_help")}`;
  }
  refresh() {
    this.renderPicker();
    this.showCount();
  }
  /** Applies a click on `canvas` through the chart `mapping`; true when the points changed. */
  edit(canvas, ev, mapping) {
    const { px, py, dpr } = devicePoint(canvas, ev);
    this.own();
    const m = JSON.stringify(mapping);
    if (ev.shiftKey || this.removing) return this.editor.removeAt(m, px, py, REMOVE_RADIUS * dpr);
    const value = this.editor.classes === 0 ? Number(this.$("t-edit-value").value) : this.chosen;
    const changed = this.editor.addAt(m, px, py, value);
    if (changed && this.chosen === this.editor.classes - 1) this.renderPicker();
    return changed;
  }
}

/**
 * Wires the point editor. `dataName(hash)`: the data set a hash names; `ds`: the data-set select;
 * `apply()` restarts the run. Returns `sending(hash)` (a setup for `hash` goes out) and
 * `refresh()` (redraws the class buttons and the count, e.g. after a language change).
 */
export function setupPoints({ core, rules, charts, canvases, channel, ds, apply, dataName, imageSets, $ }) {
  const points = new MapPoints({ core, rules, dataName, $ });
  let playing = false;
  const mapCanvas = canvases.canvas("boundary");
  /** The edited points drawn at once (the worker's session for them follows with the heatmap). */
  const drawPoints = () => {
    charts.setPoints(points.editor.chartPoints());
    canvases.invalidate("boundary");
  };
  /** Stores the edited set, draws it at once and restarts training on it. */
  function commit() {
    if (!store("custom", points.editor.wire())) {
      $("t-user-error").textContent = t("d_no_storage");
      return;
    }
    const resume = playing;
    ds.value = "custom";
    if (apply() && resume) channel.send("play");
    drawPoints();
    points.showCount();
  }
  mapCanvas.addEventListener("click", (ev) => {
    const mapping = canvases.mapping("boundary");
    if (!mapping) return;
    let changed;
    try {
      changed = points.edit(mapCanvas, ev, mapping);
    } catch (e) {
      $("t-edit-status").textContent = message(e);
      return;
    }
    if (changed) commit();
  });
  $("t-edit-remove").addEventListener("click", () => points.setRemoving(!points.removing));
  $("t-edit-clear").addEventListener("click", () => {
    points.own();
    points.editor.clear();
    commit();
  });
  channel.on("session", (m) => {
    points.hash = JSON.parse(m.setup).hash;
    const name = dataName(points.hash);
    if (!imageSets.has(name)) {
      points.reload();
      // A CSV with other than 2 features has no plane to draw or edit.
      if (name === "csv" && !points.editor) $("t-boundary-box").hidden = true;
      points.refresh();
    }
    $("t-user-error").textContent = "";
  });
  channel.on("tick", (m) => (playing = m.playing));
  channel.on("error", (m) => {
    if (m.where !== "setup" || dataName(points.hash) !== "custom") return;
    // No (valid) stored points: an empty map to click on.
    if (!points.editor) points.swap(points.editorFor(points.hash) ?? new core.PointEditor(2));
    drawPoints();
    points.refresh();
  });
  points.refresh();
  return { sending: (h) => (points.hash = h), refresh: () => points.refresh() };
}
