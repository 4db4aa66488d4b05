// Page tests for the parallel compare (called from run.mjs): with navigator.hardwareConcurrency
// overridden, the runs train in their own workers, at most cores − 1 at once. The reference is the
// page's serial schedule (2 cores: one run at a time), itself checked against the CLI's `compare`
// (native, one process) to 1e-5: native and wasm differ in the last bits (their libm's exp/ln),
// so the CLI cannot be the exact reference. With 4 cores three runs train at once and every trace
// equals the serial one bit for bit (the CSV prints each f32 in its shortest round-trip form, so
// equal text is equal bits). Cancel terminates every compare worker and leaves the page usable; a
// run that fails shows why and the others finish.
import path from "node:path";
import fs from "node:fs";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { openTrain } from "./train-helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = process.env.ACTLAB_CLI ?? path.join(here, "../../target/debug/activation-lab");
const ACTS = ["relu", "tanh", "sigmoid"];
// The page's setup — a small conv net on the 8×8 digits — and the same run for the CLI.
const LAYERS = "conv4k3,pool2,flatten,16";
const HASH = `t.ds=digits&t.layers=${LAYERS}&t.opt=adam&t.lr=0.003&t.bs=32&t.ep=8&t.cv=0.5&t.cn=0&t.l1=0&t.l2=0&t.do=0&t.seed=7&t.cmp=${ACTS.join(",")}`;
const FLAGS = ["compare", "--dataset", "digits", "--layers", LAYERS, "--optimizer", "adam", "--lr", "0.003", "--batch", "32", "--epochs", "8", "--seed", "7", "--clip-value", "0.5", "--activations", ACTS.join(",")];

/** `activation,epoch` → "train_loss,train_acc,test_loss,test_acc" from the CLI's compare. */
async function cliTraces(assert) {
  assert(fs.existsSync(CLI), `${CLI} is missing: run \`cargo build --bin activation-lab\` (or set ACTLAB_CLI)`);
  const { stdout } = await promisify(execFile)(CLI, FLAGS, { encoding: "utf8" });
  const [head, ...rows] = stdout.trim().split("\n");
  const col = Object.fromEntries(head.split(",").map((c, i) => [c, i]));
  return new Map(rows.map((line) => {
    const c = line.split(",");
    return [`${c[col.activation]},${c[col.epoch]}`, [c[col.train_loss], c[col.train_acc], c[col.test_loss], c[col.test_acc]].join(",")];
  }));
}

/** The same from the page's compare CSV (`"label",epoch,train_loss,train_accuracy,test_loss,test_accuracy`). */
async function pageTraces(page) {
  const csv = await page.evaluate(() => window.activationLabTrain.compareCsv());
  return new Map(csv.trim().split("\n").slice(1).map((line) => {
    const [label, epoch, ...values] = line.split(",");
    return [`${label.replace(/"/g, "")},${epoch}`, values.join(",")];
  }));
}

/** Starts sampling the number of live compare workers (max kept in window.__maxAlive). */
async function sampleAlive(page) {
  await page.evaluate(() => {
    window.__maxAlive = 0;
    setInterval(() => (window.__maxAlive = Math.max(window.__maxAlive, window.activationLabTrain.compareAlive())), 5);
  });
}

const cores = (n) => (context) => context.addInitScript((k) => Object.defineProperty(Navigator.prototype, "hardwareConcurrency", { get: () => k }), n);
const compareWorkers = (page) => page.workers().filter((w) => w.url().includes("compare-worker.js")).length;
const done = (page, timeout = 120000) => page.waitForFunction(() => document.getElementById("compare").dataset.done === "1", null, { timeout });
const states = (page) => page.$$eval("#c-progress .cmp-run", (rows) => rows.map((r) => [r.dataset.state, r.querySelector(".cmp-state").textContent]));

