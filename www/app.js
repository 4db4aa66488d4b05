// The curves page's entry: language and theme first, then the wasm core and the first curve; the
// training section (js/lazy-train.js) loads only when it is about to be seen or is linked to.
import { loadCore, catalog as loadCatalog, loadNotes } from "./js/wasm.js";
import { applyI18n, followLang, preferredLang, setLang, t } from "./js/i18n.js";
import { applyTheme, storedTheme } from "./js/theme.js";
import { CurvesApp } from "./js/curves-app.js";
import { bindViewControls } from "./js/view-controls.js";
import { bindPrefs } from "./js/prefs.js";
import { bindShare } from "./js/share-controls.js";
import { bindNotice } from "./js/notice.js";
import { bindTrainingButton, watchTraining } from "./js/lazy-train.js";

const $ = (id) => document.getElementById(id);
/** Lets the browser paint and handle input between two parts of the start-up (no long task). */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

async function main() {
  setLang(preferredLang());
  applyI18n();
  applyTheme(storedTheme());
  bindNotice();
  bindTrainingButton($("go-train"));
  let core;
  try {
    core = await loadCore();
  } catch (e) {
    $("chart-status").textContent = t("load_failed");
    console.error(e);
    return;
  }
  followLang(core);
  const catalog = loadCatalog(core);
  const app = new CurvesApp(core, catalog, storedTheme());
  // The first curve before the rest of the controls; data-curve marks it for the benchmark.
  app.chart.drawNow();
  document.documentElement.dataset.curve = "1";
  await nextTask();
  window.addEventListener("hashchange", () => app.followHash());
  bindViewControls(app);
  bindPrefs(app);
  bindShare(app);
  app.commit({ structure: true, draw: false });
  app.syncEmbed();
  document.documentElement.dataset.ready = "1";
  // The pros/cons arrive after the first curve (they are not in the curves build's wasm).
  loadNotes(catalog).then((changed) => changed && app.syncFocus());
  watchTraining();
}

main();
