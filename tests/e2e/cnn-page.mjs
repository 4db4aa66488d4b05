// Page checks for convolutional networks in the training tab (issue 15): the layer editor builds
// the article's MNIST CNN by clicking its rows (not through the link), the run trains (the step
// counter moves, the loss is finite and falls), the layer panels name the conv layers, the link
// carries `t.layers`, the confusion matrix and misclassified grid appear and the network view
// says why it has no picture; hostile `t.layers` links and rows show a clear message and leave
// the tab usable. Called from run.mjs (same harness).
import { openTrain, parseCsv } from "./train-helpers.mjs";

const ARTICLE = "conv32k3,conv64k3,pool2,drop0.25,flatten,128,drop0.5";
const rowCount = (page) => page.$$eval("#t-editor-rows > li", (ns) => ns.length);
const kinds = (page) => page.$$eval("#t-editor-rows > li", (ns) => ns.map((n) => n.dataset.kind).join(","));
const hashOf = (page) => page.evaluate(() => decodeURIComponent(location.hash));
const session = (page) => page.evaluate(() => window.activationLabTrain.session());

/** Waits until the run the last edit started is the shown one (the link follows the form). */
async function settled(page, before) {
  await page.waitForFunction((b) => window.activationLabTrain.session() > b, before, { timeout: 30000 });
}

/** Adds a row of `kind` with the editor's own controls; returns its index. `runs`: the new list
 * is valid, so a run of it starts (else the form marks it and nothing runs). */
async function addRow(page, kind, { runs = true } = {}) {
  const before = await session(page);
  const n = await rowCount(page);
  await page.selectOption("#t-editor-kind", kind);
  await page.click("#t-editor-add");
  await page.waitForFunction((k) => document.querySelectorAll("#t-editor-rows > li").length === k, n + 1);
  if (runs) await settled(page, before);
  return page.$$eval("#t-editor-rows > li", (ns) => ns.findIndex((li) => li.contains(document.activeElement)));
}

/** Types `value` into field `field` of row `i` and commits it (a change event). */
async function setField(page, i, field, value) {
  const before = await session(page);
  const input = page.locator(`#t-editor-rows > li:nth-child(${i + 1}) [data-field="${field}"]`);
  await input.fill(String(value));
  await input.dispatchEvent("change");
  await settled(page, before);
}

/** Moves row `i` up with the keyboard (focus its ↑ button, press Enter). */
async function moveUpByKeyboard(page, i) {
  const before = await session(page);
  await page.focus(`#t-editor-rows > li:nth-child(${i + 1}) [data-role="up"]`);
  await page.keyboard.press("Enter");
  await settled(page, before);
}

