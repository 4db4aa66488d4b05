// <activation-compare>: one setup trained once per activation, each run in a worker of its own
// (www/compare-worker.js, messages in train-protocol.js), the workers asked of the page-wide
// budget (www/js/embed-budget.js) run by run, so the comparison never takes more than the page
// allows. The runs are the page's compare runs bit for bit (same hash, same seed). Pause holds
// every run between checks (`cmp-pause`); a held run's worker may be taken back for another
// widget, and the run then restarts from its seed on the next Play, its records already drawn
// skipped (they come again, identical).
import { FROM_COMPARE, TO_COMPARE, dispatcher, message } from "./train-protocol.js";
import { COMPARE_WORKER, budget, imageBytes, spawnWorker } from "./embed-runtime.js";
import { watchVisibility } from "./embed-card.js";
import { formatNumber } from "./dom.js";
import { pct } from "./train-hover.js";

const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)");
const CALM_MS = 1000;

const el = (tag, cls, text) => {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
};

export class CompareWidget {
  constructor({ host, card, spec, core, module, lang }) {
    Object.assign(this, { host, card, spec, core, module, lang, tr: card.tr });
    this.labels = spec.setup.compare;
    // The line-up as the page shows it (the core's contender labels), for the legends.
    this.displays = spec.setup.compare_labels;
    this.epochs = spec.setup.config.epochs;
    this.charts = new core.TrainCharts();
    this.want = false;
    this.generation = 0;
    card.canvases.draw = (canvas, kind, dpr) => this.charts.draw(canvas, kind, false, card.dark(), dpr, card.labels(kind));
    card.onButtons({ play: () => this.play(), step: () => this.step(), reset: () => this.reset() });
    this.list = card.root.querySelector(".runs");
    this.list.setAttribute("aria-label", this.tr("cmp_title"));
    // It scrolls when the runs outgrow it (six runs on a phone): keyboard users must reach it too.
    this.list.tabIndex = 0;
    this.vis = watchVisibility(host, () => this.sync());
    this.unlisten = budget.onChange(() => this.show());
    this.reset();
  }

  /** Whether the runs should train now. */
  go() {
    return this.want && !this.finished && this.vis.visible();
  }

  play() {
    if (this.finished) this.reset();
    this.want = !this.want;
    this.sync();
  }

  /** Every run that has a worker trains to its next check (an epoch on MNIST, a quarter epoch on
   * small sets), then holds; runs still queued wait. */
  step() {
    this.want = false;
    this.sync();
    for (const run of this.runs) {
      if (!run.worker) continue;
      run.stepping = true;
      run.held = true;
      run.worker.postMessage(message(TO_COMPARE, "cmp-step"));
    }
  }

  reset() {
    this.generation += 1;
    for (const run of this.runs ?? []) this.stopRun(run);
    budget.forget(this);
    this.charts.compareStart(JSON.stringify(this.labels), JSON.stringify(this.displays), this.epochs);
    this.finished = false;
    this.want = false;
    this.runs = this.labels.map((label, i) => {
      const run = { i, label, state: "queued", progress: 0, records: 0, replayed: 0, worker: null, lease: null, held: false, stepping: false, waiting: false, summary: null, error: "" };
      run.holder = { owner: this, idle: () => !!run.worker && run.held && !run.stepping, evict: () => this.evicted(run) };
      return run;
    });
    this.buildList();
    this.card.canvases.invalidate();
    this.sync();
  }

  buildList() {
    this.list.replaceChildren();
    for (const run of this.runs) {
      const bar = el("progress");
      bar.max = 1;
      bar.value = 0;
      bar.setAttribute("aria-label", run.label);
      run.node = el("li", "run");
      run.fig = el("span", "run-fig");
      run.node.append(el("span", "run-name", run.label), bar, run.fig);
      run.bar = bar;
      this.list.append(run.node);
    }
  }

  sync() {
    if (this.spec.autoplay && !this.autoplayed && this.vis.visible() && !reducedMotion.matches) {
      this.autoplayed = true;
      this.want = true;
    }
    const go = this.go();
    for (const run of this.runs) {
      if (run.state === "done" || run.state === "failed") continue;
      if (go && run.worker && run.held) this.hold(run, false);
      else if (go && !run.worker && !run.waiting) this.request(run);
      else if (!go && run.worker && !run.held) this.hold(run, true);
      else if (!go && run.waiting) budget.cancel(run.holder);
    }
    if (!go) budget.poke();
    this.show();
  }

  hold(run, held) {
    run.held = held;
    run.worker.postMessage(message(TO_COMPARE, "cmp-pause", { paused: held }));
  }

  request(run) {
    run.waiting = true;
    const generation = this.generation;
    budget.request(run.holder).then((lease) => {
      run.waiting = false;
      if (!lease) return;
      if (this.destroyed || generation !== this.generation || !this.go()) {
        lease.release();
        return;
      }
      run.lease = lease;
      this.launch(run, generation);
    });
  }

  async launch(run, generation) {
    const worker = spawnWorker(COMPARE_WORKER, this.module, "cmp-failed");
    run.worker = worker;
    run.held = false;
    run.replayed = 0;
    run.state = "running";
    const handle = dispatcher(FROM_COMPARE, {
      cmp: (m) => this.onEvent(run, m.event),
      "cmp-end": () => this.end(run, null),
      "cmp-failed": (m) => this.end(run, m.message),
    });
    worker.onmessage = ({ data }) => {
      if (run.worker !== worker) return;
      try {
        handle(data);
      } catch (e) {
        this.end(run, String(e?.message ?? e));
      }
    };
    worker.onerror = (ev) => {
      ev.preventDefault?.();
      if (run.worker === worker) this.end(run, ev.message || "the compare worker failed");
    };
    const images = this.spec.setup.images;
    let own;
    if (images) {
      const bytes = await imageBytes(images[0], images[1], (loaded, total) => this.download(loaded, total));
      own = bytes.slice();
    }
    if (run.worker !== worker || generation !== this.generation) return;
    const fields = { hash: this.spec.hash, run: run.i, images: own, lang: this.lang };
    worker.postMessage(message(TO_COMPARE, "cmp-run", fields), own ? [own.buffer] : []);
    if (!this.go()) this.hold(run, true);
    this.show();
  }

