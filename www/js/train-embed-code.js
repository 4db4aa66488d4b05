// "Copy embed code" in the training and compare sections: both snippets (an iframe of embed.html
// and the <activation-train> / <activation-compare> element with its script tag) for the setup
// shown, written by the core (training::embed), shown under the bar and copied.
import { lang, t } from "./i18n.js";
import { baseUrl, copyText } from "./share.js";

const $ = (id) => document.getElementById(id);

/** `current()`: the training run's `t.` hash (the compare section runs the same setup). */
export function setupEmbedCode({ core, current }) {
  for (const [view, p] of [
    ["train", "t"],
    ["compare", "c"],
  ]) {
    $(`${p}-embed`).addEventListener("click", async () => {
      const status = $(`${p}-share-status`);
      let snippets;
      try {
        snippets = JSON.parse(core.embedSnippets(view, current(), baseUrl(), lang() === "zh"));
      } catch (e) {
        status.textContent = String(e?.message ?? e);
        return;
      }
      $(`${p}-embed-iframe`).value = snippets.iframe;
      $(`${p}-embed-element`).value = snippets.element;
      $(`${p}-embed-details`).open = true;
      status.textContent = t((await copyText(`${snippets.iframe}\n\n${snippets.element}`)) ? "copied" : "copy_failed");
    });
  }
}
