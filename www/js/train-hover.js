// Hover on the loss chart or the lr strip under it (same x axis): the core maps the pixel to the
// nearest record. The readout carries the record's exact values in data-* for tests and tools.
import { formatNumber } from "./dom.js";
import { t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
export const pct = (v) => (v === null || v === undefined ? "—" : `${formatNumber(Math.round(v * 1000) / 10)}%`);

export function setupHover({ charts, canvases }) {
  for (const kind of ["loss", "lr"]) {
    const canvas = canvases.canvas(kind);
    canvas.addEventListener("pointermove", (ev) => {
      const dpr = window.devicePixelRatio || 1;
      const px = (ev.clientX - canvas.getBoundingClientRect().left) * dpr;
      show(JSON.parse(charts.recordAt(kind, px)), ev);
    });
    canvas.addEventListener("pointerleave", () => show(null));
  }
}

function show(r, ev) {
  const out = $("t-hover");
  const tip = $("t-tip");
  for (const k of Object.keys(out.dataset)) delete out.dataset[k];
  if (!r) {
    out.textContent = "";
    tip.hidden = true;
    return;
  }
  Object.assign(out.dataset, { step: r.step, epoch: r.epoch, trainLoss: r.train_loss, testLoss: r.test_loss ?? "", testAccuracy: r.test_accuracy ?? "", lr: r.lr });
  out.textContent = t("t_hover", {
    epoch: formatNumber(Math.round(r.epoch * 100) / 100),
    step: r.step,
    train: formatNumber(r.train_loss),
    test: formatNumber(r.test_loss),
    acc: pct(r.test_accuracy),
    lr: formatNumber(r.lr),
  });
  // The same values as a tooltip beside the pointer, kept inside the chart box.
  tip.textContent = out.textContent;
  tip.hidden = false;
  const box = tip.parentElement.getBoundingClientRect();
  const x = ev.clientX - box.left + 14;
  tip.style.left = `${Math.max(0, Math.min(x, box.width - tip.offsetWidth - 4))}px`;
  tip.style.top = `${ev.clientY - box.top + 14}px`;
}
