// The training and compare sections' exports: traces CSV, chart PNG (as drawn) and SVG (redrawn
// by the Rust chart code), the PyTorch and Keras scripts (with or without a replay file) and the
// share link. `current()` is the run's hash.
import { download } from "./dom.js";
import { t } from "./i18n.js";
import { copyText } from "./share.js";
import { isDark } from "./train-view.js";

const $ = (id) => document.getElementById(id);
const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");

export function setupExports({ core, charts, view, channel, current, writeHash }) {
  const { canvases, logFor, labelsFor } = view;
  $("t-csv").addEventListener("click", () => download(`training-${stamp()}.csv`, charts.csv(), "text/csv"));
  // PNG is the canvas as drawn (so only a chart on screen); SVG is redrawn at the chart's size,
  // or 640×400 for a chart in a closed panel.
  const png = (kind, status) => {
    const c = canvases.canvas(kind);
    if (!c || !c.width || !c.height || !c.clientWidth) {
      $(status).textContent = t("t_open_panel");
      return;
    }
    $(status).textContent = "";
    c.toBlob((b) => b && download(`${kind}-${stamp()}.png`, b));
  };
  const svg = (kind) => {
    const c = canvases.canvas(kind);
    const [w, h] = c?.clientWidth ? [c.clientWidth, c.clientHeight] : [640, 400];
    download(`${kind}-${stamp()}.svg`, charts.svg(kind, w, h, logFor(kind), isDark(), labelsFor(kind, true)), "image/svg+xml");
  };
  $("t-png").addEventListener("click", () => png($("t-chart").value, "t-share-status"));
  $("t-svg").addEventListener("click", () => svg($("t-chart").value));
  $("c-csv").addEventListener("click", () => download(`compare-${stamp()}.csv`, charts.compareCsv(), "text/csv"));
  $("c-png").addEventListener("click", () => png($("c-chart").value, "c-status"));
  $("c-svg").addEventListener("click", () => svg($("c-chart").value));
  // "PyTorch script" / "Keras script": the core writes a standalone script for the current setup.
  const script = (format, prefix) => {
    try {
      download(`${prefix}_${stamp()}.py`, core.scriptForHash(format, current()), "text/x-python");
      $("t-share-status").textContent = "";
    } catch (e) {
      $("t-share-status").textContent = String(e.message ?? e);
    }
  };
  $("t-py").addEventListener("click", () => script("pytorch", "activation_lab"));
  $("t-keras").addEventListener("click", () => script("keras", "activation_lab_keras"));
  // "… + replay": the worker (it holds the digits/MNIST images) records our run's first steps and
  // the core writes the script and the replay file the script reads from next to it.
  let pending = null;
  const replay = (format, prefix) => {
    pending = `${prefix}_${stamp()}.py`;
    $("t-share-status").textContent = t("t_py_replay_busy");
    $("t-share-status").dataset.busy = "1";
    channel.send("py-replay", { hash: current(), name: pending, format });
  };
  $("t-py-replay").addEventListener("click", () => replay("pytorch", "activation_lab"));
  $("t-keras-replay").addEventListener("click", () => replay("keras", "activation_lab_keras"));
  channel.on("py-replay", (m) => {
    if (m.name !== pending) return;
    pending = null;
    delete $("t-share-status").dataset.busy;
    if (m.error !== undefined) {
      $("t-share-status").textContent = m.error;
      return;
    }
    download(m.name, m.script, "text/x-python");
    download(m.replayName, m.replay, "application/json");
    $("t-share-status").textContent = t("t_py_replay_done", { script: m.name, replay: m.replayName });
  });
  $("t-link").addEventListener("click", async () => {
    writeHash(current());
    $("t-share-status").textContent = t((await copyText(location.href)) ? "copied" : "copy_failed");
  });
}
