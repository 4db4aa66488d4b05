// The page's notice bar (bad links, core errors): text only, never markup.
const $ = (id) => document.getElementById(id);

/** Shows a short notice; the message goes in as text, never markup. */
export function showNotice(text) {
  $("notice-text").textContent = text;
  $("notice").hidden = false;
}

/** Wires the notice's dismiss button. */
export function bindNotice() {
  $("notice-close").addEventListener("click", () => ($("notice").hidden = true));
}

/** Cuts long core messages down for the notice (the core already truncates hostile input). */
export function brief(message) {
  const s = String(message ?? "");
  return s.length > 160 ? `${s.slice(0, 160)}…` : s;
}
