// Page checks for "your data" (called from run.mjs, same harness as train.mjs): editing points on
// the decision map, CSV upload and paste, the function-boundary set and the draw pad.
import fs from "node:fs";
import path from "node:path";
import { openTrain } from "./train-helpers.mjs";

/** Opens the page at `hash` and waits for the first training tick. */
const MAP = '.train-canvas[data-chart="boundary"] canvas';
const text = (page, sel) => page.$eval(sel, (n) => n.textContent);
const hashOf = (page) => page.evaluate(() => decodeURIComponent(location.hash));

/** Clicks plane point (x, y) on the decision map, placed by the chart's own pixel mapping. */
async function clickMap(page, x, y, modifiers = []) {
  const { m, dpr } = await page.evaluate((sel) => {
    const c = document.querySelector(sel);
    return { m: window.activationLabTrain.mapping("boundary"), dpr: c.width / c.clientWidth };
  }, MAP);
  const px = m.left + ((x - m.x0) / (m.x1 - m.x0)) * (m.right - m.left);
  const py = m.bottom + ((y - m.y0) / (m.y1 - m.y0)) * (m.top - m.bottom);
  await page.locator(MAP).click({ position: { x: px / dpr, y: py / dpr }, modifiers });
}

/** The canvas pixel (RGBA) at plane point (x, y). */
async function colourAt(page, x, y) {
  return page.evaluate(
    ([sel, x, y]) => {
      const c = document.querySelector(sel);
      const m = window.activationLabTrain.mapping("boundary");
      const px = m.left + ((x - m.x0) / (m.x1 - m.x0)) * (m.right - m.left);
      const py = m.bottom + ((y - m.y0) / (m.y1 - m.y0)) * (m.top - m.bottom);
      return [...c.getContext("2d").getImageData(Math.round(px), Math.round(py), 1, 1).data];
    },
    [MAP, x, y],
  );
}

/** Waits until the map has been redrawn with a heatmap for the latest session. */
async function mapStats(h, page) {
  await h.settle(page);
  await page.waitForTimeout(150);
  await h.settle(page);
  return h.canvasStats(page, MAP);
}

