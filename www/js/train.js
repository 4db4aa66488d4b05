// The training and compare sections: wires the form, the worker (www/train-worker.js, which owns
// the wasm trainers) and the wasm TrainCharts (history + drawing). The page only forwards input and
// draws the latest state once per animation frame.
import { loadCore, loadTrainCore, catalog as loadCatalog } from "./wasm.js";
import { addStrings, applyI18n, lang, onLangChange, t } from "./i18n.js";
import { EN, ZH } from "./train-i18n.js";
import { ChartCanvases } from "./train-canvas.js";
import { TrainForm } from "./train-form.js";
import { setupTrainFormula } from "./train-formula.js";
import { compose, curvesPart, trainPart } from "./train-hash.js";
import { clear, download, el, formatNumber } from "./dom.js";
import { copyText } from "./share.js";
import { setupModel } from "./train-model.js";
import { setupTrainData } from "./train-data.js";
import { setupNetwork } from "./train-network.js"; // netview hook

addStrings(EN, ZH);
const $ = (id) => document.getElementById(id);
// Registered before any await, so a language set by the curves page's link is never missed.
const relabel = () => {
  applyI18n($("train"));
  applyI18n($("compare"));
};
onLangChange(relabel);
const COMPARE_CHOICES = ["sigmoid", "tanh", "relu", "leaky_relu(negative_slope=0.2)", "elu", "selu", "gelu", "silu", "softplus", "mish", "prelu"];
const pct = (v) => (v === null || v === undefined ? "—" : `${formatNumber(Math.round(v * 1000) / 10)}%`);
const isDark = () => document.documentElement.dataset.theme === "dark";

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

