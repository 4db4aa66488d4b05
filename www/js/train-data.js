// "Your data" in the training section: edit the points on the decision map (click adds a point of
// the chosen class, shift-click or the remove tool takes the nearest away, clear), load or paste a
// CSV, the function-boundary set (`t.ds=fn&t.fn=…`) and the draw pad for the digit sets.
// Every check is the core's (src/web/train_data.rs); this module only moves text and clicks.
// The user's points and CSV are kept in localStorage (a link says only `t.ds=custom|csv`), and
// the worker receives them with each setup/compare message.

import { addStrings, onLangChange, t } from "./i18n.js";
import { clear, el, formatNumber } from "./dom.js";
import { DrawPad } from "./draw-pad.js";

const STORE = { custom: "activation-lab.points", csv: "activation-lab.csv" };
/** Shift-click removes the nearest point within this many CSS pixels. */
const REMOVE_RADIUS = 14;

const EN = {
  t_ds_custom: "your points (click the map)",
  t_ds_csv: "your CSV",
  t_ds_fn: "function boundary y > f(x)",
  d_fn_preset: "Curve",
  d_fn_sine: "sine",
  d_fn_cubic: "cubic",
  d_fn_own: "your formula",
  d_fn_formula: "Class 1 where y > f(x), f(x) =",
  d_csv_file: "CSV file",
  d_csv_paste: "…or paste CSV (or drop a file here)",
  d_csv_task: "Last column",
  d_csv_auto: "auto",
  d_csv_classes: "class labels 0…9",
  d_csv_regression: "regression target",
  d_csv_use: "Use this CSV",
  d_csv_caps: "Caps: 1 MiB, 20,000 rows, 64 features, at least 2 rows, labels 0–9 (every class present). Header row optional; last column is the label or target; separator , or tab or ;.",
  d_csv_too_big: "the file is {mb} MB; the limit is {max} MB",
  d_csv_stats: "{rows} rows · {features} features · {what}{header}",
  d_csv_classes_n: "{n} classes ({counts})",
  d_csv_regr: "regression target",
  d_csv_header: " · header row",
  d_csv_col: "column",
  d_csv_mean: "mean",
  d_csv_std: "std",
  d_csv_norm: "Inputs are standardised: (value − mean) / std per column.",
  d_kept_local: "Your points and CSV are kept in this browser (localStorage), not in the link: a shared link says only that it uses custom data.",
  d_edit_tools: "Edit the points",
  d_edit_add: "Click adds:",
  d_edit_value: "value",
  d_edit_remove: "Remove tool",
  d_edit_clear: "Clear",
  d_edit_new: "+ class",
  d_edit_class: "class {k}",
  d_edit_help: "Click the map to add a point, shift-click (or the remove tool) to remove the nearest.",
  d_edit_count: "{n} points{counts}; every point trains.",
  d_edit_count_copy: "{n} points{counts}; a click makes your own copy of this set.",
  d_edit_counts: " ({counts})",
  d_pad: "Draw a digit",
  d_pad_label: "Drawing pad: draw a digit",
  d_pad_seen: "what the model sees",
  d_pad_clear: "Clear",
  d_pad_note: "Draw with mouse, finger or pen. The drawing is scaled as the training images were; bars are the current model's class probabilities.",
  d_no_storage: "This browser did not let the page keep the data (localStorage is full or disabled).",
};
const ZH = {
  t_ds_custom: "你的点（点击决策图）",
  t_ds_csv: "你的 CSV",
  t_ds_fn: "函数边界 y > f(x)",
  d_fn_preset: "曲线",
  d_fn_sine: "正弦",
  d_fn_cubic: "三次",
  d_fn_own: "自定义公式",
  d_fn_formula: "y > f(x) 处为类别 1，f(x) =",
  d_csv_file: "CSV 文件",
  d_csv_paste: "……或粘贴 CSV（或把文件拖到这里）",
  d_csv_task: "最后一列",
  d_csv_auto: "自动",
  d_csv_classes: "类别标签 0…9",
  d_csv_regression: "回归目标",
  d_csv_use: "使用这个 CSV",
  d_csv_caps: "上限：1 MiB、20,000 行、64 个特征，至少 2 行，标签 0–9（每个类别都要出现）。表头可选；最后一列是标签或目标；分隔符为 , 或制表符或 ;。",
  d_csv_too_big: "文件大小 {mb} MB，上限为 {max} MB",
  d_csv_stats: "{rows} 行 · {features} 个特征 · {what}{header}",
  d_csv_classes_n: "{n} 个类别（{counts}）",
  d_csv_regr: "回归目标",
  d_csv_header: " · 有表头",
  d_csv_col: "列",
  d_csv_mean: "均值",
  d_csv_std: "标准差",
  d_csv_norm: "输入按列标准化：（值 − 均值）/ 标准差。",
  d_kept_local: "你的点和 CSV 保存在本浏览器（localStorage）中，不在链接里：分享的链接只说明使用了自定义数据。",
  d_edit_tools: "编辑数据点",
  d_edit_add: "点击添加：",
  d_edit_value: "数值",
  d_edit_remove: "删除工具",
  d_edit_clear: "清空",
  d_edit_new: "+ 类别",
  d_edit_class: "类别 {k}",
  d_edit_help: "点击决策图添加一个点，按住 Shift 点击（或用删除工具）删除最近的点。",
  d_edit_count: "{n} 个点{counts}；全部用于训练。",
  d_edit_count_copy: "{n} 个点{counts}；点击即生成这个数据集的你自己的副本。",
  d_edit_counts: "（{counts}）",
  d_pad: "手写数字",
  d_pad_label: "画板：写一个数字",
  d_pad_seen: "模型看到的输入",
  d_pad_clear: "清空",
  d_pad_note: "用鼠标、手指或触控笔书写。图像按训练数据的方式缩放；条形是当前模型的各类别概率。",
  d_no_storage: "浏览器不允许页面保存数据（localStorage 已满或被禁用）。",
};
addStrings(EN, ZH);

