// Page tests for the training page ⇄ worker protocol (issue #14): user CSVs of every shape train
// without a worker panic, nothing of an old run reaches the new one, the newest setup wins, a
// refused model file changes nothing, a dead worker is replaced, and a seeded hammer of 300
// Play/Reset/data-set switches/model loads leaves no console error and a trace that belongs to
// the run shown. Called from run.mjs (same harness): three suites, so the two long ones (the
// CSV sweep, the hammer) run next to the others.
import { openTrain, parseCsv } from "./train-helpers.mjs";

const text = (page, id) => page.$eval(`#${id}`, (n) => n.textContent);
const steps = async (page) => Number(await text(page, "t-steps"));
/** Actions of the hammer (about 60 s of them on a quiet 2-core machine). */
const HAMMER_ACTIONS = 300;
/** What the status line may say when nothing went wrong. */
const HEALTHY = /^(Paused|Training|Finished|Stopped)/;

/** A CSV of `rows` rows: `features` numeric columns and a last column (class or target). */
export function makeCsv(features, task, rows = 40) {
  const head = [...Array(features).keys()].map((i) => `x${i}`).concat(["y"]).join(",");
  const lines = [head];
  for (let r = 0; r < rows; r++) {
    const xs = [...Array(features).keys()].map((i) => (((r * 7 + i * 13) % 23) - 11) / 3);
    const y = task === "regression" ? 40 * Math.sin(r) + 100 : r % task;
    lines.push(xs.concat([y]).join(","));
  }
  return lines.join("\n");
}

/** Opens the page on the CSV data set (no CSV stored yet, so no run either). */
async function openCsv(h, context, hash) {
  const r = await h.open(context, `${h.origin}/index.html#${hash}`);
  await r.page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 15000 });
  return r;
}

/** Loads `csv` as the training data and waits for the worker's first tick of the new run. */
async function useCsv(page, csv, task) {
  // (`session` is this page's hook; on a page without it, as before issue #14, a pause instead.)
  const before = await page.evaluate(() => window.activationLabTrain.session?.() ?? -1);
  await page.fill("#t-csv-text", csv);
  await page.selectOption("#t-csv-task", task === "regression" ? "regression" : "classes");
  await page.click("#t-csv-use");
  const err = await text(page, "t-csv-error");
  if (err) throw new Error(`the core refused the CSV: ${err}`);
  if (before < 0) await page.waitForTimeout(300);
  const started = await page
    .waitForFunction(
      (s) => (s < 0 || window.activationLabTrain.session() > s) && window.activationLabTrain.records() >= 1,
      before,
      { timeout: 10000 },
    )
    .then(() => true, () => false);
  if (!started) throw new Error(`no first record of the new run; status "${await text(page, "t-status")}"`);
}

/** Plays until a few steps ran, pauses (a paused tick evaluates every panel), checks the status. */
async function playBriefly(page, what) {
  const from = await steps(page);
  await page.click("#t-play");
  await page.waitForFunction((n) => Number(document.getElementById("t-steps").textContent) >= n + 3 || /Finished|Stopped/.test(document.getElementById("t-status").textContent), from, { timeout: 10000 });
  if ((await page.$eval("#t-play", (b) => b.dataset.playing)) === "1") await page.click("#t-play");
  await page.waitForFunction(() => document.getElementById("t-play").dataset.playing === "0", null, { timeout: 5000 });
  // The pause tick (misclassified images, confusion) comes after the click.
  await page.waitForTimeout(60);
  const status = await text(page, "t-status");
  if (!HEALTHY.test(status)) throw new Error(`${what}: status "${status}"`);
}

