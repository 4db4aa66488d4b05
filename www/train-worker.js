// The training worker: owns the wasm TrainSession so the page never blocks (each compare run has
// a worker of its own: www/compare-worker.js).
// Every message is declared in www/js/train-protocol.js (which the page imports too); one
// dispatcher below handles them. Runs carry the page's session id: replies are stamped with it,
// only the newest setup is built (last request wins; image downloads in flight are shared), and
// commands for a run still being built wait for it. Training runs in time slices of ~SLICE_MS,
// yielding between slices so messages get through. A wasm panic leaves the instance unusable:
// the worker then reports "crashed" and closes, and the page starts a fresh one.
import init, { TrainSession, trainSetup, skipComparison, scriptReplayForHash, setLang } from "./pkg-train/activation_lab.js";
import { TO_PAGE, TO_WORKER, dispatcher, message } from "./js/train-protocol.js";
import { layerViewMessage, layerViewTick } from "./js/layer-view-feed.js";
import { downloadImages } from "./js/image-download.js";

const SLICE_MS = 14;
// An embedded widget's worker gets the page's compiled module (www/js/embed-runtime.js): one download.
const ready = init({ module_or_path: self.activationLabWasm ?? new URL("./pkg-train/activation_lab_bg.wasm", import.meta.url) });
/** Image file → promise of its inflated bytes (one download per file, shared while in flight). */
const images = new Map();
/** The run: its session id, the wasm session and its timing state. */
let run = null;
/** The newest run the page asked for, and run commands waiting for it to be built. */
let wanted = 0;
let deferred = [];
let scheduled = false;
let crashed = false;
/** Training speed: epochs per second (0: as fast as possible), set by the page's speed control. */
let epochsPerSecond = 0;

// A zero-delay yield (setTimeout clamps nested calls to ≥ 4 ms).
const channel = new MessageChannel();
const queue = [];
channel.port1.onmessage = () => guard("slice", () => queue.shift()?.());
const yieldThen = (fn) => {
  queue.push(fn);
  channel.port2.postMessage(0);
};

const post = (type, fields, transfer = []) => self.postMessage(message(TO_PAGE, type, fields), transfer);
const errorOf = (e) => String(e?.message ?? e);
/** A wasm trap (a Rust panic aborts as `unreachable`) or the aliasing error that follows one. */
const isCrash = (e) => e instanceof WebAssembly.RuntimeError || /recursive use of an object/.test(errorOf(e));

/** Runs `fn`; a crash ends the worker, any other error is reported for `where`. */
function guard(where, fn, session) {
  if (crashed) return undefined;
  try {
    return fn();
  } catch (e) {
    fail(where, e, session);
    return undefined;
  }
}

function fail(where, e, session) {
  if (isCrash(e)) {
    crashed = true;
    if (run) run.playing = false;
    post("crashed", { message: errorOf(e) });
    self.close();
    return;
  }
  if (run && (session === undefined || session === run.id)) run.playing = false;
  post(where === "load-model" || where === "skips" || where === "save-model" ? "model-error" : "error", {
    where,
    message: errorOf(e),
    session,
  });
}

async function download(file, gzip) {
  let size = 0;
  const bytes = await downloadImages(new URL(file, import.meta.url), gzip, (loaded, total) => {
    size = total || loaded;
    post("data", { file, loaded, total });
  });
  post("data", { file, loaded: size, total: size, done: true });
  return bytes;
}

/** The image bytes a setup needs (undefined for other data); a failed download is retried later. */
function bytesFor(hash) {
  const setup = JSON.parse(trainSetup(hash));
  if (!setup.images) return Promise.resolve(undefined);
  const [file, gzip] = setup.images;
  if (!images.has(file)) {
    const p = download(file, gzip);
    p.catch(() => images.delete(file));
    images.set(file, p);
  }
  return images.get(file);
}

