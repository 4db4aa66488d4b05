// <activation-train>: one training run in a compact card. It talks to its worker through the
// page's TrainChannel (www/js/train-channel.js, protocol in train-protocol.js) and draws with the
// page's TrainCharts; the worker is asked of the page-wide budget (www/js/embed-budget.js) when
// the reader first plays. It trains only while wanted (Play, or autoplay without
// prefers-reduced-motion) and on screen in a visible tab; paused, its worker may be taken back for
// another widget, and the run is rebuilt from its seed and replayed to the same step on the next
// Play (a run is deterministic: same seed, same batches, same numbers).
import { TrainChannel } from "./train-channel.js";
import { TRAIN_WORKER, budget, imageBytes, spawnWorker } from "./embed-runtime.js";
import { watchVisibility } from "./embed-card.js";
import { createPanel } from "./embed-panels.js";
import { formatNumber } from "./dom.js";
import { pct } from "./train-hover.js";

const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)");
/** Under prefers-reduced-motion the charts are redrawn at most this often while training. */
const CALM_MS = 1000;

export class TrainWidget {
  constructor({ host, card, spec, core, module, lang }) {
    Object.assign(this, { host, card, spec, core, module, lang, tr: card.tr });
    this.charts = new core.TrainCharts();
    this.epochs = spec.setup.config.epochs;
    this.want = false; // the reader (or autoplay) wants it to train
    this.running = false; // asked to train now (wanted, on screen)
    this.done = false; // finished, diverged or stopped by its target
    this.steps = 0; // steps of the run shown (replayed on a fresh worker)
    this.lastStep = -1; // newest record on the charts
    this.stepUntil = 0; // a Step in flight ends at this step count
    this.latest = null;
    this.problem = "";
    this.lease = null;
    this.channel = null;
    this.starting = null;
    this.stepsPerEpoch = 0;
    this.holder = { owner: this, idle: () => !this.running && !this.stepUntil && !this.starting, evict: () => this.evicted() };
    card.canvases.draw = (canvas, kind, dpr) => this.charts.draw(canvas, kind, false, card.dark(), dpr, card.labels(kind));
    card.onTheme = () => this.panels?.forEach((p) => p.redraw());
    card.onButtons({ play: () => this.play(), step: () => this.step(), reset: () => this.reset() });
    this.panels = [];
    this.ready = Promise.all(card.slots.filter((s) => s.panel).map((s) => createPanel(s.kind, { core, wrap: s.wrap, lang, dark: () => card.dark() }))).then((p) => {
      this.panels = p;
    });
    this.vis = watchVisibility(host, () => this.sync());
    this.unlisten = budget.onChange(() => this.show());
    this.show();
  }

  play() {
    if (this.done) this.reset();
    this.want = !this.want;
    this.sync();
  }

  /** One epoch, then paused. */
  async step() {
    this.want = false;
    this.sync();
    if (this.done || !(await this.ensureWorker())) return;
    const spe = await this.sessionKnown;
    this.stepUntil = this.steps + spe;
    this.channel.send("step", { steps: spe });
    this.show();
  }

  /** Back to step 0 of the same run. */
  reset() {
    Object.assign(this, { want: false, done: false, steps: 0, lastStep: -1, stepUntil: 0, latest: null, problem: "" });
    this.charts.clear();
    this.panels.forEach((p) => p.clear());
    if (this.lease && !this.channel.dead) this.startRun();
    this.card.canvases.invalidate();
    this.sync();
  }

  /** Trains when wanted, not done and on screen in a visible tab; pauses otherwise. */
  sync() {
    if (this.spec.autoplay && !this.autoplayed && this.vis.visible() && !reducedMotion.matches) {
      this.autoplayed = true;
      this.want = true;
    }
    const go = this.want && !this.done && this.vis.visible();
    if (go && !this.running) {
      this.running = true;
      this.ensureWorker().then((ok) => {
        if (ok && this.running) this.channel.send("play");
        else if (!ok) this.running = false;
        this.show();
        budget.poke();
      });
    } else if (!go && this.running) {
      this.running = false;
      if (this.lease && !this.channel.dead) this.channel.send("pause");
      budget.cancel(this.holder);
      budget.poke();
    }
    this.show();
  }

