// Loads the training and compare sections (js/train.js, which fetches the training wasm in
// www/pkg-train) only when they are wanted: when either section is about to scroll into view
// (IntersectionObserver with a margin), when the URL carries training pairs (`t.…`, a shared link),
// when a control inside them gets focus or a pointer, or from the header's "Train a network" button.
// The curves page therefore boots with only what its first chart needs.
import { trainPart } from "./train-hash.js";
import { nameCharts } from "./chart-a11y.js";
import { applyI18n } from "./i18n.js";

/** How far ahead of the viewport the sections start loading (CSS margin of the observer). */
const AHEAD = "300px 0px";

let loading = null;

/**
 * Puts a section's body into the document: index.html keeps the training and compare controls in
 * a `<template>` so the curves page's first layout does not style ~800 elements nobody sees yet.
 */
function stamp(section) {
  const body = section.querySelector(":scope > template");
  if (!body) return;
  body.replaceWith(body.content);
  applyI18n(section);
}

/** Imports the training code once; resolves to its module. */
export function loadTraining() {
  if (!loading) {
    const sections = ["train", "compare"].map((id) => document.getElementById(id)).filter(Boolean);
    for (const s of sections) {
      stamp(s);
      s.classList.remove("lazy-section");
    }
    nameCharts(sections);
  }
  loading ??= import("./train.js");
  return loading;
}

/** Watches the sections (ids) and the hash; calls `loadTraining` on the first sign of interest. */
export function watchTraining(ids = ["train", "compare"]) {
  const sections = ids.map((id) => document.getElementById(id)).filter(Boolean);
  const start = () => {
    cleanup();
    loadTraining();
  };
  const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && start(), { rootMargin: AHEAD });
  const onHash = () => trainPart() && start();
  const cleanup = () => {
    observer.disconnect();
    window.removeEventListener("hashchange", onHash);
    for (const s of sections) {
      s.removeEventListener("focusin", start);
      s.removeEventListener("pointerdown", start);
    }
  };
  if (trainPart()) return start();
  for (const s of sections) {
    observer.observe(s);
    s.addEventListener("focusin", start);
    s.addEventListener("pointerdown", start);
  }
  window.addEventListener("hashchange", onHash);
}

/** The "Train a network" button: loads the section and scrolls to it. */
export function bindTrainingButton(button, target = document.getElementById("train")) {
  button?.addEventListener("click", () => {
    loadTraining();
    target.scrollIntoView({ behavior: "smooth", block: "start" });
    target.querySelector("select, input, button")?.focus({ preventScroll: true });
  });
}