/** Evaluates and packs what the page draws; heavy parts only when evaluating. */
function tick(evaluate) {
  const s = run.session;
  const msg = { session: run.id, steps: s.steps, epoch: s.epoch, samples: s.samplesSeen, playing: run.playing };
  const transfer = evaluate ? evaluation(msg) : [];
  // Read after evaluating: the stop condition is checked there.
  msg.status = JSON.parse(s.status());
  if (msg.status.state !== "running") run.playing = msg.playing = false;
  if (msg.status.state === "diverged") msg.diagnosis = s.diagnosis();
  const epochs = s.steps / s.stepsPerEpoch;
  msg.msPerEpoch = epochs > 0 ? run.trainMs / epochs : 0;
  const now = performance.now();
  const rate = run.rate;
  // Measured every 500 ms while playing, and once more over the last stretch when play ends
  // (a run shorter than 500 ms still gets its rate); the last rate is kept for the page.
  const ending = rate.live && !run.playing;
  if ((run.playing && now - rate.t > 500) || (ending && s.samplesSeen > rate.samples && now > rate.t)) {
    rate.sps = rate.t ? ((s.samplesSeen - rate.samples) * 1000) / (now - rate.t) : 0;
    Object.assign(rate, { t: now, samples: s.samplesSeen });
  }
  if (ending) rate.live = false;
  msg.sps = rate.sps;
  layerViewTick(run, post, { evaluate, force: !run.playing });
  post("tick", msg, transfer);
}

/**
 * The evaluation parts of a tick (record, map, misclassified images, confusion matrix): one
 * evaluation, so the headline figures, the matrix and the grid always describe the same step and
 * the same test images. Evaluations are spaced by their cost (`slice`), not thinned here.
 */
function evaluation(msg) {
  const s = run.session;
  const t0 = performance.now();
  const transfer = [];
  msg.record = s.evaluate();
  const heat = s.heatmap();
  if (heat.length) {
    msg.heat = heat;
    transfer.push(heat.buffer);
  }
  const digits = s.misclassified();
  if (digits !== "null") msg.digits = digits;
  const confusion = s.confusion();
  if (confusion !== "null") msg.confusion = confusion;
  run.lastEval = performance.now();
  run.evalCost = run.lastEval - t0;
  return transfer;
}

function slice() {
  scheduled = false;
  if (!run?.playing) return;
  const s = run.session;
  const t0 = performance.now();
  const epochBefore = s.epoch;
  const small = s.trainSize <= 2000;
  let stopped = false;
  const allowed = allowedSteps();
  while (performance.now() - t0 < SLICE_MS && s.steps < allowed) {
    if (s.step(1) === 0) {
      stopped = true;
      break;
    }
    // Small sets: end the slice at an epoch's end so every epoch gets a record.
    if (s.epoch !== epochBefore && small) break;
  }
  run.trainMs += performance.now() - t0;
  if (stopped) run.playing = false;
  // Evaluate at least every 100 ms, at most 20 % of the time, and at every epoch's end.
  const due = performance.now() - run.lastEval > Math.max(100, 4 * run.evalCost) || s.epoch !== epochBefore || stopped;
  tick(due);
  if (!run.playing) return;
  if (s.steps < allowedSteps()) schedule();
  else paced();
}

/** The step count the speed setting allows by now (all of them at full speed). */
function allowedSteps() {
  if (!epochsPerSecond) return Infinity;
  const p = run.pace;
  return p.steps + Math.floor(((performance.now() - p.t) / 1000) * epochsPerSecond * run.session.stepsPerEpoch);
}

/** Waits until the speed setting allows the next step. */
function paced() {
  if (scheduled) return;
  scheduled = true;
  const wait = Math.max(4, 1000 / (epochsPerSecond * run.session.stepsPerEpoch));
  setTimeout(() => guard("slice", slice), Math.min(wait, 250));
}

/** Restarts the speed's clock at the current step (play, a new speed). */
function resetPace() {
  if (run) run.pace = { t: performance.now(), steps: run.session.steps };
}

function schedule() {
  if (!scheduled) {
    scheduled = true;
    yieldThen(slice);
  }
}

/** Makes `session` (built for the page's run `id`) the run: the one reset path for every run. */
function adopt(id, session) {
  run?.session.free();
  const now = performance.now();
  run = { id, session, playing: false, lastEval: 0, evalCost: 0, trainMs: 0, rate: { t: now, samples: session.samplesSeen, sps: 0 } };
  const sizes = { trainSize: session.trainSize, evalSamples: session.evalSamples, testSize: session.testSize };
  post("session", { session: id, setup: session.setup(), points: session.points(), stepsPerEpoch: session.stepsPerEpoch, ...sizes });
  tick(true);
  const waiting = deferred.filter((m) => m.session === id);
  deferred = [];
  for (const m of waiting) handle(m);
}

