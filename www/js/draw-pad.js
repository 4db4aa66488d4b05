// The 28×28 draw pad (shown for the 8×8 digits and MNIST): pointer events (mouse, touch, pen)
// draw round strokes on a 280×280 canvas; its ink (alpha bytes) goes to the worker, which
// prepares it as the training images were (`data::pad`, Rust) and answers with the current
// model's class probabilities. The pad only draws and forwards; no preparation happens here.

import { clear, el } from "./dom.js";

/** Stroke width in pad pixels: MNIST strokes are ~2–3 px of 28, i.e. ~22 of 280. */
const STROKE = 22;

/**
 * Wires the pad. `onInk(ink, side)` is called (at most one call in flight; see `done`) with the
 * pad's alpha bytes whenever the drawing changed; `onClear()` when it was wiped.
 */
export class DrawPad {
  constructor({ canvas, seen, probs, clearButton, onInk, onClear }) {
    this.canvas = canvas;
    this.seen = seen;
    this.probs = probs;
    this.onInk = onInk;
    this.onClear = onClear;
    this.ctx = canvas.getContext("2d", { willReadFrequently: true });
    this.inFlight = false;
    this.pending = false;
    this.inked = false;
    this.last = null;
    canvas.style.touchAction = "none";
    canvas.addEventListener("pointerdown", (ev) => {
      canvas.setPointerCapture(ev.pointerId);
      this.last = this.point(ev);
      this.stroke(this.last, this.last);
    });
    canvas.addEventListener("pointermove", (ev) => {
      if (!this.last) return;
      // Coalesced events keep fast pen and touch strokes smooth.
      for (const e of ev.getCoalescedEvents?.() ?? [ev]) {
        const p = this.point(e);
        this.stroke(this.last, p);
        this.last = p;
      }
    });
    const end = () => {
      if (!this.last) return;
      this.last = null;
      this.changed();
    };
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    clearButton.addEventListener("click", () => this.clear());
    this.renderProbs(null);
  }

  /** Pad pixel under a pointer event. */
  point(ev) {
    const r = this.canvas.getBoundingClientRect();
    return [((ev.clientX - r.left) / r.width) * this.canvas.width, ((ev.clientY - r.top) / r.height) * this.canvas.height];
  }

  stroke(a, b) {
    const c = this.ctx;
    c.strokeStyle = "#000";
    c.lineWidth = STROKE;
    c.lineCap = "round";
    c.lineJoin = "round";
    c.beginPath();
    c.moveTo(a[0], a[1]);
    c.lineTo(b[0] + 0.01, b[1]);
    c.stroke();
    this.inked = true;
    this.changed();
  }

  clear() {
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.inked = false;
    this.renderProbs(null);
    this.renderSeen(null, 0);
    this.onClear?.();
  }

  /** Asks for a prediction now, or once the one in flight has answered. */
  changed() {
    if (!this.inked) return;
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    this.inFlight = true;
    this.pending = false;
    // Marks the bars as not yet showing the latest drawing (the page tests wait on it).
    this.probs.dataset.busy = "1";
    const { width: w, data } = this.ctx.getImageData(0, 0, this.canvas.width, this.canvas.height);
    const ink = new Uint8Array(w * w);
    for (let i = 0; i < ink.length; i++) ink[i] = data[4 * i + 3];
    this.onInk(ink, w);
  }

  /** The answer to the last `onInk`: `{side, input, probs}` or `{error}`. */
  done(result) {
    this.inFlight = false;
    if (!this.inked) {
      // Cleared while the answer was on its way.
      delete this.probs.dataset.busy;
      return;
    }
    if (result.error) {
      this.renderProbs(null, result.error);
    } else {
      this.renderSeen(result.input, result.side);
      this.renderProbs(result.probs);
    }
    if (this.pending) this.changed();
    else delete this.probs.dataset.busy;
  }

  /** Asks again with the current drawing (e.g. after more training). */
  refresh() {
    if (this.inked && !this.last) this.changed();
  }

  renderSeen(input, side) {
    const c = this.seen;
    if (!input || !side) {
      c.getContext("2d").clearRect(0, 0, c.width, c.height);
      return;
    }
    c.width = side;
    c.height = side;
    const img = c.getContext("2d").createImageData(side, side);
    input.forEach((v, i) => {
      const g = Math.round(255 * (1 - Math.max(0, Math.min(1, v))));
      img.data.set([g, g, g, 255], 4 * i);
    });
    c.getContext("2d").putImageData(img, 0, 0);
  }

  renderProbs(probs, error = "") {
    const box = this.probs;
    clear(box);
    delete box.dataset.prediction;
    if (error) {
      box.append(el("li", { class: "pad-error", text: error }));
      return;
    }
    const values = probs ?? Array(10).fill(0);
    const total = values.reduce((a, b) => a + b, 0) || 1;
    const best = probs ? values.indexOf(Math.max(...values)) : -1;
    if (best >= 0) box.dataset.prediction = String(best);
    values.forEach((v, k) => {
      const p = v / total;
      const bar = el("span", { class: "pad-bar" });
      bar.style.width = `${Math.round(p * 100)}%`;
      box.append(
        el("li", { class: k === best ? "best" : "" },
          el("span", { class: "pad-digit", text: String(k) }),
          el("span", { class: "pad-track" }, bar),
          el("span", { class: "pad-pct", text: probs ? `${Math.round(p * 100)}%` : "" })),
      );
    });
  }
}
