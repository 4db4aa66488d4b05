// Loading a model file (the CLI's `train --save` format) by file picker or by dropping it on the
// training section. The core checks the file (`modelSetup`); the worker is asked to run it, and
// the page (form, link, charts) changes only once the worker accepted it.
import { t } from "./i18n.js";
import { el, formatNumber } from "./dom.js";

/** Drag-and-drop of files anywhere on `zone`; `take(files)` gets the dropped list. */
function dropTarget(zone, take) {
  const hasFiles = (ev) => [...(ev.dataTransfer?.types ?? [])].includes("Files");
  let depth = 0;
  const hint = el("div", { class: "drop-hint", attrs: { "aria-hidden": "true" } });
  zone.append(hint);
  const dropping = (on) => {
    zone.classList.toggle("drop-target", on);
    hint.textContent = on ? t("m_drop_here") : "";
  };
  zone.addEventListener("dragenter", (ev) => {
    if (!hasFiles(ev)) return;
    ev.preventDefault();
    depth++;
    dropping(true);
  });
  zone.addEventListener("dragover", (ev) => {
    if (!hasFiles(ev)) return;
    ev.preventDefault();
    ev.dataTransfer.dropEffect = "copy";
  });
  zone.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (!depth) dropping(false);
  });
  zone.addEventListener("drop", (ev) => {
    const files = [...(ev.dataTransfer?.files ?? [])];
    if (!files.length) return;
    ev.preventDefault();
    depth = 0;
    dropping(false);
    take(files);
  });
}

/**
 * Wires loading. `status(text)`/`error(text)` write the card's lines; `current()` is the run's
 * hash. A loaded file is proposed to the worker as a new run (`channel.propose()`).
 */
export function setupModelLoad({ core, channel, form, current, status, error, $ }) {
  const card = $("t-model");
  /** The file the worker is checking: {name, out (the core's modelSetup), session}. */
  let pending = null;
  const fail = (name, msg) => {
    error(t("m_load_failed", { name, msg: msg.replace(/\.$/, "") }));
    card.dataset.error = String(Date.now());
  };
  /** Checks `text` in the core; when it is a usable model, proposes it to the worker. */
  function loadText(text, name) {
    let out;
    try {
      out = JSON.parse(core.modelSetup(text, current()));
    } catch (e) {
      fail(name, String(e.message ?? e));
      return;
    }
    const session = channel.propose();
    pending = { name, out, session };
    channel.send("load-model", { hash: out.hash, json: text, session });
  }
  /** The worker accepted the file: its run is the one shown now. */
  function accepted() {
    const { name, out } = pending;
    pending = null;
    error("");
    form.set(JSON.parse(core.trainSetup(out.hash)));
    card.dataset.loaded = name;
    const notes = out.notes.map((n) => t(`m_note_${n.code}`, { name: n.name ?? "—", seed: n.file_seed }));
    status([t("m_loaded", { name, epochs: out.epochs_trained, steps: out.steps_trained }), ...notes].join(" "));
  }
  async function loadFile(file) {
    const limit = core.modelFileLimit();
    if (file.size > limit) {
      const mb = (v) => formatNumber(Math.round(v / 1e4) / 100);
      fail(file.name, t("m_too_big", { mb: mb(file.size), max: mb(limit) }));
      return;
    }
    loadText(await file.text(), file.name);
  }

  const input = $("t-load-file");
  $("t-load-model").addEventListener("click", () => input.click());
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    input.value = "";
    if (file) loadFile(file);
  });
  dropTarget($("train"), (files) => {
    if (files.length > 1) fail(files.map((f) => f.name).join(", "), t("m_not_one"));
    else loadFile(files[0]);
  });
  channel.on("session", (m) => {
    if (pending && m.session === pending.session) accepted();
    // A newer run started while the file was checked: the file is dropped.
    else if (pending && m.session > pending.session) pending = null;
  });
  channel.on("model-error", (m) => {
    if (m.where !== "load-model") return;
    fail(pending?.name ?? "", m.message);
    pending = null;
  });
}
