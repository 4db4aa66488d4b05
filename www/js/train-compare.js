// The compare section: the activations to compare, the target, the presets of the articles'
// experiments, the runs (each in a worker of its own, www/js/train-compare-pool.js; cancellable),
// their progress (www/js/train-compare-runs.js), result table and ratio; the article's loss "as
// written" (a switch beside its preset, with its note) and its two figures. `apply(overrides)`
// restarts the training run with the form (+ overrides); `current()` is the run's hash;
// `withData(message)` adds the browser-held data the link names.
import { clear, el, formatNumber } from "./dom.js";
import { onLangChange, t } from "./i18n.js";
import { formatDuration } from "./time-left.js";
import { pct } from "./train-hover.js";
import { CMP_KINDS } from "./train-view.js";
import { ComparePool, cores } from "./train-compare-pool.js";
import { RunRows } from "./train-compare-runs.js";
import { downloadImages } from "./image-download.js";

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

export function setupCompare({ core, charts, view, form, apply, current, withData, onStart }) {
  const presets = JSON.parse(core.comparePresets());
  const actsBox = $("c-acts");
  activationBoxes(core, presets.choices, actsBox);
  const sync = () => {
    const s = JSON.parse(core.trainSetup(current()));
    const chosen = new Set(s.compare);
    for (const box of actsBox.querySelectorAll("input")) box.checked = chosen.has(box.value);
    $("c-target").value = s.target;
    showAsWritten(s.config.loss);
  };
  setupArticle({ core, charts, view, apply, current, sync });
  const chosenActs = () => [...actsBox.querySelectorAll("input:checked")].map((b) => b.value);
  const changed = () => {
    form.setCompare({ cmp: chosenActs().join(","), target: $("c-target").value });
    apply();
    ready();
  };
  actsBox.addEventListener("change", changed);
  $("c-target").addEventListener("change", changed);

  let state = null; // the comparison running: {started, ratioPair, summaries, pool, labels}
  // The preset whose result is a speed ratio, and the setup it made (the ratio is told only for it).
  let ratioPreset = null;
  const rows = new RunRows();
  /** Before a run: what Run comparison will run (or nothing while one runs or just ended). */
  const ready = () => {
    if (state) return;
    const s = JSON.parse(core.trainSetup(current()));
    $("c-status").textContent = t("cmp_ready", { n: formatNumber(s.compare.length), epochs: formatNumber(s.config.epochs) });
    $("c-eta").textContent = "";
  };
  onLangChange(() => ready());
  // A preset sets the comparison up (the form, the line-up, the panels it needs); Run runs it.
  const preset = (name) => {
    const p = JSON.parse(core.comparePreset(name, $("t-ds").value, $("c-as-written").checked));
    form.setCompare({ cmp: p.cmp, target: p.target });
    if (!apply(p)) return;
    sync();
    ratioPreset = presets.ratio[name] ? { name, hash: current() } : null;
    if (presets.open_layers.includes(name)) {
      $("c-grad-box").open = true;
      $("c-stats-box").open = true;
      $("t-layers-panel").open = true;
    }
    ready();
    $("c-run").focus();
  };
  for (const name of presets.names) $(`c-preset-${name}`).addEventListener("click", () => preset(name));

  function run() {
    if ($("train").dataset.invalid === "1") return;
    const hash = current();
    const s = JSON.parse(core.trainSetup(hash));
    const ratio = ratioPreset?.hash === hash ? presets.ratio[ratioPreset.name] : null;
    const ratioPair = ratioIndices(s.compare, ratio);
    const me = { started: performance.now(), ratioPair, summaries: [], pool: null, labels: s.compare_labels, binary: s.config.loss === "softmax_bce" };
    for (const th of $("c-table").querySelectorAll(".binary-col")) th.hidden = !me.binary;
    state = me;
    runningUi(true);
    delete $("compare").dataset.done;
    onStart();
    charts.compareStart(JSON.stringify(s.compare), JSON.stringify(s.compare_labels), s.config.epochs);
    rows.reset(s.compare_labels, s.config.epochs);
    view.canvases.invalidate(...CMP_KINDS);
    const job = { hash, runs: s.compare.length, data: withData({ type: "compare", hash }).data };
    imagesOf(s).then(
      (bytes) => state === me && startPool({ core, charts, view, rows, me, finish }, { ...job, images: bytes }),
      (e) => state === me && finish(String(e?.message ?? e)),
    );
  }

  $("c-run").addEventListener("click", () => run());
  $("c-cancel").addEventListener("click", () => {
    if (!state) return;
    state.pool?.cancel();
    rows.cancel();
    finish(t("cmp_cancelled"));
  });

  function finish(message, ratio) {
    const total = state ? (performance.now() - state.started) / 1000 : 0;
    const ratioPair = state?.ratioPair;
    state = null;
    runningUi(false);
    $("c-eta").textContent = "";
    $("c-status").textContent = `${message} (${formatDuration(total)})`;
    $("compare").dataset.done = "1";
    $("compare").dataset.seconds = String(total);
    if (ratioPair) showRatio(ratio);
  }
  return {
    sync: () => {
      sync();
      ready();
    },
    /** Test hooks: workers alive now, runs at once on this device, and make run `i` fail as a
     * wasm panic does. */
    alive: () => state?.pool?.alive ?? 0,
    workers: () => core.compareWorkers(cores()),
    crashRun: (i) => state?.pool?.crash(i),
  };
}

