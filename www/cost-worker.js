// Measures what each activation costs on this device, off the page's thread: the core's wasm
// kernels (KernelBench, from the training build) and the plain-JS loops (www/js/js-kernels.js)
// over the same 1 M f32 inputs, forward and backward, best of 3 rounds of ≥ 40 ms each.
// Page → worker: {type:"measure", id, names}. Worker → page: {type:"progress", id, done, total} ·
// {type:"row", id, row:{name, forward:{wasm, js}, backward:{wasm, js}}} (elements/s; js null when
// there is no plain-JS version) · {type:"done", id, elements} · {type:"error", id, message}.
// ReLU is always measured first: the page reports every figure as a ratio to it.
import init, { KernelBench } from "./pkg-train/activation_lab.js";
import { JS_KERNELS, timeIt } from "./js/js-kernels.js";

const MIN_MS = 40;
const ready = init({ module_or_path: new URL("./pkg-train/activation_lab_bg.wasm", import.meta.url) });
let buffers = null;
let current = 0;
let warmed = false;

function setup() {
  if (!buffers) {
    const kb = new KernelBench(KernelBench.timingElements());
    const xs = kb.inputs();
    buffers = { kb, xs, gs: kb.upstream(), out: new Float32Array(xs.length) };
  }
  return buffers;
}

/** Elements/s of one pass; `js` only for a catalog name with default parameters. */
function measurePass(name, dir, k) {
  const { kb, xs, gs, out } = buffers;
  const wasm = timeIt(() => kb[dir](name, 1), MIN_MS);
  const loop = JS_KERNELS[name]?.[k];
  const js = loop ? timeIt(() => loop(xs, gs, out), MIN_MS) : null;
  const eps = (ms) => (ms === null ? null : xs.length / (ms / 1000));
  return { wasm: eps(wasm), js: eps(js) };
}

async function measure(id, names) {
  await ready;
  setup();
  const list = ["relu", ...names.filter((n) => n !== "relu")];
  // Warm-up, not reported: the engine tiers wasm and JS up after the first calls.
  if (!warmed) {
    measurePass("relu", "forward", 0);
    warmed = true;
  }
  const total = list.length * 2;
  let done = 0;
  for (const name of list) {
    const row = { name };
    for (const [dir, k] of [["forward", 0], ["backward", 1]]) {
      if (id !== current) return;
      row[dir] = measurePass(name, dir, k);
      self.postMessage({ type: "progress", id, done: ++done, total });
      // Let a newer request in between passes.
      await new Promise((r) => setTimeout(r, 0));
    }
    self.postMessage({ type: "row", id, row });
  }
  self.postMessage({ type: "done", id, elements: buffers.xs.length });
}

self.onmessage = async ({ data }) => {
  if (data.type !== "measure") return;
  current = data.id;
  try {
    await measure(data.id, Array.isArray(data.names) ? data.names.map(String).slice(0, 64) : []);
  } catch (e) {
    self.postMessage({ type: "error", id: data.id, message: String(e?.message ?? e) });
  }
};
