// Filters and feature maps, worker side: while the page's card is open, sends the run's "cmaps"
// reply (the core's packed ConvMaps of one test image, TrainSession.convMaps; empty for a network
// without conv layers, after which nothing more is sent for that run) at most every 500 ms and at
// most 1/20 of the worker's time, so training barely slows. The picker's image index lives here;
// the page moves it with "convmaps" {step}. Messages: www/js/train-protocol.js; the page side is
// www/js/train-conv-maps.js. `run` is the worker's current run ({id, session}); `post` its sender.

let open = false;
let last = 0;
let cost = 0;
let index = 0;
/** The run whose network has no conv layers (nothing to send until the next run). */
let emptyFor = -1;

function send(run, post, step = "") {
  const t0 = performance.now();
  let buf;
  try {
    buf = run.session.convMaps(index, step);
  } catch (e) {
    post("cmaps", { session: run.id, error: String(e?.message ?? e) });
    return;
  }
  last = performance.now();
  // A search for a misclassified image is the reader's choice, not the steady cost.
  if (!step) cost = last - t0;
  if (buf.length) index = buf[1];
  else emptyFor = run.id;
  post("cmaps", { session: run.id, buf, ms: last - t0 }, [buf.buffer]);
}

/** The card opened or closed, or the picker moved ("prev", "next", "wrong"): sends at once. */
export function convMapsMessage(data, run, post) {
  open = !!data.open;
  if (open && run && emptyFor !== run.id) send(run, post, data.step ?? "");
}

/** After an evaluation: sends when due (`force`: paused, stepped, new or finished run). */
export function convMapsTick(run, post, force) {
  if (!open || !run || emptyFor === run.id) return;
  if (!force && performance.now() - last < Math.max(500, 20 * cost)) return;
  send(run, post);
}
