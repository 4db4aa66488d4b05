// The skip-connections switch and its with/without comparison: the gradient norm per hidden layer
// at initialisation, measured by the worker, drawn in the initialisation panel (InitPanel).
import { t } from "./i18n.js";
import { clear, formatNumber } from "./dom.js";

/** A hash without its `t.res` pair: the skip comparison covers both settings of one network. */
const network = (hash) => hash.split("&").filter((p) => !p.startsWith("t.res=")).join("&");

/** The readout under the chart: both first-layer norms, both ratios and why they differ. */
function showReadout(readout, r) {
  const n = (v) => formatNumber(v);
  clear(readout);
  readout.append(
    t("m_skip_readout", { plain: n(r.plain[0]), res: n(r.residual[0]), pr: n(r.plain_ratio), rr: n(r.residual_ratio) }),
    " ",
    t("m_skip_story"),
  );
  // The exact numbers shown, for the page tests.
  readout.dataset.plain = String(r.plain[0]);
  readout.dataset.residual = String(r.residual[0]);
}

/** Wires the switch, the comparison buttons and their replies; `init` is the InitPanel. */
export function setupSkips({ core, channel, apply, current, init, $ }) {
  const readout = $("t-skip-readout");
  let skipsFor = null;
  $("t-res").addEventListener("change", () => apply());
  const runSkips = () => {
    readout.textContent = t("m_skip_running");
    delete readout.dataset.plain;
    delete readout.dataset.residual;
    channel.send("skips", { hash: current() });
  };
  $("t-skip-run").addEventListener("click", runSkips);
  $("t-skip-preset").addEventListener("click", () => {
    if (!apply(JSON.parse(core.skipPreset()))) return;
    $("t-layers-panel").open = true;
    $("t-init-panel").open = true;
    runSkips();
  });
  channel.on("session", (m) => {
    const hash = JSON.parse(m.setup).hash;
    if (skipsFor !== null && network(hash) !== skipsFor) {
      skipsFor = null;
      init.clearSkips();
      clear(readout);
    }
  });
  channel.on("skips", (m) => {
    if (network(m.hash) !== network(current())) return;
    skipsFor = network(m.hash);
    const r = JSON.parse(m.json);
    init.setSkips(r.plain, r.residual);
    showReadout(readout, r);
  });
  channel.on("model-error", (m) => {
    if (m.where === "skips") readout.textContent = m.message;
  });
}
