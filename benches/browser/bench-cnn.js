// Convolutional training in the tab (issue 15): the core's `small-cnn` and `article-cnn` presets,
// ReLU, each at its preset's batch size, trained by our wasm build, ConvNetJS 0.3.0 and
// TensorFlow.js 4.22 (cpu backend: its wasm backend registers no Conv2DBackpropFilter, so it cannot
// train a conv net). The other engines get the same layers (from the core's list) and the first
// training samples of the same MNIST split. samples/s = samples trained / seconds, after a
// warm-up; one step (ours, TF.js) = one mini-batch forward + backward + optimizer update.
import { TrainBench } from "/__bench/pkg/activation_lab.js";

export const CNN_NETS = ["small-cnn", "article-cnn"];
// Distinct mini-batches handed to ConvNetJS and TF.js (cycled).
const BATCHES = 4;

/** Repeats `step()` (returns the samples it trained) until `minMs` have passed, at least once. */
function timeSteps(step, minMs) {
  let samples = 0;
  const t0 = performance.now();
  let ms = 0;
  do {
    samples += step();
    ms = performance.now() - t0;
  } while (ms < minMs);
  return { samples, ms, samples_per_s: samples / (ms / 1000) };
}

function ours(tb, minMs) {
  tb.steps(2);
  return timeSteps(() => tb.steps(1), minMs);
}

// ---------- ConvNetJS ----------
/** The core's layer list as ConvNetJS layer definitions (ReLU on conv and dense layers). */
function convnetjsDefs(net) {
  const [h, w, c] = net.input;
  const defs = [{ type: "input", out_sx: w, out_sy: h, out_depth: c }];
  for (const l of net.layers) {
    if (l.kind === "conv") {
      if (l.padding === "same" && (l.kernel % 2 === 0 || l.stride !== 1)) throw new Error("ConvNetJS: same padding needs an odd kernel and stride 1");
      const pad = l.padding === "same" ? (l.kernel - 1) / 2 : 0;
      defs.push({ type: "conv", sx: l.kernel, filters: l.filters, stride: l.stride, pad, activation: "relu" });
    } else if (l.kind === "pool") {
      defs.push({ type: "pool", sx: l.size, stride: l.stride });
    } else if (l.kind === "dropout") {
      defs.push({ type: "dropout", drop_prob: l.rate });
    } else if (l.kind === "dense") {
      defs.push({ type: "fc", num_neurons: l.units, activation: "relu" });
    } // flatten: implicit in ConvNetJS's fc layer
  }
  defs.push({ type: "softmax", num_classes: net.classes });
  return defs;
}

/** ConvNetJS trains sample by sample and updates every `batch` samples (its Trainer has no Adam;
 * adadelta, as its MNIST demo). Timed over whole batches, at least one. */
function convnetjsRun(net, data, batch, minMs) {
  const cn = globalThis.convnetjs;
  const model = new cn.Net();
  model.makeLayers(convnetjsDefs(net));
  const trainer = new cn.Trainer(model, { method: "adadelta", batch_size: batch, l2_decay: 0 });
  const [h, w, c] = net.input;
  const per = h * w * c;
  const vols = [];
  for (let i = 0; i < data.labels.length; i++) {
    const v = new cn.Vol(w, h, c, 0.0);
    v.w.set(data.inputs.subarray(i * per, (i + 1) * per));
    vols.push(v);
  }
  let i = 0;
  const one = () => {
    const k = i++ % vols.length;
    trainer.train(vols[k], data.labels[k]);
  };
  for (let s = 0; s < 8; s++) one(); // warm-up (JIT), then whole batches from a batch boundary
  while (trainer.k % batch !== 0) one();
  return timeSteps(() => {
    for (let s = 0; s < batch; s++) one();
    return batch;
  }, minMs);
}

