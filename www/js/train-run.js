// The training run on the page: starts runs (the one reset path for a setup, a loaded model and
// a fresh worker after a crash), shows what the worker reports for the current run (counters,
// status line, charts) and wires Play/Step/Reset and the divergence fix. Talks to the worker only
// through the channel (www/js/train-channel.js), whose replies are the current run's only.
import { formatNumber } from "./dom.js";
import { lang, onLangChange, t } from "./i18n.js";
import { compose, curvesPart } from "./train-hash.js";
import { pct } from "./train-hover.js";
import { TRAIN_KINDS } from "./train-view.js";
import { describeRecord } from "./chart-a11y.js";
import { formatDuration } from "./time-left.js";

const $ = (id) => document.getElementById(id);
const idle = () => ({ playing: false, status: { state: "running" }, steps: 0, epoch: 0, diagnosis: null });

export class TrainRun {
  /** `send(message)`: sends a setup/compare message with the browser-held data added. */
  /** `check(pairs)`: marks the form's invalid fields, true when there are none. */
  constructor({ core, charts, view, channel, form, send, check }) {
    Object.assign(this, { core, charts, view, channel, form, send, check });
    this.running = idle();
    this.hash = "";
    this.early = null;
    this.epochs = 0;
    this.error = null;
    this.crashed = null;
    this.lastPanels = 0;
    this.lastConfusion = 0;
    this.coverage = null;
    /** `fn(setup)` after the view was reset to a run's setup (before the worker built it). */
    this.resetListeners = [];
    channel.on("session", (m) => this.onSession(m));
    channel.on("tick", (m) => this.onTick(m));
    channel.on("error", (m) => this.onError(m));
    // A model file's network is trained, whatever its step count says.
    channel.onAdopt = (m) => this.resetView(JSON.parse(m.setup).hash, { loaded: true });
    onLangChange(() => {
      this.showStatus();
      this.showConfusionNote();
      this.showCoverage();
    });
    this.wireControls();
  }

  writeHash(train) {
    history.replaceState(null, "", `#${compose(curvesPart(), train)}`);
  }

  /**
   * Validates the form through the core; on success starts a run of it. While a field is invalid
   * the checker marks it and nothing runs (Play is disabled: no run of stale values).
   */
  apply(overrides = {}) {
    const pairs = this.form.pairs(overrides);
    if (this.check && !this.check(pairs)) return false;
    let hash;
    try {
      hash = this.core.trainHash(pairs);
    } catch (e) {
      $("t-error").textContent = String(e.message ?? e);
      return false;
    }
    $("t-error").textContent = "";
    this.form.set(JSON.parse(this.core.trainSetup(hash)));
    this.start(hash);
    return true;
  }

  /** A new run of `hash` (in a fresh worker if the last one died); plays at once with `play`. */
  start(hash, { play = false } = {}) {
    const session = this.channel.begin();
    // Play or Step pressed before the first run existed (the worker still loading) count now.
    const early = this.early ?? { play: false, steps: 0 };
    this.early = null;
    play = play || early.play;
    this.resetView(hash);
    this.running.playing = play;
    this.showStatus();
    this.send({ type: "setup", hash, play, session });
    if (early.steps > 0) this.channel.send("step", { steps: early.steps });
  }

  /** Before the first run exists, Play and Step are remembered for it instead of being lost. */
  remember(action) {
    this.early ??= { play: false, steps: 0 };
    if (action === "play") this.early.play = !this.early.play;
    else this.early.steps += 1;
    this.running.playing = this.early.play;
    this.showStatus();
  }

  /** `fn(setup)` runs whenever the view shows a new run's setup (the panels that describe it). */
  onReset(fn) {
    this.resetListeners.push(fn);
  }

