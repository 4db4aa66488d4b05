// Language and theme selectors: the choice goes to the page state (so links carry it), to storage
// (so the next visit keeps it) and to the document.
import { applyI18n, lang, onLangChange, setLang } from "./i18n.js";
import { applyTheme, onSystemThemeChange, rememberTheme } from "./theme.js";

const $ = (id) => document.getElementById(id);

/** Wires the language and theme selectors to `app` (a CurvesApp). */
export function bindPrefs(app) {
  $("lang").addEventListener("change", (e) => {
    setLang(e.target.value, { remember: true });
    app.page.setLang(lang());
    app.commit({ structure: true });
  });
  onLangChange(() => {
    applyI18n();
    app.chart.redraw();
  });
  $("theme").addEventListener("change", (e) => {
    app.themeChoice = e.target.value;
    rememberTheme(app.themeChoice);
    app.page.setTheme(app.themeChoice);
    applyTheme(app.themeChoice);
    app.commit({ structure: true });
  });
  onSystemThemeChange(() => {
    applyTheme(app.themeChoice);
    app.commit({ structure: true });
  });
}
