// Page tests for the training page's details (issue 9): multiclass map, confusion matrix, loss
// hover tooltip, stop condition, learning-rate schedule strip, divergence explained with a fix.
// Called from run.mjs with the same harness object as trainChecks.
import { openTrain, parseCsv } from "./train-helpers.mjs";

const text = (page, id) => page.$eval(`#${id}`, (n) => n.textContent);
const canvasOf = (kind) => `.train-canvas[data-chart="${kind}"] canvas`;

async function playUntil(page, pattern, timeout = 30000) {
  await page.click("#t-play");
  await page.waitForFunction((p) => new RegExp(p).test(document.getElementById("t-status").textContent), pattern, { timeout });
}

/** Hue histogram of a canvas: the 30°-wide hue bins holding ≥ 2 % of its clearly coloured pixels. */
async function hueBins(page, selector) {
  return page.$eval(selector, (c) => {
    const { data } = c.getContext("2d").getImageData(0, 0, c.width, c.height);
    const bins = new Array(12).fill(0);
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i] / 255, data[i + 1] / 255, data[i + 2] / 255];
      const max = Math.max(r, g, b);
      const min = Math.min(r, g, b);
      if (max - min < 0.15) continue; // white, grey, black: no hue
      let hue;
      if (max === r) hue = ((g - b) / (max - min)) % 6;
      else if (max === g) hue = (b - r) / (max - min) + 2;
      else hue = (r - g) / (max - min) + 4;
      hue = (hue * 60 + 360) % 360;
      bins[Math.floor(hue / 30)]++;
      coloured++;
    }
    return bins.map((n, i) => [i * 30, n]).filter(([, n]) => n >= coloured * 0.02);
  });
}

