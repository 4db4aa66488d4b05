// The training section's chart canvases and their labels: which chart kinds exist, the labels
// each is drawn with (in the page's language), log scales, the theme. Redraws on language,
// theme and log-scale changes. Everything else asks `invalidate(kind…)` to redraw.
import { onLangChange, t } from "./i18n.js";
import { ChartCanvases } from "./train-canvas.js";

export const TRAIN_KINDS = ["loss", "lr", "accuracy", "boundary", "digits", "confusion", "grad", "meanstd", "dead", "alpha", "clip"];
export const CMP_KINDS = ["cmp_acc", "cmp_loss", "cmp_grad", "cmp_article"];

const LABELS = {
  loss: () => ({ title: t("t_loss"), x: t("t_x_epoch"), train: t("t_train"), test: t("t_test") }),
  lr: () => ({ title: t("t_lr_strip"), x: t("t_x_epoch"), lr: t("t_lr_legend") }),
  confusion: () => ({ title: t("t_confusion"), predicted: t("t_cm_predicted"), truth: t("t_cm_true"), accuracy: t("t_cm_acc"), empty: t("t_cm_empty") }),
  accuracy: () => ({ title: t("t_accuracy"), x: t("t_x_epoch"), train: t("t_train"), test: t("t_test") }),
  grad: () => ({ title: t("t_grad"), x: t("t_x_epoch"), layer: t("t_layer"), output: t("t_output"), conv: t("t_conv") }),
  meanstd: () => ({ title: t("t_meanstd_short"), x: t("t_x_epoch"), layer: t("t_layer"), conv: t("t_conv"), mean: t("t_s_mean"), std: t("t_s_std") }),
  dead: () => ({
    title: t("t_dead_short"),
    x: t("t_x_epoch"),
    layer: t("t_layer"),
    conv: t("t_conv"),
    dead: t("t_s_dead"),
    zeros: t("t_s_zeros"),
    dead_filters: t("t_s_dead_filters"),
  }),
  alpha: () => ({ title: t("t_alpha_short"), x: t("t_x_epoch"), layer: t("t_layer") }),
  clip: () => ({ title: t("t_clip_short"), x: t("t_x_epoch"), layer: t("t_layer"), output: t("t_output"), conv: t("t_conv") }),
  digits: () => ({ empty: t("t_digits_none") }),
  cmp_acc: () => ({ title: t("cmp_acc_short"), x: t("t_x_epoch") }),
  cmp_loss: () => ({ title: t("cmp_loss_short"), x: t("t_x_epoch") }),
  cmp_grad: () => ({ title: t("cmp_grad_short"), x: t("cmp_x_layer") }),
  // Two panels, each with its own title, so the titles stay on the page too.
  cmp_article: () => ({ title: t("cmp_article_acc"), binary_title: t("cmp_article_binary"), loss_title: t("cmp_article_loss"), x: t("t_x_epoch") }),
};
/** Charts whose titles are drawn on the page as well (their card names the pair). */
const OWN_TITLES = new Set(["cmp_article"]);

export const isDark = () => document.documentElement.dataset.theme === "dark";

/** The chart view over the wasm `TrainCharts`. */
export function createChartView(charts) {
  const $ = (id) => document.getElementById(id);
  const logFor = (kind) => (kind === "loss" ? $("t-log").checked : kind === "cmp_loss" ? $("c-log").checked : false);
  // On the page the card heading names the chart; exported files carry the title in the image.
  const labelsFor = (kind, title = false) => {
    const l = LABELS[kind]?.() ?? {};
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
  onLangChange(() => canvases.invalidate());
  new MutationObserver(() => canvases.invalidate()).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => canvases.invalidate());
  return { canvases, logFor, labelsFor };
}
