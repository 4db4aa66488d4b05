// Page tests for the filters and feature maps card (www/js/train-conv-maps.js, issue 15): a conv
// net linked by hash shows the card; the filters and maps change as it trains (in the data and on
// the canvas); the picker changes the image; a dense network hides the card; a phone in Chinese
// fits. Called from run.mjs with the same harness object as the other training checks.
import fs from "node:fs";
import { createRequire } from "node:module";
import { openTrain } from "./train-helpers.mjs";

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's violations inside the card (evaluated through the debugger: the CSP does not apply). */
async function cardViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document.getElementById("t-cmaps-box"), { resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length}×)`);
  });
}

const CONV = "t.ds=digits&t.layers=conv8k3,pool2,flatten,32&t.act=relu&t.ep=6";

/** Waits until the card has had more than `before` updates and the canvas shows the latest. */
async function nextUpdate(h, page, before) {
  await page.waitForFunction(
    (n) => {
      const box = document.getElementById("t-cmaps-box");
      const d = box?.dataset ?? {};
      return !box.hidden && Number(d.updates || 0) > n && d.drawn === d.updates;
    },
    before,
    { timeout: 30000 },
  );
  await h.settle(page);
}
const updates = (page) => page.evaluate(() => Number(document.getElementById("t-cmaps-box")?.dataset.updates || 0));
const summary = (page) => page.evaluate(() => window.activationLabTrain.convMaps().summary());
const sample = (page) => page.evaluate(() => window.activationLabTrain.convMaps().sample());

/** The canvas's pixels, as plain numbers (RGBA). */
const pixels = (page) =>
  page.evaluate(() => {
    const c = window.activationLabTrain.convMaps().canvas();
    return Array.from(c.getContext("2d").getImageData(0, 0, c.width, c.height).data);
  });

/** Share of pixels whose colour differs by more than 8 (any channel) between two drawings. */
function changed(a, b) {
  if (a.length !== b.length) return 1;
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.abs(a[i] - b[i]) > 8 || Math.abs(a[i + 1] - b[i + 1]) > 8 || Math.abs(a[i + 2] - b[i + 2]) > 8) n++;
  }
  return n / (a.length / 4);
}

/** Clicks a picker button and waits for the maps of the image it leads to. */
async function pick(h, page, id) {
  const n = await updates(page);
  await page.click(id);
  await nextUpdate(h, page, n);
  return sample(page);
}

export async function cnnMapsChecks(h) {
  const { check, assert, withContext } = h;

  await withContext({}, async (context) => {
    await check("cnn maps: a conv net's filters and feature maps appear, change while training, and follow the picker", async () => {
      const { page, log } = await openTrain(h, context, CONV);
      await nextUpdate(h, page, 0);
      const before = await summary(page);
      const kinds = before.map((s) => `${s.kind}${s.number}:${s.total}/${s.shown}:${s.height}x${s.width}`);
      assert(kinds.join(" ") === "filters1:8/8:3x3 input0:1/1:8x8 conv1:8/8:6x6 pool1:8/8:3x3", `sections ${kinds}`);
      assert(before.find((s) => s.kind === "conv").title.startsWith("conv 1 · 8 maps 6×6 · ±"), before[2].title);
      const px0 = await pixels(page);
      await h.untilDrawn("feature maps", page, ".cmaps-canvas");
      const s0 = await sample(page);
      assert(s0.index === 0 && s0.label !== null && s0.predicted !== null, `sample ${JSON.stringify(s0)}`);
      // Train to the end: the maps must follow the weights while it runs.
      let n = await updates(page);
      await page.click("#t-play");
      await nextUpdate(h, page, n);
      const during = await page.$eval("#t-status", (e) => e.textContent);
      await page.waitForFunction(() => /Finished/.test(document.getElementById("t-status").textContent), null, { timeout: 120000 });
      n = await updates(page);
      await nextUpdate(h, page, n - 1);
      const after = await summary(page);
      for (const k of [0, 2, 3]) {
        const rel = Math.abs(after[k].sum - before[k].sum) / Math.max(1e-9, before[k].sum);
        assert(rel > 0.02, `${after[k].kind} barely changed: Σ|v| ${before[k].sum} → ${after[k].sum}`);
      }
      assert(after[1].sum === before[1].sum, "the input image itself does not change");
      const moved = changed(px0, await pixels(page));
      assert(moved > 0.02, `only ${(moved * 100).toFixed(2)} % of the pixels changed after training (status while playing: ${during})`);
      // The picker: next, previous, and the next misclassified image.
      const s1 = await pick(h, page, "#t-cmaps-next");
      assert(s1.index === 1 && s1.count === s0.count, `next → ${JSON.stringify(s1)}`);
      const input1 = (await summary(page))[1].sum;
      assert(input1 !== after[1].sum, "another image is shown");
      const s2 = await pick(h, page, "#t-cmaps-prev");
      assert(s2.index === 0, `prev → ${JSON.stringify(s2)}`);
      const s3 = await pick(h, page, "#t-cmaps-prev");
      assert(s3.index === s0.count - 1, `prev from the first wraps to the last: ${JSON.stringify(s3)}`);
      const w = await pick(h, page, "#t-cmaps-wrong");
      const line = await page.$eval("#t-cmaps-sample", (e) => e.textContent);
      assert(w.label !== w.predicted || /gets all|None of the next/.test(line), `"next misclassified" → ${JSON.stringify(w)} ${line}`);
      assert(new RegExp(`Test image ${w.index + 1} of`).test(line), line);
      // Names and text alternative.
      const alt = await page.$eval("#t-cmaps-text", (e) => e.textContent);
      assert(/conv 1 filters · 8 of 3×3/.test(alt) && /pool 1 · 8 maps 3×3/.test(alt), `text alternative: ${alt}`);
      const name = await page.$eval(".cmaps-canvas", (e) => e.getAttribute("aria-label"));
      assert(/Filters and feature maps/.test(name ?? ""), `canvas name ${name}`);
      await page.locator("#t-cmaps-box").screenshot({ path: `${h.artifacts}/cnn-maps.png` });
      const v = await cardViolations(page);
      assert(v.length === 0, `axe in the card: ${v.join("; ")}`);
      // The network view has no pictures for a conv net: it says where they are, not an error.
      const tip = await page.$eval("#t-net-tip", (e) => e.textContent);
      const note = await page.$eval("#t-net-note", (e) => e.textContent);
      assert(tip === "" && /Filters and feature maps/.test(note), `network view: ${tip} / ${note}`);
      // A dense network: the card goes away.
      await page.evaluate(() => (location.hash = "t.ds=digits&t.h=16&t.act=relu&t.ep=2"));
      await page.waitForFunction(() => document.getElementById("t-cmaps-box").hidden, null, { timeout: 20000 });
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.close();
    });

    await check("cnn maps: a dense network never shows the card", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=digits&t.h=16&t.act=relu&t.ep=2");
      await page.click("#t-step");
      await h.settle(page);
      assert(await page.$eval("#t-cmaps-box", (e) => e.hidden), "card hidden for an MLP");
      assert((await updates(page)) === 0, "no maps drawn for an MLP");
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.close();
    });
  });

  await withContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }, async (context) => {
    await check("cnn maps: phone layout in Chinese fits the screen", async () => {
      const { page, log } = await openTrain(h, context, `${CONV}&lang=zh`);
      await nextUpdate(h, page, 0);
      const c = await page.$eval(".cmaps-canvas", (n) => ({ w: n.getBoundingClientRect().width, right: n.getBoundingClientRect().right }));
      assert(c.right <= 390 && c.w > 250, `canvas ${JSON.stringify(c)} on a 390 px screen`);
      const box = await page.$eval("#t-cmaps-box", (n) => n.scrollWidth <= n.clientWidth + 1);
      assert(box, "the card does not scroll sideways");
      const title = (await summary(page))[2].title;
      assert(/卷积层 1/.test(title), `Chinese title: ${title}`);
      assert(/测试图像 1/.test(await page.$eval("#t-cmaps-sample", (e) => e.textContent)), "Chinese sample line");
      await h.untilDrawn("feature maps on a phone", page, ".cmaps-canvas");
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.locator("#t-cmaps-box").screenshot({ path: `${h.artifacts}/cnn-maps-phone-zh.png` });
      const v = await cardViolations(page);
      assert(v.length === 0, `axe in the card (phone, zh): ${v.join("; ")}`);
      await page.close();
    });
  });
}
