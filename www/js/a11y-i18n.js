// Strings of the accessibility layer (chart names, text alternatives, data tables) and of the lazy
// training loader, in English and Simplified Chinese; registered with i18n.js on import.
import { addStrings } from "./i18n.js";

const EN = {
  go_train: "Train a network ↓",
  go_learn: "The story, told live →",
  a11y_curves: "Chart of {fns} for x from {lo} to {hi}{deriv}. Focus it and use the arrow keys to read the value and slope at a cursor; Shift+arrows pan, + and − zoom.",
  a11y_curves_deriv: ", with derivatives",
  a11y_curves_none: "no function",
  a11y_data: "Data table",
  a11y_no_data: "{name}: no data yet",
  a11y_loss: "{name}: train loss {train}, test loss {test} at epoch {epoch}",
  a11y_accuracy: "{name}: test accuracy {test}, train accuracy {train} at epoch {epoch}",
  a11y_lr: "{name}: learning rate {lr} at epoch {epoch}",
  a11y_layers: "{name} at epoch {epoch}: {values}",
  a11y_col_epoch: "Epoch",
  a11y_col_train_loss: "Train loss",
  a11y_col_test_loss: "Test loss",
  a11y_col_train_acc: "Train accuracy",
  a11y_col_test_acc: "Test accuracy",
  a11y_col_lr: "Learning rate",
  a11y_layer: "layer {n}",
  a11y_conv: "conv {n}",
  a11y_rows_shown: "Last {n} of {total} epochs",
};

const ZH = {
  go_train: "训练一个网络 ↓",
  go_learn: "边读边做实验 →",
  a11y_curves: "{fns} 在 x 从 {lo} 到 {hi} 的图表{deriv}。聚焦后用方向键读取光标处的函数值和斜率；Shift+方向键平移，+ 和 − 缩放。",
  a11y_curves_deriv: "，含导数",
  a11y_curves_none: "未选函数",
  a11y_data: "数据表",
  a11y_no_data: "{name}：暂无数据",
  a11y_loss: "{name}：第 {epoch} 轮训练损失 {train}，测试损失 {test}",
  a11y_accuracy: "{name}：第 {epoch} 轮测试准确率 {test}，训练准确率 {train}",
  a11y_lr: "{name}：第 {epoch} 轮学习率 {lr}",
  a11y_layers: "{name}（第 {epoch} 轮）：{values}",
  a11y_col_epoch: "轮次",
  a11y_col_train_loss: "训练损失",
  a11y_col_test_loss: "测试损失",
  a11y_col_train_acc: "训练准确率",
  a11y_col_test_acc: "测试准确率",
  a11y_col_lr: "学习率",
  a11y_layer: "第 {n} 层",
  a11y_conv: "卷积层 {n}",
  a11y_rows_shown: "最近 {n} 轮（共 {total} 轮）",
};

addStrings(EN, ZH);
