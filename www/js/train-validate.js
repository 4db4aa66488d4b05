// The form's invalid fields, shown where they are: the core (trainFieldProblems) says which `t.`
// keys are wrong and why, in en/zh (for the layer editor: which row and which field of it); this
// module marks each field (aria-invalid, its message right under it, aria-describedby), lists
// every one by its visible label next to Play, and disables Play, Step and Run comparison until
// the form is valid again (so no run uses stale values).
import { el } from "./dom.js";
import { lang, onLangChange, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
/** The `t.` keys the layer editor's rows give (the core names the row and field at fault). */
const NETWORK = new Set(["layers", "h", "do"]);

/** The form control of each `t.` key (`h`: the layer inputs; `fn`: the data set's formula). */
const FIELD = {
  ds: "t-ds", act: "t-act", init: "t-init", opt: "t-opt", lr: "t-lr", bs: "t-bs", ep: "t-ep",
  l1: "t-l1", l2: "t-l2", cv: "t-cv", cn: "t-cn", dk: "t-dk", seed: "t-seed",
  loss: "t-lossfn", sched: "t-sched", every: "t-every", gamma: "t-gamma", floor: "t-floor",
  warm: "t-warm", stop: "t-stop", noise: "t-noise", ratio: "t-ratio", fn: "t-fn",
};

/**
 * The controls of `key` (`item`, `field`: the layer editor's row and its field at fault), and the
 * element its message goes after. A row refused as a whole (out of order) marks the row, no field.
 */
function controls(key, item, field) {
  if (NETWORK.has(key)) {
    const row = item === undefined ? null : $("t-editor-rows").children[item];
    if (!row) return { inputs: [], anchor: $("t-editor-rows") };
    const input = field ? row.querySelector(`[data-field="${field}"]`) : null;
    // A row's message goes inside it (an <li>).
    return { inputs: input ? [input] : [], anchor: row, inside: true, row };
  }
  const node = $(FIELD[key] ?? "");
  if (!node) return { inputs: [], anchor: null };
  return { inputs: [node], anchor: node.closest("label.field") ?? node };
}

/** The label the reader sees for `key` (the field's caption in the page language). */
function visibleLabel(key, item) {
  if (NETWORK.has(key)) {
    const caption = $("t-editor-caption").textContent.trim();
    return item === undefined ? caption : `${caption} · ${t("t_cnn_row", { n: item + 1 })}`;
  }
  const node = $(FIELD[key] ?? "");
  const caption = node?.closest("label")?.querySelector("span") ?? document.querySelector(`label[for="${FIELD[key]}"]`);
  return caption?.textContent.trim() || key;
}

export class FormChecker {
  constructor(core) {
    this.core = core;
    this.problems = [];
    onLangChange(() => this.show());
  }

  /** Checks the form's `pairs` (`rows`: the layer editor's, JSON); marks what is wrong. True when
   * the form is valid. */
  check(pairs, rows) {
    try {
      this.problems = JSON.parse(this.core.trainFieldProblems(pairs, rows));
    } catch (e) {
      this.problems = [{ key: "", en: String(e.message ?? e), zh: String(e.message ?? e) }];
    }
    this.show();
    return this.problems.length === 0;
  }

  get invalid() {
    return this.problems.length > 0;
  }

  show() {
    for (const node of document.querySelectorAll("#t-form [aria-invalid]")) {
      node.removeAttribute("aria-invalid");
      node.removeAttribute("aria-describedby");
    }
    for (const node of document.querySelectorAll("#t-form .field-error")) node.remove();
    for (const node of document.querySelectorAll("#t-form [data-invalid]")) delete node.dataset.invalid;
    const zh = lang() === "zh";
    const labels = [];
    let general = "";
    for (const p of this.problems) {
      const why = zh ? p.zh : p.en;
      const { inputs, anchor, inside, row } = controls(p.key, p.item, p.field);
      if (!anchor) {
        general = why;
        continue;
      }
      const label = visibleLabel(p.key, p.item);
      labels.push(label);
      const id = `t-err-${p.key}${p.item === undefined ? "" : `-${p.item}${p.field ? `-${p.field}` : ""}`}`;
      const message = el("p", { class: "field-error", id, text: `${label}${zh ? "：" : ": "}${why}`, attrs: { role: "alert" } });
      if (inside) anchor.append(message);
      else anchor.after(message);
      if (row) row.dataset.invalid = p.field ? "field" : "row";
      for (const input of inputs) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", id);
      }
    }
    $("t-error").textContent = general;
    const box = $("t-invalid");
    box.hidden = this.problems.length === 0;
    box.textContent = labels.length ? t("t_invalid_fields", { list: labels.join(zh ? "、" : ", ") }) : general ? t("t_invalid_form") : "";
    $("train").dataset.invalid = this.invalid ? "1" : "";
    // The charts stay (nothing is lost) but are marked as not the form's run.
    $("t-stale").hidden = !this.invalid;
    for (const id of ["t-play", "t-step"]) $(id).disabled = this.invalid;
    if (this.invalid) $("c-run").disabled = true;
    else if (!$("compare").dataset.running) $("c-run").disabled = false;
  }
}
