// The panels an embedded training widget can show beside its TrainCharts charts: the network view
// (`network`) and a conv net's filters and feature maps (`maps`): the layer views of
// www/js/layer-views.js, drawn by its one painter from what the training worker's view feed sends
// while they are open ("layerview" in www/js/train-protocol.js).
import { LayerViewPainter, VIEWS } from "./layer-views.js";
import { tIn } from "./i18n.js";

/**
 * The panel `kind` ("network" | "maps") drawn into `wrap` (its slot); resolves once its strings
 * are loaded. `view` names it in the worker messages; `update(m)` takes a reply.
 */
export async function createPanel(kind, { core, wrap, lang, dark }) {
  await VIEWS[kind].strings();
  const name = tIn(lang, kind === "network" ? "w_network" : "w_maps");
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", name);
  const note = document.createElement("p");
  note.className = "cap";
  note.textContent = tIn(lang, "w_panel_none");
  wrap.replaceChildren(note, canvas);
  const painter = new LayerViewPainter(kind, core, canvas, {
    lang: () => lang,
    isDark: dark,
    // The text alternative names every layer drawn; `data-kinds` lists their kinds (page tests).
    drawn: () => {
      const parts = painter.parts();
      canvas.setAttribute("aria-label", `${name}: ${parts.map((p) => p.text).join("; ")}`);
      wrap.dataset.kinds = parts.map((p) => p.kind).join(",");
      wrap.dataset.drawn = String(Number(wrap.dataset.drawn || 0) + 1);
    },
    error: (msg) => (note.textContent = msg),
  });
  const showing = () => {
    note.hidden = painter.shown;
    canvas.hidden = !painter.shown;
  };
  showing();
  return {
    view: kind,
    update(m) {
      const error = painter.take(m);
      if (error) note.textContent = error;
      showing();
    },
    redraw: () => painter.redraw(),
    clear() {
      painter.clear();
      showing();
    },
    destroy: () => painter.destroy(),
  };
}