const read = (key) => {
  try {
    return localStorage.getItem(key) ?? "";
  } catch {
    return "";
  }
};
const write = (key, value) => {
  try {
    localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
};
const message = (e) => String(e?.message ?? e);

/**
 * Wires the data controls. `apply()` re-reads the form and restarts the run (TrainRun.apply);
 * `rules`: the core's `trainRules` (class colours and cap, CSV byte cap, image sets). Returns
 * `withData(message)`, through which train.js sends setup and compare messages so that the
 * worker gets the browser-held data (points, CSV) the link names, and `userShape()` (the CSV's
 * rows, features and classes, for its defaults).
 */
export function setupTrainData({ core, rules, charts, canvases, channel, form, apply, $ }) {
  const IMAGE_SETS = new Set(rules.image_sets);
  const ds = $("t-ds");
  for (const [value, key] of [["custom", "t_ds_custom"], ["csv", "t_ds_csv"], ["fn", "t_ds_fn"]])
    ds.append(el("option", { value, text: t(key), data: { i18n: key } }));

  const dataName = (hash) => {
    try {
      return JSON.parse(core.dataSetup(hash)).data;
    } catch {
      return "";
    }
  };
  const stored = (name) => (STORE[name] ? read(STORE[name]) : "");

  // ---------- the worker gets the stored data with each run (train.js sends through this) ----------
  let hash = "";
  let playing = false;
  /** A setup or compare message with the browser-held data its link names added. */
  const withData = (msg) => {
    if (msg.type === "setup") hash = msg.hash;
    const name = dataName(msg.hash);
    return STORE[name] ? { ...msg, data: stored(name) } : msg;
  };

  // ---------- the form: `t.fn` and the boxes that belong to the chosen set ----------
  const fnInput = $("t-fn");
  const fnPreset = $("t-fn-preset");
  let presets = [];
  try {
    presets = JSON.parse(core.dataSetup("")).presets;
  } catch {
    /* the presets list is cosmetic */
  }
  form.addPairs((name) => (name === "fn" ? { fn: fnInput.value.trim() || "sine" } : {}));
  form.onSet((setup) => sync(setup.hash));

  function sync(h) {
    let info = {};
    try {
      info = JSON.parse(core.dataSetup(h));
    } catch {
      /* an invalid hash never reaches the form */
    }
    const name = info.data ?? ds.value;
    $("t-fn-box").hidden = name !== "fn";
    $("t-csv-box").hidden = name !== "csv";
    $("t-user-note").hidden = !STORE[name];
    $("t-pad-box").hidden = !IMAGE_SETS.has(name);
    // The user's own data has no noise to add; edited points all train (no split).
    if (STORE[name]) $("t-noise").closest("label").hidden = true;
    if (name === "custom") $("t-ratio").closest("label").hidden = true;
    if (name === "fn") {
      fnInput.value = info.preset ? (presets.find(([n]) => n === info.preset)?.[1] ?? info.formula) : info.formula;
      fnPreset.value = info.preset ?? "";
      $("t-fn-error").textContent = "";
      $("t-fn-caret").hidden = true;
    }
    if (name === "csv") showCsvSummary(stored("csv"));
  }

  fnPreset.addEventListener("change", () => {
    const p = presets.find(([n]) => n === fnPreset.value);
    if (!p) {
      fnInput.focus();
      return;
    }
    fnInput.value = p[1];
    apply();
  });
  fnInput.addEventListener("change", () => {
    const check = JSON.parse(core.boundaryFormula(fnInput.value));
    const caret = $("t-fn-caret");
    if (check.error) {
      $("t-fn-error").textContent = check.error;
      caret.hidden = !check.column;
      caret.textContent = check.column ? `${fnInput.value}\n${" ".repeat(check.column - 1)}^` : "";
      return;
    }
    $("t-fn-error").textContent = "";
    caret.hidden = true;
    fnPreset.value = check.preset ?? "";
    apply();
  });

  // ---------- CSV ----------
  function showCsvSummary(wire) {
    const box = $("t-csv-stats");
    clear(box);
    if (!wire) return;
    let s;
    try {
      s = JSON.parse(core.userDataSummary(wire));
    } catch (e) {
      $("t-csv-error").textContent = message(e);
      return;
    }
    const what = s.classes ? t("d_csv_classes_n", { n: s.classes, counts: s.counts.join(" / ") }) : t("d_csv_regr");
    box.append(el("p", { class: "csv-summary", text: t("d_csv_stats", { rows: formatNumber(s.rows), features: s.features, what, header: s.header ? t("d_csv_header") : "" }) }));
    const n = s.normalisation;
    if (!n) return;
    const cols = s.columns.length > s.features ? s.columns : n.mean.map((_, i) => `x${i + 1}`);
    const head = el("tr", {}, el("th", { text: t("d_csv_col"), attrs: { scope: "col" } }), el("th", { text: t("d_csv_mean"), attrs: { scope: "col" } }), el("th", { text: t("d_csv_std"), attrs: { scope: "col" } }));
    const body = n.mean.map((m, i) =>
      el("tr", {}, el("th", { text: cols[i], attrs: { scope: "row" } }), el("td", { text: formatNumber(m) }), el("td", { text: formatNumber(n.std[i]) })),
    );
    box.append(el("table", { class: "csv-table" }, el("thead", {}, head), el("tbody", {}, ...body)), el("p", { class: "panel-note", text: t("d_csv_norm") }));
  }

  function useCsv(text) {
    $("t-csv-error").textContent = "";
    let out;
    try {
      out = JSON.parse(core.csvUserData(text, $("t-csv-task").value));
    } catch (e) {
      $("t-csv-error").textContent = message(e);
      return;
    }
    if (!write(STORE.csv, out.wire)) {
      $("t-csv-error").textContent = t("d_no_storage");
      return;
    }
    showCsvSummary(out.wire);
    ds.value = "csv";
    // As a data-set switch: the CSV's defaults (www/js/train-defaults.js) unless changed.
    form.onChange("data");
  }

  async function readFile(file) {
    if (!file) return;
    if (file.size > rules.csv_max_bytes) {
      const mb = (v) => formatNumber(Math.round(v / 1e4) / 100);
      $("t-csv-error").textContent = t("d_csv_too_big", { mb: mb(file.size), max: mb(rules.csv_max_bytes) });
      return;
    }
    const text = await file.text();
    $("t-csv-text").value = text;
    useCsv(text);
  }
  $("t-csv-file").addEventListener("change", (ev) => readFile(ev.target.files?.[0]));
  $("t-csv-use").addEventListener("click", () => useCsv($("t-csv-text").value));
  const drop = $("t-csv-box");
  drop.addEventListener("dragover", (ev) => {
    ev.preventDefault();
    drop.classList.add("dragging");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("dragging"));
  drop.addEventListener("drop", (ev) => {
    ev.preventDefault();
    drop.classList.remove("dragging");
    readFile(ev.dataTransfer?.files?.[0]);
  });

  // ---------- editing the points on the map ----------
  let editor = null;
  /** Replaces the editor, freeing the old one's wasm memory. */
  const swap = (next) => {
    if (editor && editor !== next) editor.free();
    editor = next;
  };
  let chosen = 0;
  let removing = false;
  const mapCanvas = canvases.canvas("boundary");

  /** The points of the running set, as an editor (null for sets that are not 2-D). */
  function editorFor(h) {
    const name = dataName(h);
    try {
      if (name === "custom" && stored("custom")) return core.PointEditor.load(stored("custom"));
      return core.PointEditor.fromSetup(h, STORE[name] ? stored(name) || undefined : undefined);
    } catch {
      return null;
    }
  }

  function renderPicker() {
    const box = $("t-edit-classes");
    clear(box);
    const classes = editor ? editor.classes : 2;
    $("t-edit-value-box").hidden = classes !== 0;
    if (classes === 0) return;
    if (chosen > classes) chosen = 0;
    const pick = (k, label) =>
      el("button", {
        type: "button",
        class: "class-pick",
        text: label,
        attrs: { "aria-pressed": String(k === chosen && !removing), "data-class": k },
        on: {
          click: () => {
            chosen = k;
            setRemoving(false);
          },
        },
      });
    for (let k = 0; k < classes; k++) {
      const b = pick(k, t("d_edit_class", { k }));
      b.style.setProperty("--swatch", rules.class_colours[k]);
      box.append(b);
    }
    if (classes < rules.max_classes) box.append(pick(classes, t("d_edit_new")));
  }

  function setRemoving(on) {
    removing = on;
    $("t-edit-remove").setAttribute("aria-pressed", String(on));
    renderPicker();
  }

  function showCount() {
    if (!editor) {
      $("t-edit-status").textContent = t("d_edit_help");
      return;
    }
    // Points per class for classification; nothing for regression values.
    const counts = editor.classes ? t("d_edit_counts", { counts: JSON.parse(editor.classCounts()).join(" / ") }) : "";
    const key = dataName(hash) === "custom" ? "d_edit_count" : "d_edit_count_copy";
    $("t-edit-status").textContent = `${t(key, { n: editor.count, counts })} ${t("d_edit_help")}`;
  }

  /** Stores the edited set, draws it at once and restarts training on it. */
  function commit() {
    if (!write(STORE.custom, editor.wire())) {
      $("t-user-error").textContent = t("d_no_storage");
      return;
    }
    const resume = playing;
    ds.value = "custom";
    if (apply() && resume) channel.send("play");
    // Drawn at once; the worker's session for the new set follows with the heatmap.
    charts.setPoints(editor.chartPoints());
    canvases.invalidate("boundary");
    showCount();
  }

  mapCanvas.addEventListener("click", (ev) => {
    const mapping = canvases.mapping("boundary");
    if (!mapping) return;
    const dpr = window.devicePixelRatio || 1;
    const r = mapCanvas.getBoundingClientRect();
    const px = (ev.clientX - r.left) * dpr;
    const py = (ev.clientY - r.top) * dpr;
    if (!editor || dataName(hash) !== "custom") swap(editorFor(hash) ?? new core.PointEditor(2));
    const m = JSON.stringify(mapping);
    let changed;
    try {
      if (ev.shiftKey || removing) changed = editor.removeAt(m, px, py, REMOVE_RADIUS * dpr);
      else {
        const value = editor.classes === 0 ? Number($("t-edit-value").value) : chosen;
        changed = editor.addAt(m, px, py, value);
        if (changed && chosen === editor.classes - 1) renderPicker();
      }
    } catch (e) {
      $("t-edit-status").textContent = message(e);
      return;
    }
    if (changed) commit();
  });
  $("t-edit-remove").addEventListener("click", () => setRemoving(!removing));
  $("t-edit-clear").addEventListener("click", () => {
    if (!editor || dataName(hash) !== "custom") swap(editorFor(hash) ?? new core.PointEditor(2));
    editor.clear();
    commit();
  });

  // ---------- the draw pad ----------
  const pad = new DrawPad({
    canvas: $("t-pad"),
    seen: $("t-pad-seen"),
    probs: $("t-pad-probs"),
    clearButton: $("t-pad-clear"),
    onInk: (ink, side) => channel.send("predict", { ink, side }, [ink.buffer]),
  });

  // ---------- what the worker reports (the current run's replies only) ----------
  let lastRefresh = 0;
  channel.on("session", (m) => {
    hash = JSON.parse(m.setup).hash;
    const name = dataName(hash);
    $("t-pad-box").hidden = !IMAGE_SETS.has(name);
    if (!IMAGE_SETS.has(name)) {
      if (name !== "custom" || !editor) swap(editorFor(hash));
      // A CSV with other than 2 features has no plane to draw or edit.
      if (name === "csv" && !editor) $("t-boundary-box").hidden = true;
      renderPicker();
      showCount();
    }
    $("t-user-error").textContent = "";
  });
  channel.on("tick", (m) => {
    playing = m.playing;
    // The pad follows the training: at most twice a second while a run streams.
    if (!$("t-pad-box").hidden && performance.now() - lastRefresh > 500) {
      lastRefresh = performance.now();
      pad.refresh();
    }
  });
  channel.on("error", (m) => {
    if (m.where !== "setup" || dataName(hash) !== "custom") return;
    // No (valid) stored points: an empty map to click on.
    if (!editor) swap(editorFor(hash) ?? new core.PointEditor(2));
    charts.setPoints(editor.chartPoints());
    canvases.invalidate("boundary");
    renderPicker();
    showCount();
  });
  channel.on("pad", (m) => pad.done(m.error ? { error: m.error } : JSON.parse(m.result)));
  renderPicker();
  showCount();
  onLangChange(() => {
    renderPicker();
    showCount();
    if (ds.value === "csv") showCsvSummary(stored("csv"));
  });
  /** The stored CSV's shape for its defaults (`rows` 0: none). */
  const userShape = () => {
    try {
      const s = JSON.parse(core.userDataSummary(stored("csv")));
      return { rows: s.rows, features: s.features, classes: s.classes ?? 0 };
    } catch {
      return { rows: 0, features: 0, classes: 0 };
    }
  };
  return { withData, userShape };
}
