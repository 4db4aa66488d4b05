// "What does it cost on this device?": a section at the end of the info panel that times the
// focused function (or every selected one) in a dedicated worker (www/cost-worker.js): the wasm
// kernels and plain JS over 1 M f32 values, forward and backward, in elements/s and as a ratio to
// ReLU. Every figure shown is measured here; none is a constant. The results outlive the panel's
// re-renders (it is rebuilt on every change of the page). The selected functions are read from
// the panel's "Describe" list (#focus), which lists exactly the selection.
import { addStrings, lang, t } from "./i18n.js";
import { el, formatNumber } from "./dom.js";

const EN = {
  cost_measured: "Measured on this device",
  cost_measure: "Measure this one",
  cost_measure_all: "Measure all selected",
  cost_running: "Measuring… {done} of {total} passes",
  cost_done: "{n} elements per pass (f32), best of 3 rounds; × ReLU is the time ratio to ReLU's wasm kernel.",
  cost_error: "Measurement failed: {msg}",
  cost_hint: "Times the core's wasm kernel and a plain JavaScript loop over 1 M values in a background worker; the page stays usable.",
  cost_fn: "function",
  cost_pass: "pass",
  cost_wasm: "wasm (M/s)",
  cost_js: "plain JS (M/s)",
  cost_ratio: "wasm / JS",
  cost_vs_relu: "× ReLU",
  cost_forward: "forward",
  cost_backward: "backward",
  cost_no_js: "no JS version",
  cost_caption: "Elements per second on this device (millions), forward and backward",
};
const ZH = {
  cost_measured: "在本设备上实测",
  cost_measure: "测量此函数",
  cost_measure_all: "测量所有已选函数",
  cost_running: "正在测量… 第 {done} / {total} 次",
  cost_done: "每次 {n} 个元素（f32），取 3 轮最佳；“× ReLU”是与 ReLU 的 wasm 内核的耗时之比。",
  cost_error: "测量失败：{msg}",
  cost_hint: "在后台线程（Web Worker）中对 100 万个值分别计时核心的 wasm 内核和普通 JavaScript 循环；页面可照常使用。",
  cost_fn: "函数",
  cost_pass: "方向",
  cost_wasm: "wasm（百万/秒）",
  cost_js: "普通 JS（百万/秒）",
  cost_ratio: "wasm / JS",
  cost_vs_relu: "× ReLU",
  cost_forward: "前向",
  cost_backward: "反向",
  cost_no_js: "无 JS 版本",
  cost_caption: "本设备每秒处理的元素数（百万），前向与反向",
};
addStrings(EN, ZH);

const state = { worker: null, id: 0, rows: new Map(), order: [], progress: null, error: "", elements: 0, onDone: null };
let section = null;

const focusNames = () => [...(document.getElementById("focus")?.options ?? [])].map((o) => o.value).filter(Boolean);
const mps = (v) => (v ? formatNumber(Math.round(v / 1e4) / 100) : "—");

function start(names) {
  if (!state.worker) {
    state.worker = new Worker(new URL("../cost-worker.js", import.meta.url), { type: "module" });
    state.worker.onmessage = ({ data }) => onMessage(data);
    state.worker.onerror = (e) => onMessage({ type: "error", id: state.id, message: e.message || "worker failed" });
  }
  state.id++;
  state.order = ["relu", ...names.filter((n) => n !== "relu")];
  state.progress = { done: 0, total: state.order.length * 2 };
  state.error = "";
  state.worker.postMessage({ type: "measure", id: state.id, names });
  render();
}

function onMessage(m) {
  if (m.id !== state.id) return;
  if (m.type === "progress") state.progress = { done: m.done, total: m.total };
  else if (m.type === "row") state.rows.set(m.row.name, m.row);
  else if (m.type === "done") {
    state.progress = null;
    state.elements = m.elements;
    state.onDone?.(new Map(state.rows));
  } else if (m.type === "error") {
    state.progress = null;
    state.error = m.message;
  }
  render();
}

function table() {
  const relu = state.rows.get("relu");
  const body = el("tbody");
  for (const name of state.order) {
    const row = state.rows.get(name);
    if (!row) continue;
    for (const dir of ["forward", "backward"]) {
      const r = row[dir];
      const base = relu?.[dir]?.wasm;
      body.append(
        el("tr", { data: { fn: name, pass: dir } },
          el("th", { text: dir === "forward" ? name : "", attrs: { scope: "row" } }),
          el("td", { text: t(`cost_${dir}`) }),
          el("td", { class: "num", text: mps(r.wasm), data: { eps: r.wasm ?? "" } }),
          el("td", { class: "num", text: r.js ? mps(r.js) : t("cost_no_js"), data: { eps: r.js ?? "" } }),
          el("td", { class: "num", text: r.js ? `${formatNumber(Math.round((r.wasm / r.js) * 100) / 100)}×` : "—" }),
          el("td", { class: "num", text: base ? `${formatNumber(Math.round((base / r.wasm) * 100) / 100)}` : "—" })),
      );
    }
  }
  const head = ["cost_fn", "cost_pass", "cost_wasm", "cost_js", "cost_ratio", "cost_vs_relu"].map((k) => el("th", { text: t(k), attrs: { scope: "col" } }));
  return el("div", { class: "table-wrap" },
    el("table", { class: "results cost-table", id: "cost-table" }, el("caption", { class: "visually-hidden", text: t("cost_caption") }), el("thead", {}, el("tr", {}, head)), body));
}

function render() {
  if (!section) return;
  const status = section.querySelector(".cost-status");
  const p = state.progress;
  section.querySelector("progress").hidden = !p;
  if (p) {
    section.querySelector("progress").max = p.total;
    section.querySelector("progress").value = p.done;
  }
  status.textContent = state.error
    ? t("cost_error", { msg: state.error })
    : p ? t("cost_running", p) : state.elements ? t("cost_done", { n: state.elements.toLocaleString(lang() === "zh" ? "zh-CN" : "en") }) : t("cost_hint");
  section.querySelector(".table-wrap")?.remove();
  if (state.rows.size) section.append(table());
  section.dataset.busy = p ? "1" : "0";
}

/** The section for the info panel of `entry` (rebuilt with the panel; the results persist).
 * Elsewhere (learn.html) `names` replaces the panel's selection and `onDone(rows)` hears each
 * finished measurement: rows by name, {forward, backward: {wasm, js}} in elements/s. */
export function costSection(entry, { names = null, onDone = null } = {}) {
  const selectedNames = () => names ?? focusNames();
  state.onDone = onDone;
  section = el("section", { class: "cost-section", id: "cost-section" },
    el("h4", { text: t("cost_measured") }),
    el("div", { class: "buttons" },
      el("button", { type: "button", id: "cost-measure", text: t("cost_measure"), on: { click: () => start([entry.name]) } }),
      el("button", { type: "button", id: "cost-measure-all", text: t("cost_measure_all"), on: { click: () => start(selectedNames()) } }),
      el("progress", { attrs: { hidden: "" } })),
    el("p", { class: "panel-note cost-status", attrs: { role: "status" } }));
  render();
  return section;
}
