// Costly canvases that redraw on every training tick (the network view, the conv maps card): the
// next drawing waits 16× the last one's cost, so they take at most ~6 % of the main thread.

export class PacedDraw {
  /** `draw()` paints; its time sets the pause before the next one. */
  constructor(draw) {
    Object.assign(this, { draw, frame: 0, timer: 0, drawMs: 0, lastDraw: 0 });
  }

  /** Asks for a drawing; requests while one is pending are merged into it. */
  request() {
    if (this.frame || this.timer) return;
    const wait = Math.max(0, this.lastDraw + 16 * this.drawMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = 0;
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        const t0 = performance.now();
        this.draw();
        this.lastDraw = performance.now();
        this.drawMs = this.lastDraw - t0;
      });
    }, wait);
  }
}

/** Sizes `canvas` to its box's width (at least 200 px) and `heightOf(width)`, in device pixels;
 * returns the device pixel ratio the drawing uses. */
export function fitCanvas(canvas, heightOf) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(200, canvas.parentElement.clientWidth);
  const h = heightOf(w);
  canvas.style.height = `${h}px`;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  return dpr;
}
