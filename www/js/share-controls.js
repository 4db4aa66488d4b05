// The Share & export card: copy link, copy embed code, PNG/SVG/CSV downloads and their status line.
import { t } from "./i18n.js";
import { copyText, exportCsv, exportPng, exportSvg } from "./share.js";
import { compose } from "./train-hash.js";
import { showNotice } from "./notice.js";

const $ = (id) => document.getElementById(id);
/** How long a "Copied" status stays. */
const STATUS_MS = 4000;

/** Wires the share buttons to `app` (a CurvesApp). */
export function bindShare(app) {
  let timer = 0;
  const status = (key) => {
    $("share-status").textContent = t(key);
    clearTimeout(timer);
    timer = setTimeout(() => ($("share-status").textContent = ""), STATUS_MS);
  };
  $("copy-link").addEventListener("click", async () => {
    history.replaceState(null, "", `#${compose(app.page.hash())}`);
    status((await copyText(location.href)) ? "copied" : "copy_failed");
  });
  $("copy-embed").addEventListener("click", async () => {
    app.syncEmbed();
    $("embed-details").open = true;
    const text = `${$("embed-iframe").value}\n\n${$("embed-element").value}`;
    status((await copyText(text)) ? "copied" : "copy_failed");
  });
  const canvas = app.chart.canvas;
  $("export-png").addEventListener("click", () => exportPng(canvas, app.state));
  $("export-svg").addEventListener("click", () =>
    exportSvg(app.page, app.state, canvas.clientWidth, canvas.clientHeight, app.dark()).catch((e) => showNotice(String(e?.message ?? e))),
  );
  $("export-csv").addEventListener("click", () => exportCsv(app.page, app.state));
}
