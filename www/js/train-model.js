// The training section's model card: save the run as a model file (the CLI's `train --save`
// format), load one by file picker or by dropping it on the section, the skip-connections switch
// and its with/without comparison, and the initialisation panel (www/js/train-init.js). The core
// checks every file (`modelSetup`); nothing on the page changes until the file is accepted.
import { addStrings, t } from "./i18n.js";
import { download, formatNumber } from "./dom.js";
import { InitPanel } from "./train-init.js";
import { setupModelLoad } from "./train-model-load.js";
import { setupSkips } from "./train-model-skips.js";

const $ = (id) => document.getElementById(id);

const EN = {
  m_res: "Skip connections (residual, between equal-width layers)",
  m_save: "Save model",
  m_load: "Load model…",
  m_drop_hint: "or drop a model file (.json) on this section",
  m_drop_here: "Drop the model file to load it",
  m_saved: "Saved {name} ({kb} KB): the model and its config; `activation-lab eval-model` and this page read it.",
  m_loaded: "Loaded {name}: trained {epochs} epochs ({steps} steps). Press Play to train on from these weights (the counters and the optimizer state start afresh).",
  m_load_failed: "Could not load {name}: {msg}. The current run is unchanged.",
  m_too_big: "the file is {mb} MB; model files are at most {max} MB",
  m_not_one: "drop one model file",
  m_note_data_kept: "The file names no data set this page has ({name}); the model runs on the current data.",
  m_note_data_seed: "The data was generated with seed {seed}; the page regenerates it with the training seed, so the points differ.",
  m_note_normalisation: "The file carries an input standardisation the page does not apply.",
  m_note_link_incomplete: "Some settings of this model have no link key: a copied link would not reproduce them.",
  m_init_panel: "Initialisation and depth",
  m_hist: "Initial weights per layer (histogram, dashed: ±expected std)",
  m_hist_layer: "{n} ({shape}, {init}): std {std}, expected {expected}",
  m_probe: "Activation std (log scale) and mean by depth, per init",
  m_probe_note: "Probe: {depth} hidden layers × {width} units of {act}, {samples} standard-normal inputs, no training. Std at the last layer: {last}.",
  m_skips: "Gradient norm per hidden layer at init: without vs with skips (log)",
  m_skip_run: "Compare for this setup",
  m_skip_preset: "Deep sigmoid: with vs without skips",
  m_skip_running: "Measuring the gradient at initialisation…",
  m_skip_readout: "First hidden layer gradient norm: without skips {plain}, with skips {res}. First/last layer ratio: {pr} without, {rr} with.",
  m_skip_story: "Without skips each sigmoid layer multiplies the gradient by at most 0.25, so the first layers barely learn; a skip adds the identity, and the gradient reaches them undiminished.",
  m_std: "activation std",
  m_mean: "activation mean",
  m_x_layer: "hidden layer",
  m_this_run: "(this run)",
  m_plain: "without skips",
  m_residual: "with skips",
  m_layer: "layer",
  m_output: "output",
  m_empty: "no layers",
};
const ZH = {
  m_res: "跳跃连接（残差，仅在等宽层之间）",
  m_save: "保存模型",
  m_load: "加载模型…",
  m_drop_hint: "或把模型文件（.json）拖放到本区域",
  m_drop_here: "松开鼠标即可加载模型文件",
  m_saved: "已保存 {name}（{kb} KB）：模型及其配置；`activation-lab eval-model` 和本页都能读取。",
  m_loaded: "已加载 {name}：训练了 {epochs} 轮（{steps} 步）。按“播放”可从这些权重继续训练（计数器和优化器状态重新开始）。",
  m_load_failed: "无法加载 {name}：{msg}。当前训练保持不变。",
  m_too_big: "文件大小为 {mb} MB；模型文件最多 {max} MB",
  m_not_one: "请只拖放一个模型文件",
  m_note_data_kept: "文件中的数据集（{name}）本页没有；模型在当前数据上运行。",
  m_note_data_seed: "数据是用种子 {seed} 生成的；本页用训练种子重新生成，所以数据点不同。",
  m_note_normalisation: "文件带有输入标准化，本页不会应用它。",
  m_note_link_incomplete: "该模型的部分设置没有对应的链接参数：复制的链接无法完全重现。",
  m_init_panel: "初始化与深度",
  m_hist: "每层初始权重（直方图，虚线：±期望标准差）",
  m_hist_layer: "{n}（{shape}，{init}）：标准差 {std}，期望 {expected}",
  m_probe: "各初始化方法下激活值的标准差（对数）和均值随深度的变化",
  m_probe_note: "探针：{depth} 个隐藏层 × {width} 个 {act} 单元，{samples} 个标准正态输入，不训练。最后一层的标准差：{last}。",
  m_skips: "初始化时每个隐藏层的梯度范数：无跳跃连接与有跳跃连接（对数）",
  m_skip_run: "对当前设置比较",
  m_skip_preset: "深层 sigmoid：有无跳跃连接",
  m_skip_running: "正在测量初始化时的梯度…",
  m_skip_readout: "第一个隐藏层的梯度范数：无跳跃连接 {plain}，有跳跃连接 {res}。首层/末层之比：无 {pr}，有 {rr}。",
  m_skip_story: "没有跳跃连接时，每个 sigmoid 层至多把梯度乘以 0.25，前面的层几乎学不动；跳跃连接加上恒等映射，梯度不衰减地传回前面的层。",
  m_std: "激活标准差",
  m_mean: "激活均值",
  m_x_layer: "隐藏层",
  m_this_run: "（本次训练）",
  m_plain: "无跳跃连接",
  m_residual: "有跳跃连接",
  m_layer: "层",
  m_output: "输出层",
  m_empty: "没有层",
};
addStrings(EN, ZH);

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");

/**
 * Wires the model card. `ctx`: the training core, the worker channel, the form, `apply(overrides)`
 * (restarts the run with the form), `current()` (the run's hash), `isDark()` and `onReset(fn)`
 * (`fn(setup)` when a run is shown). A loaded file is proposed to the worker as a new run; the
 * page shows it only once the worker accepted it.
 */
export function setupModel({ core, channel, form, apply, current, isDark, onReset }) {
  const init = new InitPanel(core, isDark);
  const status = (text) => ($("t-model-status").textContent = text);
  const error = (text) => ($("t-model-error").textContent = text);
  // The initial weights need no data: shown as soon as the run is, before the worker built it.
  onReset((setup) => init.update(setup.hash));
  channel.on("session", (m) => init.update(JSON.parse(m.setup).hash));
  setupModelLoad({ core, channel, form, current, status, error, $ });
  setupSkips({ core, channel, apply, current, init, $ });

  // ---------- save ----------
  $("t-save-model").addEventListener("click", () => channel.send("save-model"));
  channel.on("model-file", (m) => {
    const name = `activation-lab-model-${stamp()}.json`;
    download(name, m.json, "application/json");
    error("");
    status(t("m_saved", { name, kb: formatNumber(Math.round(m.json.length / 100) / 10) }));
  });
  channel.on("model-error", (m) => {
    if (m.where !== "skips" && m.where !== "load-model") error(m.message);
  });
}
