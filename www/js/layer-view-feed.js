// The training worker's one view feed for the page's layer views (www/js/layer-views.js): while a
// view is open it sends that view's packed pictures ("layerview" in www/js/train-protocol.js) at
// most every 500 ms and at most 1/20 of the worker's time, so training barely slows. A run with
// nothing for a view (an MLP has no maps, a conv net no unit tiles) gets one empty reply and
// nothing more until the next run. `run` is the worker's current run ({id, session}); `post(type,
// fields, transfer)` its sender.

class Feed {
  /** `pack(session, step)`: the view's packed pictures (Float32Array, empty for none). */
  constructor(view, pack) {
    Object.assign(this, { view, pack, open: false, last: 0, cost: 0, emptyFor: -1 });
  }

  send(run, post, step = "") {
    const t0 = performance.now();
    let buf;
    try {
      buf = this.pack(run.session, step);
    } catch (e) {
      post("layerview", { session: run.id, view: this.view, error: String(e?.message ?? e) });
      return;
    }
    this.last = performance.now();
    // A search the reader asked for (the maps' "next misclassified") is not the steady cost.
    if (!step) this.cost = this.last - t0;
    if (!buf.length) this.emptyFor = run.id;
    post("layerview", { session: run.id, view: this.view, buf, ms: this.last - t0 }, [buf.buffer]);
  }

  /** The view opened or closed, or its picker moved: an open view gets its pictures at once. */
  message(data, run, post) {
    this.open = !!data.open;
    if (this.open && run && this.emptyFor !== run.id) this.send(run, post, data.step ?? "");
  }

  /** Sends when due (`force`: paused, stepped, new or finished run). */
  tick(run, post, force) {
    if (!this.open || !run || this.emptyFor === run.id) return;
    if (!force && performance.now() - this.last < Math.max(500, 20 * this.cost)) return;
    this.send(run, post);
  }
}

/** The maps' test image: the picker moves it, the core says where a step landed (`buf[1]`). */
let mapsIndex = 0;

const FEEDS = {
  network: new Feed("network", (session) => session.unitMaps()),
  maps: new Feed("maps", (session, step) => {
    const buf = session.convMaps(mapsIndex, step);
    if (buf.length) mapsIndex = buf[1];
    return buf;
  }),
};

/** A "layerview" message from the page. */
export function layerViewMessage(data, run, post) {
  FEEDS[data.view]?.message(data, run, post);
}

/** After each tick: the unit tiles only with an evaluation (each is a pass over the plane), the
 * maps every time (one image through the net: cheap, and evaluations of a big conv net are rare). */
export function layerViewTick(run, post, { evaluate, force }) {
  if (evaluate) FEEDS.network.tick(run, post, force);
  FEEDS.maps.tick(run, post, evaluate && force);
}
