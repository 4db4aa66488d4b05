// Page check for issue 18 ("complete i18n from a link"): with `lang=zh` in the link, nothing a
// reader can get to is English. The walk trains a short MLP and a short small CNN, runs a tiny
// comparison, feeds a bad CSV, a bad model file and two bad links (the curves' and the training's),
// then scans every visible text node and every aria-label / title / placeholder / alt attribute
// (closed <details> opened, <option>s of visible selects included) for English words. Names and
// identifiers are allowed (ALLOWED, IDENTIFIERS below): activation, optimizer and loss names,
// formula syntax, the layer syntax, data-set keys, units, file formats, key and HTML/API names,
// anything inside `backticks` or <code>, tokens with digits or underscores, and the three terms
// the Chinese text glosses (轮数（epoch）, 全连接 Dense, 展平 Flatten).
// The charts' own texts (titles, axes, legends drawn by the core) are read from their SVG exports.
// Called from run.mjs (same harness).
import fs from "node:fs";

/** Names in any case: functions, optimizers, formats, units, tools, people; and the terms the
 * Chinese text glosses in parentheses or after its own word (轮数（epoch）, 全连接 Dense). */
const ALLOWED = new Set(
  `relu prelu rrelu elu celu selu gelu silu swish mish sigmoid tanh softplus softsign softshrink
  hardshrink hardtanh hardsigmoid hardswish logsigmoid tanhshrink arctan elish squareplus
  alphadropout dropout adam sgd nesterov lecun mse bce softmax
  mnist csv json png svg pytorch torch python gpu cpu cnn mlp wasm webassembly rust javascript
  keras jax tensorflow
  ms kb mb mib fp16 nan inf tf playground krizhevsky cifar nielsen english
  web worker shift iframe localstorage
  epoch dense flatten`.split(/\s+/),
);

/** Identifiers allowed only as written, in lower case (so a "Step" button still counts as English):
 * catalog functions, formula functions, the layer syntax, data-set keys, optimizer names. */
const IDENTIFIERS = new Set(
  `identity step sin gaussian exp ln log sqrt abs max min pi erf atan cos
  conv pool drop flatten same valid bn bnpost avgpool gap circle xor spiral moons plane gaussians momentum script`.split(/\s+/),
);

/** Every user-visible text and attribute of the page, with where it is. */
function collect() {
  const out = [];
  const shown = (el) => el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true });
  const where = (el) => {
    const withId = el.closest("[id]");
    return `${el.tagName.toLowerCase()}${withId ? ` in #${withId.id}` : ""}`;
  };
  const skip = "code,kbd,pre,textarea,script,style,noscript,template,#fn-groups";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    const text = n.textContent.trim();
    if (!el || !text || el.closest(skip)) continue;
    const holder = el.tagName === "OPTION" || el.tagName === "OPTGROUP" ? el.closest("select") : el;
    if (!holder || !shown(holder)) continue;
    out.push({ where: where(el), text });
  }
  for (const el of document.body.querySelectorAll("[aria-label],[title],[placeholder],[alt]")) {
    const holder = el.tagName === "OPTION" ? el.closest("select") : el;
    if (!holder || !shown(holder) || el.closest(skip)) continue;
    for (const a of ["aria-label", "title", "placeholder", "alt"]) {
      const v = el.getAttribute(a);
      if (v && v.trim()) out.push({ where: `${where(el)} [${a}]`, text: v.trim() });
    }
  }
  out.push({ where: "document.title", text: document.title });
  return out;
}

