// The training section's chart canvases and their labels: which chart kinds exist, the labels
// each is drawn with (in the page's language), log scales, the theme. Redraws on language,
// theme and log-scale changes. Everything else asks `invalidate(kind…)` to redraw.
import { onLangChange, t } from "./i18n.js";
import { ChartCanvases } from "./train-canvas.js";

export const TRAIN_KINDS = ["loss", "lr", "accuracy", "boundary", "digits", "confusion", "grad", "meanstd", "dead", "alpha", "clip"];
export const CMP_KINDS = ["cmp_acc", "cmp_loss", "cmp_grad", "cmp_stats", "cmp_article"];

// Each takes the translation function: the page's `t`, or an embedded widget's own language.
const LABELS = {
  loss: (tr) => ({ title: tr("t_loss"), x: tr("t_x_epoch"), train: tr("t_train"), test: tr("t_test") }),
  lr: (tr) => ({ title: tr("t_lr_strip"), x: tr("t_x_epoch"), lr: tr("t_lr_legend") }),
  confusion: (tr) => ({ title: tr("t_confusion"), predicted: tr("t_cm_predicted"), truth: tr("t_cm_true"), accuracy: tr("t_cm_acc"), empty: tr("t_cm_empty") }),
  accuracy: (tr) => ({ title: tr("t_accuracy"), x: tr("t_x_epoch"), train: tr("t_train"), test: tr("t_test") }),
  grad: (tr) => ({ title: tr("t_grad"), x: tr("t_x_epoch"), layer: tr("t_layer"), output: tr("t_output"), conv: tr("t_conv") }),
  meanstd: (tr) => ({ title: tr("t_meanstd_short"), x: tr("t_x_epoch"), layer: tr("t_layer"), conv: tr("t_conv"), mean: tr("t_s_mean"), std: tr("t_s_std") }),
  dead: (tr) => ({
    title: tr("t_dead_short"),
    x: tr("t_x_epoch"),
    layer: tr("t_layer"),
    conv: tr("t_conv"),
    dead: tr("t_s_dead"),
    zeros: tr("t_s_zeros"),
    dead_filters: tr("t_s_dead_filters"),
  }),
  alpha: (tr) => ({ title: tr("t_alpha_short"), x: tr("t_x_epoch"), layer: tr("t_layer") }),
  digits: (tr) => ({ empty: tr("t_digits_none") }),
  cmp_acc: (tr) => ({ title: tr("cmp_acc_short"), x: tr("t_x_epoch") }),
  cmp_loss: (tr) => ({ title: tr("cmp_loss_short"), x: tr("t_x_epoch") }),
  cmp_grad: (tr) => ({ title: tr("cmp_grad_short"), x: tr("cmp_x_layer") }),
  cmp_dead: (tr) => ({ title: tr("cmp_dead_short"), x: tr("cmp_x_layer") }),
  cmp_stats: (tr) => ({ title: tr("cmp_stats_short"), x: tr("cmp_x_hidden"), mean: tr("t_s_mean"), std: tr("t_s_std") }),
  clip: (tr) => ({ title: tr("t_clip_short"), x: tr("t_x_epoch"), layer: tr("t_layer"), output: tr("t_output"), conv: tr("t_conv") }),
  // Two panels, each with its own title, so the titles stay on the page too.
  cmp_article: (tr) => ({ title: tr("cmp_article_acc"), binary_title: tr("cmp_article_binary"), loss_title: tr("cmp_article_loss"), x: tr("t_x_epoch") }),
};
/** Charts whose titles are drawn on the page as well (their card names the pair). */
const OWN_TITLES = new Set(["cmp_article"]);

/** The labels chart `kind` is drawn with, translated by `tr` (default: the page's language). */
export function chartLabels(kind, tr = t) {
  return LABELS[kind]?.(tr) ?? {};
}

export const isDark = () => document.documentElement.dataset.theme === "dark";

/** The chart view over the wasm `TrainCharts`. */
export function createChartView(charts) {
  const $ = (id) => document.getElementById(id);
  const logFor = (kind) => (kind === "loss" ? $("t-log").checked : kind === "cmp_loss" ? $("c-log").checked : false);
  // On the page the card heading names the chart; exported files carry the title in the image.
  const labelsFor = (kind, title = false) => {
    const l = chartLabels(kind);
    if (!title && !OWN_TITLES.has(kind)) l.title = "";
    return JSON.stringify(l);
  };
  const canvases = new ChartCanvases(document.body, (canvas, kind, dpr) =>
    charts.draw(canvas, kind, logFor(kind), isDark(), dpr, labelsFor(kind)),
  );
  $("t-log").addEventListener("change", () => canvases.invalidate("loss", "lr"));
  $("c-log").addEventListener("change", () => canvases.invalidate("cmp_loss"));
  $("t-layers-panel").addEventListener("toggle", () => canvases.invalidate(...TRAIN_KINDS));
  $("c-grad-box").addEventListener("toggle", () => canvases.invalidate("cmp_grad"));
  $("c-stats-box").addEventListener("toggle", () => canvases.invalidate("cmp_stats"));
  onLangChange(() => canvases.invalidate());
  new MutationObserver(() => canvases.invalidate()).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => canvases.invalidate());
  return { canvases, logFor, labelsFor };
}
