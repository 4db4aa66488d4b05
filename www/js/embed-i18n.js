// Strings of the embedded widgets (www/js/embed-*.js), English and Simplified Chinese; the chart
// titles, buttons and statuses they share with the training page come from train-i18n.js.
import { addStrings } from "./i18n.js";
import { EN as TRAIN_EN, ZH as TRAIN_ZH } from "./train-i18n.js";

export const EN = {
  w_open: "Open in Activation Lab",
  w_open_label: "Open in Activation Lab (new tab)",
  w_idle: "Press Play to train; every reader sees the same run (seed {seed}).",
  w_idle_cmp: "Press Play to train each activation with the same seed ({seed}).",
  w_loading: "Loading the trainer…",
  w_waiting: "Waiting for a free worker ({n} ahead)…",
  w_away: "Paused while out of view.",
  w_paused: "Paused.",
  w_figures: "Epoch {e} of {n} · test accuracy {acc} · test loss {loss}",
  w_figures_regression: "Epoch {e} of {n} · test loss {loss}",
  w_figures_cmp: "{done} of {n} runs done{best}",
  w_best: " · best: {name} {acc}",
  w_run: "{name}: {state}",
  w_run_acc: "{acc}",
  w_error: "Activation Lab: {msg}",
  w_label_train: "Activation Lab experiment: training {act} on {data}",
  w_label_cmp: "Activation Lab experiment: comparing {acts} on {data}",
  w_chart_latest: "{title}: epoch {e}, {figures}",
  w_network: "Network view: what every neuron computes",
  w_maps: "Filters and feature maps of a test image",
  w_panel_none: "Nothing to show yet: press Play.",
  cmp_dead: "Dead units by layer after the last epoch",
  cmp_dead_short: "Dead units by layer",
};

export const ZH = {
  w_open: "在激活函数实验室中打开",
  w_open_label: "在激活函数实验室中打开（新标签页）",
  w_idle: "点击“开始”训练；每位读者看到的都是同一次训练（种子 {seed}）。",
  w_idle_cmp: "点击“开始”，用同一个种子（{seed}）依次训练每个激活函数。",
  w_loading: "正在载入训练器…",
  w_waiting: "正在等待空闲的 worker（前面还有 {n} 个）…",
  w_away: "不在视野中，已暂停。",
  w_paused: "已暂停。",
  w_figures: "第 {e}/{n} 轮 · 测试准确率 {acc} · 测试损失 {loss}",
  w_figures_regression: "第 {e}/{n} 轮 · 测试损失 {loss}",
  w_figures_cmp: "{n} 个运行中已完成 {done} 个{best}",
  w_best: " · 最佳：{name} {acc}",
  w_run: "{name}：{state}",
  w_run_acc: "{acc}",
  w_error: "激活函数实验室：{msg}",
  w_label_train: "激活函数实验室实验：在 {data} 上训练 {act}",
  w_label_cmp: "激活函数实验室实验：在 {data} 上比较 {acts}",
  w_chart_latest: "{title}：第 {e} 轮，{figures}",
  w_network: "网络视图：每个神经元在计算什么",
  w_maps: "一张测试图像的卷积核与特征图",
  w_panel_none: "还没有可显示的内容：请点击“开始”。",
  cmp_dead: "最后一轮后各层的死单元比例",
  cmp_dead_short: "各层死单元比例",
};

addStrings(TRAIN_EN, TRAIN_ZH);
addStrings(EN, ZH);
