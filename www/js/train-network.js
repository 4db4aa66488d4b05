// The network view (TF Playground's diagram, from the core): a card after the decision map with
// every neuron as a tile of what it computes over the plane (image sets: first-layer weights as
// images), edges by sign and |w|, dead units crossed out. The worker sends packed maps
// (www/js/layer-view-feed.js) only while the card is open; the wasm LayerView unpacks, draws
// (through the one layer-view painter, www/js/layer-views.js), and answers hover and click with
// exact numbers.
import { LayerViewPainter, wireCard } from "./layer-views.js";
import { addStrings, applyI18n, lang, t } from "./i18n.js";
import { el, formatNumber } from "./dom.js";

const EN = {
  nv_title: "Network view: what every neuron computes",
  nv_note: "Each tile is one unit's output over the same plane as the decision map (orange negative, blue positive, scaled to the tile's largest |value|; the output tile shades like the map). Lines are weights: blue positive, orange negative, thicker for larger |w|. A red cross marks a dead unit: 0 over the whole plane and every training sample. Hover for numbers, click a tile to see it large.",
  nv_note_images: "Each tile is one first-layer unit's incoming weights as an image (blue positive, orange negative): the pattern that unit looks for. A red cross marks a unit that is 0 on every training image.",
  nv_none: "No network view for this data: it needs 2 input features or an image set.",
  nv_conv: "No network view for a network with conv layers: its units are feature maps, not tiles. “Filters and feature maps” shows them for a test image; the layer panels below show each conv layer's gradient, activations and dead filters.",
  nv_label: "Network view: neuron tiles and weighted edges",
  nv_inputs: "inputs",
  nv_layer: "layer {n}",
  nv_output: "output",
  nv_more: "+{n} more",
  nv_dead: "{n} dead",
  nv_text_col: "{name}: {units} units, {dead} dead",
  nv_text_in: "inputs x₁, x₂",
  nv_text_out: "output ({units})",
  nv_tile: "{what}: bias {bias}, output from {min} to {max}{dead}",
  nv_tile_in: "input x{unit}",
  nv_tile_hidden: "layer {layer}, unit {unit}",
  nv_tile_out: "output {unit}",
  nv_tile_dead: " — dead (0 on the plane and every training sample)",
  nv_edge: "weight {from} → {to}: {w}",
  nv_large: "Enlarged: {what}",
  nv_close: "Close",
  nv_error: "Network view: {msg}",
};
const ZH = {
  nv_title: "网络视图：每个神经元在计算什么",
  nv_note: "每个小图是一个单元在与决策图相同的平面上的输出（橙色为负，蓝色为正，按该图最大 |值| 缩放；输出单元的着色与决策图相同）。连线是权重：蓝色为正，橙色为负，|w| 越大线越粗。红叉表示死单元：在整个平面和每个训练样本上都为 0。悬停查看数值，点击小图可放大。",
  nv_note_images: "每个小图是第一层一个单元的输入权重，排成图像（蓝色为正，橙色为负）：即该单元在寻找的图案。红叉表示在所有训练图像上都为 0 的单元。",
  nv_none: "此数据没有网络视图：需要 2 个输入特征或图像数据集。",
  nv_conv: "含卷积层的网络没有网络视图：它的单元是特征图，不是小图。“卷积核与特征图”展示一张测试图像的特征图；下面的层面板显示每个卷积层的梯度、激活和死滤波器。",
  nv_label: "网络视图：神经元小图与加权连线",
  nv_inputs: "输入",
  nv_layer: "第 {n} 层",
  nv_output: "输出",
  nv_more: "另有 {n} 个",
  nv_dead: "{n} 个死单元",
  nv_text_col: "{name}：{units} 个单元，{dead} 个死单元",
  nv_text_in: "输入 x₁、x₂",
  nv_text_out: "输出（{units}）",
  nv_tile: "{what}：偏置 {bias}，输出范围 {min} 到 {max}{dead}",
  nv_tile_in: "输入 x{unit}",
  nv_tile_hidden: "第 {layer} 层第 {unit} 个单元",
  nv_tile_out: "输出 {unit}",
  nv_tile_dead: " —— 死单元（在平面和每个训练样本上都为 0）",
  nv_edge: "权重 {from} → {to}：{w}",
  nv_large: "放大：{what}",
  nv_close: "关闭",
  nv_error: "网络视图：{msg}",
};
addStrings(EN, ZH);

const num = (v) => formatNumber(Number(v.toPrecision(4)));

/** "layer 2, unit 5" for a unit described by the core. */
function unitName(u) {
  if (u.kind === "input") return t("nv_tile_in", { unit: u.unit });
  if (u.kind === "output") return t("nv_tile_out", { unit: u.unit });
  return t("nv_tile_hidden", { layer: u.layer, unit: u.unit });
}

/** Hover text for a hit JSON from LayerView.hit/tile. */
export function describeHit(h) {
  if (!h) return "";
  if (h.hit === "edge") return t("nv_edge", { from: unitName(h.from), to: unitName(h.to), w: num(h.weight) });
  return t("nv_tile", { what: unitName(h), bias: num(h.bias), min: num(h.min), max: num(h.max), dead: h.dead ? t("nv_tile_dead") : "" });
}

