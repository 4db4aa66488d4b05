// embed.html: the chart alone, sized to its frame, configured by the same URL hash as the page.
import { loadCore } from "./wasm.js";
import { ChartView } from "./chart-view.js";
import { renderCompactReadout } from "./readout.js";
import { applyI18n, followLang, preferredLang, setLang, t } from "./i18n.js";
import { applyTheme, isDark, onSystemThemeChange } from "./theme.js";
import { describeCurves } from "./chart-label.js";
import { widgetView } from "./wasm-early.js";

async function main() {
  setLang(preferredLang());
  if (widgetView) {
    const { mountPage } = await import("./embed-widget-page.js");
    return mountPage(widgetView);
  }
  let core;
  try {
    core = await loadCore();
  } catch (e) {
    document.getElementById("embed-notice").textContent = t("load_failed");
    console.error(e);
    return;
  }
  followLang(core);
  // The link's language first, so a rejection of its other settings is told in it.
  const hash = location.hash.slice(0, 1 << 21);
  const linked = core.hashLang(hash);
  if (linked) setLang(linked);
  const notice = document.getElementById("embed-notice");
  let page;
  try {
    page = core.Page.fromHash(hash);
  } catch (e) {
    const msg = String(e.message ?? e);
    notice.textContent = t("notice_bad_link", { msg: msg.length > 120 ? `${msg.slice(0, 120)}…` : msg });
    page = new core.Page();
  }
  const state = JSON.parse(page.state());
  if (state.lang) setLang(state.lang);
  applyI18n();
  const themeChoice = state.theme ?? "auto";
  applyTheme(themeChoice);
  document.getElementById("open-full").href = `index.html#${page.hash()}`;
  const view = new ChartView(document.getElementById("chart-wrap"), page, {
    isDark: () => isDark(themeChoice),
    describe: describeCurves,
    readout: document.getElementById("embed-readout"),
    renderReadout: renderCompactReadout,
  });
  onSystemThemeChange(() => {
    applyTheme(themeChoice);
    view.redraw();
  });
  document.documentElement.dataset.ready = "1";
}

main();
