// Page checks for the training form (issue 18): a data-set switch applies the core's defaults
// unless the user changed the field, and says what changed; an invalid field is marked where it
// is, named by its visible label in a summary at Play, and Play/Compare wait until it is fixed;
// samples/s keeps its last value after a run. Called from run.mjs (same harness).

/** The section is wired and the worker runs the link's setup (a Play before that is not ours to test). */
const ready = (page) =>
  page.waitForFunction(() => document.getElementById("train").dataset.ready === "1" && window.activationLabTrain.session() >= 1, null, { timeout: 30000 });
const value = (page, id) => page.$eval(`#${id}`, (n) => n.value);
/** Types `v` into the field and commits it (a `change` event, as leaving the field does). */
async function enter(page, id, v) {
  await page.fill(`#${id}`, v);
  await page.$eval(`#${id}`, (n) => n.dispatchEvent(new Event("change", { bubbles: true })));
}

/** Seconds in a duration as the page writes it ("about 3 min 17 s left", "about 1 h 5 min left",
 * "约剩 42 秒"); 0 when there is none. */
function seconds(text) {
  const n = (re) => Number(re.exec(text)?.[1]?.replace(/,/g, "") ?? 0);
  return n(/([\d,]+) h\b/) * 3600 + n(/([\d,]+) min/) * 60 + n(/([\d.,]+) s\b/);
}

