// The compare section: the activations to compare, the target, the presets of the articles'
// experiments, the run (in the worker, cancellable), its progress, result table and ratio.
// `apply(overrides)` restarts the training run with the form (+ overrides); `current()` is the
// run's hash; `send(message)` sends a compare message with the browser-held data added.
import { clear, el, formatNumber } from "./dom.js";
import { t } from "./i18n.js";
import { pct } from "./train-hover.js";
import { CMP_KINDS } from "./train-view.js";
import { ETA_MIN_SECONDS } from "./train-speed.js";

const $ = (id) => document.getElementById(id);

/** One check box per activation the core offers for comparison, labelled by the core. */
function activationBoxes(core, choices, box) {
  for (const name of choices) {
    const id = `c-act-${name.replace(/\W+/g, "-")}`;
    box.append(el("div", { class: "fn-item" }, el("input", { type: "checkbox", id, value: name }), el("label", { attrs: { for: id }, text: core.activationShortLabel(name) })));
  }
}

/** The indices of a ratio preset's [fast, slow] pair in the run's list (null when absent). */
function ratioIndices(compare, pair) {
  if (!pair) return null;
  const fast = compare.indexOf(pair[0]);
  const slow = compare.indexOf(pair[1]);
  return fast >= 0 && slow >= 0 ? [fast, slow] : null;
}

/** The section's controls while a comparison runs (`running`) or after. */
function runningUi(running) {
  if (running) $("compare").dataset.running = "1";
  else delete $("compare").dataset.running;
  // An invalid training form keeps Run comparison disabled (www/js/train-validate.js).
  $("c-run").disabled = running || $("train").dataset.invalid === "1";
  $("c-cancel").disabled = !running;
  if (!running) return;
  $("c-status").textContent = t("cmp_running");
  $("c-ratio").hidden = true;
  clear($("c-table").tBodies[0]);
  $("c-table").hidden = true;
}

/** The speed ratio line of a ratio preset (null/undefined: the pair never reached the target). */
function showRatio(ratio) {
  const none = ratio === null || ratio === undefined;
  $("c-ratio").hidden = false;
  $("c-ratio").textContent = none ? t("cmp_ratio_none") : t("cmp_ratio", { ratio: formatNumber(Math.round(ratio * 100) / 100) });
  // The exact ratio shown, for the page tests (tests/e2e/metrics.mjs).
  $("c-ratio").dataset.ratio = none ? "" : String(ratio);
}

/**
 * The comparison's time left from its overall progress (the runs' fractions summed) and the time
 * since it started; empty until a few percent are done or when it is about to end.
 */
function showEta(state, progress) {
  const done = progress.reduce((a, b) => a + b, 0) / Math.max(1, progress.length);
  const elapsed = state ? (performance.now() - state.started) / 1000 : 0;
  const left = done > 0.02 && done < 1 ? (elapsed * (1 - done)) / done : 0;
  $("c-eta").textContent = left >= ETA_MIN_SECONDS ? t("t_eta", { s: formatNumber(Math.round(left)) }) : "";
}

/** One progress bar per run of the comparison. */
function progressBars(labels) {
  const box = $("c-progress");
  clear(box);
  JSON.parse(labels).forEach((l, i) =>
    box.append(el("label", { class: "cmp-run" }, el("span", { text: l }), el("progress", { id: `c-prog-${i}`, max: 1, value: 0 }))),
  );
}

export function setupCompare({ core, charts, view, channel, form, apply, current, send, onStart }) {
  const presets = JSON.parse(core.comparePresets());
  const actsBox = $("c-acts");
  activationBoxes(core, presets.choices, actsBox);
  const sync = () => {
    const s = JSON.parse(core.trainSetup(current()));
    const chosen = new Set(s.compare);
    for (const box of actsBox.querySelectorAll("input")) box.checked = chosen.has(box.value);
    $("c-target").value = s.target;
  };
  const chosenActs = () => [...actsBox.querySelectorAll("input:checked")].map((b) => b.value);
  const changed = () => {
    form.setCompare({ cmp: chosenActs().join(","), target: $("c-target").value });
    apply();
  };
  actsBox.addEventListener("change", changed);
  $("c-target").addEventListener("change", changed);

  let state = null; // the comparison running: {started, ratioPair}
  let ratioPreset = null; // the preset whose result is a speed ratio, when it ran
  const preset = (name) => {
    const p = JSON.parse(core.comparePreset(name, $("t-ds").value));
    form.setCompare({ cmp: p.cmp, target: p.target });
    if (!apply(p)) return;
    sync();
    ratioPreset = presets.ratio[name] ? name : null;
    if (presets.open_layers.includes(name)) {
      $("c-grad-box").open = true;
      $("t-layers-panel").open = true;
    }
    run();
  };
  for (const name of presets.names) $(`c-preset-${name}`).addEventListener("click", () => preset(name));

  function run() {
    if ($("train").dataset.invalid === "1") return;
    const s = JSON.parse(core.trainSetup(current()));
    const ratioPair = ratioIndices(s.compare, ratioPreset ? presets.ratio[ratioPreset] : null);
    state = { started: performance.now(), ratioPair };
    runningUi(true);
    send({ type: "compare", hash: current(), ratio: ratioPair });
    onStart();
  }
  $("c-run").addEventListener("click", () => {
    ratioPreset = null;
    run();
  });
  $("c-cancel").addEventListener("click", () => channel.send("cancel-compare"));

  function finish(message, ratio) {
    const total = state ? (performance.now() - state.started) / 1000 : 0;
    const ratioPair = state?.ratioPair;
    state = null;
    runningUi(false);
    $("c-eta").textContent = "";
    $("c-status").textContent = `${message} (${formatNumber(Math.round(total * 10) / 10)} s)`;
    $("compare").dataset.done = "1";
    $("compare").dataset.seconds = String(total);
    if (ratioPair) showRatio(ratio);
  }
  listen({ charts, view, channel, finish, running: () => state !== null, eta: (progress) => showEta(state, progress) });
  return { sync, crashed: () => state && finish(t("t_worker_crashed_short")) };
}

/** The worker's compare replies: progress, records, result rows and the end. */
function listen({ charts, view, channel, finish, running, eta }) {
  let progress = [];
  channel.on("cmp-start", (m) => {
    progress = JSON.parse(m.labels).map(() => 0);
    charts.compareStart(m.labels);
    progressBars(m.labels);
    view.canvases.invalidate(...CMP_KINDS);
  });
  channel.on("cmp", ({ event: ev }) => {
    const bar = $(`c-prog-${ev.run}`);
    if (bar) bar.value = ev.progress;
    if (ev.run < progress.length) progress[ev.run] = ev.progress;
    eta(progress);
    if (ev.record) {
      charts.comparePush(ev.run, JSON.stringify(ev.record));
      view.canvases.invalidate(...CMP_KINDS);
    }
    if (ev.summary) addRow(ev.summary);
  });
  channel.on("cmp-done", (m) => finish(m.cancelled ? t("cmp_cancelled") : t("cmp_done"), m.ratio));
  channel.on("error", (m) => {
    if (m.where === "compare") finish(String(m.message));
  });
  channel.on("data", () => {
    if (running()) $("c-status").textContent = $("t-data-text").textContent;
  });
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
