// Filters and feature maps (what a CNN playground shows): a card, for conv networks only, with the
// first conv layer's filters as images and, for one test image, the feature maps of every conv and
// pool layer, updating while the run trains. The picker steps through the test set or jumps to the
// next misclassified image. The worker's view feed (www/js/layer-view-feed.js) sends the core's
// packed maps only while the card is open; the wasm LayerView unpacks them and the one
// layer-view painter (www/js/layer-views.js) draws them; an empty buffer (an MLP) hides the card.
import { LayerViewPainter, wireCard } from "./layer-views.js";
import { addStrings, applyI18n, lang, t } from "./i18n.js";
import { el, formatNumber } from "./dom.js";
import { describeChart } from "./chart-a11y.js";

const EN = {
  cm_title: "Filters and feature maps",
  cm_note: "Top: the first conv layer's filters (the 3×3 or 5×5 patterns it looks for), blue positive, orange negative, one colour scale for all filters. Below: a test image and what each conv layer (after its activation) and pool layer makes of it, one tile per map, one colour scale per layer (±value in the title). They change as the network trains.",
  cm_prev: "◀ Previous",
  cm_next: "Next ▶",
  cm_wrong: "Next misclassified",
  cm_sample: "Test image {i} of {n}: label {label}, predicted {pred} ({conf})",
  cm_sample_plain: "Test image {i} of {n}",
  cm_right: "right",
  cm_wrong_mark: "wrong",
  cm_all_right: "No misclassified test image: the network gets all {n} right.",
  cm_none_yet: "None of the next {k} test images is misclassified; click again to look further.",
  cm_label: "Filters and feature maps of a test image",
  cm_text: "{sample}. {parts}.",
  cm_error: "Feature maps: {msg}",
  cm_wait: "Computing the maps of this network (untrained until you press Play)…",
  cm_updating: "Updating the picture…",
  cm_t_filters: "conv 1 filters · {total} of {k}×{k}",
  cm_t_input: "input image {h}×{w}",
  cm_t_conv: "conv {n} · {total} maps {h}×{w}",
  cm_t_pool: "pool {n} · {total} maps {h}×{w}",
  cm_t_avg_pool: "avg pool {n} · {total} maps {h}×{w}",
  cm_t_batch_norm: "batch norm {n} · {total} maps {h}×{w}",
  cm_t_shown: ", {shown} shown",
  cm_t_scale: " · ±{scale}",
};
const ZH = {
  cm_title: "卷积核与特征图",
  cm_note: "上方：第一个卷积层的卷积核（它要寻找的 3×3 或 5×5 图案），蓝色为正，橙色为负，所有卷积核共用一个色标。下方：一张测试图像，以及每个卷积层（激活之后）和池化层对它的输出，每个小图是一张特征图，每层共用一个色标（标题中的 ±数值）。它们随训练而变化。",
  cm_prev: "◀ 上一张",
  cm_next: "下一张 ▶",
  cm_wrong: "下一张分错的",
  cm_sample: "测试图像 {i} / {n}：标签 {label}，预测 {pred}（{conf}）",
  cm_sample_plain: "测试图像 {i} / {n}",
  cm_right: "正确",
  cm_wrong_mark: "错误",
  cm_all_right: "没有分错的测试图像：网络对全部 {n} 张都判断正确。",
  cm_none_yet: "接下来的 {k} 张测试图像都判断正确；再点一次继续往后找。",
  cm_label: "一张测试图像的卷积核与特征图",
  cm_text: "{sample}。{parts}。",
  cm_error: "特征图：{msg}",
  cm_wait: "正在计算这个网络的特征图（按“播放”之前网络未经训练）…",
  cm_updating: "正在更新图像…",
  cm_t_filters: "卷积层 1 的卷积核 · {total} 个 {k}×{k}",
  cm_t_input: "输入图像 {h}×{w}",
  cm_t_conv: "卷积层 {n} · {total} 张特征图 {h}×{w}",
  cm_t_pool: "池化层 {n} · {total} 张特征图 {h}×{w}",
  cm_t_avg_pool: "平均池化层 {n} · {total} 张特征图 {h}×{w}",
  cm_t_batch_norm: "批归一化层 {n} · {total} 张特征图 {h}×{w}",
  cm_t_shown: "，显示 {shown} 张",
  cm_t_scale: " · ±{scale}",
};
addStrings(EN, ZH);

function buildCard() {
  const button = (id, key) => el("button", { type: "button", id, attrs: { "data-i18n": key } });
  return el(
    "details",
    { class: "card chart-box cmaps-box", id: "t-cmaps-box", attrs: { open: "", hidden: "" } },
    el("summary", { attrs: { "data-i18n": "cm_title" } }),
    el("p", { class: "panel-note", attrs: { "data-i18n": "cm_note" } }),
    el("div", { class: "cmaps-picker" }, button("t-cmaps-prev", "cm_prev"), button("t-cmaps-next", "cm_next"), button("t-cmaps-wrong", "cm_wrong")),
    el("p", { id: "t-cmaps-sample", class: "cmaps-sample", attrs: { "aria-live": "polite" } }),
    el("p", { id: "t-cmaps-status", class: "panel-note cmaps-status", attrs: { role: "status", hidden: "" } }),
    el("canvas", { class: "cmaps-canvas", attrs: { role: "img", tabindex: "0", "aria-describedby": "t-cmaps-text" } }),
    el("p", { id: "t-cmaps-text", class: "visually-hidden" }),
  );
}

