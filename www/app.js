// The curves page: wires the controls to a wasm `Page` (which owns and validates the state) and
// keeps the URL hash in sync. Drawing, hover and zoom live in js/chart-view.js.
import { loadCore, catalog as loadCatalog, loadNotes } from "./js/wasm.js";
import { ChartView } from "./js/chart-view.js";
import { buildFunctionList, buildParams } from "./js/controls.js";
import { renderInfo } from "./js/info-panel.js";
import { applyI18n, lang, onLangChange, preferredLang, setLang, t } from "./js/i18n.js";
import { applyTheme, isDark, onSystemThemeChange, rememberTheme, storedTheme } from "./js/theme.js";
import { copyText, embedSnippets, exportCsv, exportPng, exportSvg } from "./js/share.js";
import { clear, el } from "./js/dom.js";
import { compose } from "./js/train-hash.js";
import { customEntry, setupFormulaInput } from "./js/formula-input.js";

const $ = (id) => document.getElementById(id);

/** Shows a short notice; the message goes in as text, never markup. */
function showNotice(text) {
  $("notice-text").textContent = text;
  $("notice").hidden = false;
}

/** Cuts long core messages down for the notice (the core already truncates hostile input). */
function brief(message) {
  const s = String(message ?? "");
  return s.length > 160 ? `${s.slice(0, 160)}…` : s;
}

