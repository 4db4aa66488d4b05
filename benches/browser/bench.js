// In-page benchmark: our wasm kernels vs plain JS loops with Math.*, our wasm trainer vs
// TensorFlow.js (wasm and cpu backends). Exposes window.runBench(options) → results object;
// benches/browser/run.mjs drives it in headless Chromium.
import init, { KernelBench, TrainBench } from "/__bench/pkg/activation_lab.js";

const N = 1 << 20;
const log = (s) => {
  document.getElementById("log").textContent += `\n${s}`;
};

// ---------- plain JS kernels: what a blog author would write ----------
const SS = 1.0507009873554805, SA = 1.6732632423543772, SQ2PI = Math.sqrt(2 / Math.PI);
const sig = (x) => 1 / (1 + Math.exp(-x));
// Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e-7), the usual JS erf.
function erf(x) {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}
function dgeluTanh(x) {
  const u = SQ2PI * (x + 0.044715 * x * x * x);
  const t = Math.tanh(u);
  return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQ2PI * (1 + 3 * 0.044715 * x * x);
}
function dmish(x) {
  const sp = Math.log1p(Math.exp(x));
  const t = Math.tanh(sp);
  return t + x * (1 - t * t) * sig(x);
}
// [forward expression in x, backward expression in x and upstream g], default parameters.
const JS = {
  identity: ["x", "g"],
  sigmoid: ["1 / (1 + Math.exp(-x))", "sig(x) * (1 - sig(x)) * g"],
  tanh: ["Math.tanh(x)", "(1 - Math.tanh(x) ** 2) * g"],
  relu: ["x > 0 ? x : 0", "x > 0 ? g : 0"],
  leaky_relu: ["x > 0 ? x : 0.01 * x", "x > 0 ? g : 0.01 * g"],
  prelu: ["x > 0 ? x : 0.25 * x", "x > 0 ? g : 0.25 * g"],
  rrelu: ["x > 0 ? x : 0.22916666666666666 * x", "x > 0 ? g : 0.22916666666666666 * g"],
  elu: ["x > 0 ? x : Math.exp(x) - 1", "x > 0 ? g : Math.exp(x) * g"],
  celu: ["x > 0 ? x : Math.exp(x) - 1", "x > 0 ? g : Math.exp(x) * g"],
  selu: ["x > 0 ? SS * x : SS * SA * (Math.exp(x) - 1)", "x > 0 ? SS * g : SS * SA * Math.exp(x) * g"],
  gelu: ["0.5 * x * (1 + erf(x / Math.SQRT2))", "(0.5 * (1 + erf(x / Math.SQRT2)) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)) * g"],
  gelu_tanh: ["0.5 * x * (1 + Math.tanh(SQ2PI * (x + 0.044715 * x * x * x)))", "dgeluTanh(x) * g"],
  relu6: ["Math.min(Math.max(x, 0), 6)", "x > 0 && x < 6 ? g : 0"],
  hardtanh: ["Math.min(Math.max(x, -1), 1)", "x > -1 && x < 1 ? g : 0"],
  hardsigmoid: ["Math.min(Math.max(x / 6 + 0.5, 0), 1)", "x > -3 && x < 3 ? g / 6 : 0"],
  hardswish: ["x * Math.min(Math.max(x + 3, 0), 6) / 6", "x < -3 ? 0 : x > 3 ? g : ((2 * x + 3) / 6) * g"],
  silu: ["x * sig(x)", "sig(x) * (1 + x * (1 - sig(x))) * g"],
  swish: ["x * sig(x)", "sig(x) * (1 + x * (1 - sig(x))) * g"],
  mish: ["x * Math.tanh(Math.log1p(Math.exp(x)))", "dmish(x) * g"],
  softplus: ["x > 20 ? x : Math.log1p(Math.exp(x))", "x > 20 ? g : sig(x) * g"],
  softsign: ["x / (1 + Math.abs(x))", "g / (1 + Math.abs(x)) ** 2"],
  logsigmoid: ["Math.log(sig(x))", "(1 - sig(x)) * g"],
  tanhshrink: ["x - Math.tanh(x)", "Math.tanh(x) ** 2 * g"],
};
// One monomorphic loop per expression, as if written out by hand.
const jsLoop = (expr) =>
  new Function("sig", "erf", "dgeluTanh", "dmish", "SS", "SA", "SQ2PI",
    `return function (xs, gs, out) { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = ${expr}; } };`,
  )(sig, erf, dgeluTanh, dmish, SS, SA, SQ2PI);

/** Best-of-`rounds` mean time per call (ms) of fn, each round at least minMs long. */
function timeIt(fn, minMs, rounds = 3) {
  fn();
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    let reps = 0;
    const t0 = performance.now();
    let t;
    do {
      fn();
      reps++;
      t = performance.now() - t0;
    } while (t < minMs);
    best = Math.min(best, t / reps);
  }
  return best;
}

async function kernels(minMs) {
  const kb = new KernelBench(N);
  const xs = new Float32Array(N), gs = new Float32Array(N), out = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    const f = (i * 0.618033988749895) % 1;
    xs[i] = -8 + 16 * f;
    gs[i] = 0.5 - Math.abs(xs[i]) / 16;
  }
  const rows = [];
  for (const name of Object.keys(JS)) {
    for (const [dir, k] of [["forward", 0], ["backward", 1]]) {
      const loop = jsLoop(JS[name][k]);
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

window.runBench = async ({ kernelMs = 50, trainMs = 800 } = {}) => {
  await init();
  const out = { kernels: await kernels(kernelMs), training: await training(trainMs) };
  out.tfjs = { version: tf.version.tfjs, wasm_features: tf.env().getBool("WASM_HAS_SIMD_SUPPORT") ? "simd" : "scalar" };
  return out;
};
window.benchReady = true;