export async function dataChecks(h) {
  const { check, assert, shot, withContext } = h;

  await withContext({}, async (context) => {
    await check("data: clicking the map adds points (t.ds=custom, heatmap changes), shift-click removes, kept after reload", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=xor&t.ep=50");
      const before = await mapStats(h, page);
      h.assertDrawn(before, "map before");
      // Start an own set from scratch: clear, then place class 1 left and class 0 right.
      await page.click("#t-edit-clear");
      await page.waitForFunction(() => /t\.ds=custom/.test(location.hash), null, { timeout: 5000 });
      await page.waitForFunction(() => /no points/.test(document.getElementById("t-status").textContent), null, { timeout: 5000 });
      await page.click('#t-edit-classes [data-class="1"]');
      for (const y of [-3, -1, 1, 3]) await clickMap(page, -3, y);
      await page.click('#t-edit-classes [data-class="0"]');
      for (const y of [-3, -1, 1, 3]) await clickMap(page, 3, y);
      await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 10000 });
      const status = await text(page, "#t-edit-status");
      assert(/^8 points \(4 \/ 4\)/.test(status), `status after 8 clicks: ${status}`);
      await page.click("#t-play");
      await page.waitForFunction(() => /Finished|diverged/.test(document.getElementById("t-status").textContent), null, { timeout: 30000 });
      const trained = await mapStats(h, page);
      h.assertDrawn(trained, "map after editing");
      assert(trained.hash !== before.hash, "the map did not change after editing the points");
      // Left half should now be blue (class 1), right half orange (class 0): sample the heatmap.
      const left = await colourAt(page, -4.5, 0);
      const right = await colourAt(page, 4.5, 0);
      assert(left[2] > left[0], `left of the map should be blue (class 1): rgb ${left}`);
      assert(right[0] > right[2], `right of the map should be orange (class 0): rgb ${right}`);
      await page.locator("#t-boundary-box").screenshot({ path: `${h.artifacts}/data-map-edit.png` });

      // Shift-click on a point removes it.
      await clickMap(page, -3, 3, ["Shift"]);
      await page.waitForFunction(() => /^7 points \(4 \/ 3\)/.test(document.getElementById("t-edit-status").textContent), null, { timeout: 5000 });
      // A third class from the picker.
      await page.click('#t-edit-classes [data-class="2"]');
      await clickMap(page, 0, 4);
      await page.waitForFunction(() => /^8 points \(4 \/ 3 \/ 1\)/.test(document.getElementById("t-edit-status").textContent), null, { timeout: 5000 });
      const classButtons = await page.$$eval("#t-edit-classes [data-class]", (b) => b.length);
      assert(classButtons === 4, `expected classes 0–2 and "+ class", got ${classButtons} buttons`);

      // Reload: the points are kept (localStorage), the run uses them.
      await page.reload();
      await page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 15000 });
      await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 20000 });
      await page.waitForFunction(() => /^8 points/.test(document.getElementById("t-edit-status").textContent), null, { timeout: 5000 });
      assert((await page.$eval("#t-ds", (s) => s.value)) === "custom", "the dataset is custom after reload");
      assert(!/t\.custom|\[\[/.test(await hashOf(page)), "the points must not be in the link");
      // Three classes train with a softmax head: the map paints class 2's own colour at its point.
      await page.click("#t-play");
      await page.waitForFunction(() => /Finished|diverged/.test(document.getElementById("t-status").textContent), null, { timeout: 30000 });
      // The map redraws on the next frames after the status says "Finished": poll briefly.
      let third = await colourAt(page, 0, 4.5);
      for (let i = 0; i < 20 && !(third[1] > third[0] && third[1] > third[2]); i++) {
        await page.waitForTimeout(250);
        third = await colourAt(page, 0, 4.5);
      }
      assert(third[1] > third[0] && third[1] > third[2], `the map at the class-2 point should be green: rgb ${third}`);
      await page.locator("#t-boundary-box").screenshot({ path: `${h.artifacts}/data-map-3-classes.png` });
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("data: CSV through the file input shows stats and trains; a bad CSV shows the line-numbered error", async () => {
      // Nothing loaded yet: the run says what to do instead of training.
      const { page, log } = await h.open(context, `${h.origin}/index.html#t.ds=csv`);
      await page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 15000 });
      await page.waitForFunction(() => /no data loaded/.test(document.getElementById("t-status").textContent), null, { timeout: 5000 });
      // The caps line and the class-label choice carry the core's numbers (data::csv: 1 MiB,
      // 20,000 rows, 64 features, at least 2 rows, labels 0–9), in English and in Chinese.
      const caps = await text(page, "#t-csv-caps");
      assert(caps.startsWith("Caps: 1 MiB, 20,000 rows, 64 features, at least 2 rows, labels 0–9 (every class present)."), `caps line: ${caps}`);
      assert((await text(page, "#t-csv-classes")) === "class labels 0…9", "the class-label choice names 0…9");
      await page.selectOption("#lang", "zh");
      const zh = await text(page, "#t-csv-caps");
      assert(/^上限：1 MiB、20,000 行、64 个特征，至少 2 行，标签 0–9/.test(zh), `Chinese caps line: ${zh}`);
      assert((await text(page, "#t-csv-classes")) === "类别标签 0…9", "the class-label choice in Chinese");
      await page.selectOption("#lang", "en");
      const rows = ["x1,x2,label"];
      for (let i = 0; i < 200; i++) {
        const a = (i * 2.399) % 6.283;
        const r = i % 2 ? 1 + (i % 7) / 10 : 3 + (i % 5) / 10;
        rows.push(`${(r * Math.cos(a)).toFixed(3)},${(r * Math.sin(a)).toFixed(3)},${i % 2}`);
      }
      const file = path.join(h.artifacts, "ring.csv");
      fs.writeFileSync(file, rows.join("\n") + "\n");
      await page.setInputFiles("#t-csv-file", file);
      await page.waitForFunction(() => /200 rows · 2 features · 2 classes \(100 \/ 100\)/.test(document.getElementById("t-csv-stats").textContent), null, { timeout: 5000 });
      const stats = await text(page, "#t-csv-stats");
      assert(/x1/.test(stats) && /mean/.test(stats) && /std/.test(stats), `no per-column statistics: ${stats}`);
      await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 10000 });
      assert(/t\.ds=csv/.test(await hashOf(page)), "the hash names csv");
      assert(!/x1|label/.test(await hashOf(page)), "the CSV must not be in the link");
      await page.click("#t-play");
      await page.waitForFunction(() => /Finished|diverged/.test(document.getElementById("t-status").textContent), null, { timeout: 30000 });
      h.assertDrawn(await mapStats(h, page), "map of the CSV run");
      await page.locator("#t-form").screenshot({ path: `${h.artifacts}/data-csv.png` });

      // A bad label on line 3 of a pasted CSV.
      await page.fill("#t-csv-text", "x1,x2,label\n1,2,0\n3,4,cat\n");
      await page.selectOption("#t-csv-task", "classes");
      await page.click("#t-csv-use");
      const err = await text(page, "#t-csv-error");
      assert(/line 3/.test(err) && /cat/.test(err), `expected a line-3 error naming cat: ${err}`);
      // The stored (good) CSV is still what trains.
      assert(/200 rows/.test(await text(page, "#t-csv-stats")), "a rejected CSV must not replace the loaded one");
      await page.locator("#t-csv-box").screenshot({ path: `${h.artifacts}/data-csv-error.png` });
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("data: a 3-feature CSV (semicolons) trains without a map and the compare runs on it", async () => {
      const { page, log } = await h.open(context, `${h.origin}/index.html#t.ds=csv&t.ep=5&t.cmp=relu,tanh`);
      await page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 15000 });
      const rows3 = ["a;b;c;y"];
      for (let i = 0; i < 60; i++) rows3.push(`${i % 7};${(i * 3) % 11};${i % 5};${i % 3 === 0 ? 1 : 0}`);
      await page.fill("#t-csv-text", rows3.join("\n"));
      await page.click("#t-csv-use");
      await page.waitForFunction(() => /60 rows · 3 features · 2 classes/.test(document.getElementById("t-csv-stats").textContent), null, { timeout: 5000 });
      await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 10000 });
      // Three features: no plane to draw, so no decision map.
      assert(await page.$eval("#t-boundary-box", (n) => n.hidden), "the map is hidden for a 3-feature CSV");
      await page.click("#c-run");
      await page.waitForFunction(() => document.getElementById("compare").dataset.done === "1", null, { timeout: 30000 });
      const rows = await page.$$eval("#c-table tbody tr", (r) => r.map((n) => n.textContent));
      assert(rows.length === 2, `expected 2 compare rows, got ${rows.length}: ${await text(page, "#c-status")}`);
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("data: function-boundary set loads (presets and a typed formula; errors name the column)", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=fn&t.fn=cubic");
      assert(!(await page.$eval("#t-fn-box", (n) => n.hidden)), "the formula box is shown");
      assert((await page.$eval("#t-fn-preset", (s) => s.value)) === "cubic", "preset cubic selected");
      const cubic = await mapStats(h, page);
      h.assertDrawn(cubic, "cubic map");
      await page.selectOption("#t-fn-preset", "abs");
      await page.waitForFunction(() => /t\.fn=abs/.test(location.hash), null, { timeout: 5000 });
      await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 10000 });
      const abs = await mapStats(h, page);
      assert(abs.hash !== cubic.hash, "the points did not change with the preset");
      await page.fill("#t-fn", "0.5*x + sinn(x)");
      await page.press("#t-fn", "Enter");
      await page.waitForFunction(() => document.getElementById("t-fn-error").textContent.length > 0, null, { timeout: 5000 });
      const err = await text(page, "#t-fn-error");
      assert(/sinn/.test(err) && /9/.test(err), `error should name sinn at column 9: ${err}`);
      await page.fill("#t-fn", "0.5*x + sin(x)");
      await page.press("#t-fn", "Enter");
      await page.waitForFunction(() => /t\.fn=0\.5/.test(decodeURIComponent(location.hash)), null, { timeout: 5000 });
      assert((await text(page, "#t-fn-error")) === "", "error cleared");
      await page.click("#t-play");
      await page.waitForFunction(() => /Finished|diverged/.test(document.getElementById("t-status").textContent), null, { timeout: 30000 });
      await page.locator("#train").screenshot({ path: `${h.artifacts}/data-fn.png` });
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    for (const [set, hash] of [
      ["8×8 digits", "t.ds=digits&t.h=64&t.opt=adam&t.lr=0.003&t.ep=30"],
      ["MNIST", "t.ds=mnist&t.h=64&t.opt=adam&t.lr=0.001&t.bs=64&t.ep=2"],
    ]) {
      await check(`data: draw a 1, then a 0, on the pad after training the ${set}: the model predicts 1, then 0`, async () => {
        const { page, log } = await openTrain(h, context, hash);
        assert(!(await page.$eval("#t-pad-box", (n) => n.hidden)), "the pad is shown for digits");
        await page.click("#t-play");
        await page.waitForFunction(() => /Finished|diverged/.test(document.getElementById("t-status").textContent), null, { timeout: 90000 });
        await page.locator("#t-pad").scrollIntoViewIfNeeded();
        let box = await page.locator("#t-pad").boundingBox();
        const at = (fx, fy) => [box.x + fx * box.width, box.y + fy * box.height];
        // A slightly slanted vertical stroke, as people write a 1.
        await page.mouse.move(...at(0.54, 0.18));
        await page.mouse.down();
        for (let k = 1; k <= 12; k++) await page.mouse.move(...at(0.54 - 0.06 * (k / 12), 0.18 + 0.64 * (k / 12)));
        await page.mouse.up();
        // The answer for the whole stroke (not an earlier partial one).
        await page.waitForFunction(() => {
          const d = document.getElementById("t-pad-probs").dataset;
          return d.prediction !== undefined && d.busy === undefined;
        }, null, { timeout: 5000 });
        const guess = await page.$eval("#t-pad-probs", (n) => n.dataset.prediction);
        await page.locator("#t-pad-box").screenshot({ path: `${h.artifacts}/data-pad-1-${hash.slice(5, 10)}.png` });
        assert(guess === "1", `the model read the drawn 1 as ${guess}: ${await text(page, "#t-pad-probs")}`);
        await page.click("#t-pad-clear");
        assert((await page.$eval("#t-pad-probs", (n) => n.dataset.prediction)) === undefined, "clear resets the prediction");
        // A 0: one closed oval stroke (the screenshot may have scrolled the pad).
        await page.locator("#t-pad").scrollIntoViewIfNeeded();
        box = await page.locator("#t-pad").boundingBox();
        await page.mouse.move(...at(0.5, 0.15));
        await page.mouse.down();
        for (let k = 1; k <= 40; k++) {
          const a = (k / 40) * 2 * Math.PI;
          await page.mouse.move(...at(0.5 + 0.22 * Math.sin(a), 0.5 - 0.35 * Math.cos(a)));
        }
        await page.mouse.up();
        await page.waitForFunction(() => {
          const d = document.getElementById("t-pad-probs").dataset;
          return d.prediction !== undefined && d.busy === undefined;
        }, null, { timeout: 5000 });
        const zero = await page.$eval("#t-pad-probs", (n) => n.dataset.prediction);
        await page.locator("#t-pad-box").screenshot({ path: `${h.artifacts}/data-pad-0-${hash.slice(5, 10)}.png` });
        assert(zero === "0", `the model read the drawn 0 as ${zero}: ${await text(page, "#t-pad-probs")}`);
        assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
        await page.close();
      });
    }
  });

  await withContext({}, async (context) => {
    await check("data: a first visit to t.ds=custom (or a corrupt stored set) says what to do and the first click starts the set", async () => {
      const { page, log } = await h.open(context, `${h.origin}/index.html#t.ds=custom`);
      await page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 15000 });
      await page.waitForFunction(() => /no data loaded yet/.test(document.getElementById("t-status").textContent), null, { timeout: 10000 });
      await page.waitForFunction(() => window.activationLabTrain.mapping("boundary") !== null, null, { timeout: 5000 });
      await clickMap(page, 1, 1);
      await page.waitForFunction(() => /^1 points/.test(document.getElementById("t-edit-status").textContent), null, { timeout: 5000 });
      // One point is a set: the run starts on it (the error is gone, a first record is drawn).
      await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 5000 });
      assert(!/no data/.test(await text(page, "#t-status")), "the error stays after the first point");
      assert((await hashOf(page)).includes("t.ds=custom"), "the link names custom data");
      // A corrupt or hostile stored value is a message, never a crash; the next click replaces it.
      await page.evaluate(() => localStorage.setItem("activation-lab.points", '{"kind":"points","set":"{\\"version\\":1,\\"task\\":{\\"kind\\":\\"classes\\",\\"classes\\":2},\\"points\\":[[1e9,0,0]]}"}'));
      await page.reload();
      await page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 15000 });
      await page.waitForFunction(() => /saved point 1/.test(document.getElementById("t-status").textContent), null, { timeout: 15000 });
      await page.waitForFunction(() => window.activationLabTrain?.mapping("boundary") != null, null, { timeout: 5000 });
      await clickMap(page, -1, -1);
      await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 5000 });
      assert(/^1 points/.test(await text(page, "#t-edit-status")), `after replacing the corrupt set: ${await text(page, "#t-edit-status")}`);
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });

  await withContext({ locale: "zh-CN" }, async (context) => {
    await check("data: regression points take a typed value; Chinese labels", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=plane&lang=zh");
      assert(!(await page.$eval("#t-edit-value-box", (n) => n.hidden)), "the value field is shown for a regression set");
      assert((await page.$$("#t-edit-classes [data-class]")).length === 0, "no class buttons for regression");
      const before = Number((await text(page, "#t-edit-status")).match(/^(\d+)/)[1]);
      await page.fill("#t-edit-value", "-0.75");
      await clickMap(page, -5, 5);
      await page.waitForFunction((n) => document.getElementById("t-edit-status").textContent.startsWith(`${n} 个点`), before + 1, { timeout: 5000 });
      await page.waitForFunction(() => /t\.ds=custom/.test(location.hash), null, { timeout: 5000 });
      const stored = await page.evaluate(() => localStorage.getItem("activation-lab.points"));
      assert(stored.includes('\\"regression\\"') && stored.includes("-0.75"), `stored set: ${stored.slice(0, 120)}`);
      assert((await page.$eval("#t-ds", (s) => s.selectedOptions[0].textContent)) === "你的点（点击决策图）", "Chinese dataset label");
      await page.locator("#t-boundary-box").screenshot({ path: `${h.artifacts}/data-regression-zh.png` });
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });

  await withContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: "dark" }, async (context) => {
    await check("data: 360 px phone: tapping adds a point, the remove tool takes it away, the pad fits", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=moons");
      await page.locator(MAP).scrollIntoViewIfNeeded();
      const status = () => text(page, "#t-edit-status");
      const before = Number((await status()).match(/^(\d+)/)[1]);
      await clickMap(page, 0, 5.5);
      await page.waitForFunction((n) => document.getElementById("t-edit-status").textContent.startsWith(`${n} points`), before + 1, { timeout: 5000 });
      await page.waitForFunction(() => /t\.ds=custom/.test(location.hash), null, { timeout: 5000 });
      await page.click("#t-edit-remove");
      await clickMap(page, 0, 5.5);
      await page.waitForFunction((n) => document.getElementById("t-edit-status").textContent.startsWith(`${n} points`), before, { timeout: 5000 });
      await page.locator("#t-boundary-box").screenshot({ path: `${h.artifacts}/data-phone-map-dark.png` });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `page is ${overflow}px wider than 360`);
      await page.selectOption("#t-ds", "digits");
      await page.waitForFunction(() => !document.getElementById("t-pad-box").hidden, null, { timeout: 10000 });
      const padOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(padOverflow <= 0, `with the pad the page is ${padOverflow}px wider than 360`);
      await page.locator("#t-pad-box").screenshot({ path: `${h.artifacts}/data-phone-pad-dark.png` });
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });
}
