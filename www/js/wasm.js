// Loads the wasm core once per page: the main page, the embed page and every <activation-plot>
// element import this module, and ES modules are singletons, so they share one instance.
import init, * as core from "../pkg/activation_lab.js";

let ready = null;

/** Resolves to the wasm-bindgen exports once the module is instantiated. */
export function loadCore() {
  if (!ready) {
    ready = init({ module_or_path: new URL("../pkg/activation_lab_bg.wasm", import.meta.url) }).then(
      () => core,
    );
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