// ---------- TensorFlow.js ----------
function tfModel(net) {
  const model = tf.sequential();
  let first = { inputShape: net.input };
  let image = true;
  const add = (layer) => {
    model.add(layer);
    first = {};
  };
  for (const l of net.layers) {
    if (l.kind === "conv") {
      add(tf.layers.conv2d({ ...first, filters: l.filters, kernelSize: l.kernel, strides: l.stride, padding: l.padding, activation: "relu" }));
    } else if (l.kind === "pool") {
      add(tf.layers.maxPooling2d({ ...first, poolSize: l.size, strides: l.stride }));
    } else if (l.kind === "dropout") {
      add(tf.layers.dropout({ ...first, rate: l.rate }));
    } else if (l.kind === "flatten") {
      add(tf.layers.flatten(first));
      image = false;
    } else if (l.kind === "dense") {
      if (image) add(tf.layers.flatten(first));
      image = false;
      add(tf.layers.dense({ ...first, units: l.units, activation: "relu" }));
    }
  }
  if (image) add(tf.layers.flatten(first));
  add(tf.layers.dense({ units: net.classes }));
  return model;
}

/** Adam(0.001) with the preset's clip value, softmax cross-entropy, dropout active. Warm-up on
 * a few samples (the cpu backend compiles nothing; this warms the JIT), then whole batches. */
async function tfRun(net, data, batch, clip, minMs) {
  await tf.setBackend("cpu");
  await tf.ready();
  const model = tfModel(net);
  const opt = tf.train.adam(0.001);
  const per = net.input.reduce((a, b) => a * b, 1);
  const tensors = (start, n) => [
    tf.tensor4d(data.inputs.subarray(start * per, (start + n) * per), [n, ...net.input]),
    tf.oneHot(tf.tensor1d(Int32Array.from(data.labels.subarray(start, start + n)), "int32"), net.classes).toFloat(),
  ];
  const step = ([x, y]) => {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true })));
      const g = clip == null ? grads : Object.fromEntries(Object.entries(grads).map(([k, v]) => [k, tf.clipByValue(v, -clip, clip)]));
      opt.applyGradients(g);
    });
    model.layers[0].getWeights()[0].dataSync(); // wait for the backend
    return x.shape[0];
  };
  const warm = tensors(0, Math.min(batch, 8));
  step(warm);
  const batches = [];
  for (let b = 0; b < BATCHES; b++) batches.push(tensors(b * batch, batch));
  let b = 0;
  const r = timeSteps(() => step(batches[b++ % BATCHES]), minMs);
  [warm, ...batches].flat().forEach((t) => t.dispose());
  model.dispose();
  opt.dispose();
  return r;
}

/** One row per preset: samples/s of each engine (of `engines`), the FLOP count per training
 * sample. */
export async function cnnTraining(mnistBytes, minMs, log, engines = ["wasm", "convnetjs", "tfjs_cpu"]) {
  const rows = [];
  for (const name of CNN_NETS) {
    const tb = TrainBench.cnn(name, mnistBytes);
    const batch = tb.batchSize();
    const net = JSON.parse(tb.netJson());
    const data = { inputs: tb.trainInputs(batch * BATCHES), labels: tb.trainLabels(batch * BATCHES) };
    const row = { id: name, net, batch, flops_per_sample: tb.flopsPerSample(), clip: tb.clipValue() ?? null };
    const runs = {
      wasm: () => ours(tb, minMs),
      convnetjs: () => convnetjsRun(net, data, batch, minMs),
      tfjs_cpu: () => tfRun(net, data, batch, row.clip, minMs),
    };
    for (const e of engines) {
      row[e] = await runs[e]();
      log(`${name}: ${e} ${row[e].samples_per_s.toFixed(1)}/s (${((row[e].samples_per_s * row.flops_per_sample) / 1e9).toFixed(2)} GFLOP/s)`);
      await new Promise((r) => setTimeout(r, 0));
    }
    tb.free();
    rows.push(row);
  }
  return rows;
}
