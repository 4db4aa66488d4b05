// The compare section's workers: each run of a comparison trains in a module worker of its own
// (www/compare-worker.js), at most `limit` at once (the core's `compareWorkers` for the device's
// cores), the others queued. Every worker gets the
// same hash and its own copy of the data's bytes (fetched and inflated once, by the training
// worker), so its run is the serial one bit for bit (tests/native/compare_parallel.rs). A failing run ends
// only its worker; `cancel()` terminates every worker. Messages: www/js/train-protocol.js.
import { FROM_COMPARE, TO_COMPARE, dispatcher, message } from "./train-protocol.js";
import { lang } from "./i18n.js";

const WORKER_URL = new URL("../compare-worker.js", import.meta.url);

/** The device's logical cores, as the browser tells them (1 when it does not). */
export const cores = () => Math.max(1, Math.floor(Number(navigator.hardwareConcurrency)) || 1);

export class ComparePool {
  /**
   * `job`: {hash, runs (count), images (Uint8Array or undefined), data (user data or undefined)};
   * `on`: {started(run), event(run, ev), finished(run, error|null), done()}; `limit`: runs at once.
   */
  constructor(job, on, limit) {
    this.job = job;
    this.on = on;
    this.queue = Array.from({ length: job.runs }, (_, i) => i);
    this.workers = new Map(); // run → its Worker
    this.open = job.runs;
    this.limit = Math.max(1, limit);
  }

  start() {
    if (this.open === 0) return this.on.done();
    while (this.workers.size < this.limit && this.queue.length) this.launch(this.queue.shift());
    return undefined;
  }

  launch(run) {
    const worker = new Worker(WORKER_URL, { type: "module" });
    this.workers.set(run, worker);
    const handle = dispatcher(FROM_COMPARE, {
      cmp: (m) => this.on.event(run, m.event),
      "cmp-end": () => this.end(run, null),
      "cmp-failed": (m) => this.end(run, m.message),
    });
    worker.onmessage = ({ data }) => {
      try {
        handle(data);
      } catch (e) {
        this.end(run, String(e?.message ?? e));
      }
    };
    worker.onerror = (ev) => {
      ev.preventDefault?.();
      this.end(run, ev.message || "the compare worker failed");
    };
    // The last worker may take the job's bytes; the others get a copy each.
    const own = this.job.images && (this.queue.length ? this.job.images.slice() : this.job.images);
    const fields = { hash: this.job.hash, run, images: own, data: this.job.data, lang: lang() };
    worker.postMessage(message(TO_COMPARE, "cmp-run", fields), own ? [own.buffer] : []);
    this.on.started(run);
  }

  end(run, error) {
    const worker = this.workers.get(run);
    if (!worker) return;
    worker.terminate();
    this.workers.delete(run);
    this.open -= 1;
    this.on.finished(run, error);
    this.start();
  }

  /** Terminates every worker; no callback fires after this. */
  cancel() {
    for (const w of this.workers.values()) w.terminate();
    this.workers.clear();
    this.queue = [];
    this.open = -1;
  }

  /** Workers alive now. */
  get alive() {
    return this.workers.size;
  }

  /** Test hook: run `run` fails as a wasm panic does. */
  crash(run) {
    this.workers.get(run)?.postMessage(message(TO_COMPARE, "test-crash"));
  }
}
