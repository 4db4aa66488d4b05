// The training page ⇄ worker protocol, declared once: www/train-worker.js and the page
// (www/js/train-channel.js) both import this module. Each entry names a message type, its
// fields (a trailing "?" marks an optional one) and whether it belongs to a run (`session`).
//
// Sessions: the page numbers every run it starts (setup, loaded model) and sends the number with
// each run command; the worker stamps every run-bound reply with the number of the run it comes
// from. The page drops run-bound replies of any other run, so nothing of an old run (a tick
// already in flight when Reset was pressed) can reach the charts of the new one. The worker
// builds only the newest setup it was asked for (last request wins) and holds commands for a run
// still being built until it exists.
//
// Adding a message: one line in the table below, one handler on the side that receives it.

/** Page → worker. */
export const TO_WORKER = Object.freeze({
  // A new run from a setup link; `data`: the browser-held points/CSV the link names.
  setup: { fields: ["hash", "play?", "data?"], session: true },
  // A new run from a model file; the current run goes on until the worker accepted the file.
  "load-model": { fields: ["hash", "json"], session: true },
  play: { fields: [], session: true },
  pause: { fields: [], session: true },
  step: { fields: ["steps"], session: true },
  // Training speed in epochs per second (0: as fast as possible); kept across runs.
  speed: { fields: ["eps"], session: false },
  // The draw pad's ink, classified by the current run's model.
  predict: { fields: ["ink", "side"], session: false },
  "save-model": { fields: [], session: false },
  skips: { fields: ["hash"], session: false },
  // "PyTorch + replay" / "Keras + replay": the script named `name` (`format`: pytorch, keras)
  // and its replay file for the setup in `hash`.
  "py-replay": { fields: ["hash", "name", "format?"], session: false },
  // A layer view (www/js/layer-views.js; `view`: "network", "maps") opened or closed, or the maps'
  // picker moved (`step`: "prev", "next", "wrong"): the view's pictures are sent while it is open.
  layerview: { fields: ["view", "open", "step?"], session: false },
  // The page's language ("en", "zh") for the core's error messages; sent on start and on a switch.
  lang: { fields: ["lang"], session: false },
  // An image file's inflated bytes the page already holds (embedded widgets download each file
  // once per page, www/js/embed-runtime.js); the worker uses them instead of downloading.
  images: { fields: ["file", "bytes"], session: false },
  // Test hook: the worker fails as a wasm panic does (tests/e2e/protocol.mjs).
  "test-crash": { fields: [], session: false },
});

/** Worker → page. */
export const TO_PAGE = Object.freeze({
  ready: { fields: [], session: false },
  // Image-file download progress.
  data: { fields: ["file", "loaded", "total", "done?"], session: false },
  // A run was built: `evalSamples` of the `testSize` test images are what its live evaluations
  // (headline figures, confusion matrix, misclassified grid, maps picker) read.
  session: { fields: ["setup", "points", "stepsPerEpoch", "trainSize", "evalSamples", "testSize"], session: true },
  tick: {
    fields: ["steps", "epoch", "samples", "status", "sps", "playing", "msPerEpoch", "record?", "heat?", "digits?", "confusion?", "diagnosis?"],
    session: true,
  },
  // A failed request; `session` is set when it concerns a run (then stale ones are dropped).
  error: { fields: ["where", "message"], session: true },
  // The worker's wasm instance is unusable (a panic); the page starts a fresh worker.
  crashed: { fields: ["message"], session: false },
  pad: { fields: ["result?", "error?"], session: false },
  // A layer view's packed pictures (www/js/layer-view-feed.js): "network", the unit maps of the
  // run (TrainSession.unitMaps); "maps", the filters and feature maps of one test image
  // (TrainSession.convMaps). Empty when the run has nothing for that view; else why there are none.
  layerview: { fields: ["view", "buf?", "ms?", "error?"], session: true },
  "model-file": { fields: ["json"], session: false },
  skips: { fields: ["hash", "json"], session: false },
  // The "PyTorch + replay" downloads for the request with `name`, or why there are none.
  "py-replay": { fields: ["name", "script?", "replay?", "replayName?", "error?"], session: false },
  // A model file the worker refused, or a failed save/skips request; the run is unchanged.
  "model-error": { fields: ["where", "message"], session: true },
});

/**
 * Page → compare worker (www/compare-worker.js, one per run, started by
 * www/js/train-compare-pool.js; cancelling terminates it).
 */
export const TO_COMPARE = Object.freeze({
  // Train run `run` of the line-up in `hash`; `images`: the data set's bytes (this worker's own
  // copy, transferred), `data`: the browser-held points/CSV the link names, `lang`: the page's
  // language for the core's error messages.
  "cmp-run": { fields: ["hash", "run", "images?", "data?", "lang?"], session: false },
  // Test hook: the run fails as a wasm panic does (tests/e2e/compare-parallel.mjs).
  "test-crash": { fields: [], session: false },
  // Embedded widgets (www/js/embed-compare.js): hold the run between checks, or go on.
  "cmp-pause": { fields: ["paused"], session: false },
  // While held: train to the next check, then hold again.
  "cmp-step": { fields: [], session: false },
});

/** Compare worker → page. */
export const FROM_COMPARE = Object.freeze({
  // A check of the run: `event` as CompareSession.advance returns it (progress, record, summary).
  cmp: { fields: ["event"], session: false },
  // The run finished (its last `cmp` event carried the summary).
  "cmp-end": { fields: [], session: false },
  // The run failed (a bad setup, a wasm panic); the worker is done.
  "cmp-failed": { fields: ["message"], session: false },
});

/**
 * Builds a message of `type` declared in `table`, checking its fields (a bug, not user input,
 * if one is missing or unknown). Run-bound messages need `session`.
 */
export function message(table, type, fields = {}) {
  const spec = table[type];
  if (!spec) throw new Error(`train protocol: unknown message type "${type}"`);
  const known = new Set(spec.fields.map((f) => f.replace(/\?$/, "")));
  for (const f of spec.fields) {
    if (!f.endsWith("?") && fields[f] === undefined) throw new Error(`train protocol: "${type}" needs "${f}"`);
  }
  for (const k of Object.keys(fields)) {
    if (k !== "session" && !known.has(k)) throw new Error(`train protocol: "${type}" has no field "${k}"`);
  }
  if (spec.session && fields.session === undefined && type !== "error" && type !== "model-error")
    throw new Error(`train protocol: "${type}" belongs to a run and needs its session`);
  return { type, ...fields };
}

/** One dispatcher: `handlers[type](msg)` for the declared types; unknown types are a bug. */
export function dispatcher(table, handlers) {
  for (const type of Object.keys(handlers)) {
    if (!table[type]) throw new Error(`train protocol: handler for undeclared "${type}"`);
  }
  return (msg) => {
    if (!table[msg?.type]) throw new Error(`train protocol: undeclared message "${msg?.type}"`);
    return handlers[msg.type]?.(msg);
  };
}
