// Network view, worker side: while the page's view is open, sends {type:"units", buf, ms} with
// the core's packed unit maps (TrainSession.unitMaps; empty when the data has no view), at most
// every 250 ms and at most 1/20 of the worker's time, so training barely slows. Page → worker:
// {type:"netview", open}. See www/js/train-network.js for the page side.

let open = false;
let last = 0;
let cost = 0;

function send(session, post) {
  const t0 = performance.now();
  let buf;
  try {
    buf = session.unitMaps();
  } catch (e) {
    post({ type: "units", error: String(e?.message ?? e) });
    return;
  }
  last = performance.now();
  cost = last - t0;
  post({ type: "units", buf, ms: cost }, [buf.buffer]);
}

/** The page opened or closed the view: an open view gets the current maps at once. */
export function netviewMessage(data, session, post) {
  open = !!data.open;
  if (open && session) send(session, post);
}

/** After an evaluation: sends when due (`force`: paused, stepped, new or finished run). */
export function netviewTick(session, post, force) {
  if (!open || !session) return;
  if (!force && performance.now() - last < Math.max(500, 20 * cost)) return;
  send(session, post);
}