  download(loaded, total) {
    const mb = (v) => formatNumber(Math.round(v / 1e4) / 100);
    this.card.status(this.tr("t_loading_data", { mb: mb(loaded), total: mb(total || loaded) }));
  }

  onEvent(run, ev) {
    run.stepping = false;
    run.progress = Math.max(run.progress, ev.progress ?? 0);
    if (ev.record) {
      // A run restarted after an eviction sends the records already drawn again: skip them.
      if (run.replayed < run.records) {
        run.replayed += 1;
      } else {
        this.charts.comparePush(run.i, JSON.stringify(ev.record));
        run.last = ev.record;
        run.records += 1;
        run.replayed += 1;
        this.redraw();
      }
    }
    if (ev.summary) run.summary = ev.summary;
    this.show();
  }

  /** Run `run` ended (`error`: why it failed); its worker and slot go. */
  end(run, error) {
    this.stopRun(run);
    run.state = error ? "failed" : "done";
    run.error = error ?? "";
    if (!error) run.progress = 1;
    if (this.runs.every((r) => r.state === "done" || r.state === "failed")) {
      this.finished = true;
      this.want = false;
      this.redraw(true);
    }
    this.sync();
    // The host page's look at the figures (docs/embedding.md, "Figures"): after every run.
    const detail = { view: "compare", finished: this.finished, runs: this.results() };
    this.host.dispatchEvent(new CustomEvent("activation-figures", { detail }));
  }

  stopRun(run) {
    run.worker?.terminate();
    run.worker = null;
    run.lease?.release();
    run.lease = null;
    if (run.waiting) budget.cancel(run.holder);
  }

  /** The budget took a held run's worker back: it restarts (replaying) on the next Play. */
  evicted(run) {
    run.worker?.terminate();
    run.worker = null;
    run.lease = null;
    run.held = false;
    run.state = "queued";
    this.show();
  }

  redraw(force = false) {
    const now = performance.now();
    if (!force && reducedMotion.matches && now - (this.drawnAt ?? -Infinity) < CALM_MS) {
      clearTimeout(this.calm);
      this.calm = setTimeout(() => this.redraw(true), CALM_MS);
      return;
    }
    this.drawnAt = now;
    this.card.canvases.invalidate();
  }

  runText(run) {
    const s = run.summary;
    if (run.state === "failed") return this.tr("cmp_failed", { msg: run.error.slice(0, 160) });
    if (run.state === "done" && s) return s.diverged ? this.tr("cmp_diverged") : pct(s.final_test_accuracy);
    if (run.state === "queued" && run.progress === 0) return this.tr("cmp_queued");
    const k = Math.min(this.epochs, Math.floor(run.progress * this.epochs) + 1);
    return this.tr("cmp_epoch_of", { k: formatNumber(k), n: formatNumber(this.epochs) });
  }

  show() {
    const { card, tr } = this;
    card.setPlaying(this.want && !this.finished);
    let best = null;
    for (const run of this.runs) {
      const text = this.runText(run);
      run.fig.textContent = text;
      run.node.dataset.state = run.state;
      run.node.title = tr("w_run", { name: run.label, state: text });
      run.bar.value = run.progress;
      const acc = run.summary?.final_test_accuracy;
      if (run.state === "done" && acc !== null && acc !== undefined && !(best?.acc >= acc)) best = { name: run.label, acc };
    }
    const done = this.runs.filter((r) => r.state === "done" || r.state === "failed").length;
    const bestText = best ? tr("w_best", { name: best.name, acc: pct(best.acc) }) : "";
    card.figures(tr("w_figures_cmp", { done: formatNumber(done), n: formatNumber(this.runs.length), best: bestText }));
    this.host.dataset.records = String(this.runs.reduce((s, r) => s + r.records, 0));
    this.host.dataset.state = this.finished ? "done" : this.go() ? "running" : "paused";
    const waiting = this.runs.filter((r) => r.waiting).map((r) => budget.position(r.holder)).filter((p) => p >= 0);
    const training = this.runs.some((r) => r.worker && !r.held);
    if (this.finished) card.status(this.runs.some((r) => r.state === "failed") ? tr("cmp_done_failed", { n: formatNumber(this.runs.filter((r) => r.state === "failed").length) }) : tr("cmp_done"));
    else if (training) card.status(tr("cmp_running"));
    else if (waiting.length) card.status(tr("w_waiting", { n: formatNumber(Math.min(...waiting)) }));
    else if (this.want) card.status(tr("w_away"));
    else if (done > 0 || this.runs.some((r) => r.records > 0)) card.status(tr("w_paused"));
    else card.status(tr("w_idle_cmp", { seed: this.spec.setup.config.seed }));
  }

  /** Read-only results for the page tests: per run its label, state, last record and summary. */
  results() {
    return this.runs.map((r) => ({ label: r.label, state: r.state, records: r.records, last: r.last ?? null, summary: r.summary, error: r.error }));
  }

  destroy() {
    this.destroyed = true;
    this.generation += 1;
    this.vis.stop();
    this.unlisten();
    clearTimeout(this.calm);
    for (const run of this.runs) this.stopRun(run);
    budget.forget(this);
    this.card.destroy();
    this.charts.free();
  }
}