async function main() {
  setLang(preferredLang());
  applyI18n();
  let themeChoice = storedTheme();
  applyTheme(themeChoice);
  $("notice-close").addEventListener("click", () => ($("notice").hidden = true));

  let core;
  try {
    core = await loadCore();
  } catch (e) {
    $("chart-status").textContent = t("load_failed");
    console.error(e);
    return;
  }
  const catalog = loadCatalog(core);
  const byName = new Map(catalog.map((e) => [e.name, e]));

  /** A Page from a hash; a rejected hash gives the defaults and a notice naming the problem. */
  const pageFromHash = (hash) => {
    try {
      return core.Page.fromHash(hash);
    } catch (e) {
      showNotice(t("notice_bad_link", { msg: brief(e.message) }));
      const page = new core.Page();
      history.replaceState(null, "", `#${compose(page.hash())}`);
      return page;
    }
  };

  let page = pageFromHash(location.hash.slice(0, 1 << 21));
  let state = JSON.parse(page.state());
  if (state.lang) setLang(state.lang);
  if (state.theme) themeChoice = state.theme;
  applyTheme(themeChoice);
  const dark = () => isDark(themeChoice);

  clear($("chart-wrap"));
  const chart = new ChartView($("chart-wrap"), page, {
    isDark: dark,
    readout: $("readout"),
    label: t("chart_label"),
    onViewChange: (final) => {
      state = JSON.parse(page.state());
      syncRange();
      if (final) scheduleHash();
    },
    onError: (e) => showNotice(brief(e.message ?? e)),
  });

  const syncFunctions = buildFunctionList($("fn-groups"), catalog, (name, checked, input) => {
    try {
      page.setSelected(name, checked);
      if (checked) page.setFocus(name);
    } catch (e) {
      input.checked = !checked;
      showNotice(brief(e.message));
      return;
    }
    commit({ structure: true });
  });

  const syncFormulas = setupFormulaInput({ getPage: () => page, onChange: () => commit({ structure: true }) });

  const onParam = (name, key, value, final) => {
    try {
      page.setParam(name, key, value);
    } catch (e) {
      return brief(e.message);
    }
    state = JSON.parse(page.state());
    chart.redraw();
    if (final) scheduleHash();
    return null;
  };

  function syncRange() {
    const [lo, hi] = state.range;
    for (const [id, v] of [
      ["range-lo", lo],
      ["range-hi", hi],
    ]) {
      const input = $(id);
      if (document.activeElement !== input) input.value = String(Number(v.toPrecision(8)));
    }
  }

  function syncView() {
    $("deriv").checked = state.derivative;
    $("dmode-below").checked = state.deriv_mode === "below";
    $("dmode-overlay").checked = state.deriv_mode === "overlay";
    for (const id of ["dmode-below", "dmode-overlay"]) $(id).disabled = !state.derivative;
    $("fp16").checked = state.fp16;
    $("lang").value = lang();
    $("theme").value = themeChoice;
    syncRange();
  }

  function syncFocus() {
    const select = $("focus");
    clear(select);
    for (const f of state.functions) select.append(el("option", { value: f.name, text: f.display }));
    select.value = state.focus ?? "";
    select.disabled = state.functions.length === 0;
    const focused = state.functions.find((f) => f.name === state.focus);
    const entry = focused?.custom ? customEntry(focused) : byName.get(state.focus);
    renderInfo($("info"), entry ?? null);
  }

  function syncEmbed() {
    const { iframe, element } = embedSnippets(page, state);
    $("embed-iframe").value = iframe;
    $("embed-element").value = element;
  }

  /** Re-reads the state from the core and updates everything that shows it. */
  function commit({ structure = false } = {}) {
    state = JSON.parse(page.state());
    syncFunctions(state, dark());
    syncFormulas(state, dark());
    if (structure) buildParams($("params"), catalog, state, dark(), onParam);
    syncView();
    syncFocus();
    chart.redraw();
    scheduleHash();
  }

  let hashTimer = 0;
  let lastHash = "";
  function scheduleHash() {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(() => {
      lastHash = compose(page.hash());
      history.replaceState(null, "", `#${lastHash}`);
      syncEmbed();
    }, 150);
  }

  window.addEventListener("hashchange", () => {
    if (location.hash.slice(1) === lastHash) return;
    const previous = page;
    page = pageFromHash(location.hash.slice(0, 1 << 21));
    chart.setPage(page);
    previous.free();
    state = JSON.parse(page.state());
    if (state.lang) setLang(state.lang);
    if (state.theme) {
      themeChoice = state.theme;
      applyTheme(themeChoice);
    }
    commit({ structure: true });
  });

  // View controls.
  $("deriv").addEventListener("change", (e) => {
    page.setDerivative(e.target.checked);
    commit();
  });
  for (const id of ["dmode-below", "dmode-overlay"]) {
    $(id).addEventListener("change", (e) => {
      page.setDerivMode(e.target.value);
      commit();
    });
  }
  $("fp16").addEventListener("change", (e) => {
    page.setFp16(e.target.checked);
    commit();
  });
  const applyRange = () => {
    const lo = $("range-lo").value.trim() === "" ? NaN : Number($("range-lo").value);
    const hi = $("range-hi").value.trim() === "" ? NaN : Number($("range-hi").value);
    try {
      page.setRange(lo, hi);
      $("range-error").textContent = "";
    } catch (e) {
      $("range-error").textContent = brief(e.message);
      return;
    }
    commit();
  };
  $("range-lo").addEventListener("change", applyRange);
  $("range-hi").addEventListener("change", applyRange);
  const zoomBy = (factor) => {
    const [lo, hi] = state.range;
    page.zoom((lo + hi) / 2, factor);
    commit();
  };
  $("zoom-in").addEventListener("click", () => zoomBy(0.8));
  $("zoom-out").addEventListener("click", () => zoomBy(1.25));
  $("zoom-reset").addEventListener("click", () => {
    page.setRange(-5, 5);
    $("range-error").textContent = "";
    commit();
  });
  $("focus").addEventListener("change", (e) => {
    page.setFocus(e.target.value);
    commit();
  });

  // Language and theme.
  $("lang").addEventListener("change", (e) => {
    setLang(e.target.value, { remember: true });
    page.setLang(lang());
    commit({ structure: true });
  });
  onLangChange(() => {
    applyI18n();
    chart.setLabel(t("chart_label"));
  });
  $("theme").addEventListener("change", (e) => {
    themeChoice = e.target.value;
    rememberTheme(themeChoice);
    page.setTheme(themeChoice);
    applyTheme(themeChoice);
    commit({ structure: true });
  });
  onSystemThemeChange(() => {
    applyTheme(themeChoice);
    commit({ structure: true });
  });

  // Share and export.
  const status = (key) => {
    $("share-status").textContent = t(key);
    clearTimeout(status.timer);
    status.timer = setTimeout(() => ($("share-status").textContent = ""), 4000);
  };
  $("copy-link").addEventListener("click", async () => {
    history.replaceState(null, "", `#${compose(page.hash())}`);
    status((await copyText(location.href)) ? "copied" : "copy_failed");
  });
  $("copy-embed").addEventListener("click", async () => {
    syncEmbed();
    $("embed-details").open = true;
    const text = `${$("embed-iframe").value}\n\n${$("embed-element").value}`;
    status((await copyText(text)) ? "copied" : "copy_failed");
  });
  $("export-png").addEventListener("click", () => exportPng(chart.canvas, state));
  $("export-svg").addEventListener("click", () =>
    exportSvg(page, state, chart.canvas.clientWidth, chart.canvas.clientHeight, dark()),
  );
  $("export-csv").addEventListener("click", () => exportCsv(page, state));

  commit({ structure: true });
  syncEmbed();
  document.documentElement.dataset.ready = "1";
  // The pros/cons arrive after the first curve (they are not in the curves build's wasm).
  loadNotes(catalog).then((changed) => changed && syncFocus());
}

main();
