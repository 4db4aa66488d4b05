// The training controls ⇄ `t.` hash pairs. The form only collects values; the core
// (trainHash/trainSetup) validates them and returns the canonical pairs or a message.
import { clear, el } from "./dom.js";

const $ = (id) => document.getElementById(id);

export class TrainForm {
  /**
   * `rules`: the core's training rules (`trainRules`: the image sets among them). `onChange(why)`
   * runs after a user edit; `why` is "data" for a data-set switch.
   */
  constructor(activationNames, rules, onChange) {
    // The form's own copy: other modules add names through `addActivation`.
    this.names = [...activationNames];
    this.imageSets = new Set(rules.image_sets);
    this.onChange = onChange;
    /** The layer editor (www/js/train-layers.js): the network's rows, pairs and activations. */
    this.editor = null;
    /** Extensions (the data and formula modules): extra `t.` pairs and hooks after `set`. */
    this.pairSources = [];
    this.setListeners = [];
    fillSelect($("t-act"), activationNames);
    const changed = () => this.onChange();
    /** The `t.` keys whose fields the user changed: a data-set switch keeps their values. */
    this.touched = new Set();
    for (const [id, key] of [["t-lr", "lr"], ["t-bs", "bs"], ["t-ep", "ep"], ["t-opt", "opt"]])
      $(id).addEventListener("change", () => this.touched.add(key));
    // A data-set switch: the caller applies the set's defaults to the untouched fields.
    $("t-ds").addEventListener("change", () => this.onChange("data"));
    for (const id of ["t-act", "t-init", "t-opt", "t-lr", "t-bs", "t-ep", "t-l1", "t-l2", "t-cv", "t-cn", "t-dk", "t-seed"])
      $(id).addEventListener("change", changed);
    for (const id of ["t-lossfn", "t-every", "t-gamma", "t-floor", "t-warm", "t-stop"]) $(id).addEventListener("change", changed);
    $("t-sched").addEventListener("change", () => {
      this.syncOutputs();
      changed();
    });
    for (const id of ["t-noise", "t-ratio"]) {
      $(id).addEventListener("input", () => this.syncOutputs());
      $(id).addEventListener("change", changed);
    }
    $("t-per-layer").addEventListener("change", changed);
  }

  /** The layer editor: it adds the network's pairs and draws its rows on `set`. */
  useEditor(editor) {
    this.editor = editor;
  }

  /** Sets every control from the core's setup JSON. */
  set(setup) {
    const c = setup.config;
    $("t-ds").value = setup.data;
    $("t-noise").value = setup.noise;
    $("t-ratio").value = Math.round(setup.train_ratio * 100);
    // The core writes the activations as the controls and the link read them back (the layer
    // editor's rows carry each layer's).
    const labels = setup.activations;
    $("t-per-layer").checked = labels.length > 1;
    ensureOption($("t-act"), labels[0]);
    $("t-act").value = labels[0];
    $("t-init").value = c.init ?? "auto";
    $("t-opt").value = c.optimizer.kind === "momentum" ? (c.optimizer.nesterov ? "nesterov" : "momentum") : c.optimizer.kind;
    $("t-lr").value = c.lr;
    $("t-bs").value = c.batch_size;
    $("t-ep").value = c.epochs;
    $("t-l1").value = c.l1;
    $("t-l2").value = c.l2;
    $("t-cv").value = c.clip_value ?? 0;
    $("t-cn").value = c.clip_norm ?? 0;
    $("t-dk").value = c.dropout_kind;
    $("t-seed").value = c.seed;
    $("t-lossfn").value = c.loss;
    const d = c.schedule.decay;
    $("t-sched").value = d.kind;
    $("t-every").value = d.every_epochs ?? 1;
    $("t-gamma").value = d.gamma ?? 0.5;
    $("t-floor").value = d.floor ?? 0;
    $("t-warm").value = c.schedule.warmup_steps;
    $("t-stop").value = setup.stop ?? 0;
    $("t-res").checked = !!c.residual;
    this.extra = { cmp: setup.compare.join(","), target: setup.target, samples: setup.samples, ds: setup.data };
    this.syncOutputs();
    for (const listener of this.setListeners) listener(setup);
  }

