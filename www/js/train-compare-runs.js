// The compare section's progress: one row per run (its label, a bar, and its state — queued,
// epoch k of n, done, diverged or failed with the message) and the overall time left. Rows carry
// data-state (queued | running | done | failed | cancelled) for the page tests; `peak` is the largest number
// of runs seen training at once.
import { clear, el, formatNumber } from "./dom.js";
import { onLangChange, t } from "./i18n.js";
import { ETA_MIN_SECONDS } from "./train-speed.js";
import { TimeLeft, formatDuration } from "./time-left.js";

const $ = (id) => document.getElementById(id);

export class RunRows {
  constructor() {
    this.runs = [];
    this.peak = 0;
    this.estimate = new TimeLeft();
    onLangChange(() => this.runs.forEach((_, i) => this.show(i)));
  }

  /** New rows for `labels`, each training `epochs` epochs; all queued. */
  reset(labels, epochs) {
    const box = $("c-progress");
    clear(box);
    this.epochs = epochs;
    this.peak = 0;
    this.estimate.reset();
    this.runs = labels.map((label, i) => {
      const bar = el("progress", { id: `c-prog-${i}`, max: 1, value: 0 });
      const state = el("small", { class: "cmp-state" });
      const row = el("label", { class: "cmp-run", data: { run: String(i) } }, el("span", { text: label }), bar, state);
      box.append(row);
      const r = { row, bar, state, status: "queued", progress: 0, error: "", diverged: false };
      return r;
    });
    this.runs.forEach((_, i) => this.show(i));
  }

  /** Run `i`'s worker started. */
  start(i) {
    this.progress(i, 0);
  }

  /** Run `i` reported its fraction done. */
  progress(i, fraction) {
    const r = this.runs[i];
    if (!r || (r.status !== "queued" && r.status !== "running")) return;
    r.status = "running";
    r.progress = fraction;
    r.bar.value = fraction;
    this.show(i);
    this.peak = Math.max(this.peak, this.runs.filter((x) => x.status === "running").length);
    $("compare").dataset.peak = String(this.peak);
  }

  /** Run `i` ended: `error` (text) when it failed, `diverged` when it stopped on a divergence. */
  finish(i, error, diverged) {
    const r = this.runs[i];
    if (!r) return;
    r.status = error ? "failed" : "done";
    r.error = error ?? "";
    r.diverged = !!diverged;
    if (!error && !diverged) r.bar.value = r.progress = 1;
    this.show(i);
  }

  /** The comparison was cancelled: runs not finished say so. */
  cancel() {
    this.runs.forEach((r, i) => {
      if (r.status !== "queued" && r.status !== "running") return;
      r.status = "cancelled";
      this.show(i);
    });
  }

  /** Runs that failed. */
  get failed() {
    return this.runs.filter((r) => r.status === "failed").length;
  }

  show(i) {
    const r = this.runs[i];
    r.row.dataset.state = r.status;
    const epoch = Math.min(this.epochs, Math.floor(r.progress * this.epochs) + 1);
    const text = {
      queued: () => t("cmp_queued"),
      running: () => t("cmp_epoch_of", { k: formatNumber(epoch), n: formatNumber(this.epochs) }),
      done: () => (r.diverged ? t("cmp_diverged") : t("cmp_run_done")),
      failed: () => t("cmp_failed", { msg: r.error }),
      cancelled: () => t("cmp_cancelled"),
    }[r.status]();
    r.state.textContent = text;
    r.state.title = text;
  }

  /**
   * The comparison's time left from the runs' fractions done (failed runs count as done), through
   * the smoothed estimate (www/js/time-left.js); empty while it warms up or about to end.
   */
  eta() {
    const parts = this.runs.map((r) => (r.status === "failed" || r.status === "done" ? 1 : r.progress));
    const done = parts.reduce((a, b) => a + b, 0);
    const left = this.estimate.update(performance.now(), done, parts.length);
    $("c-eta").textContent = left !== null && left >= ETA_MIN_SECONDS ? t("t_eta", { t: formatDuration(left) }) : "";
  }
}
