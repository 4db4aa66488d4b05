// What every embedded widget on a page shares (www/js/embed-widget.js): the training core, compiled
// once — its WebAssembly.Module instantiated here for the charts and handed to every worker, so the
// wasm is downloaded once — the image files (downloaded once, each worker gets a copy), and the
// worker budget (www/js/embed-budget.js). Workers start from a small blob module that receives the
// compiled module and imports the real worker script: `new Worker(url)` must be same-origin, an
// import from a blob worker need only be CORS-readable, so widgets work from another origin (the
// host's CSP must allow `worker-src blob:`; docs/embedding.md).
import init, * as core from "../pkg-train/activation_lab.js";
import { WorkerBudget } from "./embed-budget.js";
import { downloadImages } from "./image-download.js";
import { cores } from "./train-compare-pool.js";

const WASM = new URL("../pkg-train/activation_lab_bg.wasm", import.meta.url);
export const TRAIN_WORKER = new URL("../train-worker.js", import.meta.url);
export const COMPARE_WORKER = new URL("../compare-worker.js", import.meta.url);

let ready = null;

async function compile() {
  const response = fetch(WASM);
  try {
    return await WebAssembly.compileStreaming(response);
  } catch {
    // A host serving .wasm without application/wasm: compile from the bytes instead.
    const r = await response;
    if (!r.ok) throw new Error(`${WASM.pathname}: HTTP ${r.status}`);
    return WebAssembly.compile(await r.clone().arrayBuffer());
  }
}

/** Resolves to {core (the pkg-train exports), module (its compiled WebAssembly.Module)}. */
export function trainCore() {
  ready ??= compile().then(async (module) => {
    await init({ module_or_path: module });
    return { core, module };
  });
  return ready;
}

/**
 * The page's worker budget: hardwareConcurrency − 1, at least 1, at most 12 — the core's
 * `compare_workers` rule (training::presets), restated because the budget exists before the
 * training module loads.
 */
export const budget = new WorkerBudget(Math.min(12, Math.max(1, cores() - 1)));

// The worker's first message carries {url, module, fail}: it keeps the module where the worker
// scripts look for it (self.activationLabWasm), imports the script, and hands it every message that
// came meanwhile. A failed import is reported as the script's own failure message (`fail`).
const BOOT = `
let handler = null;
const early = [];
Object.defineProperty(self, "onmessage", {
  configurable: true,
  get: () => handler,
  set: (fn) => {
    handler = fn;
    queueMicrotask(() => { while (handler && early.length) handler(early.shift()); });
  },
});
let booted = false;
self.addEventListener("message", (ev) => {
  if (!booted) {
    booted = true;
    const { url, module, fail } = ev.data;
    self.activationLabWasm = module;
    import(url).catch((e) => self.postMessage({ type: fail, message: "worker script failed to load: " + (e && e.message || e) }));
    return;
  }
  if (handler) handler(ev);
  else early.push(ev);
});
`;
let bootUrl = null;
const alive = new Set();
let peak = 0;

/** A module worker running `script` (TRAIN_WORKER or COMPARE_WORKER) on the shared `module`;
 * `fail`: the message type its script reports a fatal failure with. */
export function spawnWorker(script, module, fail) {
  bootUrl ??= URL.createObjectURL(new Blob([BOOT], { type: "text/javascript" }));
  const worker = new Worker(bootUrl, { type: "module" });
  worker.postMessage({ url: script.href, module, fail });
  alive.add(worker);
  peak = Math.max(peak, alive.size);
  const terminate = worker.terminate.bind(worker);
  worker.terminate = () => {
    alive.delete(worker);
    terminate();
  };
  return worker;
}

const files = new Map();

/**
 * The inflated bytes of image file `file` (www/data/…), downloaded once per page; `progress(loaded,
 * total)` while it downloads. Callers transfer a copy (`bytes.slice()`) to their worker.
 */
export function imageBytes(file, gzip, progress = () => {}) {
  let entry = files.get(file);
  if (!entry) {
    entry = { listeners: new Set() };
    entry.bytes = downloadImages(new URL(`../${file}`, import.meta.url), gzip, (l, t) => entry.listeners.forEach((fn) => fn(l, t)));
    entry.bytes.catch(() => files.delete(file));
    files.set(file, entry);
  }
  entry.listeners.add(progress);
  return entry.bytes.finally(() => entry.listeners.delete(progress));
}

// Read-only figures for the page tests (tests/e2e/embed-widgets.mjs) and the curious reader.
if (!window.activationLabEmbed) {
  Object.defineProperty(window, "activationLabEmbed", {
    value: Object.freeze({
      workers: () => alive.size,
      peakWorkers: () => peak,
      budget: () => budget.size,
      waiting: () => budget.waiting.length,
    }),
  });
}