  /** The compare section's line-up and target (sent with the next `pairs`). */
  setCompare({ cmp, target }) {
    this.extra = { ...this.extra, cmp, target };
  }

  /** `source(ds)` returns extra `t.` pairs for the chosen data set (overridable by callers). */
  addPairs(source) {
    this.pairSources.push(source);
  }

  /** The field of `t.` key `key` counts as the user's: a data-set switch keeps it. */
  touch(key) {
    this.touched.add(key);
  }

  /** A part of the form (the layer editor) was edited: `key` counts as the user's, and a run starts. */
  edited(key) {
    this.touch(key);
    this.onChange();
  }

  /** `listener(setup)` runs after the form shows `setup`. */
  onSet(listener) {
    this.setListeners.push(listener);
  }

  syncOutputs() {
    $("t-noise-out").value = $("t-noise").value;
    $("t-ratio-out").value = `${$("t-ratio").value}%`;
    const images = this.imageSets.has($("t-ds").value);
    for (const node of document.querySelectorAll("#t-form .two-d")) node.hidden = images;
    for (const node of document.querySelectorAll("#t-form .images-only")) node.hidden = !images;
    // Only the chosen schedule's parameters are shown (and sent).
    const sched = $("t-sched").value;
    for (const node of document.querySelectorAll("#t-form .sched-step")) node.hidden = sched !== "step";
    for (const node of document.querySelectorAll("#t-form .sched-cosine")) node.hidden = sched !== "cosine";
  }

  /** Offers activation `key` (a formula) in the activation select and every layer's select. */
  addActivation(key) {
    if (this.names.includes(key)) return;
    this.names.push(key);
    const select = $("t-act");
    if (![...select.options].some((o) => o.value === key)) select.append(new Option(key, key));
    this.editor?.render();
  }

  /** Uses activation `key` for every conv and dense layer, as a user edit. */
  useForAllLayers(key) {
    this.editor?.useForAll(key);
  }

  /** The activation keys the form shows: the main select, then each layer's. */
  activationKeys() {
    return [$("t-act").value, ...(this.editor?.activations() ?? [])];
  }

  /** The `t.` pairs the controls describe (unvalidated). */
  pairs(overrides = {}) {
    const num = (id) => String($(id).value).trim();
    const ds = $("t-ds").value;
    // The layer editor adds the network (`h` and `do`, or `layers`) and per-layer activations.
    const p = {
      ds,
      act: $("t-act").value,
      init: $("t-init").value,
      opt: $("t-opt").value,
      lr: num("t-lr"),
      bs: num("t-bs"),
      ep: num("t-ep"),
      l1: num("t-l1"),
      l2: num("t-l2"),
      cv: num("t-cv"),
      cn: num("t-cn"),
      dk: $("t-dk").value,
      seed: num("t-seed"),
      loss: $("t-lossfn").value,
      sched: $("t-sched").value,
      warm: num("t-warm"),
      stop: num("t-stop"),
      ...($("t-sched").value === "step" ? { every: num("t-every"), gamma: num("t-gamma") } : {}),
      ...($("t-sched").value === "cosine" ? { floor: num("t-floor") } : {}),
      res: $("t-res").checked ? "1" : "0",
      ...(this.extra?.cmp ? { cmp: this.extra.cmp } : {}),
      ...(this.extra?.target ? { target: this.extra.target } : {}),
    };
    if (!this.imageSets.has(ds)) {
      p.noise = $("t-noise").value;
      p.ratio = Number($("t-ratio").value) / 100;
      // The sample count has no control; keep the link's while the data set stays the same.
      if (this.extra?.samples && this.extra.ds === ds) p.n = this.extra.samples;
    }
    for (const source of this.pairSources) Object.assign(p, source(ds));
    Object.assign(p, overrides);
    // A preset that names the widths replaces a layer list, and one that names a list the widths.
    if (overrides.h != null && overrides.layers == null) delete p.layers;
    if (overrides.layers != null && overrides.h == null) delete p.h;
    return Object.entries(p)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `t.${k}=${encodeURIComponent(String(v))}`)
      .join("&");
  }
}

function fillSelect(select, names) {
  clear(select);
  for (const n of names) select.append(el("option", { value: n, text: n }));
}

function ensureOption(select, value) {
  if (![...select.options].some((o) => o.value === value)) select.append(el("option", { value, text: value }));
}