  /** Forgets the shown run and shows `hash`'s empty one (`loaded`: a model file's, trained
   * already): form link, counters, charts, panels. */
  resetView(hash, { loaded = false } = {}) {
    this.hash = hash;
    this.loaded = loaded;
    this.writeHash(hash);
    this.charts.clear();
    this.error = null;
    this.crashed = null;
    this.running = idle();
    this.evaluated = false;
    for (const id of ["t-epoch", "t-steps"]) $(id).textContent = "0";
    for (const id of ["t-sps", "t-acc", "t-loss", "t-mspe"]) $(id).textContent = "—";
    $("t-confusion-note").textContent = "";
    $("t-digits-note").textContent = "";
    this.coverage = null;
    this.showCoverage();
    const setup = JSON.parse(this.core.trainSetup(hash));
    this.epochs = setup.config.epochs;
    $("t-boundary-box").hidden = !!setup.images;
    $("t-digits-box").hidden = !setup.images;
    $("t-confusion-box").hidden = setup.classes < 2;
    this.showStatus();
    this.view.canvases.invalidate(...TRAIN_KINDS);
    for (const fn of this.resetListeners) fn(setup);
  }

  /** The worker died: say so; the next Play or Reset starts a fresh one. */
  onCrash(text) {
    this.crashed = text;
    this.running.playing = false;
    $("t-sps").textContent = "—";
    this.showStatus();
  }

  onSession(m) {
    this.coverage = { evaluated: m.evalSamples, total: m.testSize };
    this.showCoverage();
    this.charts.setPoints(m.points);
    try {
      this.charts.setPlan(JSON.parse(m.setup).hash, m.stepsPerEpoch);
    } catch (e) {
      $("t-error").textContent = String(e.message ?? e);
    }
    this.view.canvases.invalidate("boundary", "lr");
  }

  onError(m) {
    if (m.where === "compare") return;
    this.error = String(m.message);
    this.running.playing = false;
    this.showStatus();
  }

  onTick(m) {
    this.running = { ...this.running, playing: m.playing, status: m.status, steps: m.steps, epoch: m.epoch };
    if (m.diagnosis) this.running.diagnosis = JSON.parse(m.diagnosis);
    $("t-steps").textContent = String(m.steps);
    $("t-epoch").textContent = String(m.epoch);
    // The last measured rate stays after the run ends or pauses.
    if (m.sps > 0) $("t-sps").textContent = formatNumber(Math.round(m.sps));
    if (m.msPerEpoch > 0) $("t-mspe").textContent = formatDuration(m.msPerEpoch / 1000);
    this.drawTick(m);
    this.showStatus();
  }

  /**
   * The tick's charts and figures. Everything of one evaluation (headline figures, confusion
   * matrix, misclassified grid) is shown together; only the redrawing of slow-changing panels is
   * spaced, to at most 4× a second while playing, with the last one always drawn.
   */
  drawTick(m) {
    const { charts } = this;
    const invalidate = (...k) => this.view.canvases.invalidate(...k);
    // Before the first step nothing has been trained (unless a model file was loaded): no matrix,
    // no grid, no headline figure.
    const trained = m.steps > 0 || this.loaded;
    if (m.confusion) {
      charts.setConfusion(trained ? m.confusion : "null");
      this.showConfusionNote();
      this.spaced("lastConfusion", m.playing, "confusion");
    }
    if (m.record) {
      charts.push(m.record);
      const r = JSON.parse(m.record);
      // No figure for a run that did not happen: the untrained network's evaluation is only the
      // charts' starting point (epoch 0).
      $("t-acc").textContent = trained ? pct(r.test_accuracy ?? r.train_accuracy) : "—";
      $("t-loss").textContent = trained ? formatNumber(r.test_loss ?? r.train_loss) : "—";
      describeRecord(this.view.canvases, r);
      invalidate("loss", "accuracy");
      this.spaced("lastPanels", m.playing, "grad", "meanstd", "dead", "alpha", "clip", "lr");
    }
    if (m.heat) {
      charts.setHeatmap(m.heat);
      invalidate("boundary");
    }
    if (m.digits) {
      charts.setDigits(trained ? m.digits : "null");
      const d = JSON.parse(m.digits);
      $("t-digits-note").textContent = trained ? t("t_digits_note", { n: formatNumber(d.total), of: formatNumber(d.count) }) : t("t_untrained");
      this.spaced("lastDigits", m.playing, "digits");
    }
    if (m.confusion || m.digits) this.evaluated = trained;
    // Trained but not evaluated yet (a costly net's first evaluation comes seconds after Play):
    // say so instead of "press Play".
    else if (trained && !this.evaluated) {
      this.showConfusionNote();
      if (!$("t-digits-box").hidden) $("t-digits-note").textContent = t("t_eval_pending");
    }
  }

