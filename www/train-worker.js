// The training worker: owns the wasm TrainSession / CompareSession so the page never blocks.
// Protocol (page → worker): {type:"setup", hash, play?} · {type:"play"} · {type:"pause"} ·
// {type:"step", steps} · {type:"compare", hash, ratio:[fast, slow]|null} · {type:"cancel-compare"}.
// Worker → page: {type:"ready"} · {type:"data", file, loaded, total} · {type:"error", where, message} ·
// {type:"session", setup, points, stepsPerEpoch, trainSize} · {type:"tick", steps, epoch, samples,
// status, sps, playing, msPerEpoch, record?, heat?, digits?, confusion?, diagnosis?} · {type:"cmp-start", labels} · {type:"cmp", event} ·
// {type:"cmp-done", ratio, cancelled}.
// Training runs in time slices of ~SLICE_MS, yielding between slices so messages get through.
import init, { TrainSession, CompareSession, trainSetup, skipComparison } from "./pkg-train/activation_lab.js";
import { netviewMessage, netviewTick } from "./js/train-network-worker.js"; // netview hook

const SLICE_MS = 14;
const ready = init({ module_or_path: new URL("./pkg-train/activation_lab_bg.wasm", import.meta.url) });
const images = new Map();
let session = null;
let playing = false;
let scheduled = false;
let lastEval = 0;
let evalCost = 0;
let lastEpoch = 0;
let rate = { t: 0, samples: 0, sps: 0 };
// Time spent in training steps only (not evaluation or messaging), for ms/epoch.
let trainMs = 0;
let cmpToken = 0;

// A zero-delay yield (setTimeout clamps nested calls to ≥ 4 ms).
const channel = new MessageChannel();
const queue = [];
channel.port1.onmessage = () => queue.shift()?.();
const yieldThen = (fn) => {
  queue.push(fn);
  channel.port2.postMessage(0);
};

const post = (msg, transfer = []) => self.postMessage(msg, transfer);
const errorOf = (e) => String(e?.message ?? e);

/** Fetches (with progress) and inflates an image file once; later calls reuse the bytes. */
async function loadImages([file, gzip]) {
  if (images.has(file)) return images.get(file);
  const res = await fetch(new URL(file, import.meta.url));
  if (!res.ok) throw new Error(`${file}: HTTP ${res.status}`);
  const total = Number(res.headers.get("content-length")) || 0;
  const reader = res.body.getReader();
  const parts = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    loaded += value.length;
    post({ type: "data", file, loaded, total });
  }
  let bytes = new Uint8Array(loaded);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  if (gzip && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  post({ type: "data", file, loaded: total || loaded, total: total || loaded, done: true });
  images.set(file, bytes);
  return bytes;
}

async function bytesFor(hash) {
  const setup = JSON.parse(trainSetup(hash));
  return setup.images ? loadImages(setup.images) : undefined;
}

/** Evaluates and packs what the page draws; heavy parts only when evaluating. */
function tick(evaluate) {
  const msg = {
    type: "tick",
    steps: session.steps,
    epoch: session.epoch,
    samples: session.samplesSeen,
    playing,
  };
  const transfer = [];
  if (evaluate) {
    const t0 = performance.now();
    msg.record = session.evaluate();
    const heat = session.heatmap();
    if (heat.length) {
      msg.heat = heat;
      transfer.push(heat.buffer);
    }
    // Image sets: the misclassified grid and the confusion matrix once per epoch (a pass over
    // the test set); 2-D sets are small enough for every evaluation.
    const small = session.trainSize <= 2000;
    if (session.epoch !== lastEpoch || !playing || small) {
      if (session.epoch !== lastEpoch || !playing) {
        const digits = session.misclassified();
        if (digits !== "null") msg.digits = digits;
      }
      const confusion = session.confusion();
      if (confusion !== "null") msg.confusion = confusion;
      lastEpoch = session.epoch;
    }
    lastEval = performance.now();
    evalCost = lastEval - t0;
  }
  // Read after evaluating: the stop condition is checked there.
  msg.status = JSON.parse(session.status());
  if (msg.status.state !== "running") {
    playing = false;
    msg.playing = false;
  }
  if (msg.status.state === "diverged") msg.diagnosis = session.diagnosis();
  const epochs = session.steps / session.stepsPerEpoch;
  msg.msPerEpoch = epochs > 0 ? trainMs / epochs : 0;
  const now = performance.now();
  if (now - rate.t > 500) {
    const s = session.samplesSeen;
    rate.sps = rate.t ? ((s - rate.samples) * 1000) / (now - rate.t) : 0;
    rate = { t: now, samples: s, sps: rate.sps };
  }
  msg.sps = playing ? rate.sps : 0;
  if (evaluate) netviewTick(session, post, !playing); // netview hook
  post(msg, transfer);
}

