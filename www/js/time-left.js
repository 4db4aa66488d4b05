// Durations as people read them ("42 s", "3 min 12 s", "1 h 5 min", in the page language) and a
// time-left estimate that settles after a warm-up and does not climb without cause. Pure: the
// clock is the caller's (`now` in ms), so a test can drive it with a fake one
// (tests/e2e/cnn-newcomer.mjs).
import { formatNumber } from "./dom.js";
import { addStrings, t } from "./i18n.js";

addStrings(
  { dur_ms: "{ms} ms", dur_s: "{s} s", dur_min_s: "{m} min {s} s", dur_min: "{m} min", dur_h_min: "{h} h {m} min" },
  { dur_ms: "{ms} 毫秒", dur_s: "{s} 秒", dur_min_s: "{m} 分 {s} 秒", dur_min: "{m} 分钟", dur_h_min: "{h} 小时 {m} 分" },
);

/** `seconds` as people read it: milliseconds under a second (one decimal under 10 ms), one
 * decimal under 10 s, whole seconds under a minute, minutes and seconds under 10 min, then
 * minutes, then hours and minutes. */
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return "—";
  if (seconds < 0.9995) {
    const ms = seconds * 1000;
    return t("dur_ms", { ms: formatNumber(ms < 9.95 ? Math.round(ms * 10) / 10 : Math.round(ms)) });
  }
  if (seconds < 9.95) return t("dur_s", { s: formatNumber(Math.round(seconds * 10) / 10) });
  const whole = Math.round(seconds);
  if (whole < 60) return t("dur_s", { s: formatNumber(whole) });
  if (whole < 600) return t("dur_min_s", { m: formatNumber(Math.floor(whole / 60)), s: formatNumber(whole % 60) });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t("dur_min", { m: formatNumber(minutes) });
  return t("dur_h_min", { h: formatNumber(Math.floor(minutes / 60)), m: formatNumber(minutes % 60) });
}

/**
 * Time left of a job measured in units (fractional epochs, runs of a comparison). The rate is the
 * average since the first update, pauses included (a run's evaluations stop its training for a
 * while, again and again); the estimate is withheld for the first `warmup` ms and until it has
 * settled (two estimates `window` ms apart agree within `settle`, after allowing for the time
 * between them). Once shown it counts down with the clock and is replaced by a fresh estimate
 * when that is lower, or more than `slack` and `jump` seconds higher (the job really slowed): it
 * never climbs for noise.
 */
export class TimeLeft {
  constructor({ window = 1000, warmup = 2500, settle = 0.1, slack = 0.25, jump = 10 } = {}) {
    Object.assign(this, { window, warmup, settle, slack, jump });
    this.reset();
  }

  /** Forgets everything (a new run, a pause, another speed). */
  reset() {
    this.start = null;
    this.last = null;
    this.shown = null;
  }

  /** The estimate in seconds at time `now` (ms) with `done` of `total` units done, or null while
   * warming up or when nothing is left. */
  update(now, done, total) {
    if (this.start === null) {
      this.start = { t: now, done };
      return null;
    }
    const elapsed = now - this.start.t;
    const rate = (done - this.start.done) / Math.max(1, elapsed);
    const left = total - done;
    if (left <= 0 || rate <= 0) return (this.shown = null);
    const fresh = left / rate / 1000;
    if (this.shown === null) {
      // Settled: the estimate `window` ms ago, less the time since, is within `settle` of now's.
      const prev = this.last;
      if (!prev || now - prev.t >= this.window) this.last = { t: now, s: fresh };
      const steady = prev && now - prev.t >= this.window && Math.abs(prev.s - (now - prev.t) / 1000 - fresh) <= this.settle * fresh;
      if (elapsed < this.warmup || !steady) return null;
      this.shown = { s: fresh, t: now };
      return fresh;
    }
    const running = Math.max(0, this.shown.s - (now - this.shown.t) / 1000);
    const next = fresh < running || fresh > running * (1 + this.slack) + this.jump ? fresh : running;
    this.shown = { s: next, t: now };
    return next;
  }
}