/** A new run from a setup: only the newest one asked for is built. */
async function setup(m) {
  wanted = Math.max(wanted, m.session);
  if (run) run.playing = false;
  const bytes = await bytesFor(m.hash);
  // Setups already queued behind this one (quick edits in the form) arrive first, so only the
  // newest is built: a conv net's build and first evaluation take seconds each.
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (m.session !== wanted || crashed) return;
  guard("setup", () => {
    // `data`: the user's points or CSV (www/js/train-data.js) for `t.ds=custom|csv`.
    const next = m.data === undefined ? new TrainSession(m.hash, bytes) : TrainSession.withData(m.hash, m.data);
    adopt(m.session, next);
    if (m.play) startPlaying();
  }, m.session);
}

/** A new run from a model file; the current run goes on unless the file is accepted. */
async function loadModel(m) {
  const bytes = await bytesFor(m.hash);
  if (m.session < wanted || crashed) return;
  guard("load-model", () => {
    const next = TrainSession.fromModel(m.json, m.hash, bytes);
    wanted = m.session;
    adopt(m.session, next);
  }, m.session);
}

function startPlaying() {
  if (JSON.parse(run.session.status()).state !== "running") return tick(false);
  run.playing = true;
  run.rate = { t: performance.now(), samples: run.session.samplesSeen, sps: run.rate.sps, live: true };
  resetPace();
  schedule();
}

/** Run commands: for the run shown, held while the newest run is built, else dropped. */
const forRun = (fn) => (m) => {
  if (run && m.session === run.id) return fn(m);
  if (m.session === wanted && m.session !== run?.id) deferred.push(m);
  return undefined;
};

const handle = dispatcher(TO_WORKER, {
  setup,
  "load-model": loadModel,
  play: forRun(startPlaying),
  pause: forRun(() => {
    run.playing = false;
    tick(true);
  }),
  step: forRun((m) => {
    run.playing = false;
    const t0 = performance.now();
    run.session.step(Math.max(1, m.steps | 0));
    run.trainMs += performance.now() - t0;
    tick(true);
  }),
  speed: (m) => {
    epochsPerSecond = Number.isFinite(m.eps) && m.eps > 0 ? m.eps : 0;
    resetPace();
  },
  // The draw pad's ink → {result: {side, input, probs} JSON} (or error).
  predict: (m) => {
    try {
      if (!run) throw new Error("no model yet");
      post("pad", { result: run.session.predictImage(m.ink, m.side) });
    } catch (e) {
      if (isCrash(e)) throw e;
      post("pad", { error: errorOf(e) });
    }
  },
  "save-model": () => {
    if (!run) throw new Error("no model yet");
    post("model-file", { json: run.session.saveModel() });
  },
  skips: async (m) => post("skips", { hash: m.hash, json: skipComparison(m.hash, await bytesFor(m.hash)) }),
  // Our run's first steps are recorded here, off the page's thread, with the image bytes held;
  // `format`: the script's framework (pytorch, keras).
  "py-replay": async (m) => {
    try {
      const [script, replay, replayName] = scriptReplayForHash(m.format ?? "pytorch", m.hash, m.name, await bytesFor(m.hash));
      post("py-replay", { name: m.name, script, replay, replayName });
    } catch (e) {
      if (isCrash(e)) throw e;
      post("py-replay", { name: m.name, error: errorOf(e) });
    }
  },
  lang: (m) => setLang(m.lang),
  images: (m) => {
    images.set(m.file, Promise.resolve(m.bytes));
  },
  layerview: (m) => layerViewMessage(m, run, post),
  "test-crash": () => {
    throw new WebAssembly.RuntimeError("unreachable (forced by the test-crash message)");
  },
});

self.onmessage = async ({ data }) => {
  try {
    await ready;
    if (crashed) return;
    await handle(data);
  } catch (e) {
    fail(data?.type ?? "message", e, data?.session);
  }
};

ready.then(
  () => post("ready"),
  (e) => post("error", { where: "init", message: errorOf(e) }),
);
