// embed.html's experiment views: `#view=train&t.…` and `#view=compare&t.…` show one
// <activation-train> / <activation-compare> filling the frame, configured by the link (the core
// reads it: training::embed, the same parser as the elements' attributes). Same-origin with its
// workers, so a host page needs only to allow the frame.
import "../embed.js";
import { applyI18n, lang, setLang } from "./i18n.js";

/** Replaces the curves view with the widget of `view` ("train" | "compare"). */
export function mountPage(view) {
  document.body.classList.add("embed-widget-body");
  for (const id of ["chart-wrap"]) document.getElementById(id).hidden = true;
  document.querySelector(".embed-bar").hidden = true;
  const hash = () => location.hash.slice(0, 1 << 21);
  // The link's language names the frame's own texts (title); the widget reads it from the hash too.
  const linked = /(?:^#|&)lang=(en|zh)(?:&|$)/.exec(hash())?.[1];
  if (linked) setLang(linked);
  applyI18n();
  const widget = document.createElement(view === "compare" ? "activation-compare" : "activation-train");
  widget.embedHash = hash();
  widget.embedHostLang = lang();
  // The frame's background follows the widget's theme.
  new MutationObserver(() => (document.documentElement.dataset.theme = widget.dataset.theme)).observe(widget, {
    attributes: true,
    attributeFilter: ["data-theme"],
  });
  document.querySelector(".embed-main").append(widget);
  // A new link may name the other view: start over.
  window.addEventListener("hashchange", () => location.reload());
  // Ready (the page tests wait for it) once the widget is mounted or has said why it cannot be.
  new MutationObserver(() => {
    if (widget.dataset.ready) document.documentElement.dataset.ready = "1";
  }).observe(widget, { attributes: true, attributeFilter: ["data-ready"] });
}
