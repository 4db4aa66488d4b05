// The View card and the chart toolbar: derivative, fp16, x range, zoom buttons and the described
// function. Each control changes the app's `page` and commits.
import { brief } from "./notice.js";

const $ = (id) => document.getElementById(id);

/** Wires the view controls to `app` (a CurvesApp). */
export function bindViewControls(app) {
  $("deriv").addEventListener("change", (e) => {
    app.page.setDerivative(e.target.checked);
    app.commit();
  });
  for (const id of ["dmode-below", "dmode-overlay"]) {
    $(id).addEventListener("change", (e) => {
      app.page.setDerivMode(e.target.value);
      app.commit();
    });
  }
  $("fp16").addEventListener("change", (e) => {
    app.page.setFp16(e.target.checked);
    app.commit();
  });
  $("focus").addEventListener("change", (e) => {
    app.page.setFocus(e.target.value);
    app.commit();
  });
  bindRange(app);
}

function bindRange(app) {
  const number = (id) => ($(id).value.trim() === "" ? NaN : Number($(id).value));
  const applyRange = () => {
    try {
      app.page.setRange(number("range-lo"), number("range-hi"));
      $("range-error").textContent = "";
    } catch (e) {
      $("range-error").textContent = brief(e.message);
      return;
    }
    app.commit();
  };
  $("range-lo").addEventListener("change", applyRange);
  $("range-hi").addEventListener("change", applyRange);
  const zoomBy = (factor) => {
    const [lo, hi] = app.state.range;
    app.page.zoom((lo + hi) / 2, factor);
    app.commit();
  };
  $("zoom-in").addEventListener("click", () => zoomBy(0.8));
  $("zoom-out").addEventListener("click", () => zoomBy(1.25));
  $("zoom-reset").addEventListener("click", () => {
    app.page.setRange(-5, 5);
    $("range-error").textContent = "";
    app.commit();
  });
}
