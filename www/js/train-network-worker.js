// Network view, worker side: while the page's view is open, sends the run's "units" reply (the
// core's packed unit maps, TrainSession.unitMaps; empty when the data has no view), at most every
// 500 ms and at most 1/20 of the worker's time, so training barely slows. Messages: "netview" and
// "units" in www/js/train-protocol.js; www/js/train-network.js is the page side.
// `run` is the worker's current run ({id, session}); `post(type, fields, transfer)` its sender.

let open = false;
let last = 0;
let cost = 0;

function send(run, post) {
  const t0 = performance.now();
  let buf;
  try {
    buf = run.session.unitMaps();
  } catch (e) {
    post("units", { session: run.id, error: String(e?.message ?? e) });
    return;
  }
  last = performance.now();
  cost = last - t0;
  post("units", { session: run.id, buf, ms: cost }, [buf.buffer]);
}

/** The page opened or closed the view: an open view gets the current maps at once. */
export function netviewMessage(data, run, post) {
  open = !!data.open;
  if (open && run) send(run, post);
}

/** After an evaluation: sends when due (`force`: paused, stepped, new or finished run). */
export function netviewTick(run, post, force) {
  if (!open || !run) return;
  if (!force && performance.now() - last < Math.max(500, 20 * cost)) return;
  send(run, post);
}