const pct = (v) => `${formatNumber(Number((100 * v).toPrecision(3)))} %`;

/** The card around its painter (www/js/layer-views.js): the picker's status, the sample line
 * and the text alternative, which change together with the picture they describe. */
class MapsCard {
  constructor(core, card, isDark) {
    Object.assign(this, { card, searched: null });
    this.painter = new LayerViewPainter("maps", core, card.querySelector(".cmaps-canvas"), {
      lang,
      isDark,
      active: () => card.open,
      drawn: () => this.drawn(),
      error: (msg) => (this.$("t-cmaps-sample").textContent = t("cm_error", { msg })),
    });
    this.view = this.painter.view;
    this.canvas = this.painter.canvas;
  }

  $(id) {
    return this.card.querySelector(`#${id}`);
  }

  drawn() {
    this.describe();
    this.busy(false);
    // Which update the canvas shows (the page tests wait for the latest).
    this.card.dataset.drawn = this.card.dataset.updates;
  }

  /** The picture is being replaced (a picker click, a new run): it says so until it is. */
  busy(on, text = t("cm_updating")) {
    this.canvas.classList.toggle("updating", on);
    this.canvas.setAttribute("aria-busy", String(on));
    const status = this.$("t-cmaps-status");
    status.textContent = on ? text : "";
    status.hidden = !on;
  }

  /** The sample line and the canvas's name and text alternative. */
  describe() {
    const s = JSON.parse(this.view.sample());
    if (!s) return;
    const i = formatNumber(s.index + 1);
    const n = formatNumber(s.count);
    let line = t("cm_sample_plain", { i, n });
    if (s.label !== null) {
      const ok = s.label === s.predicted;
      line = `${t("cm_sample", { i, n, label: s.label, pred: s.predicted, conf: pct(s.confidence) })} · ${t(ok ? "cm_right" : "cm_wrong_mark")}`;
      this.$("t-cmaps-sample").dataset.right = String(ok);
      // A "next misclassified" search that found none says how far it looked, while its image stays.
      if (s.searched > 0) this.searched = { index: s.index, k: s.searched };
      if (this.searched?.index !== s.index) this.searched = null;
      else if (this.searched.k >= s.count) line += ` — ${t("cm_all_right", { n })}`;
      else line += ` — ${t("cm_none_yet", { k: formatNumber(this.searched.k) })}`;
    }
    this.$("t-cmaps-sample").textContent = line;
    const parts = this.painter.parts().map((p) => p.text);
    this.$("t-cmaps-text").textContent = t("cm_text", { sample: line, parts: parts.join("; ") });
    describeChart(this.canvas, { summary: `${t("cm_label")}: ${line}` });
  }

  /** A reply from the worker's view feed; an empty one (an MLP) hides the card. */
  update(m) {
    const error = this.painter.take(m);
    if (error) {
      this.busy(false);
      this.$("t-cmaps-sample").textContent = t("cm_error", { msg: error });
      return;
    }
    this.card.hidden = !this.view.shown;
    // The caption follows in drawn(), with the picture it describes.
    if (this.view.shown) this.card.dataset.updates = String(Number(this.card.dataset.updates || 0) + 1);
  }

  /** A new run is shown: a conv net's card says its maps are coming, any other hides it. */
  reset(setup) {
    this.searched = null;
    if (!setup.image_layers) {
      this.view.clear();
      this.card.hidden = true;
      return;
    }
    this.card.hidden = false;
    this.$("t-cmaps-sample").textContent = "";
    this.busy(true, t("cm_wait"));
  }
}

/** Sets the card up; `channel` is the training worker's channel, `core` the pkg-train module,
 * `onReset(fn)` calls `fn(setup)` when a run is shown (before the worker built it). */
export function setupConvMaps({ core, channel, isDark, onReset }) {
  const anchor = document.getElementById("t-digits-box");
  if (!anchor || !core.LayerView) return undefined;
  const card = buildCard();
  anchor.after(card);
  applyI18n(card);
  const p = new MapsCard(core, card, isDark);
  onReset((setup) => p.reset(setup));
  const tell = wireCard(p.painter, card, {
    channel,
    reply: (m) => p.update(m),
    onLang: () => p.view.shown && p.describe(),
  });
  for (const [id, step] of [["t-cmaps-prev", "prev"], ["t-cmaps-next", "next"], ["t-cmaps-wrong", "wrong"]]) {
    card.querySelector(`#${id}`).addEventListener("click", () => {
      if (p.view.shown) p.busy(true);
      tell({ step });
    });
  }
  // Read-only hooks for the page tests: the sections as drawn, the image shown, the canvas.
  return Object.freeze({
    summary: () => JSON.parse(p.view.summary(p.painter.labels())),
    sample: () => JSON.parse(p.view.sample()),
    canvas: () => p.canvas,
  });
}