export async function compareParallelChecks(h) {
  const { check, assert, withContext } = h;
  const serial = await cliTraces(assert).catch((e) => e);

  let reference = null; // the page's serial traces
  const against = {
    // One run at a time: the CLI's traces to 1e-5 (accuracies to 1/360: one of the 360 test digits).
    2: (mine) => {
      if (serial instanceof Error) throw serial;
      assert(serial.size === mine.size, `${mine.size} page records, ${serial.size} CLI records`);
      for (const [key, want] of serial) {
        const got = mine.get(key).split(",").map(Number);
        want.split(",").map(Number).forEach((w, i) => {
          const tol = i % 2 ? 2 / 720 : 1e-5 * Math.max(1, Math.abs(w));
          assert(Math.abs(got[i] - w) <= tol, `${key}: page ${mine.get(key)} vs CLI ${want}`);
        });
      }
      reference = mine;
    },
    // Three at once: the serial traces exactly.
    4: (mine) => {
      assert(reference, "the serial run (2 cores) did not pass");
      for (const [key, want] of reference) assert(mine.get(key) === want, `${key}: parallel ${mine.get(key)} vs serial ${want}`);
    },
  };
  for (const [n, together] of [[2, 1], [4, 3]]) {
    await withContext({}, async (context) => {
      await cores(n)(context);
      const what = n === 2 ? "the CLI's to 1e-5" : "the serial ones bit for bit";
      await check(`compare-parallel: ${n} cores → ${together} run(s) at once, traces ${what}`, async () => {
        const { page, log } = await openTrain(h, context, HASH);
        assert((await page.evaluate(() => navigator.hardwareConcurrency)) === n, "hardwareConcurrency override");
        await sampleAlive(page);
        await page.click("#c-run");
        if (together > 1) {
          // Three rows say "epoch k of 8" at the same moment.
          await page.waitForFunction((k) => document.querySelectorAll('#c-progress .cmp-run[data-state="running"]').length === k, together, { timeout: 60000, polling: 5 });
          await page.locator("#compare").screenshot({ path: `${h.artifacts}/compare-parallel-running.png` });
        }
        await done(page);
        const peak = Number(await page.$eval("#compare", (c) => c.dataset.peak));
        const maxAlive = await page.evaluate(() => window.__maxAlive);
        assert(peak === together && maxAlive === together, `runs training at once: ${peak}, workers alive at once: ${maxAlive} (expected ${together})`);
        const st = await states(page);
        assert(st.length === 3 && st.every(([s]) => s === "done"), `rows: ${JSON.stringify(st)}`);
        const mine = await pageTraces(page);
        assert(mine.size === 3 * 8, `${mine.size} page records`);
        against[n](mine);
        const rows = await page.$$eval("#c-table tbody th", (ths) => ths.map((t) => t.textContent));
        assert(rows.join() === ACTS.join(), `table in line-up order: ${rows}`);
        assert(compareWorkers(page) === 0, `${compareWorkers(page)} compare workers left`);
        assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
        await page.close();
      });
    });
  }

  await withContext({}, async (context) => {
    await cores(4)(context);
    await check("compare-parallel: cancel terminates every compare worker and the page goes on", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=digits&t.ep=2000&t.cmp=relu,tanh,sigmoid,elu");
      await page.click("#c-run");
      await page.waitForFunction(() => document.querySelectorAll('#c-progress .cmp-run[data-state="running"]').length === 3, null, { timeout: 60000 });
      // Playwright lists a worker once it has attached to it.
      for (let i = 0; i < 100 && compareWorkers(page) < 3; i++) await page.waitForTimeout(100);
      assert(compareWorkers(page) === 3, `${compareWorkers(page)} compare workers while running`);
      const st0 = await states(page);
      assert(st0.filter(([s]) => s === "queued").length === 1, `one run queued: ${JSON.stringify(st0)}`);
      await page.click("#c-cancel");
      await done(page, 10000);
      assert((await page.evaluate(() => window.activationLabTrain.compareAlive())) === 0, "pool empty");
      for (let i = 0; i < 50 && compareWorkers(page) > 0; i++) await page.waitForTimeout(100);
      assert(compareWorkers(page) === 0, `${compareWorkers(page)} compare workers after cancel`);
      const st = await states(page);
      assert(st.every(([s]) => s === "cancelled"), `rows after cancel: ${JSON.stringify(st)}`);
      assert(/Cancelled/.test(await page.$eval("#c-status", (n) => n.textContent)), "status says cancelled");
      // Usable: training plays, and a short comparison runs to its end.
      const before = await page.evaluate(() => window.activationLabTrain.records());
      await page.click("#t-play");
      await page.waitForFunction((b) => window.activationLabTrain.records() > b + 1, before, { timeout: 30000 });
      await page.click("#t-play");
      await page.evaluate(() => {
        location.hash = "t.ds=digits&t.ep=2&t.cmp=relu,tanh";
      });
      await page.waitForFunction(() => window.activationLabTrain.records() >= 1 && !document.getElementById("c-run").disabled, null, { timeout: 30000 });
      await page.click("#c-run");
      await done(page, 60000);
      const st2 = await states(page);
      assert(st2.length === 2 && st2.every(([s]) => s === "done"), `second comparison: ${JSON.stringify(st2)}`);
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("compare-parallel: the article's experiment is its preset and Run (its CNN, six runs, three at once)", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=digits");
      // The preset sets the comparison up, Run runs it (issue 29).
      await page.click("#c-preset-article-cnn");
      await page.click("#c-run");
      await page.waitForFunction(() => document.querySelectorAll('#c-progress .cmp-run[data-state="running"]').length === 3, null, { timeout: 60000 });
      const hash = decodeURIComponent(await page.evaluate(() => location.hash));
      for (const pair of ["t.ds=mnist", "t.layers=conv32k3,conv64k3,pool2,drop0.25,flatten,128,drop0.5", "t.opt=adam", "t.bs=128", "t.ep=2", "t.cv=0.5"])
        assert(hash.includes(pair), `${pair} not in ${hash}`);
      const labels = await page.$$eval("#c-progress .cmp-run span", (ss) => ss.map((s) => s.textContent));
      // The core's one label per activation (issue 29), as on the check boxes.
      assert(labels.join() === "sigmoid,relu,elu,leaky_relu 0.2,selu,gelu_tanh", `runs: ${labels}`);
      const st = await states(page);
      assert(st.slice(0, 3).every(([s, text]) => s === "running" && text === "epoch 1 of 2") && st.slice(3).every(([s]) => s === "queued"), JSON.stringify(st));
      await page.click("#c-cancel");
      await done(page, 10000);
      for (let i = 0; i < 50 && compareWorkers(page) > 0; i++) await page.waitForTimeout(100);
      assert(compareWorkers(page) === 0, `${compareWorkers(page)} compare workers after cancel`);
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("compare-parallel: a run that fails shows why, the others finish", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=digits&t.ep=40&t.cmp=relu,tanh,sigmoid");
      await page.click("#c-run");
      await page.waitForFunction(() => document.querySelectorAll('#c-progress .cmp-run[data-state="running"]').length === 3, null, { timeout: 60000 });
      await page.evaluate(() => window.activationLabTrain.crashCompareRun(1));
      await done(page);
      const st = await states(page);
      assert(st[0][0] === "done" && st[2][0] === "done", `others: ${JSON.stringify(st)}`);
      assert(st[1][0] === "failed" && /unreachable/.test(st[1][1]), `failed run: ${JSON.stringify(st[1])}`);
      const rows = await page.$$eval("#c-table tbody th", (ths) => ths.map((t) => t.textContent));
      assert(rows.join() === "relu,sigmoid", `table: ${rows}`);
      assert(/1 run/.test(await page.$eval("#c-status", (n) => n.textContent)), "status counts the failure");
      const csv = await page.evaluate(() => window.activationLabTrain.compareCsv());
      const count = (a) => csv.split("\n").filter((l) => l.startsWith(`"${a}",`)).length;
      assert(count("relu") === 40 && count("sigmoid") === 40, `traces relu ${count("relu")}, sigmoid ${count("sigmoid")}`);
      await page.locator("#compare").screenshot({ path: `${h.artifacts}/compare-parallel-failed.png` });
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });
}