/**
 * Starts the comparison `me`'s workers for `job`: each run's progress goes to `rows`, its records
 * to the charts, its summary to the table; `finish(message, ratio)` once every run ended.
 */
function startPool({ core, charts, view, rows, me, finish }, job) {
  $("c-status").textContent = t("cmp_running");
  me.pool = new ComparePool(job, {
    started: (i) => rows.start(i),
    event: (i, ev) => {
      rows.progress(i, ev.progress);
      rows.eta();
      if (ev.record) {
        charts.comparePush(i, JSON.stringify(ev.record));
        view.canvases.invalidate(...CMP_KINDS);
      }
      // A running run's lines go on between its epochs (estimates, until the epoch's record).
      if (ev.live) {
        charts.compareLive(i, JSON.stringify(ev.live));
        view.canvases.invalidate(...CMP_KINDS);
      }
      if (ev.summary) {
        me.summaries[i] = ev.summary;
        addRow(i, me.labels[i], ev.summary, me.binary);
        rows.finish(i, null, ev.summary.diverged);
      }
    },
    finished: (i, error) => error && rows.finish(i, error),
    done: () => finish(rows.failed ? t("cmp_done_failed", { n: formatNumber(rows.failed) }) : t("cmp_done"), ratioOf(core, me)),
  }, core.compareWorkers(cores()));
  me.pool.start();
}

/** The ratio preset's measured speed ratio (the core's rule), null when a run never got there. */
function ratioOf(core, me) {
  const [fast, slow] = me.ratioPair ?? [];
  const f = me.summaries[fast];
  const sl = me.summaries[slow];
  return f && sl ? core.compareSpeedup(JSON.stringify(f), JSON.stringify(sl)) : null;
}

/**
 * The image bytes a setup needs (undefined for other data), downloaded and inflated once per
 * comparison here in the page, with progress in the status line; each compare worker gets a copy.
 */
function imagesOf(setup) {
  if (!setup.images) return Promise.resolve(undefined);
  const [file, gzip] = setup.images;
  const url = new URL(`../${file}`, import.meta.url);
  return downloadImages(url, gzip, (loaded, total) => {
    const mb = (v) => formatNumber(Math.round(v / 1e4) / 100);
    $("c-status").textContent = t("t_loading_data", { mb: mb(loaded), total: mb(total || loaded) });
  });
}

/** The as-written switch and note follow the setup's loss (the article's, or the default). */
function showAsWritten(loss) {
  $("c-as-written").checked = loss === "softmax_bce";
  $("c-as-written-note").hidden = loss !== "softmax_bce";
}

/**
 * The article's parts: the as-written switch sets the loss (and restarts the training run, as any
 * change of the form does); the form's own loss field and a changed link move the switch back;
 * "show sigmoid" redraws the article's figures.
 */
function setupArticle({ core, charts, view, apply, current, sync }) {
  $("c-as-written").addEventListener("change", () => {
    if (!apply({ loss: $("c-as-written").checked ? "softmax_bce" : "auto" })) sync();
    showAsWritten(JSON.parse(core.trainSetup(current())).config.loss);
  });
  const follow = () => showAsWritten(JSON.parse(core.trainSetup(current())).config.loss);
  $("t-lossfn").addEventListener("change", follow);
  window.addEventListener("hashchange", () => setTimeout(follow));
  $("c-article-sigmoid").addEventListener("change", () => {
    charts.setArticleSigmoid($("c-article-sigmoid").checked);
    view.canvases.invalidate("cmp_article");
  });
}

/**
 * Adds run `run`'s result row (`label`: the core's display label), in the line-up's order;
 * `binary`: with Keras 2's binary accuracy (the article's loss as written).
 */
function addRow(run, label, s, binary) {
  $("c-table").hidden = false;
  const status = s.diverged ? t("cmp_diverged") : t("cmp_ok");
  const epochs = s.epochs_to_target === null ? t("cmp_not_reached") : formatNumber(Math.round(s.epochs_to_target * 100) / 100);
  const row = el("tr", { data: { run: String(run) } }, el("th", { text: label, attrs: { scope: "row" } }), el("td", { text: pct(s.final_test_accuracy) }),
    el("td", { text: pct(s.best_test_accuracy) }), ...(binary ? [el("td", { text: pct(s.final_test_binary_accuracy) })] : []), el("td", { text: epochs }),
    el("td", { text: formatDuration(s.millis / 1000) }), el("td", { text: status }));
  const body = $("c-table").tBodies[0];
  const after = [...body.rows].find((r) => Number(r.dataset.run) > run);
  body.insertBefore(row, after ?? null);
}