async function main() {
  applyI18n($("train"));
  applyI18n($("compare"));
  // The curves core first (it draws the page's first chart); the training build, twice the size,
  // is fetched and compiled only after that first chart has been painted.
  const names = loadCatalog(await loadCore()).map((e) => e.name);
  await afterFirstPaint();
  const core = await loadTrainCore();
  const charts = new core.TrainCharts();
  const worker = new Worker(new URL("../train-worker.js", import.meta.url), { type: "module" });

  // ---------- drawing ----------
  const LABELS = {
    loss: () => ({ title: t("t_loss"), x: t("t_x_epoch"), train: t("t_train"), test: t("t_test") }),
    lr: () => ({ title: t("t_lr_strip"), x: t("t_x_epoch"), lr: t("t_lr_legend") }),
    confusion: () => ({ title: t("t_confusion"), predicted: t("t_cm_predicted"), truth: t("t_cm_true"), accuracy: t("t_cm_acc"), empty: t("t_cm_empty") }),
    accuracy: () => ({ title: t("t_accuracy"), x: t("t_x_epoch"), train: t("t_train"), test: t("t_test") }),
    grad: () => ({ title: t("t_grad"), x: t("t_x_epoch"), layer: t("t_layer"), output: t("t_output") }),
    meanstd: () => ({ title: t("t_meanstd_short"), x: t("t_x_epoch"), layer: t("t_layer") }),
    dead: () => ({ title: t("t_dead_short"), x: t("t_x_epoch"), layer: t("t_layer") }),
    alpha: () => ({ title: t("t_alpha_short"), x: t("t_x_epoch"), layer: t("t_layer") }),
    digits: () => ({ empty: t("t_digits_none") }),
    cmp_acc: () => ({ title: t("cmp_acc_short"), x: t("t_x_epoch") }),
    cmp_loss: () => ({ title: t("cmp_loss_short"), x: t("t_x_epoch") }),
    cmp_grad: () => ({ title: t("cmp_grad_short"), x: t("cmp_x_layer") }),
  };
  const logFor = (kind) => (kind === "loss" ? $("t-log").checked : kind === "cmp_loss" ? $("c-log").checked : false);
  // On the page the card heading names the chart; exported files carry the title in the image.
  const labelsFor = (kind, title = false) => {
    const l = LABELS[kind]?.() ?? {};
    if (!title) l.title = "";
    return JSON.stringify(l);
  };
  const canvases = new ChartCanvases(document.body, (canvas, kind, dpr) =>
    charts.draw(canvas, kind, logFor(kind), isDark(), dpr, labelsFor(kind)),
  );
  const TRAIN_KINDS = ["loss", "lr", "accuracy", "boundary", "digits", "confusion", "grad", "meanstd", "dead", "alpha"];
  const CMP_KINDS = ["cmp_acc", "cmp_loss", "cmp_grad"];
  $("t-log").addEventListener("change", () => canvases.invalidate("loss", "lr"));
  $("c-log").addEventListener("change", () => canvases.invalidate("cmp_loss"));
  onLangChange(() => {
    showStatus();
    showConfusionNote();
    canvases.invalidate();
  });
  new MutationObserver(() => canvases.invalidate()).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => canvases.invalidate());

  // ---------- state ----------
  let running = { playing: false, status: { state: "running" }, steps: 0, epoch: 0, diagnosis: null };
  let setupHash = "";
  let setupEpochs = 0;
  let errorKey = null;
  const form = new TrainForm(names, () => applyForm());
  const { withData } = setupTrainData({ core, charts, canvases, worker, form, apply: () => applyForm(), $ });
  setupTrainFormula({ formulaKey: (await loadCore()).formulaKey, form, names });

  function showStatus() {
    const s = running.status;
    const node = $("t-status");
    node.classList.toggle("diverged", s.state === "diverged");
    const d = s.state === "diverged" ? running.diagnosis : null;
    if (errorKey) node.textContent = errorKey;
    else if (d) node.textContent = t("t_diverged_why", { step: s.step, why: lang() === "zh" ? d.message_zh : d.message });
    else if (s.state === "diverged") node.textContent = t("t_diverged", { step: s.step });
    else if (s.state === "finished") node.textContent = t("t_finished", { n: setupEpochs });
    else if (s.state === "stopped")
      node.textContent = t("t_stopped", { acc: pct(s.accuracy), target: pct(s.target), epoch: formatNumber(Math.round(s.epoch * 100) / 100), step: s.step });
    else node.textContent = running.playing ? t("t_running") : t("t_paused");
    // Divergence explained: the core's one-click fix, applied by restarting with its setup.
    $("t-diag").hidden = !d || !!errorKey;
    if (d) $("t-fix").textContent = t("t_fix", { label: lang() === "zh" ? d.fix_label_zh : d.fix_label });
    $("t-play").textContent = running.playing ? t("t_pause") : t("t_play");
    $("t-play").dataset.playing = running.playing ? "1" : "0";
  }

  function writeHash(train) {
    history.replaceState(null, "", `#${compose(curvesPart(), train)}`);
  }

  /** Validates the form through the core; on success resets the run with the new setup. */
  function applyForm(overrides = {}) {
    let hash;
    try {
      hash = core.trainHash(form.pairs(overrides));
    } catch (e) {
      $("t-error").textContent = String(e.message ?? e);
      return false;
    }
    $("t-error").textContent = "";
    form.set(JSON.parse(core.trainSetup(hash)));
    start(hash);
    return true;
  }

  function start(hash, { play = false, message = null } = {}) {
    setupHash = hash;
    writeHash(hash);
    charts.clear();
    errorKey = null;
    running = { playing: play, status: { state: "running" }, steps: 0, epoch: 0, diagnosis: null };
    for (const id of ["t-epoch", "t-steps"]) $(id).textContent = "0";
    for (const id of ["t-sps", "t-acc", "t-loss", "t-mspe"]) $(id).textContent = "—";
    $("t-confusion-note").textContent = "";
    const setup = JSON.parse(core.trainSetup(hash));
    const images = setup.images;
    setupEpochs = setup.config.epochs;
    $("t-boundary-box").hidden = !!images;
    $("t-digits-box").hidden = !images;
    $("t-confusion-box").hidden = setup.classes < 2;
    showStatus();
    canvases.invalidate(...TRAIN_KINDS);
    worker.postMessage(message ?? withData({ type: "setup", hash, play }));
  }

  // Initial setup from the link; a bad link gives the defaults and a notice.
  let initial;
  try {
    initial = core.trainHash(trainPart());
  } catch (e) {
    const notice = $("notice");
    $("notice-text").textContent = t("t_bad_link", { msg: String(e.message ?? e).slice(0, 160) });
    notice.hidden = false;
    initial = core.trainHash("");
  }
  form.set(JSON.parse(core.trainSetup(initial)));
  window.addEventListener("hashchange", () => {
    const part = trainPart();
    if (!part || part === setupHash) return;
    try {
      const h = core.trainHash(part);
      form.set(JSON.parse(core.trainSetup(h)));
      start(h);
    } catch (e) {
      $("t-error").textContent = String(e.message ?? e);
    }
  });

  // ---------- worker messages ----------
  let cmp = null;
  worker.onmessage = ({ data: m }) => {
    switch (m.type) {
      case "ready":
        start(initial);
        break;
      case "data": {
        $("t-data-progress").hidden = !!m.done;
        $("t-data-bar").max = m.total || 1;
        $("t-data-bar").value = m.loaded;
        $("t-data-text").textContent = t("t_loading_data", {
          mb: formatNumber(Math.round(m.loaded / 1e4) / 100),
          total: formatNumber(Math.round((m.total || m.loaded) / 1e4) / 100),
        });
        if (cmp) $("c-status").textContent = $("t-data-text").textContent;
        break;
      }
      case "session":
        charts.setPoints(m.points);
        try {
          charts.setPlan(JSON.parse(m.setup).hash, m.stepsPerEpoch);
        } catch (e) {
          console.error(e);
        }
        canvases.invalidate("boundary", "lr");
        break;
      case "tick":
        onTick(m);
        break;
      case "error":
        if (m.where === "compare" || cmp) finishCompare(String(m.message));
        else {
          errorKey = String(m.message);
          running.playing = false;
          showStatus();
        }
        break;
      case "cmp-start":
        charts.compareStart(m.labels);
        buildProgress(JSON.parse(m.labels));
        canvases.invalidate(...CMP_KINDS);
        break;
      case "cmp":
        onCompareEvent(m.event);
        break;
      case "cmp-done":
        finishCompare(m.cancelled ? t("cmp_cancelled") : t("cmp_done"), m.ratio);
        break;
    }
  };

  let lastPanels = 0;
  let lastConfusion = 0;
  function onTick(m) {
    running = { ...running, playing: m.playing, status: m.status, steps: m.steps, epoch: m.epoch };
    if (m.diagnosis) running.diagnosis = JSON.parse(m.diagnosis);
    $("t-steps").textContent = String(m.steps);
    $("t-epoch").textContent = String(m.epoch);
    $("t-sps").textContent = m.playing && m.sps > 0 ? formatNumber(Math.round(m.sps)) : "—";
    if (m.msPerEpoch > 0) $("t-mspe").textContent = formatNumber(Math.round(m.msPerEpoch * 10) / 10);
    // The confusion matrix changes slowly too: at most 4 redraws a second while playing.
    if (m.confusion && (performance.now() - lastConfusion > 250 || !m.playing)) {
      lastConfusion = performance.now();
      charts.setConfusion(m.confusion);
      showConfusionNote();
      canvases.invalidate("confusion");
    }
    if (m.record) {
      charts.push(m.record);
      const r = JSON.parse(m.record);
      $("t-acc").textContent = pct(r.test_accuracy ?? r.train_accuracy);
      $("t-loss").textContent = formatNumber(r.test_loss ?? r.train_loss);
      canvases.invalidate("loss", "accuracy");
      // The layer panels change slowly (the lr strip only moves its marker); 4× a second is plenty.
      if (performance.now() - lastPanels > 250 || !m.playing) {
        lastPanels = performance.now();
        canvases.invalidate("grad", "meanstd", "dead", "alpha", "lr");
      }
    }
    if (m.heat) {
      charts.setHeatmap(m.heat);
      canvases.invalidate("boundary");
    }
    if (m.digits) {
      charts.setDigits(m.digits);
      const d = JSON.parse(m.digits);
      $("t-digits-note").textContent = t("t_digits_note", { n: d.total, of: d.count });
      canvases.invalidate("digits");
    }
    showStatus();
  }

  // ---------- run controls ----------
  $("t-play").addEventListener("click", () => {
    if (running.playing) worker.postMessage({ type: "pause" });
    else worker.postMessage({ type: "play" });
    running.playing = !running.playing && running.status.state === "running";
    showStatus();
  });
  $("t-step").addEventListener("click", () => worker.postMessage({ type: "step", steps: 1 }));
  $("t-reset").addEventListener("click", () => start(setupHash));

  function showConfusionNote() {
    const c = JSON.parse(charts.confusion());
    if (!c) return;
    $("t-confusion-note").textContent = t("t_cm_note", {
      total: c.total,
      acc: pct(c.accuracy),
      per: c.per_class.map((a, i) => `${i}: ${pct(a)}`).join(", "),
    });
  }

  // Hover on the loss chart or the lr strip under it (same x axis): the core maps the pixel to
  // the nearest record. The readout carries the record's exact values in data-* for tests/tools.
  for (const kind of ["loss", "lr"]) {
    const canvas = canvases.canvas(kind);
    canvas.addEventListener("pointermove", (ev) => {
      const dpr = window.devicePixelRatio || 1;
      const px = (ev.clientX - canvas.getBoundingClientRect().left) * dpr;
      showHover(JSON.parse(charts.recordAt(kind, px)), ev);
    });
    canvas.addEventListener("pointerleave", () => showHover(null));
  }
  function showHover(r, ev) {
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

  // The one-click fix: the core's fixed setup, applied to the form and run at once.
  $("t-fix").addEventListener("click", () => {
    const d = running.diagnosis;
    if (!d) return;
    form.set(JSON.parse(core.trainSetup(d.fix_hash)));
    start(core.trainHash(d.fix_hash), { play: true });
  });

  // ---------- export ----------
  const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  $("t-csv").addEventListener("click", () => download(`training-${stamp()}.csv`, charts.csv(), "text/csv"));
  // PNG is the canvas as drawn (so only a chart on screen); SVG is redrawn by the Rust chart code
  // at the chart's size, or 640×400 for a chart in a closed panel.
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
  // "Export as PyTorch": the core writes a standalone torch.nn script for the current setup.
  $("t-py").addEventListener("click", () => {
    try {
      download(`activation_lab_${stamp()}.py`, core.pytorchScriptForHash(setupHash), "text/x-python");
      $("t-share-status").textContent = "";
    } catch (e) {
      $("t-share-status").textContent = String(e.message ?? e);
    }
  });
  $("t-link").addEventListener("click", async () => {
    writeHash(setupHash);
    $("t-share-status").textContent = t((await copyText(location.href)) ? "copied" : "copy_failed");
  });

  // ---------- compare ----------
  const actsBox = $("c-acts");
  for (const name of COMPARE_CHOICES) {
    const id = `c-act-${name.replace(/\W+/g, "-")}`;
    actsBox.append(el("div", { class: "fn-item" }, el("input", { type: "checkbox", id, value: name }), el("label", { attrs: { for: id }, text: name.replace("(negative_slope=0.2)", " 0.2") })));
  }
  const syncCompareControls = () => {
    const s = JSON.parse(core.trainSetup(setupHash || initial));
    const chosen = new Set(s.compare);
    for (const box of actsBox.querySelectorAll("input")) box.checked = chosen.has(box.value);
    $("c-target").value = s.target;
  };
  syncCompareControls();
  const chosenActs = () => [...actsBox.querySelectorAll("input:checked")].map((b) => b.value);
  const compareChanged = () => {
    form.extra = { ...form.extra, cmp: chosenActs().join(","), target: $("c-target").value };
    applyForm();
  };
  actsBox.addEventListener("change", compareChanged);
  $("c-target").addEventListener("change", compareChanged);

  let ratioPair = null;
  let ratioPreset = false;
  const PRESETS = {
    article: (ds) => ({ ds: ds === "mnist" ? "mnist" : "digits", h: ds === "mnist" ? "64" : "32", act: "relu", opt: "adam", lr: "0.001", bs: "128", ep: "20", cv: "0.5", cn: "0", l1: "0", l2: "0", do: "0", init: "auto", cmp: "sigmoid,relu,elu,leaky_relu(0.2),selu,gelu", target: "0.9" }),
    tanh: () => ({ ds: "digits", h: "64", act: "relu", opt: "sgd", lr: "0.01", bs: "32", ep: "30", cv: "0", cn: "0", l1: "0", l2: "0", do: "0", init: "auto", cmp: "relu,tanh", target: "0.75" }),
    deep: () => ({ ds: "digits", h: "30,30,30,30", act: "sigmoid", opt: "sgd", lr: "0.1", bs: "32", ep: "10", cv: "0", cn: "0", l1: "0", l2: "0", do: "0", init: "auto", cmp: "sigmoid,relu", target: "0.9" }),
  };
  const preset = (name) => {
    const p = PRESETS[name]($("t-ds").value);
    form.extra = { ...form.extra, cmp: p.cmp, target: p.target };
    if (!applyForm(p)) return;
    syncCompareControls();
    ratioPreset = name === "tanh";
    if (name === "deep") {
      $("c-grad-box").open = true;
      $("t-layers-panel").open = true;
    }
    runCompare();
  };
  $("c-preset-article").addEventListener("click", () => preset("article"));
  $("c-preset-tanh").addEventListener("click", () => preset("tanh"));
  $("c-preset-deep").addEventListener("click", () => preset("deep"));
  $("c-grad-box").addEventListener("toggle", () => canvases.invalidate("cmp_grad"));
  $("t-layers-panel").addEventListener("toggle", () => canvases.invalidate(...TRAIN_KINDS));

  function runCompare() {
    const s = JSON.parse(core.trainSetup(setupHash));
    ratioPair = null;
    if (ratioPreset) {
      const fast = s.compare.indexOf("relu");
      const slow = s.compare.indexOf("tanh");
      if (fast >= 0 && slow >= 0) ratioPair = [fast, slow];
    }
    cmp = { started: performance.now(), rows: [] };
    $("c-run").disabled = true;
    $("c-cancel").disabled = false;
    $("c-status").textContent = t("cmp_running");
    $("c-ratio").hidden = true;
    clear($("c-table").tBodies[0]);
    $("c-table").hidden = true;
    worker.postMessage(withData({ type: "compare", hash: setupHash, ratio: ratioPair }));
    running.playing = false;
    showStatus();
  }
  $("c-run").addEventListener("click", () => {
    ratioPreset = false;
    runCompare();
  });
  $("c-cancel").addEventListener("click", () => worker.postMessage({ type: "cancel-compare" }));

  function buildProgress(labels) {
    const box = $("c-progress");
    clear(box);
    labels.forEach((l, i) =>
      box.append(el("label", { class: "cmp-run" }, el("span", { text: l }), el("progress", { id: `c-prog-${i}`, max: 1, value: 0 }))),
    );
  }

  function onCompareEvent(ev) {
    const bar = $(`c-prog-${ev.run}`);
    if (bar) bar.value = ev.progress;
    if (ev.record) {
      charts.comparePush(ev.run, JSON.stringify(ev.record));
      canvases.invalidate(...CMP_KINDS);
    }
    if (ev.summary) addRow(ev.summary);
  }

  function addRow(s) {
    $("c-table").hidden = false;
    const status = s.diverged ? t("cmp_diverged") : t("cmp_ok");
    const epochs = s.epochs_to_target === null ? t("cmp_not_reached") : formatNumber(Math.round(s.epochs_to_target * 100) / 100);
    $("c-table").tBodies[0].append(
      el("tr", {}, el("th", { text: s.activation, attrs: { scope: "row" } }), el("td", { text: pct(s.final_test_accuracy) }),
        el("td", { text: pct(s.best_test_accuracy) }), el("td", { text: epochs }),
        el("td", { text: `${formatNumber(Math.round(s.millis) / 1000)} s` }), el("td", { text: status })),
    );
  }

  function finishCompare(message, ratio) {
    const total = cmp ? (performance.now() - cmp.started) / 1000 : 0;
    cmp = null;
    $("c-run").disabled = false;
    $("c-cancel").disabled = true;
    $("c-status").textContent = `${message} (${formatNumber(Math.round(total * 10) / 10)} s)`;
    $("compare").dataset.done = "1";
    $("compare").dataset.seconds = String(total);
    if (ratioPair) {
      $("c-ratio").hidden = false;
      $("c-ratio").textContent =
        ratio === null || ratio === undefined ? t("cmp_ratio_none") : t("cmp_ratio", { ratio: formatNumber(Math.round(ratio * 100) / 100) });
    }
  }

  setupModel({ core, worker, form, applyForm, start, current: () => setupHash, isDark });
  setupNetwork({ core, worker, isDark }); // netview hook
  // Read-only hooks for the page tests and the timing script.
  window.activationLabTrain = {
    csv: () => charts.csv(),
    compareCsv: () => charts.compareCsv(),
    records: () => charts.records,
    confusion: () => JSON.parse(charts.confusion()),
    mapping: (kind) => canvases.mapping(kind),
  };
  $("train").dataset.ready = "1";
}

main().catch((e) => {
  console.error(e);
  const s = document.getElementById("t-status");
  if (s) s.textContent = String(e?.message ?? e);
});
