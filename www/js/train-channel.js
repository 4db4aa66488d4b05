// The page's end of the training worker (protocol: www/js/train-protocol.js). One dispatcher for
// every reply; modules subscribe with `on(type, fn)`. Run-bound replies reach subscribers only
// when they come from the page's current run. If the worker dies (a wasm panic, a failed load)
// the channel says so once (`onCrash`) and the next run (`begin`) starts in a fresh worker.
import { TO_PAGE, TO_WORKER, message } from "./train-protocol.js";
import { lang, onLangChange } from "./i18n.js";

const WORKER_URL = new URL("../train-worker.js", import.meta.url);

export class TrainChannel {
  /**
   * `createWorker()`: a new training worker (default: www/train-worker.js; an embedded widget
   * passes its own, www/js/embed-runtime.js); `lang()`: the language for the core's messages
   * (default: the page's, followed on every switch).
   */
  constructor({ createWorker = () => new Worker(WORKER_URL, { type: "module" }), lang: langOf } = {}) {
    this.createWorker = createWorker;
    this.lang = langOf ?? lang;
    this.handlers = new Map();
    this.current = 0; // the run shown
    this.pending = null; // a run proposed by `propose` (a model file) the worker has not accepted
    this.counter = 0;
    this.dead = false;
    this.onCrash = () => {};
    this.onAdopt = () => {};
    this.spawn();
    if (!langOf) onLangChange((l) => this.send("lang", { lang: l }));
  }

  spawn() {
    this.worker = this.createWorker();
    this.worker.onmessage = ({ data }) => this.receive(data);
    this.worker.onerror = (ev) => {
      ev.preventDefault?.();
      this.crash(ev.message || "the training worker failed");
    };
    this.dead = false;
    this.send("lang", { lang: this.lang() });
  }

  /** Ends the worker without calling `onCrash` (an embedded widget removed or evicted); the next
   * `begin` starts a fresh one. */
  close() {
    if (this.dead) return;
    this.dead = true;
    this.worker.terminate();
  }

  crash(text) {
    if (this.dead) return;
    this.dead = true;
    this.worker.terminate();
    this.onCrash(String(text));
  }

  /** Subscribes `fn` to replies of `type` (declared in TO_PAGE). */
  on(type, fn) {
    if (!TO_PAGE[type]) throw new Error(`train channel: undeclared reply "${type}"`);
    if (!this.handlers.has(type)) this.handlers.set(type, []);
    this.handlers.get(type).push(fn);
  }

  receive(m) {
    if (!TO_PAGE[m?.type]) {
      console.error(`train channel: undeclared reply "${m?.type}"`);
      return;
    }
    if (m.type === "crashed") {
      this.crash(m.message);
      return;
    }
    if (m.type === "session" && this.pending !== null && m.session === this.pending) {
      // The worker accepted the proposed run (a model file): it becomes the run shown.
      this.current = this.pending;
      this.pending = null;
      this.onAdopt(m);
    }
    const bound = TO_PAGE[m.type].session && m.session !== undefined;
    // A refused model file answers the proposal, not the current run.
    const answersProposal = m.type === "model-error" && m.session === this.pending;
    if (bound && m.session !== this.current && !answersProposal) return;
    if (answersProposal) this.pending = null;
    for (const fn of this.handlers.get(m.type) ?? []) fn(m);
  }

  /** Starts a new run (a fresh worker first if the last one died); returns its session id. */
  begin() {
    if (this.dead) this.spawn();
    this.current = ++this.counter;
    this.pending = null;
    return this.current;
  }

  /** A run the worker may refuse (a model file): shown only once the worker accepts it. */
  propose() {
    if (this.dead) this.spawn();
    this.pending = ++this.counter;
    return this.pending;
  }

  /** Sends a `type` message (declared in TO_WORKER); run commands go to the current run. */
  send(type, fields = {}, transfer = []) {
    if (this.dead) return false;
    const spec = TO_WORKER[type];
    const session = spec?.session ? (fields.session ?? this.current) : undefined;
    const msg = message(TO_WORKER, type, session === undefined ? fields : { ...fields, session });
    this.worker.postMessage(msg, transfer);
    return true;
  }
}
