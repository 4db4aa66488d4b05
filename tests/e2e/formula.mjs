// Page checks for custom formula activations (issue 8): curves-page formula input, errors with
// columns, NaN gaps + warning, hostile input, step's not-trainable note, training with formulas.
// Called from run.mjs with the same harness object as trainChecks.
import { openTrain, parseCsv } from "./train-helpers.mjs";

const text = (page, sel) => page.$eval(sel, (n) => n.textContent);

async function addFormula(page, formula) {
  await page.fill("#formula-input", formula);
  await page.click("#formula-add");
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export async function formulaChecks(h) {
  const { check, assert, shot, withContext, open, origin } = h;

  await withContext({}, async (context) => {
    await check("formula: a custom formula renders on the curves page, in the legend list and the hash", async () => {
      const { page, log } = await open(context, `${origin}/index.html#fn=relu&range=-5:5`);
      const before = await h.canvasStats(page);
      await addFormula(page, "x * sigmoid(1.702 * x)");
      assert((await text(page, "#formula-error")) === "", `unexpected error: ${await text(page, "#formula-error")}`);
      await page.waitForFunction(() => location.hash.includes("f(x*sigmoid(1.702*x))"), null, { timeout: 3000 });
      const hash = await page.evaluate(() => decodeURIComponent(location.hash));
      assert(/fn=relu,f\(x\*sigmoid\(1\.702\*x\)\)/.test(hash), `hash: ${hash}`);
      assert(hash.includes("focus=f(x*sigmoid(1.702*x))"), `the new curve is focused: ${hash}`);
      const item = await text(page, "#formula-list .formula-item code");
      assert(item === "f(x) = x * sigmoid(1.702 * x)", `list shows ${item}`);
      const after = await h.canvasStats(page);
      h.assertDrawn(after, "chart with a formula");
      assert(after.hash !== before.hash && after.colours > before.colours, "the chart changed and gained a colour");
      assert((await text(page, "#info")).includes("dual numbers"), "info panel describes the custom formula");
      // Hovering reads value and derivative from the core for the custom curve too.
      // (Clicking "Add curve" may scroll the page now that the group headings take their room.)
      await page.locator("#chart-wrap canvas.chart-canvas").scrollIntoViewIfNeeded();
      const box = await page.locator("#chart-wrap canvas.chart-canvas").boundingBox();
      await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.3);
      await page.waitForTimeout(100);
      const readout = await text(page, "#readout");
      assert(readout.includes("sigmoid(1.702"), `readout lacks the formula: ${readout}`);
      await shot(page, "formula-curve.png");
      // The link restores it.
      const { page: again } = await open(context, `${origin}/index.html#${hash.slice(1)}`);
      assert((await text(again, "#formula-list")).includes("sigmoid(1.702 * x)"), "reloaded link shows the formula");
      await again.close();
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("formula: a misspelt function is reported with its column and a suggestion", async () => {
      const { page } = await open(context, `${origin}/index.html`);
      await addFormula(page, "sigmod(x)");
      const e1 = await text(page, "#formula-error");
      assert(e1.includes("unknown function `sigmod` at 1") && e1.includes("did you mean sigmoid"), e1);
      await addFormula(page, "x * sigmod(x)");
      const e2 = await text(page, "#formula-error");
      assert(e2.includes("at 5") && e2.includes("sigmoid"), e2);
      assert((await page.getAttribute("#formula-input", "aria-invalid")) === "true", "input marked invalid");
      assert((await page.$$("#formula-list li")).length === 0, "nothing was added");
      await page.locator(".formula-card").screenshot({ path: `${h.artifacts}/formula-error.png` });
      await page.close();
    });

    await check("formula: NaN parts of the range are gaps with an 'undefined' warning", async () => {
      const { page } = await open(context, `${origin}/index.html#fn=relu&range=-3:3`);
      await addFormula(page, "ln(x)");
      const warning = await text(page, "#formula-list .formula-warning");
      assert(/Undefined on part of the range/.test(warning) && warning.includes("x in [-3"), warning);
      await h.untilDrawn("chart with ln(x)", page);
      await shot(page, "formula-gaps.png");
      await page.close();
    });

    await check("formula: hostile formulas are rejected cleanly and the page stays responsive", async () => {
      const { page, log } = await open(context, `${origin}/index.html#fn=relu`);
      const hostile = [
        ["alert(1)", /unknown function `alert`/],
        ["x".repeat(1 << 20), /too long/],
        ["(".repeat(10000) + "x" + ")".repeat(10000), /too long|nest/],
        ["</b><img src=x onerror=alert(1)>", /./],
      ];
      for (const [formula, want] of hostile) {
        const t0 = Date.now();
        await page.evaluate((f) => {
          document.getElementById("formula-input").value = f;
        }, formula);
        await page.click("#formula-add");
        const error = await text(page, "#formula-error");
        const ms = Date.now() - t0;
        assert(want.test(error), `${formula.slice(0, 20)}…: ${error.slice(0, 200)}`);
        assert(error.length < 400, `error is ${error.length} chars`);
        assert(ms < 3000, `took ${ms} ms`);
      }
      assert(log.dialogs.length === 0, `dialogs opened: ${log.dialogs}`);
      assert((await page.$$("#formula-list img, #formula-error img")).length === 0, "no markup injected");
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await addFormula(page, "x^2 / 4");
      assert((await text(page, "#formula-list")).includes("x^2 / 4"), "a good formula still works afterwards");
      await page.close();
    });

    await check("formula: step shows the not-trainable note, and training refuses it with the reason", async () => {
      const { page } = await open(context, `${origin}/index.html#fn=step`);
      const note = await text(page, "#info .untrainable-note");
      assert(/Not trainable/.test(note) && /derivative is 0 everywhere/.test(note), note);
      await page.locator("#info").screenshot({ path: `${h.artifacts}/formula-step-info.png` });
      await page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 15000 });
      await page.selectOption("#t-act", "step");
      // The reason sits under the activation field (www/js/train-validate.js).
      const err = await text(page, "#t-err-act");
      assert(/step cannot be trained/.test(err), `training form: ${err}`);
      await page.close();
    });
  });

  await withContext({}, async (context) => {
    await check("formula: a custom formula typed in the training form trains (loss falls, accuracy shown)", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=circle&t.ep=150&t.h=8,8");
      await page.locator("#t-form").screenshot({ path: `${h.artifacts}/formula-train-form.png` });
      await page.fill("#t-formula", "sigmod(x)");
      await page.click("#t-formula-use");
      assert(/did you mean sigmoid/.test(await text(page, "#t-formula-error")), "training form shows formula errors");
      await page.fill("#t-formula", "max(0.1*x, x)");
      await page.click("#t-formula-use");
      await page.waitForFunction(() => decodeURIComponent(location.hash).includes("t.act=f(max(0.1*x,x))"), null, { timeout: 5000 });
      await page.waitForFunction(() => window.activationLabTrain.records() === 1, null, { timeout: 10000 });
      await page.click("#t-play");
      await page.waitForFunction(() => /Finished|diverged/.test(document.getElementById("t-status").textContent), null, { timeout: 40000 });
      const status = await text(page, "#t-status");
      assert(/Finished/.test(status), status);
      const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
      const first = rows[0].train_loss;
      const last = rows.at(-1).train_loss;
      assert(last < first * 0.5, `loss did not fall: ${first} → ${last}`);
      const acc = await text(page, "#t-acc");
      assert(/\d/.test(acc), `accuracy shown: ${acc}`);
      console.log(`     formula max(0.1*x, x) on circle: loss ${first.toFixed(3)} → ${last.toFixed(3)}, accuracy ${acc}`);
      await page.locator("#train").screenshot({ path: `${h.artifacts}/formula-train.png` });
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("formula: per-layer activations with a formula load from the hash and train", async () => {
      const { page } = await openTrain(h, context, "t.ds=xor&t.ep=40&t.h=8,8&t.act=f(x*sigmoid(1.702*x)),tanh");
      assert(await page.isChecked("#t-per-layer"), "per-layer option is on");
      const values = await page.$$eval('#t-editor-rows select[data-field="act"]', (s) => s.map((n) => n.value));
      assert(values[0] === "f(x*sigmoid(1.702*x))" && values[1] === "tanh", `layer selects: ${values}`);
      assert((await page.inputValue("#t-formula")) === "x*sigmoid(1.702*x)", "the link's formula fills the field");
      // Through the UI: layer 2's select picks the formula too, and the link follows.
      await page.selectOption('#t-editor-rows select[data-field="act"] >> nth=1', "f(x*sigmoid(1.702*x))");
      await page.waitForFunction(() => decodeURIComponent(location.hash).includes("t.act=f(x*sigmoid(1.702*x)),f(x*sigmoid(1.702*x))"), null, { timeout: 5000 });
      await page.selectOption('#t-editor-rows select[data-field="act"] >> nth=1', "tanh");
      await page.waitForFunction(() => decodeURIComponent(location.hash).includes("t.act=f(x*sigmoid(1.702*x)),tanh"), null, { timeout: 5000 });
      await page.waitForFunction(() => window.activationLabTrain.records() === 1, null, { timeout: 10000 });
      await page.click("#t-play");
      await page.waitForFunction(() => /Finished|diverged/.test(document.getElementById("t-status").textContent), null, { timeout: 40000 });
      const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
      assert(rows.at(-1).train_loss < rows[0].train_loss, "loss fell");
      await page.close();
    });

    await check("formula: training with a formula that turns NaN stops with a message", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=circle&t.ep=50&t.act=f(ln(x))");
      await page.click("#t-play");
      await page.waitForFunction(() => /Finished|diverged/i.test(document.getElementById("t-status").textContent), null, { timeout: 20000 });
      const status = await text(page, "#t-status");
      assert(/diverged/i.test(status), `status: ${status}`);
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.locator("#train").screenshot({ path: `${h.artifacts}/formula-train-nan.png` });
      await page.close();
    });
  });
}
