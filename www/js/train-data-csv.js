// The CSV part of "Your data": file picker, paste box, drop zone and the summary of the stored CSV
// (rows, features, classes, the per-column standardisation). The core parses and checks the text
// (`csvUserData`, `userDataSummary`); this module moves text and shows the core's answers.
import { onLangChange, t } from "./i18n.js";
import { clear, el, formatNumber } from "./dom.js";
import { message, store, stored } from "./train-data-store.js";

const mb = (v) => formatNumber(Math.round(v / 1e4) / 100);

/** The summary table of the stored CSV `wire` into `box` (empty when there is none). */
function summary(core, wire, box, showError) {
  clear(box);
  if (!wire) return;
  let s;
  try {
    s = JSON.parse(core.userDataSummary(wire));
  } catch (e) {
    showError(message(e));
    return;
  }
  const what = s.classes ? t("d_csv_classes_n", { n: s.classes, counts: s.counts.join(" / ") }) : t("d_csv_regr");
  box.append(el("p", { class: "csv-summary", text: t("d_csv_stats", { rows: formatNumber(s.rows), features: s.features, what, header: s.header ? t("d_csv_header") : "" }) }));
  const n = s.normalisation;
  if (!n) return;
  const cols = s.columns.length > s.features ? s.columns : n.mean.map((_, i) => `x${i + 1}`);
  const th = (text, scope) => el("th", { text, attrs: { scope } });
  const head = el("tr", {}, th(t("d_csv_col"), "col"), th(t("d_csv_mean"), "col"), th(t("d_csv_std"), "col"));
  const body = n.mean.map((m, i) => el("tr", {}, th(cols[i], "row"), el("td", { text: formatNumber(m) }), el("td", { text: formatNumber(n.std[i]) })));
  box.append(el("table", { class: "csv-table" }, el("thead", {}, head), el("tbody", {}, ...body)), el("p", { class: "panel-note", text: t("d_csv_norm") }));
}

/** Drag-and-drop of a file on `drop`; `read(file)` takes it. */
function dropZone(drop, read) {
  drop.addEventListener("dragover", (ev) => {
    ev.preventDefault();
    drop.classList.add("dragging");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("dragging"));
  drop.addEventListener("drop", (ev) => {
    ev.preventDefault();
    drop.classList.remove("dragging");
    read(ev.dataTransfer?.files?.[0]);
  });
}

/** The caps line and the "class labels 0…9" choice, with the core's numbers (`trainRules`). */
function showCaps(rules, $) {
  const last = rules.max_classes - 1;
  $("t-csv-classes").textContent = t("d_csv_classes", { last });
  const mib = formatNumber(rules.csv_max_bytes / 2 ** 20);
  const rows = rules.csv_max_rows.toLocaleString("en-US"); // 20,000 in both languages
  $("t-csv-caps").textContent = t("d_csv_caps", { mib, rows, features: rules.csv_max_features, min: rules.csv_min_rows, last });
}

/**
 * Wires the CSV controls. `rules`: the core's `trainRules` (the CSV caps); `ds`: the data-set
 * select (set to "csv" when a CSV is used); a used CSV counts as a data-set switch of `form` (its
 * defaults, www/js/train-defaults.js, unless changed). Returns `show()`, which redraws the summary
 * of the stored CSV.
 */
export function setupCsv({ core, rules, ds, form, $ }) {
  const showError = (text) => ($("t-csv-error").textContent = text);
  const show = () => summary(core, stored("csv"), $("t-csv-stats"), showError);
  function useCsv(text) {
    showError("");
    let out;
    try {
      out = JSON.parse(core.csvUserData(text, $("t-csv-task").value));
    } catch (e) {
      showError(message(e));
      return;
    }
    if (!store("csv", out.wire)) {
      showError(t("d_no_storage"));
      return;
    }
    show();
    ds.value = "csv";
    form.onChange("data");
  }
  async function readFile(file) {
    if (!file) return;
    if (file.size > rules.csv_max_bytes) {
      showError(t("d_csv_too_big", { mb: mb(file.size), max: mb(rules.csv_max_bytes) }));
      return;
    }
    const text = await file.text();
    $("t-csv-text").value = text;
    useCsv(text);
  }
  $("t-csv-file").addEventListener("change", (ev) => readFile(ev.target.files?.[0]));
  $("t-csv-use").addEventListener("click", () => useCsv($("t-csv-text").value));
  dropZone($("t-csv-box"), readFile);
  showCaps(rules, $);
  onLangChange(() => showCaps(rules, $));
  return { show };
}
