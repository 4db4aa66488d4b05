// A data-set switch starts from the core's defaults for that set (training::defaults: network,
// optimiser, learning rate, batch, epochs), except for the fields the user changed, and says
// what changed in the page language (the core's en/zh sentence). The compare runs the same setup.
import { lang, onLangChange } from "./i18n.js";

const $ = (id) => document.getElementById(id);

/**
 * `userShape()`: `{rows, features, classes}` of the loaded CSV (rows 0: none). Returns
 * `switchData()`, which applies the defaults to the form and starts the run through `apply`, and
 * `runStarted()`, to call whenever a run of the form starts: the note describes the switch only
 * until anything else changes the form (a preset, an edit), so it never contradicts the fields.
 */
export function setupDefaults({ core, form, apply, userShape }) {
  let applied = null;
  let switching = false;
  const show = () => {
    const note = $("t-defaults-note");
    const text = applied ? (lang() === "zh" ? applied.zh : applied.en) : "";
    note.textContent = text;
    note.hidden = !text;
  };
  onLangChange(show);

  function switchData() {
    applied = null;
    try {
      const s = $("t-ds").value === "csv" ? userShape() : { rows: 0, features: 0, classes: 0 };
      const keep = [...form.touched].join(",");
      // The form without its own sample count: the new set's default applies.
      const res = JSON.parse(core.applyDataDefaultsKeeping(form.pairs(), s.rows, s.features, s.classes, keep));
      form.set(JSON.parse(core.trainSetup(res.hash)));
      applied = res;
    } catch {
      // An invalid field: the run checks the form as it is and marks what is wrong.
    }
    show();
    switching = true;
    try {
      return apply();
    } finally {
      switching = false;
    }
  }
  function runStarted() {
    if (switching || !applied) return;
    applied = null;
    show();
  }
  return { switchData, runStarted };
}