export async function metricsChecks(h) {
  const { check, assert, shot, withContext } = h;

  await withContext({}, async (context) => {
    await check("metrics: 3-arm spiral trains with a softmax head and the map shows ≥ 3 hues", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=spiral3&t.h=16,16&t.ep=60");
      const setup = await page.evaluate(() => ({ loss: document.getElementById("t-lossfn").value, ds: document.getElementById("t-ds").value }));
      assert(setup.ds === "spiral3", `dataset select shows ${setup.ds}`);
      await playUntil(page, "Finished");
      const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
      const last = rows.at(-1);
      assert(last.train_loss < rows[0].train_loss * 0.6, `loss ${rows[0].train_loss} → ${last.train_loss}`);
      assert(last.test_accuracy > 0.6, `3-class test accuracy ${last.test_accuracy} (chance 0.33)`);
      const bins = await hueBins(page, canvasOf("boundary"));
      assert(bins.length >= 3, `decision map hues: ${JSON.stringify(bins)}`);
      // The confusion matrix is shown for any multiclass set.
      assert(!(await page.$eval("#t-confusion-box", (n) => n.hidden)), "confusion box shown for spiral3");
      const cm = await page.evaluate(() => window.activationLabTrain.confusion());
      assert(cm && cm.classes === 3, `confusion ${JSON.stringify(cm)}`);
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.locator("#t-boundary-box").screenshot({ path: `${h.artifacts}/metrics-spiral3-map.png` });
      await page.close();
    });

    await check("metrics: loss choice BCE vs MSE is in the link and explained", async () => {
      const { page } = await openTrain(h, context, "t.ds=circle&t.ep=5");
      await page.selectOption("#t-lossfn", "mse");
      await page.waitForFunction(() => location.hash.includes("t.loss=mse"), null, { timeout: 5000 });
      const note = await text(page, "t-loss-note");
      assert(/confidently wrong/.test(note) && /σ′|vanish/.test(note), `loss note: ${note}`);
      // MSE on the sigmoid output trains (one output unit: the map stays a two-colour map).
      await page.waitForFunction(() => window.activationLabTrain.records() === 1, null, { timeout: 10000 });
      await playUntil(page, "Finished");
      const mse = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
      assert(mse.at(-1).train_loss < mse[0].train_loss && mse[0].train_loss <= 1, `MSE loss ${mse[0].train_loss} → ${mse.at(-1).train_loss}`);
      await h.untilDrawn("decision map with MSE", page, canvasOf("boundary"));
      await page.selectOption("#t-sched", "step");
      assert(!(await page.$eval("#t-gamma", (n) => n.closest(".field").hidden)), "step decay shows its factor");
      assert(await page.$eval("#t-floor", (n) => n.closest(".field").hidden), "cosine's floor hidden for step decay");
      await page.locator("#t-form").screenshot({ path: `${h.artifacts}/metrics-form.png` });
      await page.close();
    });

    await check("metrics: 8×8 digits shows a confusion matrix matching the test accuracy", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=digits&t.h=16&t.ep=3&t.bs=64&t.lr=0.01");
      assert(!(await page.$eval("#t-confusion-box", (n) => n.hidden)), "confusion box shown");
      await playUntil(page, "Finished");
      await h.untilDrawn("confusion matrix", page, canvasOf("confusion"));
      const cm = await page.evaluate(() => window.activationLabTrain.confusion());
      const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
      assert(cm.classes === 10 && cm.counts.length === 100, `matrix ${cm.classes} classes`);
      const diag = cm.counts.filter((_, i) => i % 11 === 0).reduce((a, b) => a + b, 0);
      assert(Math.abs(diag / cm.total - rows.at(-1).test_accuracy) < 1e-4, `matrix accuracy ${diag / cm.total} vs trace ${rows.at(-1).test_accuracy}`);
      assert(cm.per_class.length === 10 && cm.per_class.every((a) => a === null || (a >= 0 && a <= 1)), "per-class accuracy");
      const note = await text(page, "t-confusion-note");
      assert(note.includes(String(cm.total)) && /9: \d+/.test(note), `note: ${note}`);
      // A duration as people read it ("45 ms", "1.2 s", "2 min 43 s").
      const mspe = await text(page, "t-mspe");
      assert(/^[\d.,]+ (ms|s)$|min/.test(mspe) && /[1-9]/.test(mspe), `time per epoch shown: ${mspe}`);
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.locator("#t-confusion-box").screenshot({ path: `${h.artifacts}/metrics-digits-confusion.png` });
      await page.close();
    });

    await check("metrics: hover on the loss chart shows a tooltip with that epoch's exact values", async () => {
      const { page } = await openTrain(h, context, "t.ds=circle&t.ep=20");
      await playUntil(page, "Finished");
      const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
      const canvas = page.locator(canvasOf("loss"));
      await canvas.scrollIntoViewIfNeeded();
      const box = await canvas.boundingBox();
      const seen = [];
      for (const fx of [0.3, 0.8]) {
        await page.mouse.move(box.x + box.width * fx, box.y + box.height * 0.5);
        await h.settle(page);
        const tip = await page.evaluate(() => {
          const t = document.getElementById("t-tip");
          return { hidden: t.hidden, text: t.textContent, data: { ...document.getElementById("t-hover").dataset } };
        });
        assert(!tip.hidden && /epoch \d/.test(tip.text), `tooltip: ${JSON.stringify(tip)}`);
        const row = rows.find((r) => r.step === Number(tip.data.step));
        assert(row, `hovered step ${tip.data.step} is a record`);
        assert(Number(tip.data.trainLoss) === row.train_loss && Number(tip.data.epoch) === row.epoch, `values ${JSON.stringify(tip.data)} vs ${JSON.stringify(row)}`);
        seen.push(row.epoch);
      }
      assert(seen[0] < seen[1] && seen[0] > 2 && seen[1] < 20, `epochs under the pointer: ${seen}`);
      await page.locator(".chart-box:has(#t-tip)").screenshot({ path: `${h.artifacts}/metrics-loss-tooltip.png` });
      await page.mouse.move(0, 0);
      await h.settle(page);
      assert(await page.$eval("#t-tip", (n) => n.hidden), "tooltip hides when the pointer leaves");
      await page.close();
    });

    await check("metrics: stop condition ends the run at the target test accuracy and says why", async () => {
      const { page } = await openTrain(h, context, "t.ds=circle&t.ep=500&t.stop=0.9");
      assert((await page.$eval("#t-stop", (i) => i.value)) === "0.9", "stop field from the link");
      await playUntil(page, "Stopped");
      const status = await text(page, "t-status");
      const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
      const hit = rows.findIndex((r) => r.test_accuracy >= 0.9);
      assert(hit === rows.length - 1, `the run went on past the first record reaching 90% (record ${hit} of ${rows.length})`);
      assert(rows.at(-1).epoch < 500, `stopped at epoch ${rows.at(-1).epoch}`);
      assert(/90(\.0)?%/.test(status) && /target/.test(status), `status: ${status}`);
      const steps = await text(page, "t-steps");
      await page.click("#t-play");
      await page.waitForTimeout(400);
      assert((await text(page, "t-steps")) === steps, "Play after the stop trains no further");
      await page.locator("#train .run-bar").screenshot({ path: `${h.artifacts}/metrics-stopped.png` });
      await page.close();
    });

    await check("metrics: schedule strip is drawn under the loss chart and follows the schedule", async () => {
      const { page } = await openTrain(h, context, "t.ds=circle&t.ep=4&t.sched=step&t.every=1&t.gamma=0.5&t.lr=0.08");
      await playUntil(page, "Finished");
      const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv())).filter((r) => r.step > 0 && Number.isInteger(r.epoch));
      // The rate of the last step of epoch e (1-based) is 0.08 · 0.5^(e−1).
      for (const r of rows) assert(Math.abs(r.lr - 0.08 * 0.5 ** (r.epoch - 1)) < 1e-6, `epoch ${r.epoch}: lr ${r.lr}`);
      const stats = async () => h.canvasStats(page, canvasOf("lr"));
      const step = await stats();
      assert(step.colours > 4 && step.inked > 300, `lr strip looks blank: ${JSON.stringify(step)}`);
      await page.locator(".chart-box:has(#t-tip)").screenshot({ path: `${h.artifacts}/metrics-lr-step.png` });
      const hashes = [step.hash];
      for (const sched of ["cosine", "constant"]) {
        await page.selectOption("#t-sched", sched);
        await page.waitForFunction((s) => (s === "constant" ? !location.hash.includes("t.sched") : location.hash.includes(`t.sched=${s}`)), sched, { timeout: 5000 });
        await page.waitForTimeout(300);
        await h.settle(page);
        hashes.push((await stats()).hash);
        if (sched === "cosine") await page.locator(".chart-box:has(#t-tip)").screenshot({ path: `${h.artifacts}/metrics-lr-cosine.png` });
      }
      assert(new Set(hashes).size === 3, "the strip changes with the schedule choice");
      await page.fill("#t-warm", "20");
      await page.dispatchEvent("#t-warm", "change");
      await page.waitForFunction(() => location.hash.includes("t.warm=20"), null, { timeout: 5000 });
      await page.close();
    });

    await check("metrics: lr 50 divergence names the cause and the fix button restarts with a finite loss", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=circle&t.lr=50&t.opt=sgd&t.ep=100");
      await page.click("#t-play");
      await page.waitForFunction(() => document.getElementById("t-status").classList.contains("diverged"), null, { timeout: 15000 });
      await page.waitForFunction(() => !document.getElementById("t-diag").hidden, null, { timeout: 5000 });
      const status = await text(page, "t-status");
      assert(/Likely cause/.test(status) && /learning rate (of )?50\b/.test(status), `status: ${status}`);
      const label = await text(page, "t-fix");
      assert(/50 → 5\b/.test(label), `fix button: ${label}`);
      await page.locator("#train .run-bar").screenshot({ path: `${h.artifacts}/metrics-diverged-fix.png` });
      await page.click("#t-fix");
      await page.waitForFunction(() => /Finished|diverged/.test(document.getElementById("t-status").textContent), null, { timeout: 30000 });
      assert((await page.$eval("#t-lr", (i) => i.value)) === "5", "the form shows the fixed rate");
      assert((await page.evaluate(() => location.hash)).includes("t.lr=5&"), "the link carries the fixed rate");
      const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
      assert(/Finished/.test(await text(page, "t-status")), `after the fix: ${await text(page, "t-status")}`);
      assert(rows.every((r) => Number.isFinite(r.train_loss)) && rows.length > 20, "finite loss all through the fixed run");
      assert(await page.$eval("#t-diag", (n) => n.hidden), "fix button hidden after the fix");
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.close();
    });
  });
}
