// Text alternatives for the canvas charts: every chart canvas is an image with a name (its card's
// heading, or a summary of its latest figures) and, where the figures form a series, a data table
// under a "Data table" disclosure. The training code feeds records through `describeRecord`; the
// names of charts without figures come from `nameCharts`, which watches for new canvases.
import "./a11y-i18n.js";
import { clear, el, formatNumber } from "./dom.js";
import { onLangChange, t } from "./i18n.js";

/** Rows a data table shows at most (the newest). */
const MAX_ROWS = 200;
/** Minimum time between two renders of an open table while a run streams. */
const TABLE_MS = 1000;

const boxes = new WeakMap();
let headingIds = 0;

/**
 * Names `canvas` (an image) with `summary`; with `rows` (arrays of cells) and `columns` (header
 * texts) it also keeps a data table after the chart, rendered when opened.
 */
export function describeChart(canvas, { summary, columns, rows } = {}) {
  if (!canvas) return;
  canvas.setAttribute("role", "img");
  if (summary) {
    canvas.removeAttribute("aria-labelledby");
    canvas.setAttribute("aria-label", summary);
  }
  if (!rows) return;
  const box = dataBox(canvas);
  box.data = { columns, rows };
  if (box.open) renderSoon(box);
}

/** The chart's heading (the card's h3 or summary), given an id so it can label the canvas. */
function headingOf(canvas) {
  const h = canvas.closest(".chart-box")?.querySelector("h3, summary");
  if (h && !h.id) h.id = `chart-heading-${++headingIds}`;
  return h;
}

function dataBox(canvas) {
  let box = boxes.get(canvas);
  if (box) return box;
  box = el("details", { class: "chart-data" }, el("summary", { text: t("a11y_data") }));
  box.addEventListener("toggle", () => box.open && render(box));
  // At the end of the chart's card (the loss chart and the lr strip under it share an x axis).
  const card = canvas.closest(".chart-box");
  if (card) card.append(box);
  else canvas.parentElement.after(box);
  boxes.set(canvas, box);
  return box;
}

function renderSoon(box) {
  const wait = TABLE_MS - (performance.now() - (box.renderedAt ?? -Infinity));
  clearTimeout(box.timer);
  box.timer = setTimeout(() => render(box), Math.max(0, wait));
}

function render(box) {
  box.renderedAt = performance.now();
  const { columns, rows } = box.data ?? { columns: [], rows: [] };
  box.querySelector(".chart-data-scroll")?.remove();
  const shown = rows.slice(-MAX_ROWS);
  const table = el(
    "table",
    { class: "data-table" },
    el("caption", { text: t("a11y_rows_shown", { n: shown.length, total: rows.length }) }),
    el("thead", {}, el("tr", {}, ...columns.map((c) => el("th", { text: c, attrs: { scope: "col" } })))),
  );
  const body = el("tbody");
  for (const row of shown) body.append(el("tr", {}, ...row.map((c, i) => el(i ? "td" : "th", { text: c, attrs: i ? {} : { scope: "row" } }))));
  table.append(body);
  // Focusable, so a keyboard can scroll a long table.
  box.append(el("div", { class: "chart-data-scroll", attrs: { tabindex: "0" } }, table));
  box.querySelector("summary").textContent = t("a11y_data");
}

/**
 * Names every chart canvas under `roots` that has no name yet by its card heading (and describes
 * it by the note right under it, if any), now and whenever canvases are added.
 */
export function nameCharts(roots) {
  const apply = () => {
    for (const root of roots)
      for (const canvas of root.querySelectorAll(".train-canvas > canvas, .init-canvas > canvas")) {
        canvas.setAttribute("role", "img");
        if (canvas.hasAttribute("aria-label") || canvas.hasAttribute("aria-labelledby")) continue;
        const h = headingOf(canvas);
        if (h) canvas.setAttribute("aria-labelledby", h.id);
        // The note right under a chart explains it (colours, counts).
        const note = canvas.parentElement.nextElementSibling;
        if (note?.classList.contains("panel-note")) {
          note.id ||= `chart-note-${++headingIds}`;
          canvas.setAttribute("aria-describedby", note.id);
        }
      }
  };
  apply();
  const mo = new MutationObserver(apply);
  for (const root of roots) mo.observe(root, { childList: true, subtree: true });
}