/** User CSVs of every shape, one after another in one page (the long sweep: its own suite). */
export async function protocolCsvSweepChecks(h) {
  const { check, assert, withContext } = h;
  await withContext({}, async (context) => {
    await check("protocol: CSVs of every feature count 1–64, both tasks and 2/3/10 classes, each play without an error", async () => {
      const { page, log } = await openCsv(h, context, "t.ds=csv&t.ep=20&t.h=4");
      const variants = [2, 3, 10];
      for (let f = 1; f <= 64; f++) {
        // Every count with a regression target and one class count (2, 3, 10 in turn); the class
        // counts also run at the extremes 1 and 64 features.
        const tasks = ["regression", variants[f % 3], ...(f === 1 || f === 64 ? variants : [])];
        for (const task of new Set(tasks)) {
          await useCsv(page, makeCsv(f, task), task);
          await playBriefly(page, `${f} features, ${task === "regression" ? "regression" : `${task} classes`}`);
        }
      }
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });
}

export async function protocolChecks(h) {
  const { check, assert, withContext } = h;

  await withContext({}, async (context) => {
    await check("protocol: a 16-feature regression CSV and a 64-feature 2-class CSV play without a worker error", async () => {
      const { page, log } = await openCsv(h, context, "t.ds=csv&t.ep=50");
      await useCsv(page, makeCsv(16, "regression", 200), "regression");
      await playBriefly(page, "16 features, regression");
      assert((await text(page, "t-digits-note")) === "", "a regression set has no misclassified images");
      await useCsv(page, makeCsv(64, 2, 200), 2);
      await playBriefly(page, "64 features, 2 classes");
      assert(await page.$eval("#t-digits-box", (n) => n.hidden), "a CSV is not an image set: no misclassified panel");
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("protocol: Play and Step pressed while the worker still loads are kept for the first run", async () => {
      // The training wasm arrives 2.5 s late, so the clicks land before the worker is ready.
      await context.route("**/pkg-train/activation_lab_bg.wasm", async (route) => {
        await new Promise((r) => setTimeout(r, 2500));
        await route.continue().catch(() => {});
      });
      try {
        const { page, log } = await h.open(context, `${h.origin}/index.html#t.ds=digits`);
        await page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 15000 });
        assert((await page.evaluate(() => window.activationLabTrain.session())) === 0, "a run existed before the worker loaded");
        await page.click("#t-play");
        const label = await page.$eval("#t-play", (b) => b.textContent);
        await page.waitForFunction(() => Number(document.getElementById("t-steps").textContent) > 20, null, { timeout: 30000 })
          .catch(async () => { throw new Error(`Play was lost: step ${await steps(page)}, status "${await text(page, "t-status")}", button "${label}"`); });
        await page.close();
        const second = await h.open(context, `${h.origin}/index.html#t.ds=circle&t.ep=50`);
        await second.page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 15000 });
        await second.page.click("#t-step");
        await second.page.click("#t-step");
        await second.page.waitForFunction(() => Number(document.getElementById("t-steps").textContent) === 2, null, { timeout: 30000 })
          .catch(async () => { throw new Error(`the early Steps were lost: step ${await steps(second.page)}`); });
        assert(log.errors.length === 0 && second.log.errors.length === 0, `console errors: ${log.errors.concat(second.log.errors).join(" | ")}`);
        await second.page.close();
      } finally {
        await context.unroute("**/pkg-train/activation_lab_bg.wasm");
      }
    });

    await check("protocol: after Reset the trace is the new run's only (no stale ticks)", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=circle&t.ep=10000");
      // The old run is well under way (ticks in flight) when Reset is pressed, and the new one
      // has ticked a few times before the pause.
      await page.click("#t-play");
      await page.waitForFunction(() => Number(document.getElementById("t-steps").textContent) > 200, null, { timeout: 30000 });
      await page.click("#t-reset");
      await page.click("#t-play");
      await page.waitForFunction(() => window.activationLabTrain.records() >= 5, null, { timeout: 30000 });
      await page.click("#t-play");
      await page.waitForFunction(() => document.getElementById("t-play").dataset.playing === "0", null, { timeout: 5000 });
      await page.waitForTimeout(100);
      const shown = await steps(page);
      const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
      assert(rows[0].step === 0, `the trace starts at step ${rows[0].step}, not the new run's 0`);
      const last = rows.at(-1).step;
      assert(last <= shown, `the trace reaches step ${last} but the counter shows ${shown}`);
      assert(rows.every((r, i) => i === 0 || r.step > rows[i - 1].step), "steps increase");
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("protocol: overlapping setups: the newest wins (MNIST then circle shows circle)", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=circle&t.ep=50");
      await page.selectOption("#t-ds", "mnist");
      await page.selectOption("#t-ds", "circle");
      // Long enough for the MNIST download and its (old) session to arrive.
      await page.waitForFunction(() => document.getElementById("t-data-progress").hidden, null, { timeout: 20000 });
      await page.waitForTimeout(1500);
      await page.click("#t-step");
      await page.waitForFunction(() => Number(document.getElementById("t-steps").textContent) >= 1, null, { timeout: 5000 });
      await page.waitForTimeout(200);
      assert(/t\.ds=circle/.test(await page.evaluate(() => location.hash)) || !/t\.ds=/.test(await page.evaluate(() => location.hash)), "the link names circle");
      assert((await text(page, "t-digits-note")) === "", `an MNIST session replaced circle: ${await text(page, "t-digits-note")}`);
      const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
      assert(rows.length >= 2 && rows.at(-1).step === 1, `the trace is not circle's stepped run: ${JSON.stringify(rows.at(-1))}`);
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("protocol: a model file the worker refuses changes nothing on the page", async () => {
      // A digits model, refused because the digits images cannot be downloaded.
      const { page, log } = await openTrain(h, context, "t.ds=digits&t.ep=5");
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#t-save-model")]);
      const file = `${h.artifacts}/protocol-digits-model.json`;
      await download.saveAs(file);
      await page.close();
      const { page: p2, log: log2 } = await openTrain(h, context, "t.ds=circle&t.ep=10000");
      await p2.route("**/digits8x8.bin*", (route) => route.fulfill({ status: 404, body: "gone" }));
      // Paced at 20 epochs/s, so the run is still going when the refusal has been checked (as
      // fast as possible, 10,000 circle epochs can end first on a quiet machine).
      await p2.selectOption("#t-speed", "20");
      await p2.click("#t-play");
      const hashBefore = await p2.evaluate(() => location.hash);
      await p2.setInputFiles("#t-load-file", file);
      await p2.waitForFunction(() => document.getElementById("t-model-error").textContent !== "", null, { timeout: 10000 });
      const error = await text(p2, "t-model-error");
      assert(/protocol-digits-model\.json/.test(error) && /404/.test(error), `the error names the file and why: ${error}`);
      assert((await p2.evaluate(() => location.hash)) === hashBefore, "the link is unchanged");
      assert((await p2.$eval("#t-ds", (s) => s.value)) === "circle", "the form is unchanged");
      assert(!(await p2.$eval("#t-model", (n) => n.dataset.loaded)), "nothing counts as loaded");
      // The run keeps stepping (up to 5 s to see the next step: under load a paced tick can be slow).
      const s1 = await steps(p2);
      const goesOn = await p2
        .waitForFunction((n) => Number(document.getElementById("t-steps").textContent) > n, s1, { timeout: 5000 })
        .then(() => true, () => false);
      assert(goesOn, `the current run goes on (steps stayed at ${s1}; status: ${await text(p2, "t-status")})`);
      assert([...log.errors, ...log2.errors].every((e) => /404/.test(e)), `console errors: ${log2.errors.join(" | ")}`);
      await p2.close();
    });

    await check("protocol: a crashed worker is reported and Play starts a fresh one", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=circle&t.ep=10000");
      await page.click("#t-play");
      await page.waitForFunction(() => Number(document.getElementById("t-steps").textContent) > 20, null, { timeout: 10000 });
      await page.evaluate(() => window.activationLabTrain.crash());
      await page.waitForFunction(() => document.getElementById("train").dataset.crashed === "1", null, { timeout: 5000 });
      const status = await text(page, "t-status");
      assert(/crashed/.test(status) && /Play or Reset/.test(status), `status: ${status}`);
      assert((await page.$eval("#t-play", (b) => b.dataset.playing)) === "0", "Play shows as stopped");
      await page.click("#t-play");
      await page.waitForFunction(() => document.getElementById("train").dataset.crashed !== "1" && Number(document.getElementById("t-steps").textContent) > 20, null, { timeout: 15000 });
      const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
      assert(rows[0].step === 0, "the fresh worker's run starts at step 0");
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });

}

/** The hammer: its own suite (a minute or more of actions). */
export async function protocolHammerChecks(h) {
  const { check, assert, withContext } = h;
  await withContext({}, async (context) => {
    await check(`protocol: hammer of ${HAMMER_ACTIONS} seeded Play/Reset/data-set/model-load actions: no console error, the trace is the shown run's`, async () => {
      const { page, log } = await openTrain(h, context, "t.ds=circle&t.ep=10000");
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#t-save-model")]);
      const model = `${h.artifacts}/protocol-hammer-model.json`;
      await download.saveAs(model);
      let seed = 14;
      const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const sets = ["circle", "xor", "spiral", "gaussian", "digits", "plane", "moons"];
      const actions = {
        play: () => page.click("#t-play"),
        reset: () => page.click("#t-reset"),
        step: () => page.click("#t-step"),
        data: () => page.selectOption("#t-ds", sets[Math.floor(rand() * sets.length)]),
        load: () => page.setInputFiles("#t-load-file", model),
      };
      const names = Object.keys(actions);
      // A fixed, seeded sequence (not "as many as fit in 60 s"): as strong on a busy machine as on
      // a quiet one, and a failure names a reproducible action number.
      const start = Date.now();
      let n = 0;
      while (n < HAMMER_ACTIONS) {
        const name = names[Math.floor(rand() * names.length)];
        await actions[name]().catch((e) => {
          throw new Error(`hammer action ${n + 1} (${name}): ${e.message}`);
        });
        n++;
        await page.waitForTimeout(Math.floor(rand() * 250));
        if (n % 10 === 0) await traceBelongs(page, assert, n);
      }
      await page.waitForTimeout(500);
      await traceBelongs(page, assert, n);
      const status = await text(page, "t-status");
      assert(HEALTHY.test(status), `status after ${n} actions: ${status}`);
      console.log(`    hammer: ${n} actions in ${((Date.now() - start) / 1000).toFixed(0)} s`);
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });
}

/** The exported trace belongs to the run shown: it starts at 0, rises, and ends at or below the
 * counter. Both are read in one task: the page sets the counter and appends the tick's record in
 * one message handler, and a reset (Reset, a data-set switch, a model file read in) clears both in
 * one function, so a snapshot is consistent. Read in two tasks, an async reset landing between them
 * (a model file finishes reading) paired the old run's trace with the new run's 0 (seen once). */
async function traceBelongs(page, assert, n) {
  const r = await page.evaluate(() => ({ csv: window.activationLabTrain.csv(), shown: Number(document.getElementById("t-steps").textContent) }));
  const rows = parseCsv(r.csv);
  if (!rows.length) return;
  assert(rows[0].step === 0, `after ${n} actions the trace starts at step ${rows[0].step}`);
  assert(rows.every((x, i) => i === 0 || x.step > rows[i - 1].step), `after ${n} actions the steps do not rise`);
  assert(rows.at(-1).step <= r.shown, `after ${n} actions the trace reaches ${rows.at(-1).step}, the counter ${r.shown}`);
}
