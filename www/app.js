// The curves page's entry: language and theme first, then the wasm core and the first curve. The
// controls that only matter once the curve is on screen (view, preferences, share, the training
// loader) are imported after that first paint, so the first curve waits for fewer modules.
import { loadCore, catalog as loadCatalog, loadNotes } from "./js/wasm.js";
import { applyI18n, followLang, preferredLang, setLang, t } from "./js/i18n.js";
import { applyTheme, storedTheme } from "./js/theme.js";
import { CurvesApp } from "./js/curves-app.js";
import { bindNotice } from "./js/notice.js";

const $ = (id) => document.getElementById(id);
/** Resolves after the browser has painted the next frame (a task after the frame's callbacks). */
const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

async function main() {
  setLang(preferredLang());
  applyI18n();
  applyTheme(storedTheme());
  bindNotice();
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
  await afterPaint();
  const [{ bindViewControls }, { bindPrefs }, { bindShare }, training] = await Promise.all([
    import("./js/view-controls.js"),
    import("./js/prefs.js"),
    import("./js/share-controls.js"),
    import("./js/lazy-train.js"),
  ]);
  training.bindTrainingButton($("go-train"));
  window.addEventListener("hashchange", () => app.followHash());
  bindViewControls(app);
  bindPrefs(app);
  bindShare(app);
  app.commit({ structure: true, draw: false });
  app.syncEmbed();
  document.documentElement.dataset.ready = "1";
  // The pros/cons arrive after the first curve (they are not in the curves build's wasm).
  loadNotes(catalog).then((changed) => changed && app.syncFocus());
  training.watchTraining();
}

main();
