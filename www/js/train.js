// The training and compare sections: wires the form, the worker channel (www/js/train-channel.js
// over www/train-worker.js, which owns the wasm trainers), the run, the charts (wasm TrainCharts)
// and the section's parts, each its own module. The page only forwards input and draws the
// latest state once per animation frame. Entry point: this module (index.html loads it).
import { loadCore, loadTrainCore, catalog as loadCatalog } from "./wasm.js";
import { addStrings, applyI18n, followLang, onLangChange, t } from "./i18n.js";
import { EN, ZH } from "./train-i18n.js";
import { TrainForm } from "./train-form.js";
import { setupTrainFormula } from "./train-formula.js";
import { trainPart } from "./train-hash.js";
import { formatNumber } from "./dom.js";
import { setupModel } from "./train-model.js";
import { setupNetwork } from "./train-network.js";
import { setupConvMaps } from "./train-conv-maps.js";
import { setupTrainData } from "./train-data.js";
import { TrainChannel } from "./train-channel.js";
import { TrainRun } from "./train-run.js";
import { createChartView, isDark } from "./train-view.js";
import { setupHover } from "./train-hover.js";
import { setupExports } from "./train-export.js";
import { setupCompare } from "./train-compare.js";
import { FormChecker } from "./train-validate.js";
import { setupDefaults } from "./train-defaults.js";
import { setupSpeed } from "./train-speed.js";
import { LayerEditor } from "./train-layers.js";
import { setupEmbedCode } from "./train-embed-code.js";

addStrings(EN, ZH);
const $ = (id) => document.getElementById(id);
// Registered before any await, so a language set by the curves page's link is never missed.
onLangChange(() => {
  applyI18n($("train"));
  applyI18n($("compare"));
});

/** Resolves once the curves page has drawn (data-ready on <html>) and a frame has been painted. */
function afterFirstPaint() {
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  if (document.documentElement.dataset.ready === "1") return frame();
  return new Promise((resolve) => {
    const obs = new MutationObserver(() => {
      if (document.documentElement.dataset.ready !== "1") return;
      obs.disconnect();
      frame().then(resolve);
    });
    obs.observe(document.documentElement, { attributes: true, attributeFilter: ["data-ready"] });
  });
}

/** The link's setup; a bad link gives the defaults and a notice. */
function initialHash(core) {
  try {
    return core.trainHash(trainPart());
  } catch (e) {
    $("notice-text").textContent = t("t_bad_link", { msg: String(e.message ?? e).slice(0, 160) });
    $("notice").hidden = false;
    return core.trainHash("");
  }
}

/** Image-file download progress, shown under the form. */
function showDownload(m) {
  $("t-data-progress").hidden = !!m.done;
  $("t-data-bar").max = m.total || 1;
  $("t-data-bar").value = m.loaded;
  $("t-data-text").textContent = t("t_loading_data", {
    mb: formatNumber(Math.round(m.loaded / 1e4) / 100),
    total: formatNumber(Math.round((m.total || m.loaded) / 1e4) / 100),
  });
}

async function main() {
  applyI18n($("train"));
  applyI18n($("compare"));
  // The curves core first (it draws the page's first chart); the training build, twice the size,
  // is fetched and compiled only after that first chart has been painted.
  const curvesCore = await loadCore();
  const names = loadCatalog(curvesCore).map((e) => e.name);
  await afterFirstPaint();
  const core = await loadTrainCore();
  followLang(core);
  const rules = JSON.parse(core.trainRules());
  const charts = new core.TrainCharts();
  const view = createChartView(charts);
  const channel = new TrainChannel();
  let run = null;
  const apply = (overrides) => run.apply(overrides);
  let switchData = null;
  const form = new TrainForm(names, rules, (why) => (why === "data" ? switchData() : apply()));
  const editor = new LayerEditor({ core, form, apply });
  const { withData, userShape } = setupTrainData({ core, rules, charts, canvases: view.canvases, channel, form, apply, $ });
  const defaults = setupDefaults({ core, form, apply, userShape });
  switchData = defaults.switchData;
  const checker = new FormChecker(core);
  const send = (msg) => {
    const { type, ...fields } = withData(msg);
    return channel.send(type, fields);
  };
  const check = (pairs) => checker.check(pairs, editor.rowsJson());
  run = new TrainRun({ core, charts, view, channel, form, send, check });
  setupTrainFormula({ formulaKey: curvesCore.formulaKey, formulaOfKey: curvesCore.formulaOfKey, form });

  const initial = initialHash(core);
  form.set(JSON.parse(core.trainSetup(initial)));
  const current = () => run.hash || initial;
  window.addEventListener("hashchange", () => {
    const part = trainPart();
    if (!part || part === run.hash) return;
    try {
      const h = core.trainHash(part);
      form.set(JSON.parse(core.trainSetup(h)));
      check(form.pairs());
      run.start(h);
    } catch (e) {
      $("t-error").textContent = String(e.message ?? e);
    }
  });
  channel.on("ready", () => {
    if (!run.hash) run.start(initial);
  });
  channel.on("data", showDownload);
  // A comparison pauses the training run (its workers want the cores); a paused run is left alone.
  const pauseRun = () => {
    if (run.running.playing) channel.send("pause");
    run.paused();
  };
  // Every panel describes the run shown from the moment the form changes, not when the worker
  // has built it (a conv net takes seconds).
  const onReset = (fn) => run.onReset(fn);
  onReset(() => defaults.runStarted());
  const compare = setupCompare({ core, charts, view, form, apply, current, withData, onStart: pauseRun });
  compare.sync();
  onReset(() => compare.sync());
  // A crashed training worker leaves a comparison alone (its runs have workers of their own).
  channel.onCrash = (text) => run.onCrash(text);
  setupSpeed({ channel, epochs: () => run.epochs, onReset });
  setupHover({ charts, canvases: view.canvases });
  setupExports({ core, charts, view, channel, current, writeHash: (h) => run.writeHash(h) });
  setupModel({ core, channel, form, apply, current, isDark, onReset });
  setupEmbedCode({ core, current });
  const network = setupNetwork({ core, channel, isDark, onReset });
  const convMaps = setupConvMaps({ core, channel, isDark, onReset });
  // The one global: read-only hooks for the page tests and the timing script (plus `crash`, the
  // test-only message that makes the worker fail as a wasm panic does).
  window.activationLabTrain = Object.freeze({
    csv: () => charts.csv(),
    compareCsv: () => charts.compareCsv(),
    compareSeries: () => JSON.parse(charts.compareSeries()),
    compareStats: () => JSON.parse(charts.compareStats()),
    records: () => charts.records,
    confusion: () => JSON.parse(charts.confusion()),
    mapping: (kind) => view.canvases.mapping(kind),
    session: () => channel.current,
    crash: () => channel.send("test-crash"),
    compareAlive: () => compare.alive(),
    compareWorkers: () => compare.workers(),
    crashCompareRun: (i) => compare.crashRun(i),
    network: () => network,
    convMaps: () => convMaps,
  });
  $("train").dataset.ready = "1";
}

main().catch((e) => {
  console.error(e);
  const s = document.getElementById("t-status");
  if (s) s.textContent = String(e?.message ?? e);
});