export async function formChecks(h) {
  const { check, assert, withContext, open, origin, artifacts } = h;

  await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
    await check("form: switching to 8×8 digits applies its defaults and says what changed", async () => {
      const { page, log } = await open(context, `${origin}/index.html#t.ds=circle`);
      await ready(page);
      assert((await value(page, "t-ep")) === "200", `circle epochs ${await value(page, "t-ep")}`);
      await page.selectOption("#t-ds", "digits");
      await page.waitForFunction(() => document.getElementById("t-ep").value === "30", null, { timeout: 5000 }).catch(() => {});
      const got = { ep: await value(page, "t-ep"), lr: await value(page, "t-lr"), bs: await value(page, "t-bs") };
      assert(got.ep === "30" && got.lr === "0.003" && got.bs === "32", `digits form ${JSON.stringify(got)}`);
      const layers = await page.$$eval('#t-editor-rows [data-field="units"]', (ns) => ns.map((n) => n.value));
      assert(layers.join(",") === "32", `layers ${layers}`);
      const note = await page.$eval("#t-defaults-note", (n) => (n.hidden ? "" : n.textContent));
      assert(note.includes("digits") && note.includes("200 → 30"), `note: "${note}"`);
      const hash = await page.evaluate(() => decodeURIComponent(location.hash));
      assert(hash.includes("t.ds=digits") && hash.includes("t.h=32") && hash.includes("t.ep=30"), `run ${hash}`);
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("form: a field the user changed keeps its value on a data-set switch", async () => {
      const { page } = await open(context, `${origin}/index.html#t.ds=circle`);
      await ready(page);
      await enter(page, "t-ep", "50");
      await page.selectOption("#t-ds", "digits");
      await page.waitForFunction(() => document.getElementById("t-lr").value === "0.003", null, { timeout: 5000 }).catch(() => {});
      const got = { ep: await value(page, "t-ep"), lr: await value(page, "t-lr") };
      assert(got.ep === "50" && got.lr === "0.003", `form ${JSON.stringify(got)}`);
      const note = await page.$eval("#t-defaults-note", (n) => n.textContent);
      assert(!note.includes("epochs 50") && note.includes("learning rate 0.03 → 0.003"), `note: "${note}"`);
      await page.close();
    });

    await check("form: invalid fields are marked in place, listed by label at Play, and block Play/Compare", async () => {
      const { page, log } = await open(context, `${origin}/index.html#t.ds=circle`);
      await ready(page);
      await enter(page, "t-ep", "-5");
      await enter(page, "t-lr", "5000");
      for (const id of ["t-ep", "t-lr"]) {
        const a = await page.$eval(`#${id}`, (n) => ({
          invalid: n.getAttribute("aria-invalid"),
          msg: document.getElementById(n.getAttribute("aria-describedby") || "-")?.textContent ?? "",
          gap: (() => {
            const m = document.getElementById(n.getAttribute("aria-describedby") || "-");
            return m ? m.getBoundingClientRect().top - n.getBoundingClientRect().bottom : 1e9;
          })(),
        }));
        assert(a.invalid === "true", `${id} aria-invalid ${a.invalid}`);
        assert(a.msg.length > 0 && !/t\.\w|`/.test(a.msg) && !/not a whole number/.test(a.msg), `${id} message: "${a.msg}"`);
        assert(a.gap > -5 && a.gap < 40, `${id} message ${a.gap}px from the field`);
      }
      const summary = await page.$eval("#t-invalid", (n) => (n.hidden ? "" : n.textContent));
      assert(summary.includes("Epochs") && summary.includes("Learning rate"), `summary: "${summary}"`);
      assert(await page.$eval("#t-play", (n) => n.disabled), "Play enabled with invalid fields");
      assert(await page.$eval("#c-run", (n) => n.disabled), "Compare enabled with invalid fields");
      // A data-set switch while invalid does not train the old values.
      await page.selectOption("#t-ds", "spiral");
      assert(await page.$eval("#t-play", (n) => n.disabled), "Play enabled after the switch");
      // The charts of the last valid run stay, marked as not the form's.
      const stale = await page.$eval("#t-stale", (n) => ({ hidden: n.hidden, text: n.textContent }));
      assert(!stale.hidden && /last valid run/.test(stale.text), `stale note: ${JSON.stringify(stale)}`);
      const fade = await page.$eval(".train-charts", (n) => Number(getComputedStyle(n).opacity));
      assert(fade < 0.9, `charts opacity ${fade} while the form is invalid`);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.locator("#t-ep").scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${artifacts}/form-invalid-1280.png` });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.locator("#t-ep").scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${artifacts}/form-invalid-390.png` });
      await page.setViewportSize({ width: 1280, height: 900 });
      await enter(page, "t-ep", "120");
      await enter(page, "t-lr", "0.01");
      assert(!(await page.$eval("#t-play", (n) => n.disabled)), "Play still disabled after the fix");
      assert(await page.$eval("#t-stale", (n) => n.hidden), "stale note still shown after the fix");
      assert((await page.$eval("#t-ep", (n) => n.getAttribute("aria-invalid"))) !== "true", "t-ep still marked");
      const hash = await page.evaluate(() => decodeURIComponent(location.hash));
      assert(hash.includes("t.ds=spiral") && hash.includes("t.ep=120") && hash.includes("t.lr=0.01"), `run ${hash}`);
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("form: a Chinese page names the invalid field by its Chinese label", async () => {
      const { page } = await open(context, `${origin}/index.html#t.ds=circle&lang=zh`);
      await ready(page);
      await enter(page, "t-ep", "-5");
      const msg = await page.$eval("#t-ep", (n) => document.getElementById(n.getAttribute("aria-describedby") || "-")?.textContent ?? "");
      const summary = await page.$eval("#t-invalid", (n) => n.textContent);
      assert(msg.includes("不能为负数") && !/negative|t\.ep/.test(msg), `message: "${msg}"`);
      assert(summary.includes("轮数"), `summary: "${summary}"`);
      await page.close();
    });

    await check("form: at 1 epoch/s a 200-epoch run can be watched, with the time left", async () => {
      const { page, log } = await open(context, `${origin}/index.html#t.ds=circle`);
      await ready(page);
      await page.selectOption("#t-speed", "1");
      await page.click("#t-play");
      await page.waitForFunction(() => Number(document.getElementById("t-epoch").textContent) >= 2, null, { timeout: 30000 });
      await page.waitForTimeout(1500);
      const epoch = Number(await page.$eval("#t-epoch", (n) => n.textContent));
      // Paced: never ahead of the clock (a slow machine only makes it fewer).
      assert(epoch < 10, `epoch ${epoch} after ~3 s at 1 epoch/s`);
      const eta = await page.$eval("#t-eta", (n) => n.textContent);
      const left = seconds(eta);
      assert(left > 100, `time left: "${eta}"`);
      await page.selectOption("#t-speed", "0");
      await page.waitForFunction(() => document.getElementById("t-play").dataset.playing === "0", null, { timeout: 60000 });
      assert(Number(await page.$eval("#t-epoch", (n) => n.textContent)) === 200, "the run did not finish at full speed");
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("form: samples/s keeps its last value after the run ends", async () => {
      const { page } = await open(context, `${origin}/index.html#t.ds=circle&t.ep=3`);
      await ready(page);
      await page.click("#t-play");
      await page.waitForFunction(() => /3/.test(document.getElementById("t-epoch").textContent) && document.getElementById("t-play").dataset.playing === "0", null, { timeout: 30000 });
      const sps = await page.$eval("#t-sps", (n) => n.textContent.trim());
      assert(/\d/.test(sps), `samples/s after the run: "${sps}"`);
      await page.close();
    });

    await check("compare: a long comparison shows its time left, and none once it ends", async () => {
      // 6 activations × 2,000 epochs of 8×8 digits: long enough for an estimate; cancelled early.
      const { page, log } = await open(context, `${origin}/index.html#t.ds=digits&t.ep=2000`);
      await ready(page);
      await page.click("#c-run");
      await page.waitForFunction(() => /\d/.test(document.getElementById("c-eta").textContent), null, { timeout: 60000 });
      const eta = await page.$eval("#c-eta", (n) => n.textContent);
      const left = seconds(eta);
      assert(left >= 5, `time left: "${eta}"`);
      await page.click("#c-cancel");
      await page.waitForFunction(() => document.getElementById("compare").dataset.done === "1", null, { timeout: 30000 });
      assert((await page.$eval("#c-eta", (n) => n.textContent)) === "", "time left after the end");
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });
}
