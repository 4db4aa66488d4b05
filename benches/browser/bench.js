// In-page benchmark: our wasm kernels vs plain JS loops with Math.*, our wasm trainer vs
// TensorFlow.js (wasm and cpu backends). Exposes window.runBench(options) → results object;
// benches/browser/run.mjs drives it in headless Chromium.
import init, { KernelBench, TrainBench } from "/__bench/pkg/activation_lab.js";
// Plain JS kernels (what a blog author would write) and the timer: shared with the page's cost
// measurement (www/js/js-kernels.js, served from www/ at /).
import { JS_KERNELS as JS, timeIt } from "/js/js-kernels.js";
import { cnnTraining } from "/__bench/bench-cnn.js";

const log = (s) => {
  document.getElementById("log").textContent += `\n${s}`;
  console.info(s);
};

async function kernels(minMs) {
  const N = KernelBench.timingElements();
  const kb = new KernelBench(N);
  // The core's timing inputs, so JS and wasm time the same work.
  const xs = kb.inputs(), gs = kb.upstream(), out = new Float32Array(N);
  const rows = [];
  for (const name of Object.keys(JS)) {
    for (const [dir, k] of [["forward", 0], ["backward", 1]]) {
      const loop = JS[name][k];
      // Alternating rounds, best of each: a shared machine's load hits both sides alike.
      let js = Infinity, wasm = Infinity;
      for (let round = 0; round < 4; round++) {
        js = Math.min(js, timeIt(() => loop(xs, gs, out), minMs, 1));
        wasm = Math.min(wasm, timeIt(() => kb[dir](name, 1), minMs, 1));
      }
      rows.push({ name, dir, wasm_eps: N / (wasm / 1000), js_eps: N / (js / 1000) });
      log(`${name} ${dir}: wasm ${(N / wasm / 1000).toFixed(1)} M/s, js ${(N / js / 1000).toFixed(1)} M/s`);
      await new Promise((r) => setTimeout(r, 0));
    }
  }
  kb.free();
  return rows;
}

// ---------- training ----------
async function inflate(url) {
  const res = await fetch(url);
  const stream = url.endsWith(".gz") ? res.body.pipeThrough(new DecompressionStream("gzip")) : res.body;
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const NETS = [
  { id: "circle_2-8-8-1_batch10", inputs: 2, hidden: [8, 8], outputs: 1, batch: 10 },
  { id: "digits_64-32-10_batch32", inputs: 64, hidden: [32], outputs: 10, batch: 32, source: "digits", file: "/data/digits8x8.bin" },
  { id: "mnist_784-64-10_batch128", inputs: 784, hidden: [64], outputs: 10, batch: 128, source: "mnist", file: "/data/mnist10k.bin.gz" },
];

async function wasmTrainer(net, minMs) {
  const tb = net.source
    ? TrainBench.images(net.source, await inflate(net.file), net.hidden[0], net.batch)
    : TrainBench.circle(net.batch);
  const n = tb.trainLen();
  tb.epoch();
  const ms = timeIt(() => tb.epoch(), minMs);
  tb.free();
  return { samples_per_s: n / (ms / 1000), train_len: n };
}

/** TF.js with the same layers, ReLU, Adam(0.001) and batch size; synthetic data of the same
 * shapes (throughput does not depend on the values). One step = optimizer.minimize on a batch. */
async function tfTrainer(backend, net, trainLen, minMs) {
  await tf.setBackend(backend);
  await tf.ready();
  const model = tf.sequential();
  net.hidden.forEach((units, i) =>
    model.add(tf.layers.dense({ units, activation: "relu", ...(i === 0 ? { inputShape: [net.inputs] } : {}) })),
  );
  model.add(tf.layers.dense({ units: net.outputs }));
  const opt = tf.train.adam(0.001);
  const steps = Math.ceil(trainLen / net.batch);
  const batches = [];
  for (let s = 0; s < Math.min(steps, 32); s++) {
    const x = tf.randomUniform([net.batch, net.inputs]);
    const y = net.outputs === 1
      ? tf.cast(tf.randomUniform([net.batch, 1]).greater(0.5), "float32")
      : tf.oneHot(tf.randomUniform([net.batch], 0, net.outputs, "int32"), net.outputs).toFloat();
    batches.push([x, y]);
  }
  const loss = (x, y) =>
    net.outputs === 1 ? tf.losses.sigmoidCrossEntropy(y, model.apply(x)) : tf.losses.softmaxCrossEntropy(y, model.apply(x));
  let b = 0;
  const step = () => {
    const [x, y] = batches[b++ % batches.length];
    tf.dispose(opt.minimize(() => loss(x, y), true));
  };
  const epoch = () => {
    for (let s = 0; s < steps; s++) step();
    // Wait for the backend so queued work is counted.
    model.layers[0].getWeights()[0].dataSync();
  };
  const ms = timeIt(epoch, minMs);
  batches.flat().forEach((t) => t.dispose());
  model.dispose();
  opt.dispose();
  return { samples_per_s: trainLen / (ms / 1000) };
}

async function training(minMs) {
  tf.wasm.setWasmPaths("/__tfjs/tfjs-backend-wasm/dist/");
  const rows = [];
  for (const net of NETS) {
    const ours = await wasmTrainer(net, minMs);
    const row = { id: net.id, train_len: ours.train_len, wasm_sps: ours.samples_per_s };
    for (const backend of ["wasm", "cpu"]) {
      row[`tfjs_${backend}_sps`] = (await tfTrainer(backend, net, ours.train_len, minMs)).samples_per_s;
    }
    log(`${net.id}: ours ${row.wasm_sps.toFixed(0)}/s, tfjs-wasm ${row.tfjs_wasm_sps.toFixed(0)}/s, tfjs-cpu ${row.tfjs_cpu_sps.toFixed(0)}/s`);
    rows.push(row);
  }
  return rows;
}

/** `only`: "cnn" runs the convolutional part alone; `cnnMs`: least time per engine and net. */
window.runBench = async ({ kernelMs = 50, trainMs = 800, cnnMs = 3000, cnnEngines, only = null } = {}) => {
  await init();
  const out = {};
  if (only !== "cnn") {
    out.kernels = await kernels(kernelMs);
    out.training = await training(trainMs);
  }
  out.cnn = await cnnTraining(await inflate("/data/mnist10k.bin.gz"), cnnMs, log, cnnEngines);
  out.tfjs = { version: tf.version.tfjs, wasm_features: (await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")) ? "simd" : "scalar" };
  return out;
};
window.benchReady = true;