/** The English words of `text` (names, identifiers, `quoted` parts and formulas left out). */
export function englishWords(text) {
  const bare = text
    .replace(/`[^`]*`/g, " ")
    .replace(/\b[a-z_]+\([^()]*\)/gi, " ") // calls: leaky_relu(0.2), max(0.1*x, x)
    .replace(/\bt\.[a-z_]+/g, " ") // link keys
    .replace(/https?:\S+/g, " ")
    .replace(/[A-Za-z_]+…/g, " "); // a name cut short by a length cap
  const words = bare.match(/[A-Za-z][A-Za-z'’]*/g) ?? [];
  return words.filter((w) => {
    if (w.length === 1) return false;
    const lower = w.toLowerCase().replace(/[’']s$/, "");
    if (ALLOWED.has(lower) || (w === lower && IDENTIFIERS.has(w))) return false;
    // Identifiers written together with digits or underscores (conv8k3, glorot_uniform).
    const at = bare.indexOf(w);
    const around = bare.slice(Math.max(0, at - 1), at + w.length + 1);
    return !/[0-9_]/.test(around.replace(w, ""));
  });
}

export async function zhCompleteChecks(h) {
  const { check, assert, withContext, open, origin, shot, artifacts } = h;

  const frame = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

  /** Scans the page (all <details> opened) and returns "where: text [words]" for English ones. */
  async function english(page) {
    await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
    await frame(page);
    const items = await page.evaluate(collect);
    const bad = [];
    for (const { where, text } of items) {
      const words = englishWords(text);
      if (words.length) bad.push(`${where}: "${text.slice(0, 140)}" [${words.join(" ")}]`);
    }
    return { bad, count: items.length };
  }

  /** The texts the core draws into the charts of `kinds` (their SVG exports: titles, axes, legends). */
  async function chartTexts(page, select, button, kinds) {
    const bad = [];
    let drawnTexts = 0;
    for (const kind of kinds) {
      await page.selectOption(select, kind);
      const [dl] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
      const svg = fs.readFileSync(await dl.path(), "utf8");
      const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
        m[1].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/&quot;/g, '"').trim(),
      );
      drawnTexts += texts.filter(Boolean).length;
      for (const text of texts.filter(Boolean)) {
        const words = englishWords(text);
        if (words.length) bad.push(`chart ${kind}: "${text}" [${words.join(" ")}]`);
      }
    }
    if (drawnTexts < 5 * kinds.length) bad.push(`only ${drawnTexts} texts in the SVGs of ${kinds.join(", ")}`);
    return [...new Set(bad)];
  }

  /** Hovers every chart canvas of the sections and returns the English of the readouts it shows. */
  async function hoverTips(page) {
    const bad = [];
    let shown = 0;
    const canvases = await page.$$("#train canvas, #compare canvas");
    for (const c of canvases) {
      if (!(await c.isVisible())) continue;
      await c.scrollIntoViewIfNeeded();
      const box = await c.boundingBox();
      if (!box || box.width < 40 || box.height < 40) continue;
      for (const [fx, fy] of [[0.5, 0.5], [0.3, 0.7]]) {
        await page.mouse.move(box.x + box.width * fx - 3, box.y + box.height * fy - 3);
        await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 2 });
        await frame(page);
        const tips = await page.$$eval(".hover-readout, .chart-tip, [role=tooltip]", (ns) =>
          ns.filter((n) => n.checkVisibility()).map((n) => [n.id || n.className, n.textContent.trim()]),
        );
        for (const [where, text] of tips) {
          if (text) shown++;
          const words = englishWords(text);
          if (text && words.length) bad.push(`hover ${where}: "${text.slice(0, 140)}" [${words.join(" ")}]`);
        }
      }
    }
    await page.mouse.move(0, 0);
    if (shown === 0) bad.push("hovering the charts showed no readout at all");
    return [...new Set(bad)];
  }

  const waitTrain = (page) =>
    page.evaluate(() => document.getElementById("train").scrollIntoView()).then(() =>
      page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 30000 }),
    );
  const finished = (page, timeout = 60000) =>
    page.waitForFunction(() => /已完成/.test(document.getElementById("t-status").textContent), null, { timeout });

  await withContext({ locale: "en-US" }, async (context) => {
    await check("zh-complete: bad links are explained in Chinese (curves and training)", async () => {
      const problems = [];
      const cases = [
        ["fn=relu,nosuch&lang=zh", false],
        ["fn=relu&range=5:1&lang=zh", false],
        // The language percent-encoded: the core's own reading of the link decides, as it does
        // for the rest of it (a regex in the page once missed this one).
        ["fn=relu,nosuch&l%61ng=%7Ah", false],
        ["lang=zh&t.ds=circle&t.lr=abc", true],
        ["lang=zh&t.ds=circle&t.opt=rmsprop", true],
        ["lang=zh&t.ds=circle&t.layers=conv0k3", true],
      ];
      for (const [hash, training] of cases) {
        const { page } = await open(context, `${origin}/index.html#${hash}`);
        if (training) await waitTrain(page);
        await page.waitForFunction(() => !document.getElementById("notice").hidden, null, { timeout: 10000 });
        const notice = await page.$eval("#notice-text", (n) => n.textContent);
        assert(/[\u4e00-\u9fff]/.test(notice), `${hash}: no Chinese in "${notice}"`);
        const words = englishWords(notice);
        if (words.length) problems.push(`${hash}: "${notice}" [${words.join(" ")}]`);
        if (words.length) console.log(`     English: ${problems.at(-1)}`);
        await page.close();
      }
      // The embed page says it too.
      for (const hash of ["fn=relu&range=5:1&lang=zh", "fn=relu&range=5:1&l%61ng=%7Ah"]) {
        const { page } = await open(context, `${origin}/embed.html#${hash}`);
        await page.waitForFunction(() => document.getElementById("embed-notice").textContent.length > 0, null, { timeout: 10000 });
        const embed = await page.$eval("#embed-notice", (n) => n.textContent);
        if (!/[\u4e00-\u9fff]/.test(embed) || englishWords(embed).length) problems.push(`embed ${hash}: "${embed}" [${englishWords(embed).join(" ")}]`);
        await page.close();
      }
      assert(problems.length === 0, `English in the notices:\n${problems.join("\n")}`);
    });

    await check("zh-complete: a lang=zh page has no English words after an MLP run, a compare, a bad CSV and a bad model file", async () => {
      const { page, log } = await open(context, `${origin}/index.html#lang=zh&t.ds=circle&t.ep=3&t.cmp=relu,tanh&t.target=0.6`);
      await waitTrain(page);
      await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 20000 });
      await page.click("#t-play");
      await finished(page);
      // The loss chart's hover readout.
      const box = await page.locator('[data-chart="loss"] canvas').first().boundingBox();
      if (box) await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
      await frame(page);
      // A tiny comparison; its progress rows are scanned while it runs, the table when done.
      await page.click("#c-run");
      await page.waitForFunction(() => document.querySelector("#c-progress .cmp-run"), null, { timeout: 30000 });
      const during = await english(page);
      await page.waitForFunction(() => document.getElementById("compare").dataset.done === "1", null, { timeout: 120000 });
      await frame(page);
      const afterCompare = await english(page);
      // The charts' own texts, while the charts still show the run (an invalid CSV below leaves no
      // run to export: issue 29's "no figure for a run that did not happen").
      const drawn = [
        ...(await chartTexts(page, "#t-chart", "#t-svg", ["loss", "accuracy", "boundary", "lr", "grad", "meanstd", "dead", "clip"])),
      ];
      // Chromium lets one page download ten files; the compare charts' four come from a fresh page
      // with the same tiny comparison.
      {
        const { page: second } = await open(context, `${origin}/index.html#lang=zh&t.ds=circle&t.ep=3&t.cmp=relu,tanh&t.target=0.6`);
        await waitTrain(second);
        await second.click("#c-run");
        await second.waitForFunction(() => document.getElementById("compare").dataset.done === "1", null, { timeout: 120000 });
        drawn.push(...(await chartTexts(second, "#c-chart", "#c-svg", ["cmp_acc", "cmp_loss", "cmp_grad", "cmp_article"])));
        await second.close();
      }
      // A model file that is no model.
      await page.setInputFiles("#t-load-file", { mimeType: "application/json", buffer: Buffer.from('{"format": "other", "version": 1}'), name: "坏.json" });
      await page.waitForFunction(() => document.getElementById("t-model-error").textContent.length > 0, null, { timeout: 10000 });
      const modelError = await page.$eval("#t-model-error", (n) => n.textContent);
      // A CSV with a bad label.
      await page.selectOption("#t-ds", "csv");
      await page.waitForFunction(() => !document.getElementById("t-csv-box").hidden, null, { timeout: 10000 });
      await page.fill("#t-csv-text", "x1,x2,label\n1,2,0\n3,4,cat\n");
      await page.selectOption("#t-csv-task", "classes");
      await page.click("#t-csv-use");
      await page.waitForFunction(() => document.getElementById("t-csv-error").textContent.length > 0, null, { timeout: 10000 });
      const csvError = await page.$eval("#t-csv-error", (n) => n.textContent);
      const hovered = await hoverTips(page);
      const afterErrors = await english(page);
      await shot(page, "zh-complete-mlp.png", { fullPage: true });
      const bad = [...new Set([...during.bad, ...afterCompare.bad, ...afterErrors.bad, ...drawn, ...hovered])];
      for (const b of bad) console.log(`     English: ${b}`);
      assert(/[\u4e00-\u9fff]/.test(csvError) && englishWords(csvError).length === 0, `CSV error: ${csvError}`);
      assert(/[\u4e00-\u9fff]/.test(modelError) && englishWords(modelError).length === 0, `model error: ${modelError}`);
      assert(afterErrors.count > 200, `only ${afterErrors.count} texts scanned`);
      assert(bad.length === 0, `${bad.length} English texts:\n${bad.join("\n")}`);
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("zh-complete: after the language toggle the core's errors are Chinese too (page and worker)", async () => {
      const { page, log } = await open(context, `${origin}/index.html#t.ds=circle&t.ep=2`);
      await waitTrain(page);
      await page.selectOption("#lang", "zh");
      await page.selectOption("#t-ds", "csv");
      await page.waitForFunction(() => !document.getElementById("t-csv-box").hidden, null, { timeout: 10000 });
      // The worker's refusal of a CSV run without data.
      await page.waitForFunction(() => /CSV/.test(document.getElementById("t-status").textContent), null, { timeout: 10000 });
      const status = await page.$eval("#t-status", (n) => n.textContent);
      // The page's own parse of a pasted CSV.
      await page.fill("#t-csv-text", "1,2,0\n3,4\n");
      await page.click("#t-csv-use");
      await page.waitForFunction(() => document.getElementById("t-csv-error").textContent.length > 0, null, { timeout: 10000 });
      const csv = await page.$eval("#t-csv-error", (n) => n.textContent);
      for (const [what, text] of [["status", status], ["CSV error", csv]]) {
        assert(/[\u4e00-\u9fff]/.test(text) && englishWords(text).length === 0, `${what}: ${text}`);
      }
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("zh-complete: a lang=zh page has no English words after a small CNN run (filters, maps, network view)", async () => {
      const { page, log } = await open(context, `${origin}/index.html#lang=zh&t.ds=digits&t.layers=conv4k3,pool2,flatten,16&t.act=relu&t.ep=2`);
      await waitTrain(page);
      await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 20000 });
      await page.click("#t-play");
      await finished(page, 120000);
      await page.waitForFunction(() => {
        const card = document.getElementById("t-cmaps-box");
        return card && !card.hidden;
      }, null, { timeout: 30000 });
      await page.waitForTimeout(500);
      const drawn = await chartTexts(page, "#t-chart", "#t-svg", ["loss", "accuracy", "digits", "confusion", "grad", "meanstd", "dead"]);
      const hovered = await hoverTips(page);
      const scanned = await english(page);
      const bad = [...scanned.bad, ...drawn, ...hovered];
      const count = scanned.count;
      for (const b of bad) console.log(`     English: ${b}`);
      await page.locator("#train").screenshot({ path: `${artifacts}/zh-complete-cnn.png` });
      assert(count > 200, `only ${count} texts scanned`);
      assert(bad.length === 0, `${bad.length} English texts:\n${bad.join("\n")}`);
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });
}
