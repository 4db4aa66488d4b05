// Share and export: the page link, the two embed snippets, PNG/SVG/CSV downloads.
import { download } from "./dom.js";
import { loadTrainCore } from "./wasm.js";

/** The directory URL the page is served from (embed.html and embed.js live next to index.html). */
export function baseUrl() {
  return new URL(".", location.href).href;
}

/** Escapes text for an HTML attribute value in a snippet the user pastes elsewhere. */
function attr(text) {
  return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Both embed snippets for the current view: an iframe and the custom element. */
export function embedSnippets(page, state) {
  const base = baseUrl();
  const hash = page.hash();
  const names = state.functions.map((f) => f.display).join(", ");
  const iframe =
    `<iframe src="${attr(`${base}embed.html#${hash}`)}" width="640" height="${state.derivative && state.deriv_mode === "below" ? 480 : 360}" ` +
    `style="border:0;max-width:100%" loading="lazy" title="${attr(`Activation functions: ${names}`)}"></iframe>`;
  const params = hash
    .split("&")
    .filter((pair) => pair.split("=")[0].includes("."))
    .join(";");
  const attrs = [`fn="${attr(state.functions.map((f) => f.name).join(","))}"`];
  if (state.derivative) attrs.push(state.deriv_mode === "overlay" ? 'derivative="overlay"' : "derivative");
  attrs.push(`range="${attr(`${state.range[0]}:${state.range[1]}`)}"`);
  if (state.fp16) attrs.push("fp16");
  if (params) attrs.push(`params="${attr(params)}"`);
  const element =
    `<script type="module" src="${attr(`${base}embed.js`)}"></script>\n` + `<activation-plot ${attrs.join(" ")}></activation-plot>`;
  return { iframe, element };
}

/** Copies text; resolves to false when the clipboard is unavailable. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function stem(state) {
  return `activations-${state.functions.map((f) => f.name).join("-") || "none"}`;
}

export function exportPng(canvas, state) {
  canvas.toBlob((blob) => blob && download(`${stem(state)}.png`, blob, "image/png"), "image/png");
}

/**
 * The SVG comes from the training build (loaded on first use): the curves build leaves plotters'
 * SVG backend out to keep the first curve small. Its `Page` is rebuilt from the view's hash.
 */
export async function exportSvg(page, state, cssWidth, cssHeight, dark) {
  const core = await loadTrainCore();
  const view = core.Page.fromHash(page.hash());
  try {
    download(`${stem(state)}.svg`, view.svg(Math.round(cssWidth), Math.round(cssHeight), dark), "image/svg+xml");
  } finally {
    view.free();
  }
}

export function exportCsv(page, state) {
  download(`${stem(state)}.csv`, page.csv(1001), "text/csv");
}