function buildCard() {
  const canvas = el("canvas", { class: "net-canvas", attrs: { role: "img", tabindex: "0", "aria-describedby": "t-net-text", "data-i18n-aria": "nv_label" } });
  const large = el("canvas", { class: "net-large-canvas", attrs: { role: "img" } });
  const card = el(
    "details",
    { class: "card chart-box net-box", id: "t-net-box", attrs: { open: "" } },
    el("summary", { attrs: { "data-i18n": "nv_title" } }),
    el("p", { class: "panel-note", id: "t-net-note" }),
    el("div", { class: "net-body" },
      el("div", { class: "net-scroll" }, canvas),
      el("figure", { class: "net-large", id: "t-net-large", attrs: { hidden: "" } },
        large,
        el("figcaption", { id: "t-net-large-cap", class: "panel-note" }),
        el("button", { type: "button", id: "t-net-close", attrs: { "data-i18n": "nv_close" } }))),
    el("p", { id: "t-net-tip", class: "hover-readout muted", attrs: { "aria-live": "polite" } }),
    el("p", { id: "t-net-text", class: "visually-hidden" }),
  );
  return { card, canvas, large };
}

/** The card around its painter (www/js/layer-views.js): the enlarged tile, the note and the
 * text alternative. */
class NetworkCard {
  constructor(core, card, isDark) {
    Object.assign(this, { card, kind: "", selected: null, conv: false });
    this.large = card.querySelector(".net-large-canvas");
    this.painter = new LayerViewPainter("network", core, card.querySelector(".net-canvas"), {
      lang,
      isDark,
      active: () => card.open,
      drawn: () => this.drawn(),
      error: (msg) => this.error(msg),
    });
    this.view = this.painter.view;
    this.canvas = this.painter.canvas;
  }

  $(id) {
    return this.card.querySelector(`#${id}`);
  }

  error(msg) {
    this.$("t-net-tip").textContent = t("nv_error", { msg });
  }

  drawn() {
    try {
      if (this.selected) this.drawLarge();
    } catch (e) {
      this.error(String(e.message ?? e));
    }
    this.describe();
    // Which update the canvas shows (the page tests wait for the latest).
    this.card.dataset.drawn = this.card.dataset.updates;
  }

  /** The canvas's text alternative: every layer, its size and dead units. */
  describe() {
    const parts = this.painter.parts();
    this.$("t-net-text").textContent = `${t("nv_label")}. ${parts.map((p) => p.text).join("; ")}.`;
    this.card.dataset.dead = String(parts.reduce((s, p) => s + p.dead, 0));
  }

  showLarge(column, index) {
    this.selected = { column, index };
    this.$("t-net-large").hidden = false;
    this.drawLarge();
  }

  drawLarge() {
    const { column, index } = this.selected;
    const info = JSON.parse(this.view.tile(column, index));
    if (!info) return this.closeLarge();
    const dpr = window.devicePixelRatio || 1;
    const side = Math.max(120, this.large.clientWidth);
    this.large.width = Math.round(side * dpr);
    this.large.height = Math.round(side * dpr);
    this.view.drawLarge(this.large, column, index, this.isDark(), dpr);
    const text = t("nv_large", { what: describeHit(info) });
    this.$("t-net-large-cap").textContent = text;
    this.large.setAttribute("aria-label", text);
  }

  isDark() {
    return this.painter.isDark();
  }

  closeLarge() {
    this.selected = null;
    this.$("t-net-large").hidden = true;
  }

  /** A reply from the worker's view feed. */
  update(m) {
    const error = this.painter.take(m);
    if (error) return this.error(error);
    this.kind = this.view.kind;
    this.card.dataset.kind = this.kind;
    this.card.dataset.updates = String(Number(this.card.dataset.updates || 0) + 1);
    this.note();
    this.canvas.hidden = !this.kind;
  }

  note() {
    const none = this.conv ? "nv_conv" : "nv_none";
    this.$("t-net-note").textContent = t(this.kind === "weights" ? "nv_note_images" : this.kind ? "nv_note" : none);
  }
}

/** Hover shows the exact numbers under the pointer, a click on a tile shows it large. */
function wirePointer(p) {
  const hitAt = (ev) => {
    const dpr = window.devicePixelRatio || 1;
    const r = p.canvas.getBoundingClientRect();
    return JSON.parse(p.view.hit((ev.clientX - r.left) * dpr, (ev.clientY - r.top) * dpr, dpr));
  };
  p.canvas.addEventListener("pointermove", (ev) => (p.$("t-net-tip").textContent = describeHit(hitAt(ev))));
  p.canvas.addEventListener("pointerleave", () => (p.$("t-net-tip").textContent = ""));
  p.canvas.addEventListener("click", (ev) => {
    const h = hitAt(ev);
    if (h?.hit === "tile") p.showLarge(h.column, h.index);
  });
  p.$("t-net-close").addEventListener("click", () => p.closeLarge());
}

/** Sets the network view up; `channel` is the training worker's channel, `core` the pkg-train
 * module, `onReset(fn)` calls `fn(setup)` when a run is shown (before the worker built it). */
export function setupNetwork({ core, channel, isDark, onReset }) {
  const anchor = document.getElementById("t-boundary-box");
  if (!anchor || !core.LayerView) return;
  const { card } = buildCard();
  anchor.after(card);
  applyI18n(card);
  const p = new NetworkCard(core, card, isDark);
  wirePointer(p);
  channel.on("session", (m) => {
    p.closeLarge();
    p.conv = !!JSON.parse(m.setup).image_layers;
  });
  // A conv net has no tiles: the view of the network shown before says nothing about it.
  onReset((setup) => {
    p.conv = !!setup.image_layers;
    if (!p.conv) return;
    p.closeLarge();
    p.update({ buf: new Float32Array(0) });
  });
  wireCard(p.painter, card, {
    channel,
    reply: (m) => p.update(m),
    onLang: () => (p.kind || card.dataset.updates) && p.note(),
  });
  // Read-only hooks for the page tests (train.js adds them to its one test hook): the tiles as
  // drawn (backend pixels) and the canvas.
  return Object.freeze({ tiles: () => JSON.parse(p.view.tiles()), canvas: () => p.canvas });
}