  /** Redraws charts `kinds` now if their last drawing (time in `this[last]`) is 250 ms old or the
   * run is not playing, else once that time has passed: the latest data is always drawn. */
  spaced(last, playing, ...kinds) {
    const wait = (this[last] ?? 0) + 250 - performance.now();
    if (!playing || wait <= 0) {
      this[last] = performance.now();
      return this.view.canvases.invalidate(...kinds);
    }
    this.pending ??= new Set();
    if (this.pending.has(last)) return undefined;
    this.pending.add(last);
    return setTimeout(() => {
      this.pending.delete(last);
      this[last] = performance.now();
      this.view.canvases.invalidate(...kinds);
    }, wait);
  }

  /** Which test images the live figures cover, when a costly network reads only some of them. */
  showCoverage() {
    const c = this.coverage;
    const node = $("t-coverage");
    node.hidden = !c || !(c.evaluated < c.total);
    node.textContent = node.hidden ? "" : t("t_coverage", { n: formatNumber(c.evaluated), of: formatNumber(c.total) });
  }

  showStatus() {
    const s = this.running.status;
    const node = $("t-status");
    node.classList.toggle("diverged", s.state === "diverged" || !!this.crashed);
    const d = s.state === "diverged" ? this.running.diagnosis : null;
    if (this.crashed) node.textContent = t("t_worker_crashed", { msg: this.crashed.slice(0, 200) });
    else if (this.error) node.textContent = this.error;
    else if (d) node.textContent = t("t_diverged_why", { step: s.step, why: lang() === "zh" ? d.message_zh : d.message });
    else if (s.state === "diverged") node.textContent = t("t_diverged", { step: s.step });
    else if (s.state === "finished") node.textContent = t("t_finished", { n: this.epochs });
    else if (s.state === "stopped")
      node.textContent = t("t_stopped", { acc: pct(s.accuracy), target: pct(s.target), epoch: formatNumber(Math.round(s.epoch * 100) / 100), step: s.step });
    else node.textContent = this.running.playing ? t("t_running") : t("t_paused");
    // Divergence explained: the core's one-click fix, applied by restarting with its setup.
    $("t-diag").hidden = !d || !!this.error || !!this.crashed;
    if (d) $("t-fix").textContent = t("t_fix", { label: lang() === "zh" ? d.fix_label_zh : d.fix_label });
    $("t-play").textContent = this.running.playing ? t("t_pause") : t("t_play");
    $("t-play").dataset.playing = this.running.playing ? "1" : "0";
    $("train").dataset.crashed = this.crashed ? "1" : "";
  }

  showConfusionNote() {
    const c = JSON.parse(this.charts.confusion());
    if (!c) {
      const steps = this.running.steps > 0;
      $("t-confusion-note").textContent = this.loaded || !this.hash ? "" : t(steps ? "t_eval_pending" : "t_untrained");
      return;
    }
    $("t-confusion-note").textContent = t("t_cm_note", {
      total: c.total,
      acc: pct(c.accuracy),
      per: c.per_class.map((a, i) => `${i}: ${pct(a)}`).join(", "),
    });
  }

  /** Compare took the worker: the training run is paused. */
  paused() {
    this.running.playing = false;
    this.showStatus();
  }

  wireControls() {
    $("t-play").addEventListener("click", () => {
      // After a crash Play starts the run again in a fresh worker.
      if (this.channel.dead) return this.start(this.hash, { play: true });
      if (!this.hash) return this.remember("play");
      if (this.running.playing) this.channel.send("pause");
      else this.channel.send("play");
      this.running.playing = !this.running.playing && this.running.status.state === "running";
      this.showStatus();
    });
    $("t-step").addEventListener("click", () => {
      if (!this.hash) return this.remember("step");
      if (this.channel.dead) this.start(this.hash);
      this.channel.send("step", { steps: 1 });
    });
    $("t-reset").addEventListener("click", () => this.start(this.hash));
    // The one-click fix: the core's fixed setup, applied to the form and run at once.
    $("t-fix").addEventListener("click", () => {
      const d = this.running.diagnosis;
      if (!d) return;
      this.form.set(JSON.parse(this.core.trainSetup(d.fix_hash)));
      this.start(this.core.trainHash(d.fix_hash), { play: true });
    });
  }
}
