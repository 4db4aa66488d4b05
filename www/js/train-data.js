// "Your data" in the training section: edit the points on the decision map (click adds a point of
// the chosen class, shift-click or the remove tool takes the nearest away, clear), load or paste a
// CSV, the function-boundary set (`t.ds=fn&t.fn=…`) and the draw pad for the digit sets.
// Every check is the core's (src/web/train_data.rs); this module only moves text and clicks.
// The user's points and CSV are kept in localStorage (a link says only `t.ds=custom|csv`), and
// the worker receives them with each setup/compare message.

import { addStrings, onLangChange, t } from "./i18n.js";
import { el } from "./dom.js";
import { DrawPad } from "./draw-pad.js";
import { isUserData, stored } from "./train-data-store.js";
import { setupCsv } from "./train-data-csv.js";
import { setupFnBoundary } from "./train-data-fn.js";
import { setupPoints } from "./train-data-points.js";

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
  d_csv_classes: "class labels 0…{last}",
  d_csv_regression: "regression target",
  d_csv_use: "Use this CSV",
  d_csv_caps: "Caps: {mib} MiB, {rows} rows, {features} features, at least {min} rows, labels 0–{last} (every class present). Header row optional; last column is the label or target; separator , or tab or ;.",
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
  d_csv_classes: "类别标签 0…{last}",
  d_csv_regression: "回归目标",
  d_csv_use: "使用这个 CSV",
  d_csv_caps: "上限：{mib} MiB、{rows} 行、{features} 个特征，至少 {min} 行，标签 0–{last}（每个类别都要出现）。表头可选；最后一列是标签或目标；分隔符为 , 或制表符或 ;。",
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

/** The draw pad for the digit sets: it follows the training at most twice a second. */
function setupPad({ channel, $ }) {
  const pad = new DrawPad({
    canvas: $("t-pad"),
    seen: $("t-pad-seen"),
    probs: $("t-pad-probs"),
    clearButton: $("t-pad-clear"),
    onInk: (ink, side) => channel.send("predict", { ink, side }, [ink.buffer]),
  });
  let lastRefresh = 0;
  channel.on("tick", () => {
    if (!$("t-pad-box").hidden && performance.now() - lastRefresh > 500) {
      lastRefresh = performance.now();
      pad.refresh();
    }
  });
  channel.on("pad", (m) => pad.done(m.error ? { error: m.error } : JSON.parse(m.result)));
}

/**
 * Wires the data controls. `apply()` re-reads the form and restarts the run (TrainRun.apply);
 * `rules`: the core's `trainRules` (class colours and cap, CSV byte cap, image sets). Returns
 * `withData(message)`, through which train.js sends setup and compare messages so that the
 * worker gets the browser-held data (points, CSV) the link names, and `userShape()` (the CSV's
 * rows, features and classes, for its defaults).
 */
export function setupTrainData({ core, rules, charts, canvases, channel, form, apply, $ }) {
  const imageSets = new Set(rules.image_sets);
  const ds = $("t-ds");
  for (const [value, key] of [["custom", "t_ds_custom"], ["csv", "t_ds_csv"], ["fn", "t_ds_fn"]])
    ds.append(el("option", { value, text: t(key), data: { i18n: key } }));
  const setupOf = (hash) => {
    try {
      return JSON.parse(core.dataSetup(hash));
    } catch {
      return {}; // an invalid hash never reaches the form
    }
  };
  const dataName = (hash) => setupOf(hash).data ?? "";

  const fn = setupFnBoundary({ core, form, apply, $ });
  const csv = setupCsv({ core, rules, ds, form, $ });
  const points = setupPoints({ core, rules, charts, canvases, channel, ds, apply, dataName, imageSets, $ });
  setupPad({ channel, $ });

  // The boxes that belong to the set the form shows.
  form.onSet((setup) => {
    const info = setupOf(setup.hash);
    const name = info.data ?? ds.value;
    $("t-fn-box").hidden = name !== "fn";
    $("t-csv-box").hidden = name !== "csv";
    $("t-user-note").hidden = !isUserData(name);
    $("t-pad-box").hidden = !imageSets.has(name);
    // The user's own data has no noise to add; edited points all train (no split).
    if (isUserData(name)) $("t-noise").closest("label").hidden = true;
    if (name === "custom") $("t-ratio").closest("label").hidden = true;
    if (name === "fn") fn.show(info);
    if (name === "csv") csv.show();
  });
  channel.on("session", (m) => ($("t-pad-box").hidden = !imageSets.has(dataName(JSON.parse(m.setup).hash))));
  onLangChange(() => {
    points.refresh();
    if (ds.value === "csv") csv.show();
  });

  /** A setup or compare message with the browser-held data its link names added. */
  const withData = (msg) => {
    if (msg.type === "setup") points.sending(msg.hash);
    const name = dataName(msg.hash);
    return isUserData(name) ? { ...msg, data: stored(name) } : msg;
  };
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