function slice() {
  scheduled = false;
  if (!playing || !session) return;
  const t0 = performance.now();
  const epochBefore = session.epoch;
  const small = session.trainSize <= 2000;
  let stopped = false;
  while (performance.now() - t0 < SLICE_MS) {
    if (session.step(1) === 0) {
      stopped = true;
      break;
    }
    // Small sets: end the slice at an epoch's end so every epoch gets a record.
    if (session.epoch !== epochBefore && small) break;
  }
  trainMs += performance.now() - t0;
  if (stopped) playing = false;
  const now = performance.now();
  // Evaluate at least every 100 ms, at most 20 % of the time, and at every epoch's end.
  const due = now - lastEval > Math.max(100, 4 * evalCost) || session.epoch !== epochBefore || stopped;
  tick(due);
  if (playing) schedule();
}

function schedule() {
  if (!scheduled) {
    scheduled = true;
    yieldThen(slice);
  }
}

async function setup(hash, data) {
  playing = false;
  const bytes = await bytesFor(hash);
  // `data`: the user's points or CSV (www/js/train-data.js) for `t.ds=custom|csv`.
  const next = data === undefined ? new TrainSession(hash, bytes) : TrainSession.withData(hash, data);
  session?.free();
  session = next;
  lastEpoch = 0;
  trainMs = 0;
  rate = { t: performance.now(), samples: 0, sps: 0 };
  post({
    type: "session",
    setup: session.setup(),
    points: session.points(),
    stepsPerEpoch: session.stepsPerEpoch,
    trainSize: session.trainSize,
  });
  tick(true);
}

// model (save/load, skip comparison): replies go to www/js/train-model.js as {type:"model-file",
// json} · {type:"skips", json, hash} · {type:"model-error", where, message}; a loaded model
// replaces the session like "setup" does ({type:"session"} + a tick).
async function modelMessage(data) {
  try {
    if (data.type === "save-model") {
      if (!session) throw new Error("no model yet");
      post({ type: "model-file", json: session.saveModel() });
    } else if (data.type === "load-model") {
      playing = false;
      const next = TrainSession.fromModel(data.json, data.hash, await bytesFor(data.hash));
      session?.free();
      session = next;
      lastEpoch = -1;
      rate = { t: performance.now(), samples: session.samplesSeen, sps: 0 };
      post({ type: "session", setup: session.setup(), points: session.points(), stepsPerEpoch: session.stepsPerEpoch, trainSize: session.trainSize });
      tick(true);
    } else if (data.type === "skips") {
      post({ type: "skips", hash: data.hash, json: skipComparison(data.hash, await bytesFor(data.hash)) });
    }
  } catch (e) {
    post({ type: "model-error", where: data.type, message: errorOf(e) });
  }
}

async function compare(hash, ratio, data) {
  const token = ++cmpToken;
  const bytes = await bytesFor(hash);
  if (token !== cmpToken) return;
  const run = data === undefined ? new CompareSession(hash, bytes) : CompareSession.withData(hash, data);
  post({ type: "cmp-start", labels: run.labels() });
  const step = () => {
    if (token !== cmpToken) {
      run.free();
      post({ type: "cmp-done", cancelled: true, ratio: null });
      return;
    }
    let event;
    try {
      event = JSON.parse(run.advance());
    } catch (e) {
      run.free();
      post({ type: "error", where: "compare", message: errorOf(e) });
      return;
    }
    post({ type: "cmp", event });
    if (event.done) {
      const r = ratio ? run.ratio(ratio[0], ratio[1]) : undefined;
      run.free();
      post({ type: "cmp-done", cancelled: false, ratio: r ?? null });
    } else yieldThen(step);
  };
  yieldThen(step);
}

function startPlaying() {
  if (!session) return;
  if (JSON.parse(session.status()).state !== "running") {
    tick(false);
    return;
  }
  playing = true;
  rate = { t: performance.now(), samples: session.samplesSeen, sps: 0 };
  schedule();
}

self.onmessage = async ({ data }) => {
  try {
    await ready;
    switch (data.type) {
      case "setup":
        await setup(data.hash, data.data);
        // The one-click divergence fix restarts and plays in one message (no race with "play").
        if (data.play) startPlaying();
        break;
      case "play":
        startPlaying();
        break;
      case "pause":
        playing = false;
        if (session) tick(true);
        break;
      case "step": {
        if (!session) return;
        playing = false;
        const t0 = performance.now();
        session.step(Math.max(1, data.steps | 0));
        trainMs += performance.now() - t0;
        tick(true);
        break;
      }
      case "compare":
        playing = false;
        await compare(data.hash, data.ratio, data.data);
        break;
      case "predict":
        // The draw pad's ink → {type:"pad", result: {side, input, probs} JSON} (or error).
        try {
          post({ type: "pad", result: session.predictImage(data.ink, data.side) });
        } catch (e) {
          post({ type: "pad", error: errorOf(e) });
        }
        break;
      case "cancel-compare":
        cmpToken++;
        break;
      case "netview": // netview hook
        netviewMessage(data, session, post); // netview hook
        break; // netview hook
      case "save-model":
      case "load-model":
      case "skips":
        await modelMessage(data);
        break;
    }
  } catch (e) {
    playing = false;
    post({ type: "error", where: data.type, message: errorOf(e) });
  }
};

ready.then(
  () => post({ type: "ready" }),
  (e) => post({ type: "error", where: "init", message: errorOf(e) }),
);