// ---------- the training charts' figures ----------

const run = { rows: [], last: null, canvases: null };
const num = (v) => (v === null || v === undefined || !Number.isFinite(v) ? "—" : formatNumber(Number(v.toPrecision(4))));
const pct = (v) => (v === null || v === undefined ? "—" : `${formatNumber(Math.round(v * 1000) / 10)} %`);
/** Layer `i` of a record with `convs` conv layers first ("conv 1", …, then "layer 1", …). */
const layerName = (i, convs) => (i < convs ? t("a11y_conv", { n: i + 1 }) : t("a11y_layer", { n: i - convs + 1 }));
const layers = (values, fmt, convs = 0) => values.map((v, i) => `${layerName(i, convs)} ${fmt(v)}`).join(", ");

/**
 * The hook for the training code: one parsed TrainRecord `r` (see src/training/history.rs) of the
 * run drawn on `canvases` (an object with `canvas(kind)`). A step count going back starts a new run.
 */
export function describeRecord(canvases, r) {
  if (run.last && r.step < run.last.step) run.rows = [];
  run.last = r;
  run.canvases = canvases;
  const row = [num(Math.round(r.epoch * 100) / 100), num(r.train_loss), num(r.test_loss), pct(r.train_accuracy), pct(r.test_accuracy), num(r.lr)];
  const prev = run.rows[run.rows.length - 1];
  if (prev && Math.floor(prev.epoch) === Math.floor(r.epoch)) run.rows[run.rows.length - 1] = { epoch: r.epoch, row };
  else run.rows.push({ epoch: r.epoch, row });
  describeRun();
}

function describeRun() {
  const { last: r, canvases } = run;
  if (!r) return;
  const name = (kind) => headingOf(canvases.canvas(kind))?.textContent.trim() ?? kind;
  const epoch = num(Math.round(r.epoch * 100) / 100);
  const cols = ["a11y_col_epoch", "a11y_col_train_loss", "a11y_col_test_loss", "a11y_col_train_acc", "a11y_col_test_acc", "a11y_col_lr"].map((k) => t(k));
  const rows = run.rows.map((x) => x.row);
  describeChart(canvases.canvas("loss"), {
    summary: t("a11y_loss", { name: name("loss"), train: num(r.train_loss), test: num(r.test_loss), epoch }),
    columns: cols,
    rows,
  });
  describeChart(canvases.canvas("lr"), { summary: t("a11y_lr", { name: cols[5], lr: num(r.lr), epoch }) });
  describeChart(canvases.canvas("accuracy"), {
    summary: t("a11y_accuracy", { name: name("accuracy"), test: pct(r.test_accuracy), train: pct(r.train_accuracy), epoch }),
    columns: [cols[0], cols[3], cols[4]],
    rows: rows.map((x) => [x[0], x[3], x[4]]),
  });
  const perLayer = {
    grad: layers(r.grad_norms ?? [], num, r.conv_layers ?? 0),
    meanstd: (r.act_mean ?? []).map((m, i) => `${layerName(i, r.conv_layers ?? 0)} ${num(m)} / ${num(r.act_std?.[i])}`).join(", "),
    dead: layers(r.dead_fraction ?? [], pct, r.conv_layers ?? 0),
    alpha: layers(r.prelu_alpha ?? [], num),
    clip: layers(r.clipped ?? [], pct, r.conv_layers ?? 0),
  };
  for (const [kind, values] of Object.entries(perLayer)) {
    const summary = values ? t("a11y_layers", { name: name(kind), epoch, values }) : t("a11y_no_data", { name: name(kind) });
    describeChart(canvases.canvas(kind), { summary });
  }
}

onLangChange(() => requestAnimationFrame(describeRun));
