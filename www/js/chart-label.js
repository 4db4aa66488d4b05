// The curves chart's accessible name: which functions it shows, over which range, and how to read
// values and slopes from the keyboard. Shared by the page, embed.html and <activation-plot>.
import "./a11y-i18n.js";
import { formatNumber } from "./dom.js";
import { t } from "./i18n.js";

/** The name of a chart showing `state` (the parsed Page state). */
export function describeCurves(state) {
  const fns = state.functions.map((f) => f.display).join(", ");
  const [lo, hi] = state.range;
  return t("a11y_curves", {
    fns: fns || t("a11y_curves_none"),
    lo: formatNumber(Number(lo.toPrecision(6))),
    hi: formatNumber(Number(hi.toPrecision(6))),
    deriv: state.derivative ? t("a11y_curves_deriv") : "",
  });
}
