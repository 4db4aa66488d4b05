import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { openTrain, parseCsv } from "./train-helpers.mjs";
import { downloadReplay, parseReplay, python, pythonEnv, sameAsCli } from "./torch-model.mjs";

/** A command's output without blocking the event loop (other suites run meanwhile). */
const run = promisify(execFile);
// Page tests for issue 30 (called from run.mjs): "Keras script" and "Keras + replay" download what
// `activation-lab export-keras` writes, and the replay follows our run in real Keras on torch
// (ACTLAB_PYTHON, as torch-model.mjs) through its dropout masks; the article's loss "as written"
// (the switch beside its preset, its note, both accuracies in the table, the CSV and the article's
// two figures, sigmoid shown or hidden); the clipped-share panel and its CSV columns.

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const CLI = process.env.ACTLAB_CLI ?? path.join(repo, "target/debug/activation-lab");
// Digits with dropout: the replay must draw our masks to follow step for step.
const HASH = "t.ds=digits&t.h=24&t.act=relu&t.opt=adam&t.lr=0.01&t.bs=64&t.ep=20&t.do=0.2&t.seed=5";
const FLAGS = ["--dataset", "digits", "--layers", "24", "--activation", "relu", "--optimizer", "adam", "--lr", "0.01", "--batch", "64", "--epochs", "20", "--dropout", "0.2", "--seed", "5"];
// A small comparison for the as-written mode: sigmoid and relu on the 8×8 digits.
const CMP = "t.ds=digits&t.h=32&t.opt=adam&t.lr=0.003&t.bs=32&t.ep=6&t.cv=0.5&t.seed=2&t.cmp=sigmoid,relu";

const done = (page, timeout = 180000) => page.waitForFunction(() => document.getElementById("compare").dataset.done === "1", null, { timeout });

