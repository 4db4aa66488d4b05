// The page-wide worker budget of the embedded widgets: at most `size` workers alive at once
// (hardwareConcurrency − 1, at least 1), shared by every <activation-train> and
// <activation-compare> on the page. A widget asks for a slot per worker; requests wait in a fair
// queue (the owner served longest ago goes first, so one comparison's six runs do not starve a
// training widget asked for after them). A worker whose widget is paused is idle: when someone
// waits, the budget takes its slot back (`holder.evict()` ends the worker; the widget replays its
// deterministic run when it plays again). No DOM, so tests/e2e/embed-budget.mjs runs it in Node.

export class WorkerBudget {
  /** `size`: workers alive at most. */
  constructor(size) {
    this.size = Math.max(1, size | 0);
    this.leases = new Set();
    this.waiting = [];
    this.lastTurn = new Map(); // owner → counter of its last grant
    this.counter = 0;
    this.peak = 0;
    this.granting = false;
    this.listeners = new Set();
  }

  /** Calls `fn()` after every change of the queue or the leases; returns the unsubscribe. */
  onChange(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  changed() {
    for (const fn of this.listeners) fn();
  }

  /**
   * A slot for `holder` ({owner, idle(): boolean, evict(): void}); resolves to a lease
   * ({release()}) when granted, or to null when cancelled first.
   */
  request(holder) {
    return new Promise((resolve) => {
      this.waiting.push({ holder, resolve, at: ++this.counter });
      this.grant();
    });
  }

  /** Drops `holder`'s waiting request (it resolves to null). */
  cancel(holder) {
    const dropped = this.waiting.filter((x) => x.holder === holder);
    for (const w of dropped) {
      this.waiting.splice(this.waiting.indexOf(w), 1);
      w.resolve(null);
    }
    if (dropped.length) this.changed();
  }

  /** Drops every waiting request of `owner` and releases its leases (the widget was removed). */
  forget(owner) {
    for (const w of this.waiting.filter((x) => x.holder.owner === owner)) this.cancel(w.holder);
    for (const lease of [...this.leases]) if (lease.holder.owner === owner) lease.release();
    this.lastTurn.delete(owner);
  }

  /** Requests waiting ahead of `holder`'s, or -1 when it is not waiting. */
  position(holder) {
    const order = this.order();
    return order.findIndex((w) => w.holder === holder);
  }

  /** A holder became idle (paused): give its slot to a waiting request, if any. */
  poke() {
    this.grant();
  }

  /** Waiting requests in the order they will be served. */
  order() {
    const turn = (w) => this.lastTurn.get(w.holder.owner) ?? 0;
    return [...this.waiting].sort((a, b) => turn(a) - turn(b) || a.at - b.at);
  }

  grant() {
    if (this.granting) return;
    this.granting = true;
    try {
      while (this.waiting.length && (this.leases.size < this.size || this.evictIdle())) {
        const next = this.order()[0];
        this.waiting.splice(this.waiting.indexOf(next), 1);
        const lease = {
          holder: next.holder,
          release: () => {
            if (!this.leases.delete(lease)) return;
            this.grant();
          },
        };
        this.leases.add(lease);
        this.lastTurn.set(next.holder.owner, ++this.counter);
        this.peak = Math.max(this.peak, this.leases.size);
        next.resolve(lease);
      }
    } finally {
      this.granting = false;
    }
    this.changed();
  }

  /** Ends the idle lease granted longest ago; false when every lease is busy. */
  evictIdle() {
    for (const lease of this.leases) {
      if (!lease.holder.idle()) continue;
      this.leases.delete(lease);
      lease.holder.evict();
      return true;
    }
    return false;
  }
}
