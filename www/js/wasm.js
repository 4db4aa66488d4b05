// Loads the wasm core once per page: the main page, the embed page and every <activation-plot>
// element import this module, and ES modules are singletons, so they share one instance.
import init, * as core from "../pkg/activation_lab.js";
import { compiledCore } from "./wasm-early.js";

let ready = null;

/** Resolves to the wasm-bindgen exports once the module is instantiated. */
export function loadCore() {
  if (!ready) {
    const url = new URL("../pkg/activation_lab_bg.wasm", import.meta.url);
    ready = compiledCore
      .then((module) => init({ module_or_path: module }), () => init({ module_or_path: url }))
      .then(() => core);
  }
  return ready;
}

let trainReady = null;

/**
 * The larger build with the training skin (www/pkg-train), imported only when the training section
 * asks for it, so the curves view and embeds load half the bytes. It is a separate instance.
 */
export function loadTrainCore() {
  if (!trainReady) {
    trainReady = import("../pkg-train/activation_lab.js").then((mod) =>
      mod
        .default({ module_or_path: new URL("../pkg-train/activation_lab_bg.wasm", import.meta.url) })
        .then(() => mod),
    );
  }
  return trainReady;
}

let catalogCache = null;

/** The catalog (names, parameters, info) parsed once. */
export function catalog(coreExports) {
  if (!catalogCache) catalogCache = JSON.parse(coreExports.catalog());
  return catalogCache;
}

let notesReady = null;

/**
 * Fills in the pros/cons of `entries` (the catalog) when the wasm build left them out: the curves
 * build fetches them from data/notes.json (generated from the core's texts, see
 * tests/native/notes_json.rs) so that the first curve does not wait for them. Resolves to true when
 * anything changed; a failed fetch leaves the notes empty (the panel says so) and resolves false.
 */
export function loadNotes(entries) {
  if (!entries.some((e) => e.notes_en.length === 0)) return Promise.resolve(false);
  notesReady ??= fetch(new URL("../data/notes.json", import.meta.url))
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`notes.json: HTTP ${r.status}`))))
    .then((notes) => {
      for (const e of entries) {
        const n = notes[e.name];
        if (n && e.notes_en.length === 0) {
          e.notes_en = n.en;
          e.notes_zh = n.zh;
        }
      }
      return true;
    })
    .catch((err) => {
      console.warn("Activation Lab: notes not loaded:", err);
      notesReady = null;
      return false;
    });
  return notesReady;
}