export async function kerasChecks(h) {
  const { check, assert, shot, withContext, canvasStats, assertDrawn } = h;
  await withContext({ acceptDownloads: true }, async (context) => {
    await check("keras: Keras script and Keras + replay download what the CLI writes; the replay follows our run in Keras, dropout included", async () => {
      const py = python();
      const { page, log } = await openTrain(h, context, HASH);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "actlab-keras-"));
      const plain = page.waitForEvent("download");
      await page.click("#t-keras");
      const d = await plain;
      await d.saveAs(path.join(dir, "plain.py"));
      const cliPlain = (await run(CLI, ["export-keras", ...FLAGS], { encoding: "utf8" })).stdout;
      assert(fs.readFileSync(path.join(dir, "plain.py"), "utf8") === cliPlain, "the page's Keras script differs from the CLI's");
      const names = await downloadReplay(page, dir, "#t-keras-replay");
      assert(names.length === 2, `downloads: ${names.join(", ")}`);
      const [script, replay] = names;
      assert(/^activation_lab_keras_.*\.py$/.test(script) && replay === `${script}.replay.json`, names.join(", "));
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.close();
      const doc = await sameAsCli(assert, dir, script, replay, FLAGS, "export-keras");
      assert(/^\d+$/.test(doc.noise_state) && doc.losses.length === 200, `${doc.noise_state} ${doc.losses.length}`);
      const { stdout: out } = await run(py, [path.join(dir, script), "--data-dir", path.join(repo, "www/data")], {
        encoding: "utf8",
        timeout: 600000,
        env: { ...pythonEnv, KERAS_BACKEND: "torch" },
      });
      const { rows, testAcc } = parseReplay(out);
      const worst = Math.max(...rows.map((r) => r[3]));
      assert(rows.length === 200 && rows[0][3] <= 1e-5 && worst <= 1e-3, `${rows.length} rows, first ${rows[0]?.[3]}, worst ${worst}`);
      assert(testAcc > 0.9, `Keras test accuracy after 200 steps ${testAcc}`);
      console.log(`    keras replay (digits, dropout 0.2): first-step rel ${rows[0][3]}, worst ${worst}; test_acc ${testAcc}`);
    });

    await check("as written: the switch sets the article's loss, shows the note, and the comparison reports both accuracies and the article's figures", async () => {
      const { page, log } = await openTrain(h, context, CMP);
      await page.locator("#compare").scrollIntoViewIfNeeded();
      assert(!(await page.isChecked("#c-as-written")) && (await page.isHidden("#c-as-written-note")), "as written is off by default");
      await page.check("#c-as-written");
      await page.waitForFunction(() => location.hash.includes("t.loss=softmax_bce"), null, { timeout: 15000 });
      assert((await page.inputValue("#t-lossfn")) === "softmax_bce", "the form's loss follows the switch");
      assert(await page.isVisible("#c-as-written-note"), "the note is shown");
      await page.click("#c-run");
      await done(page);
      const head = await page.$$eval("#c-table thead th", (ths) => ths.filter((th) => !th.hidden).map((th) => th.textContent));
      assert(head.some((t) => /Binary/.test(t)), head.join(" | "));
      const rows = await page.$$eval("#c-table tbody tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
      assert(rows.length === 2 && rows.every((r) => r.length === head.length), JSON.stringify(rows));
      const csv = (await page.evaluate(() => window.activationLabTrain.compareCsv())).trim().split("\n");
      assert(csv[0].endsWith(",test_binary_accuracy"), csv[0]);
      const last = (act) => csv.filter((l) => l.startsWith(`"${act}"`)).at(-1).split(",");
      for (const act of ["sigmoid", "relu"]) {
        const [acc, binary] = [Number(last(act)[5]), Number(last(act)[6])];
        // Nine "no" outputs of ten are right for any net that never says yes twice.
        assert(binary >= 0.8 && binary <= 1 && binary >= 0.8 + acc / 10 - 1e-6, `${act}: categorical ${acc}, binary ${binary}`);
        console.log(`    as written on digits, ${act}: test accuracy ${acc}, binary ${binary}`);
      }
      // The article's figures: drawn; hiding sigmoid (the default) changes them.
      const article = '.train-canvas[data-chart="cmp_article"] canvas';
      const hidden = await canvasStats(page, article);
      assertDrawn(hidden, "the article's figures");
      await page.check("#c-article-sigmoid");
      await page.waitForTimeout(400);
      const shown = await canvasStats(page, article);
      assert(JSON.stringify(shown) !== JSON.stringify(hidden), "showing sigmoid redraws the figures");
      await page.locator(".article-box").screenshot({ path: path.join(h.artifacts, "keras-article-figures.png") });
      assert(log.errors.length === 0, log.errors.join(" | "));
      // Off again: the default loss comes back and the note goes.
      await page.uncheck("#c-as-written");
      await page.waitForFunction(() => !location.hash.includes("t.loss=softmax_bce"), null, { timeout: 15000 });
      assert(await page.isHidden("#c-as-written-note"), "the note hides with the default loss");
      await shot(page, "keras-as-written.png");
      await page.close();
    });

    await check("as written: the article's preset takes the switch (its link carries the loss)", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=digits");
      await page.locator("#compare").scrollIntoViewIfNeeded();
      await page.check("#c-as-written");
      await page.click("#c-preset-article-cnn");
      await page.waitForFunction(() => location.hash.includes("t.layers=") && location.hash.includes("t.loss=softmax_bce"), null, { timeout: 30000 });
      // The preset sets the comparison up (issue 29); nothing runs until Run.
      assert(!(await page.evaluate(() => document.getElementById("compare").dataset.running)), "the preset started a run");
      assert(await page.isChecked("#c-as-written"), "the switch stays on");
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.close();
    });

    await check("clipping: a clip value draws the clipped share per layer and adds clipped_N to the CSV", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=digits&t.h=16&t.opt=sgd&t.lr=0.5&t.cv=0.01&t.ep=3&t.seed=4");
      await page.click("#t-play");
      await page.waitForFunction(() => /Finished|diverged/.test(document.getElementById("t-status").textContent), null, { timeout: 60000 });
      const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
      const lastRow = rows.at(-1);
      assert("clipped_1" in lastRow && "clipped_2" in lastRow && !("clipped_3" in lastRow), Object.keys(lastRow).join(","));
      assert(lastRow.clipped_2 > 0 && lastRow.clipped_2 <= 1, `output layer clipped share ${lastRow.clipped_2}`);
      await page.locator("#t-layers-panel").scrollIntoViewIfNeeded();
      await h.untilDrawn("clipped share panel", page, '.train-canvas[data-chart="clip"] canvas');
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.close();
    });
  });
}
