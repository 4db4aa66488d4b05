// The curves page's state holder: one wasm `Page` (which owns and validates the state), the chart
// that draws it, and the sync of every control that shows it. Other modules change the page and
// call `commit()`; the URL hash follows (debounced).
import { ChartView } from "./chart-view.js";
import { buildFunctionList, buildParams } from "./controls.js";
import { renderInfo } from "./info-panel.js";
import { lang, setLang, t } from "./i18n.js";
import { applyTheme, isDark } from "./theme.js";
import { embedSnippets } from "./share.js";
import { clear, el } from "./dom.js";
import { compose } from "./train-hash.js";
import { customEntry, setupFormulaInput } from "./formula-input.js";
import { describeCurves } from "./chart-label.js";
import { brief, showNotice } from "./notice.js";

const $ = (id) => document.getElementById(id);
/** Longest hash the core is asked to parse (a hostile link cannot make it read megabytes). */
const MAX_HASH = 1 << 21;

export class CurvesApp {
  constructor(core, catalog, themeChoice) {
    this.core = core;
    this.catalog = catalog;
    this.byName = new Map(catalog.map((e) => [e.name, e]));
    this.themeChoice = themeChoice;
    this.lastHash = "";
    this.page = this.#pageFromHash(location.hash.slice(0, MAX_HASH));
    this.#adoptPrefs();
    clear($("chart-wrap"));
    this.chart = new ChartView($("chart-wrap"), this.page, {
      isDark: () => this.dark(),
      readout: $("readout"),
      describe: describeCurves,
      onViewChange: (final) => {
        this.state = JSON.parse(this.page.state());
        this.syncRange();
        if (final) this.scheduleHash();
      },
      onError: (e) => showNotice(brief(e.message ?? e)),
    });
    this.syncFunctions = buildFunctionList($("fn-groups"), catalog, (name, checked, input) => this.#toggle(name, checked, input));
    this.syncFormulas = setupFormulaInput({ getPage: () => this.page, onChange: () => this.commit({ structure: true }) });
  }

  dark() {
    return isDark(this.themeChoice);
  }

  /** A Page from a hash; a rejected hash gives the defaults and a notice naming the problem. */
  #pageFromHash(hash) {
    // The link's language first, so a rejection of its other settings is told in it.
    const linked = this.core.hashLang(hash);
    if (linked && linked !== lang()) setLang(linked);
    try {
      return this.core.Page.fromHash(hash);
    } catch (e) {
      showNotice(t("notice_bad_link", { msg: brief(e.message) }));
      const page = new this.core.Page();
      history.replaceState(null, "", `#${compose(page.hash())}`);
      return page;
    }
  }

  /** Takes the language and theme a link carries. */
  #adoptPrefs() {
    this.state = JSON.parse(this.page.state());
    if (this.state.lang) setLang(this.state.lang);
    if (this.state.theme) this.themeChoice = this.state.theme;
    applyTheme(this.themeChoice);
  }

  /** Follows a hash typed or pasted by the user (not the one this page wrote). */
  followHash() {
    if (location.hash.slice(1) === this.lastHash) return;
    const previous = this.page;
    this.page = this.#pageFromHash(location.hash.slice(0, MAX_HASH));
    this.chart.setPage(this.page);
    previous.free();
    this.#adoptPrefs();
    this.commit({ structure: true });
  }

  #toggle(name, checked, input) {
    try {
      this.page.setSelected(name, checked);
      if (checked) this.page.setFocus(name);
    } catch (e) {
      input.checked = !checked;
      showNotice(brief(e.message));
      return;
    }
    this.commit({ structure: true });
  }

  /** A parameter slider moved: returns an error text for the control, or null. */
  onParam = (name, key, value, final) => {
    try {
      this.page.setParam(name, key, value);
    } catch (e) {
      return brief(e.message);
    }
    this.state = JSON.parse(this.page.state());
    this.chart.redraw();
    if (final) this.scheduleHash();
    return null;
  };

  /** Re-reads the state from the core and updates everything that shows it (`draw: false` when
   * the chart already shows this state). */
  commit({ structure = false, draw = true } = {}) {
    this.state = JSON.parse(this.page.state());
    this.syncFunctions(this.state, this.dark());
    this.syncFormulas(this.state, this.dark());
    if (structure) buildParams($("params"), this.catalog, this.state, this.dark(), this.onParam);
    this.syncView();
    this.syncFocus();
    if (draw) this.chart.redraw();
    this.scheduleHash();
  }

  syncRange() {
    const [lo, hi] = this.state.range;
    for (const [id, v] of [
      ["range-lo", lo],
      ["range-hi", hi],
    ]) {
      const input = $(id);
      if (document.activeElement !== input) input.value = String(Number(v.toPrecision(8)));
    }
  }

  syncView() {
    const s = this.state;
    $("deriv").checked = s.derivative;
    $("dmode-below").checked = s.deriv_mode === "below";
    $("dmode-overlay").checked = s.deriv_mode === "overlay";
    for (const id of ["dmode-below", "dmode-overlay"]) $(id).disabled = !s.derivative;
    $("fp16").checked = s.fp16;
    $("lang").value = lang();
    $("theme").value = this.themeChoice;
    this.syncRange();
  }

  syncFocus() {
    const select = $("focus");
    clear(select);
    for (const f of this.state.functions) select.append(el("option", { value: f.name, text: f.display }));
    select.value = this.state.focus ?? "";
    select.disabled = this.state.functions.length === 0;
    const focused = this.state.functions.find((f) => f.name === this.state.focus);
    const entry = focused?.custom ? customEntry(focused) : this.byName.get(this.state.focus);
    renderInfo($("info"), entry ?? null);
  }

  syncEmbed() {
    const { iframe, element } = embedSnippets(this.page, this.state);
    $("embed-iframe").value = iframe;
    $("embed-element").value = element;
  }

  /** Writes the hash (and the embed snippets) 150 ms after the last change. */
  scheduleHash() {
    clearTimeout(this.hashTimer);
    this.hashTimer = setTimeout(() => this.writeHash(), 150);
  }

  writeHash() {
    this.lastHash = compose(this.page.hash());
    history.replaceState(null, "", `#${this.lastHash}`);
    this.syncEmbed();
  }
}
