// Mounts an <activation-train> or <activation-compare> (www/embed.js imports this module when the
// first one nears the viewport): the core turns the element's attributes — or, in embed.html, the
// link's hash — into the widget (one parser: training::embed), and the card is filled in.
// Attributes changed later rebuild the widget.
import { trainCore } from "./embed-runtime.js";
import { Card, showRefusal } from "./embed-card.js";
import { TrainWidget } from "./embed-train.js";
import { CompareWidget } from "./embed-compare.js";
import { tIn } from "./i18n.js";
import "./embed-i18n.js";

/** HTML's global attributes (and data-/aria-/on… ones): the page's, not the widget's settings. */
const GLOBAL = new Set(["id", "class", "style", "title", "hidden", "slot", "part", "tabindex", "role", "dir", "translate", "inert", "draggable", "contenteditable", "spellcheck", "autofocus", "nonce", "accesskey", "autocapitalize", "enterkeyhint", "inputmode", "popover", "is", "exportparts", "itemscope", "itemprop", "itemtype", "itemid", "itemref"]);
const ours = (name) => !GLOBAL.has(name) && !/^(data-|aria-|on)/.test(name);

/** The element's settings as [name, value] pairs for the core. */
function settingsOf(host) {
  return [...host.attributes].filter((a) => ours(a.name)).map((a) => [a.name, a.value]);
}

/** The host page's language tag around the element (its own `lang` is one of its settings). */
function hostLang(host) {
  return host.parentElement?.closest("[lang]")?.lang || document.documentElement.lang || navigator.language || "en";
}

/** Fills `root`'s empty card for `host`; resolves to the widget (`destroy()`), or null. */
export async function mount(host, root, view) {
  const around = host.embedHostLang ?? hostLang(host);
  let runtime;
  try {
    runtime = await trainCore();
  } catch (e) {
    console.error(e);
    showRefusal(root, tIn(/^zh/i.test(around) ? "zh" : "en", "load_failed"));
    host.dataset.ready = "failed";
    return null;
  }
  const { core } = runtime;
  let spec;
  try {
    const json = host.embedHash !== undefined ? core.embedWidgetFromHash(host.embedHash, around) : core.embedWidget(view, JSON.stringify(settingsOf(host)), around);
    spec = JSON.parse(json);
  } catch (e) {
    const lang = /^zh/i.test(host.getAttribute("lang") ?? around) ? "zh" : "en";
    showRefusal(root, tIn(lang, "w_error", { msg: String(e?.message ?? e).slice(0, 600) }));
    host.dataset.ready = "refused";
    return watchAttributes(host, null);
  }
  if (spec.view !== view) {
    // embed.html's link named the other view than the element it made: only a new page fixes it.
    showRefusal(root, tIn(spec.ui_lang, "w_error", { msg: `view=${spec.view}` }));
    host.dataset.ready = "refused";
    return watchAttributes(host, null);
  }
  const lang = spec.ui_lang;
  const tr = (key, vars) => tIn(lang, key, vars);
  const acts = spec.setup.compare.join(", ");
  const label = spec.view === "compare" ? tr("w_label_cmp", { acts, data: spec.setup.data }) : tr("w_label_train", { act: spec.setup.activations.join(", "), data: spec.setup.data });
  const card = new Card({ host, root, spec, lang, draw: () => "null", label });
  const Kind = spec.view === "compare" ? CompareWidget : TrainWidget;
  const widget = new Kind({ host, card, spec, lang, ...runtime });
  // A read-only look at the run for the page tests (tests/e2e/embed-widgets.mjs).
  host.results = () => widget.results();
  host.dataset.ready = "1";
  return watchAttributes(host, widget);
}

/** Rebuilds the widget when one of its settings changes (not on our own data-… marks). */
function watchAttributes(host, widget) {
  const observer = new MutationObserver((records) => {
    if (!records.some((r) => ours(r.attributeName))) return;
    observer.disconnect();
    host.reload?.();
  });
  observer.observe(host, { attributes: true });
  return {
    widget,
    destroy() {
      observer.disconnect();
      widget?.destroy();
    },
  };
}