  /** A worker holding the run shown, asked of the budget when there is none (false: not given). */
  ensureWorker() {
    if (this.lease && !this.channel.dead) return Promise.resolve(true);
    this.starting ??= this.acquire().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  async acquire() {
    if (!this.lease) {
      this.show();
      const lease = await budget.request(this.holder);
      if (!lease) return false;
      if (this.destroyed) {
        lease.release();
        return false;
      }
      this.lease = lease;
    }
    if (!this.channel) this.openChannel();
    await this.startRun();
    return !this.destroyed;
  }

  openChannel() {
    const ch = new TrainChannel({ createWorker: () => spawnWorker(TRAIN_WORKER, this.module, "crashed"), lang: () => this.lang });
    ch.on("session", (m) => {
      this.stepsPerEpoch = m.stepsPerEpoch;
      this.charts.setPoints(m.points);
      this.charts.setPlan(this.spec.hash, m.stepsPerEpoch);
      this.knowSession(m.stepsPerEpoch);
      this.card.canvases.invalidate("boundary");
    });
    ch.on("tick", (m) => this.onTick(m));
    ch.on("error", (m) => {
      this.problem = String(m.message);
      this.running = false;
      this.show();
    });
    ch.on("layerview", (m) => this.panels.forEach((p) => p.view === m.view && p.update(m)));
    ch.onCrash = (text) => {
      this.problem = this.tr("t_worker_crashed", { msg: String(text).slice(0, 200) });
      this.running = false;
      this.show();
    };
    this.channel = ch;
  }

  /** Builds the run on the worker (a fresh one after an eviction or a crash), replayed to the
   * step shown. */
  async startRun() {
    const ch = this.channel;
    const session = ch.begin();
    this.sessionKnown = new Promise((r) => (this.knowSession = r));
    ch.send("speed", { eps: this.spec.speed });
    const images = this.spec.setup.images;
    if (images) {
      const bytes = await imageBytes(images[0], images[1], (loaded, total) => this.download(loaded, total));
      const copy = bytes.slice();
      ch.send("images", { file: images[0], bytes: copy }, [copy.buffer]);
    }
    await this.ready;
    for (const p of this.panels) ch.send("layerview", { view: p.view, open: true });
    ch.send("setup", { hash: this.spec.hash, play: false, session });
    if (this.steps > 0) ch.send("step", { steps: this.steps });
  }

  download(loaded, total) {
    const mb = (v) => formatNumber(Math.round(v / 1e4) / 100);
    this.card.status(this.tr("t_loading_data", { mb: mb(loaded), total: mb(total || loaded) }));
  }

  /** The budget took the worker back while the widget was paused. */
  evicted() {
    this.channel?.close();
    this.lease = null;
  }

  onTick(m) {
    this.steps = m.steps;
    if (this.stepUntil && m.steps >= this.stepUntil) this.stepUntil = 0;
    const charts = this.charts;
    if (m.record) {
      const r = JSON.parse(m.record);
      // A replay after an eviction sends records the charts already have.
      if (r.step > this.lastStep) {
        charts.push(m.record);
        this.lastStep = r.step;
        this.latest = r;
      }
    }
    if (m.heat) charts.setHeatmap(m.heat);
    if (m.digits) charts.setDigits(m.digits);
    if (m.confusion) charts.setConfusion(m.confusion);
    this.state = m.status;
    if (m.status.state !== "running") {
      this.done = true;
      this.want = false;
      this.running = false;
      this.stepUntil = 0;
      budget.poke();
    }
    this.redraw(m.playing);
    this.show();
    if (m.record || m.status.state !== "running") this.announce();
  }

  /** Tells the host page what the run measured (docs/embedding.md, "Figures"): the
   * `activation-figures` event, after every new record and when the run ends. */
  announce() {
    const detail = { view: "train", state: this.state?.state ?? "running", steps: this.steps, record: this.latest };
    this.host.dispatchEvent(new CustomEvent("activation-figures", { detail }));
  }

  /** Redraws the charts, at most once a second while training under prefers-reduced-motion. */
  redraw(playing) {
    const now = performance.now();
    if (playing && reducedMotion.matches && now - (this.drawnAt ?? -Infinity) < CALM_MS) {
      clearTimeout(this.calm);
      this.calm = setTimeout(() => this.redraw(false), CALM_MS);
      return;
    }
    this.drawnAt = now;
    this.card.canvases.invalidate();
    const figures = this.figureText();
    // The panels (network view, conv maps) name what they draw themselves (embed-panels.js).
    for (const s of this.card.slots) if (!s.panel) this.card.describe(s.kind, figures);
  }

  figureText() {
    const r = this.latest;
    if (!r) return "";
    const acc = r.test_accuracy ?? r.train_accuracy;
    const loss = formatNumber(Number((r.test_loss ?? r.train_loss).toPrecision(3)));
    const e = formatNumber(Math.floor(r.epoch * 100) / 100);
    const key = acc === null || acc === undefined ? "w_figures_regression" : "w_figures";
    return this.tr(key, { e, n: formatNumber(this.epochs), acc: pct(acc), loss });
  }

  show() {
    const { card, tr } = this;
    card.setPlaying(this.want && !this.done);
    card.figures(this.figureText());
    this.host.dataset.steps = String(this.steps);
    const s = this.state ?? { state: "running" };
    const position = budget.position(this.holder);
    this.host.dataset.state = position >= 0 ? "waiting" : this.running ? "running" : this.done ? "done" : "paused";
    if (this.problem) card.status(this.problem, true);
    else if (s.state === "finished") card.status(tr("t_finished", { n: formatNumber(this.epochs) }));
    else if (s.state === "diverged") card.status(tr("t_diverged", { step: s.step }), true);
    else if (s.state === "stopped") card.status(tr("t_stopped", { acc: pct(s.accuracy), target: pct(s.target), epoch: formatNumber(Math.round(s.epoch * 100) / 100), step: s.step }));
    else if (position >= 0) card.status(tr("w_waiting", { n: formatNumber(position) }));
    else if (this.starting && this.running) card.status(tr("w_loading"));
    else if (this.running) card.status(tr("t_running"));
    else if (this.want) card.status(tr("w_away"));
    else if (this.steps > 0) card.status(tr("w_paused"));
    else card.status(tr("w_idle", { seed: this.spec.setup.config.seed }));
  }

  /** Read-only results for the page tests: the run's trace (CSV) and its latest record. */
  results() {
    return { csv: this.charts.csv(), latest: this.latest, steps: this.steps, state: this.state?.state ?? "running" };
  }

  destroy() {
    this.destroyed = true;
    this.running = false;
    this.vis.stop();
    this.unlisten();
    clearTimeout(this.calm);
    this.channel?.close();
    budget.forget(this);
    this.lease = null;
    this.card.destroy();
    this.panels.forEach((p) => p.destroy());
    this.charts.free();
  }
}
