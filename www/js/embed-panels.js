// The panels an embedded training widget can show beside its TrainCharts charts: today's network
// view (`network`) and a conv net's filters and feature maps (`maps`), drawn by the wasm
// NetworkView / ConvMapsView from what the training worker sends while they are open (messages
// "netview"/"units" and "convmaps"/"cmaps" in www/js/train-protocol.js). The one place that knows
// them: when the engine's unified picture replaces both, only this module changes.
import { PacedDraw, fitCanvas } from "./paced-draw.js";
import { tIn } from "./i18n.js";

// Title templates for the core: their placeholders pass through the translation unchanged.
const KEEP = Object.fromEntries(["n", "total", "h", "w", "k", "shown", "scale"].map((k) => [k, `{${k}}`]));

const KINDS = {
  network: {
    view: (core) => new core.NetworkView(),
    strings: () => import("./train-network.js"),
    message: "netview",
    reply: "units",
    shown: (v) => !!v.kind,
    labels: (l) => ({ input: tIn(l, "nv_inputs"), layer: tIn(l, "nv_layer", { n: "{n}" }), output: tIn(l, "nv_output"), more: tIn(l, "nv_more", { n: "{n}" }), dead: tIn(l, "nv_dead", { n: "{n}" }) }),
    // The columns: what the text alternative names (the page's describe() in train-network.js).
    parts: (view, l) =>
      JSON.parse(view.summary()).map((c) => ({
        kind: c.kind,
        text: c.kind === "input" ? tIn(l, "nv_text_in") : c.kind === "output" ? tIn(l, "nv_text_out", { units: c.units }) : tIn(l, "nv_text_col", { name: tIn(l, "nv_layer", { n: c.layer }), units: c.units, dead: c.dead }),
      })),
  },
  maps: {
    view: (core) => new core.ConvMapsView(),
    strings: () => import("./train-conv-maps.js"),
    message: "convmaps",
    reply: "cmaps",
    shown: (v) => v.shown,
    labels: (l) =>
      Object.fromEntries(["filters", "input", "conv", "pool", "avg_pool", "batch_norm", "shown", "scale"].map((k) => [k, tIn(l, `cm_t_${k}`, KEEP)])),
    // Every section as titled on the canvas (the page's text alternative in train-conv-maps.js).
    parts: (view, l) => JSON.parse(view.summary(JSON.stringify(KINDS.maps.labels(l)))).map((p) => ({ kind: p.kind, text: p.title })),
  },
};

/**
 * The panel `kind` ("network" | "maps") drawn into `wrap` (its slot); resolves once its strings
 * are loaded. `{message, reply}` name its worker messages; `update(m)` takes a reply.
 */
export async function createPanel(kind, { core, wrap, lang, dark }) {
  const k = KINDS[kind];
  await k.strings();
  const view = k.view(core);
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", tIn(lang, kind === "network" ? "w_network" : "w_maps"));
  const note = document.createElement("p");
  note.className = "cap";
  note.textContent = tIn(lang, "w_panel_none");
  wrap.replaceChildren(note, canvas);
  let destroyed = false;
  const draw = () => {
    if (destroyed) return;
    const shown = k.shown(view);
    note.hidden = shown;
    canvas.hidden = !shown;
    if (!shown || !canvas.isConnected) return;
    const dpr = fitCanvas(canvas, (w) => view.height(w));
    view.draw(canvas, dark(), dpr, JSON.stringify(k.labels(lang)));
    // The text alternative names every layer drawn; `data-kinds` lists their kinds (page tests).
    const parts = k.parts(view, lang);
    canvas.setAttribute("aria-label", `${tIn(lang, kind === "network" ? "w_network" : "w_maps")}: ${parts.map((p) => p.text).join("; ")}`);
    wrap.dataset.kinds = parts.map((p) => p.kind).join(",");
    wrap.dataset.drawn = String(Number(wrap.dataset.drawn || 0) + 1);
  };
  const pacer = new PacedDraw(draw);
  let lastWidth = 0;
  const resize = new ResizeObserver(() => {
    if (wrap.clientWidth !== lastWidth) pacer.request();
    lastWidth = wrap.clientWidth;
  });
  resize.observe(wrap);
  return {
    message: k.message,
    reply: k.reply,
    update(m) {
      if (m.error) {
        note.textContent = m.error;
        return;
      }
      if (!m.buf.length) view.clear();
      else view.set(m.buf);
      pacer.request();
    },
    redraw: () => pacer.request(),
    clear() {
      view.clear();
      pacer.request();
    },
    destroy() {
      destroyed = true;
      resize.disconnect();
      view.free();
    },
  };
}
