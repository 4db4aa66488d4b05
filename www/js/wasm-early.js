// Starts fetching and compiling the curves wasm as soon as the HTML is parsed. index.html loads this
// module on its own, ahead of app.js, so the compile runs on a background thread while the rest of
// the page's modules download and evaluate; js/wasm.js imports the same instance (ES modules are
// singletons) and only instantiates. Any failure here falls back to wasm.js's ordinary load.
const url = new URL("../pkg/activation_lab_bg.wasm", import.meta.url);

async function compile() {
  const response = fetch(url);
  try {
    return await WebAssembly.compileStreaming(response);
  } catch {
    // A host serving .wasm without application/wasm: compile from the bytes instead.
    const r = await response;
    if (!r.ok) throw new Error(`${url.pathname}: HTTP ${r.status}`);
    return WebAssembly.compile(await r.clone().arrayBuffer());
  }
}

/** embed.html's experiment views (`#view=train|compare&…`, www/js/embed-widget-page.js) load the
 * training build instead: no curves module for them. The core parses the hash; this only routes. */
export const widgetView = /(?:^#|&)view=(train|compare)(?:&|$)/.exec(location.hash)?.[1] ?? null;

/** The compiled curves module, or a rejection wasm.js recovers from. */
export const compiledCore = widgetView ? Promise.reject(new Error("an experiment view")) : compile();
compiledCore.catch(() => {});