export async function cnnChecks(h) {
  const { check, assert, withContext, artifacts } = h;

  await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
    await check("cnn: the layer editor builds the article's CNN row by row and it trains on MNIST", async () => {
      // MNIST with its default MLP (one Dense 128 row); batch 32 keeps 40 steps to seconds.
      const { page, log } = await openTrain(h, context, "t.ds=mnist&t.bs=32&t.lr=0.001&t.cv=0.5");
      assert(!(await page.$eval("#t-editor", (n) => n.hidden)), "the layer editor is shown for MNIST");
      // One editor for every data set (issue 26): no second, widths-only editor beside it.
      assert((await page.$$("#t-form .cnn-rows")).length === 1 && (await page.$$("#t-layers")).length === 0, "one layer editor");
      assert((await kinds(page)) === "dense", `start rows: ${await kinds(page)}`);
      // Image layers go in before the flatten/dense rows; the others at the end. (Each list on
      // the way stays under the parameter cap: the pool comes before the 64-filter conv.)
      assert((await addRow(page, "conv")) === 0, "first conv before the dense row");
      await setField(page, 0, "filters", 32);
      assert((await addRow(page, "pool")) === 1, "pool before the dense row");
      assert((await addRow(page, "conv")) === 2, "second conv before the dense row");
      await moveUpByKeyboard(page, 2);
      // Focus follows the moved row.
      const focused = await page.evaluate(() => document.activeElement?.closest("li")?.dataset.item);
      assert(focused === "1", `focus after the move is on row ${focused}`);
      await setField(page, 1, "filters", 64);
      assert((await addRow(page, "dropout")) === 4, "dropout goes last");
      await moveUpByKeyboard(page, 4);
      // A flatten after the dense row is out of order: marked on its row, nothing runs.
      assert((await addRow(page, "flatten", { runs: false })) === 5, "flatten goes last");
      await page.waitForFunction(() => document.querySelector("#t-editor-rows > li:nth-child(6) .field-error"), null, { timeout: 5000 });
      const order = await page.$eval("#t-editor-rows > li:nth-child(6) .field-error", (n) => n.textContent);
      assert(/flatten appears twice, or after a dense layer/.test(order), `flatten row: ${order}`);
      assert(await page.$eval("#t-play", (n) => n.disabled), "Play enabled with a row out of order");
      await moveUpByKeyboard(page, 5);
      assert((await page.$$("#t-editor-rows .field-error")).length === 0, "the mark goes with the fix");
      assert((await addRow(page, "dropout")) === 6, "the last dropout");
      await setField(page, 6, "rate", 0.5);
      assert((await kinds(page)) === "conv,conv,pool,dropout,flatten,dense,dropout", `rows: ${await kinds(page)}`);
      const hash = await hashOf(page);
      assert(hash.includes(`t.layers=${ARTICLE}&`), `link: ${hash}`);
      assert(!/t\.h=/.test(hash), `the link still names widths: ${hash}`);
      assert((await page.$$("#t-form [aria-invalid=true]")).length === 0, "no field is marked invalid");
      await page.locator("#t-editor").screenshot({ path: `${artifacts}/cnn-editor-1280.png` });

      // Train: the counter advances, the loss stays finite and falls over ≥ 40 steps.
      await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 90000 });
      await page.click("#t-play");
      await page.waitForFunction(() => Number(document.getElementById("t-steps").textContent) >= 40, null, { timeout: 120000 });
      await page.click("#t-play");
      await page.waitForFunction(
        () => {
          const rows = window.activationLabTrain.csv().trim().split("\n").slice(1);
          return rows.some((r) => Number(r.split(",")[0]) >= 40);
        },
        null,
        { timeout: 60000 },
      );
      const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
      const first = rows[0];
      const last = rows.at(-1);
      assert(first.step === 0 && last.step >= 40, `records from step ${first.step} to ${last.step}`);
      assert(rows.every((r) => Number.isFinite(r.train_loss)), "every loss is finite");
      assert(last.train_loss < 0.8 * first.train_loss, `loss ${first.train_loss} → ${last.train_loss}`);
      // Two conv layers, one dense, the output: the panels name the conv layers.
      assert("grad_norm_4" in last && !("grad_norm_5" in last), `gradient columns: ${Object.keys(last)}`);
      const grad = await page.$eval('.train-canvas[data-chart="grad"] canvas', (c) => c.getAttribute("aria-label") ?? "");
      assert(/conv 1 .*conv 2 .*layer 1 /.test(grad), `gradient panel: ${grad}`);
      const dead = await page.$eval('.train-canvas[data-chart="dead"] canvas', (c) => c.getAttribute("aria-label") ?? "");
      assert(/conv 1 .*conv 2 /.test(dead), `dead panel: ${dead}`);
      for (const kind of ["loss", "accuracy", "grad", "meanstd", "dead"])
        await h.untilDrawn(kind, page, `.train-canvas[data-chart="${kind}"] canvas`);
      // The confusion matrix and the misclassified grid, on the evaluated test images.
      assert(!(await page.$eval("#t-confusion-box", (n) => n.hidden)), "confusion matrix shown");
      assert(!(await page.$eval("#t-digits-box", (n) => n.hidden)), "misclassified grid shown");
      await page.waitForFunction(() => window.activationLabTrain.confusion()?.total > 0, null, { timeout: 30000 });
      const cm = await page.evaluate(() => window.activationLabTrain.confusion());
      assert(cm.total >= 500 && cm.total <= 2000, `confusion over ${cm.total} images`);
      await h.untilDrawn("confusion", page, '.train-canvas[data-chart="confusion"] canvas');
      await h.untilDrawn("digits", page, '.train-canvas[data-chart="digits"] canvas');
      // The network view has no picture for conv layers and says why (no error).
      const card = page.locator("details:has(#t-net-note)");
      if (!(await card.evaluate((d) => d.open))) await card.locator("summary").click();
      await page.waitForFunction(() => /conv layers/.test(document.getElementById("t-net-note").textContent), null, { timeout: 30000 });
      assert(!/Network view:/.test(await page.$eval("#t-net-tip", (n) => n.textContent)), "network view error shown");
      await page.locator("#train").screenshot({ path: `${artifacts}/cnn-trained-1280.png` });
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("cnn: the editor offers the engine's new kinds (batch norm, average pooling, global average pooling) and they train", async () => {
      // Digits: conv8k3,bn,avgpool2,gap built with the editor's own menu.
      const { page, log } = await openTrain(h, context, "t.ds=digits&t.layers=conv8k3&t.bs=32&t.lr=0.01&t.ep=50");
      const offered = await page.$$eval("#t-editor-kind option", (os) => os.map((o) => o.value).join(","));
      assert(offered === "conv,pool,avgpool,gap,bn,bnpost,dropout,flatten,dense", `kinds on digits: ${offered}`);
      assert((await addRow(page, "bn")) === 1, "bn after the conv");
      assert((await addRow(page, "avgpool")) === 2, "avg pool after the last image layer");
      assert((await addRow(page, "gap")) === 3, "global average pooling last");
      const hash = await hashOf(page);
      assert(hash.includes("t.layers=conv8k3,bn,avgpool2,gap&"), `link: ${hash}`);
      assert((await page.$$("#t-form [aria-invalid=true]")).length === 0, "no field is marked invalid");
      const names = await page.$$eval("#t-editor-rows > li .cnn-kind", (ns) => ns.map((n) => n.textContent).join(" | "));
      assert(/BatchNorm/.test(names) && /AvgPool2d/.test(names) && /Global average pooling/.test(names), `row names: ${names}`);
      await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 60000 });
      await page.click("#t-play");
      await page.waitForFunction(() => Number(document.getElementById("t-steps").textContent.replace(/,/g, "")) >= 60, null, { timeout: 120000 });
      await page.click("#t-play");
      await page.waitForFunction(() => window.activationLabTrain.csv().trim().split("\n").length >= 3, null, { timeout: 60000 });
      const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
      assert(rows.every((r) => Number.isFinite(r.train_loss)) && rows.at(-1).train_loss < rows[0].train_loss, `loss ${rows[0].train_loss} → ${rows.at(-1).train_loss}`);
      const grad = await page.$eval('.train-canvas[data-chart="grad"] canvas', (c) => c.getAttribute("aria-label") ?? "");
      assert(/conv 1 /.test(grad), `gradient panel: ${grad}`);
      for (const kind of ["grad", "meanstd", "dead"]) await h.untilDrawn(kind, page, `.train-canvas[data-chart="${kind}"] canvas`);
      await page.waitForFunction(() => {
        const d = document.getElementById("t-cmaps-box").dataset;
        return Number(d.updates || 0) > 0 && d.drawn === d.updates;
      }, null, { timeout: 60000 });
      const maps = await page.$eval("#t-cmaps-text", (n) => n.textContent);
      // The bn sits between the conv and its activation, so it is part of "conv 1" (seen after the
      // nonlinearity); the average pool and the global one (1×1 maps) follow.
      assert(/conv 1 · 8 maps 6×6/.test(maps) && /avg pool 1 · 8 maps 3×3/.test(maps) && /avg pool 2 · 8 maps 1×1/.test(maps), `maps card: ${maps}`);
      await page.locator("#train").screenshot({ path: `${artifacts}/cnn-new-kinds-digits.png` });
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.close();

      // A 2-D set: 32,bn,32 — dense rows with batch norm between, no image kinds offered.
      const two = await openTrain(h, context, "t.ds=circle&t.h=32,32&t.ep=200");
      const offered2 = await two.page.$$eval("#t-editor-kind option", (os) => os.map((o) => o.value).join(","));
      assert(offered2 === "bn,bnpost,dropout,dense", `kinds on circle: ${offered2}`);
      assert((await addRow(two.page, "bn")) === 2, "bn last");
      await moveUpByKeyboard(two.page, 2);
      const hash2 = await hashOf(two.page);
      assert(hash2.includes("t.layers=32,bn,32&"), `link: ${hash2}`);
      await two.page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 60000 });
      await two.page.click("#t-play");
      await two.page.waitForFunction(() => Number(document.getElementById("t-epoch").textContent.replace(/,/g, "")) >= 20, null, { timeout: 120000 });
      await two.page.click("#t-play");
      const rows2 = parseCsv(await two.page.evaluate(() => window.activationLabTrain.csv()));
      assert(rows2.every((r) => Number.isFinite(r.train_loss)) && rows2.at(-1).train_loss < rows2[0].train_loss, `loss ${rows2[0].train_loss} → ${rows2.at(-1).train_loss}`);
      const grad2 = await two.page.$eval('.train-canvas[data-chart="grad"] canvas', (c) => c.getAttribute("aria-label") ?? "");
      assert(/layer 1 .*layer 2 /.test(grad2), `gradient panel: ${grad2}`);
      for (const kind of ["grad", "meanstd", "dead"]) await h.untilDrawn(kind, two.page, `.train-canvas[data-chart="${kind}"] canvas`);
      assert(two.log.errors.length === 0, two.log.errors.join(" | "));
      await two.page.close();
    });

    await check("cnn: hostile t.layers links and rows give a clear message and the tab stays usable", async () => {
      for (const [hash, want] of [
        ["t.ds=mnist&t.layers=conv999999k3", /filters must be 1 to 256, got 999999/],
        ["t.ds=circle&t.layers=conv8k3,flatten,8", /conv layers need an image data set \(8×8 digits, MNIST\)/],
        [`t.ds=mnist&t.layers=${"conv8k3,".repeat(80)}8`, /too many/],
      ]) {
        const { page, log } = await openTrain(h, context, hash);
        assert(!(await page.$eval("#notice", (n) => n.hidden)), `notice for ${hash.slice(0, 40)}`);
        const notice = await page.$eval("#notice-text", (n) => n.textContent);
        assert(want.test(notice), `notice for ${hash.slice(0, 40)}: ${notice}`);
        // Not frozen: the page answers and the fallback run steps.
        const before = Number(await page.$eval("#t-steps", (n) => n.textContent));
        await page.click("#t-step");
        await page.waitForFunction((b) => Number(document.getElementById("t-steps").textContent) > b, before, { timeout: 10000 });
        assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
        await page.close();
      }
      // A bad row typed into the editor: marked in place with the core's message, Play waits.
      const { page } = await openTrain(h, context, "t.ds=digits&t.layers=conv8k3,pool2,flatten,32");
      const input = page.locator('#t-editor-rows > li:nth-child(1) [data-field="filters"]');
      await input.fill("999999");
      await input.dispatchEvent("change");
      await page.waitForFunction(() => document.querySelector("#t-editor-rows > li:nth-child(1) [aria-invalid=true]"), null, { timeout: 5000 });
      const msg = await page.$eval("#t-editor-rows > li:nth-child(1) .field-error", (n) => n.textContent);
      assert(/filters must be 1 to 256/.test(msg) && /layer 1/.test(msg), `row message: ${msg}`);
      assert(await page.$eval("#t-play", (n) => n.disabled), "Play enabled with a bad row");
      // A kernel too large for the 8×8 images: the core names the row that does not fit.
      await input.fill("8");
      await input.dispatchEvent("change");
      const kernel = page.locator('#t-editor-rows > li:nth-child(1) [data-field="kernel"]');
      await kernel.fill("9");
      await kernel.dispatchEvent("change");
      await page.waitForFunction(() => document.querySelector("#t-editor-rows > li:nth-child(1) .field-error"), null, { timeout: 5000 });
      const fit = await page.$eval("#t-editor-rows > li:nth-child(1) .field-error", (n) => n.textContent);
      assert(/does not fit its 8×8×1 input/.test(fit), `row message: ${fit}`);
      await page.locator("#t-editor").screenshot({ path: `${artifacts}/cnn-invalid-row.png` });
      await page.close();
    });
  });

  await withContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" }, async (context) => {
    await check("cnn: the editor and its presets fit a 390 px phone, in Chinese", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=digits&lang=zh");
      await page.click("#t-cnn-small");
      await page.waitForFunction(() => decodeURIComponent(location.hash).includes("t.layers=conv8k5same,pool2,conv16k5same,pool3"), null, { timeout: 30000 });
      assert((await page.$eval("#t-ds", (n) => n.value)) === "mnist", "the small CNN preset is for MNIST");
      assert((await kinds(page)) === "conv,pool,conv,pool", `rows: ${await kinds(page)}`);
      await page.click("#t-cnn-article");
      await page.waitForFunction((a) => decodeURIComponent(location.hash).includes(`t.layers=${a}&`), ARTICLE, { timeout: 30000 });
      const form = await page.evaluate(() => ({ lr: document.getElementById("t-lr").value, bs: document.getElementById("t-bs").value, cv: document.getElementById("t-cv").value, opt: document.getElementById("t-opt").value }));
      assert(form.lr === "0.001" && form.bs === "128" && form.cv === "0.5" && form.opt === "adam", `article settings ${JSON.stringify(form)}`);
      const caption = await page.$eval("#t-editor-caption", (n) => n.textContent);
      assert(/网络层/.test(caption), `caption in Chinese: ${caption}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert(overflow <= 0, `horizontal overflow ${overflow}px`);
      const rows = await page.$$eval("#t-editor-rows > li", (ns) => ns.map((n) => n.getBoundingClientRect().right));
      assert(rows.every((r) => r <= 390), `a row sticks out: ${rows}`);
      await page.locator("#t-editor").scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${artifacts}/cnn-editor-390-zh.png` });
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });
}
