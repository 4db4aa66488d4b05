import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { openTrain, parseCsv } from "./train-helpers.mjs";
// Page tests for "PyTorch + replay" and the way back (called from run.mjs): the page's two
// downloads are what `activation-lab export-pytorch --replay` writes for the same setup; the
// script replays in real torch (ACTLAB_PYTHON, required: `make e2e` sets it from
// tools/torch-env.sh) matching our first losses; the model it saves with --save-model opens in
// the page with the test loss/accuracy torch printed, and its decision map drawn.

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const CLI = process.env.ACTLAB_CLI ?? path.join(repo, "target/debug/activation-lab");
// The page's setup and the same flags for the CLI.
const HASH = "t.ds=xor&t.h=6,6&t.act=tanh&t.opt=adam&t.lr=0.03&t.ep=15&t.seed=3";
const FLAGS = ["--dataset", "xor", "--layers", "6,6", "--activation", "tanh", "--optimizer", "adam", "--lr", "0.03", "--epochs", "15", "--seed", "3"];

// Digits through the page's button: the worker holds the image bytes the replay needs.
const DIGITS_HASH = "t.ds=digits&t.h=24&t.act=relu&t.opt=adam&t.lr=0.01&t.bs=64&t.ep=20&t.seed=5";
const DIGITS_FLAGS = ["--dataset", "digits", "--layers", "24", "--activation", "relu", "--optimizer", "adam", "--lr", "0.01", "--batch", "64", "--epochs", "20", "--seed", "5"];

/** A command's output without blocking the event loop (other suites run meanwhile). */
const run = promisify(execFile);

export function python() {
  const py = process.env.ACTLAB_PYTHON;
  if (!py) throw new Error("ACTLAB_PYTHON is not set: point it at a python with torch (`make e2e` sets it from tools/torch-env.sh)");
  return py;
}

/** The environment for that Python: its OpenMP threads sleep when idle (unless the caller set a
 * policy). It runs beside another suite's browser, and torch's default is to spin a thread per
 * core while it waits for work, taking the browser's core (tests/export_pytorch_common). */
export const pythonEnv = { ...process.env, OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? "PASSIVE" };

/** Clicks "PyTorch + replay" (or `button`) and saves both downloads into `dir`; returns their names. */
export async function downloadReplay(page, dir, button = "#t-py-replay") {
  const got = [];
  page.on("download", (d) => got.push(d));
  await page.click(button);
  await page.waitForFunction(() => {
    const status = document.getElementById("t-share-status");
    return status.textContent !== "" && !status.dataset.busy;
  }, null, { timeout: 60000 });
  for (let i = 0; i < 50 && got.length < 2; i++) await page.waitForTimeout(100);
  const names = [];
  for (const d of got) {
    names.push(d.suggestedFilename());
    await d.saveAs(path.join(dir, d.suggestedFilename()));
  }
  return names;
}

/**
 * Writes the CLI's export (`command`: export-pytorch, export-keras) for `flags` under the page's script name and checks the page's two files
 * against it: the same script, the same replay fields, our recorded losses equal to f32 rounding
 * (the wasm build's SIMD kernels sum in another order than the native ones). Returns the replay.
 */
export async function sameAsCli(assert, dir, script, replay, flags, command = "export-pytorch") {
  assert(fs.existsSync(CLI), `${CLI} is missing: run \`cargo build --bin activation-lab\` (or set ACTLAB_CLI)`);
  const cliDir = fs.mkdtempSync(path.join(os.tmpdir(), "actlab-cli-"));
  await run(CLI, [command, ...flags, "--replay", "-o", path.join(cliDir, script)]);
  const read = (d, f) => fs.readFileSync(path.join(d, f), "utf8");
  assert(read(dir, script) === read(cliDir, script), "the page's script differs from the CLI's");
  const doc = JSON.parse(read(dir, replay));
  const cli = JSON.parse(read(cliDir, replay));
  const worstLoss = Math.max(...cli.losses.map((l, i) => Math.abs(doc.losses[i] - l) / Math.abs(l)));
  assert(doc.losses.length === cli.losses.length && worstLoss <= 1e-5, `losses: ${doc.losses.length} vs ${cli.losses.length}, worst rel ${worstLoss}`);
  for (const key of Object.keys(cli)) {
    if (key !== "losses") assert(JSON.stringify(doc[key]) === JSON.stringify(cli[key]), `replay field ${key} differs from the CLI's`);
  }
  assert(Object.keys(doc).length === Object.keys(cli).length, `fields ${Object.keys(doc)} vs ${Object.keys(cli)}`);
  return doc;
}

/** The replay's printed per-step rows and final test numbers. */
export function parseReplay(out) {
  const rows = out.split("\n").filter((l) => /^\d+,/.test(l)).map((l) => l.split(",").map(Number));
  const m = /after (\d+) steps: test_loss=(\S+) test_acc=(\S+)/.exec(out);
  if (!m) throw new Error(`no final line in the replay output:\n${out.slice(-800)}`);
  return { rows, testLoss: Number(m[2]), testAcc: Number(m[3]) };
}

export async function torchModelChecks(h) {
  const { check, assert, shot, withContext } = h;
  await withContext({ acceptDownloads: true }, async (context) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "actlab-torch-"));
    let saved = null;
    let torch = null;
    await check("torch: PyTorch + replay downloads what the CLI writes, and the replay runs in torch", async () => {
      const py = python();
      const { page, log } = await openTrain(h, context, HASH);
      const names = await downloadReplay(page, dir);
      assert(names.length === 2, `downloads: ${names.join(", ")}`);
      const [script, replay] = names;
      assert(/^activation_lab_.*\.py$/.test(script) && replay === `${script}.replay.json`, names.join(", "));
      const status = await page.$eval("#t-share-status", (n) => n.textContent);
      assert(status.includes(script) && status.includes(replay), status);
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.close();
      // The CLI, same flags, same script name, in its own folder.
      const doc = await sameAsCli(assert, dir, script, replay, FLAGS);
      assert(doc.format === "activation-lab-replay" && doc.data.kind === "points" && doc.losses.length === 120, `${doc.format} ${doc.data.kind} ${doc.losses.length}`);
      saved = path.join(dir, "torch-model.json");
      const { stdout: out } = await run(py, [path.join(dir, script), "--device", "cpu", "--save-model", saved], { encoding: "utf8", timeout: 300000, env: pythonEnv });
      torch = parseReplay(out);
      // 15 epochs × 8 batches: our run ends at step 120, before the 200 the replay asks for.
      assert(torch.rows.length === 120 && torch.rows.every((r) => r.length === 4), `${torch.rows.length} replay rows`);
      assert(torch.rows[0][3] <= 1e-5, `first step: torch ${torch.rows[0][1]} vs ours ${torch.rows[0][2]}`);
      const worst = Math.max(...torch.rows.map((r) => r[3]));
      assert(worst <= 1e-3, `worst relative difference over 120 steps ${worst}`);
      console.log(`    torch replay: first-step rel ${torch.rows[0][3]}, worst ${worst}; test_loss ${torch.testLoss} test_acc ${torch.testAcc}`);
    });

    await check("torch: PyTorch + replay works for the digits (the worker records our steps on its images)", async () => {
      const py = python();
      const { page, log } = await openTrain(h, context, DIGITS_HASH);
      const digitsDir = fs.mkdtempSync(path.join(os.tmpdir(), "actlab-torch-digits-"));
      const names = await downloadReplay(page, digitsDir);
      assert(names.length === 2, `downloads: ${names.join(", ")}`);
      const [script, replay] = names;
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.close();
      const doc = await sameAsCli(assert, digitsDir, script, replay, DIGITS_FLAGS);
      assert(doc.data.kind === "image_indices" && doc.data.train.length + doc.data.test.length === 1797 && doc.losses.length === 200,
        `${doc.data.kind} ${doc.losses.length}`);
      const { stdout: out } = await run(py, [path.join(digitsDir, script), "--device", "cpu", "--data-dir", path.join(repo, "www/data")], { encoding: "utf8", timeout: 300000, env: pythonEnv });
      const { rows, testAcc } = parseReplay(out);
      const worst = Math.max(...rows.map((r) => r[3]));
      assert(rows.length === 200 && rows[0][3] <= 1e-5 && worst <= 1e-3, `${rows.length} rows, first ${rows[0]?.[3]}, worst ${worst}`);
      assert(testAcc > 0.9, `torch test accuracy after 200 steps ${testAcc}`);
      console.log(`    digits replay: first-step rel ${rows[0][3]}, worst ${worst}; test_acc ${testAcc}`);
    });

    await check("torch: a model saved by the exported script opens in the page with torch's test loss and accuracy", async () => {
      python();
      assert(saved && fs.existsSync(saved) && torch, "no torch model: the replay check above failed");
      const { page, log } = await openTrain(h, context, "t.ds=circle&t.h=3&t.act=relu");
      await page.setInputFiles("#t-load-file", saved);
      const name = path.basename(saved);
      await page.waitForFunction((n) => document.getElementById("t-model").dataset.loaded === n, name, { timeout: 15000 });
      await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 15000 });
      await page.waitForTimeout(400);
      const last = parseCsv(await page.evaluate(() => window.activationLabTrain.csv())).at(-1);
      assert(Math.abs(last.test_accuracy - torch.testAcc) <= 1e-6, `page test accuracy ${last.test_accuracy}, torch ${torch.testAcc}`);
      assert(Math.abs(last.test_loss - torch.testLoss) <= 1e-4 * Math.max(1, Math.abs(torch.testLoss)), `page test loss ${last.test_loss}, torch ${torch.testLoss}`);
      assert((await page.$eval("#t-model-error", (n) => n.textContent)) === "", await page.$eval("#t-model-error", (n) => n.textContent));
      await h.untilDrawn("decision map of the torch model", page, '.train-canvas[data-chart="boundary"] canvas');
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.locator("#t-model").scrollIntoViewIfNeeded();
      await shot(page, "torch-model-loaded.png");
      await page.close();
    });

    await check("torch: PyTorch + replay shows the core's refusal for skip connections", async () => {
      const { page, log } = await openTrain(h, context, `${HASH}&t.res=1`);
      let downloads = 0;
      page.on("download", () => downloads++);
      await page.click("#t-py-replay");
      await page.waitForFunction(() => document.getElementById("t-share-status").textContent !== "" && !document.getElementById("t-share-status").dataset.busy, null, { timeout: 30000 });
      const status = await page.$eval("#t-share-status", (n) => n.textContent);
      assert(/residual/.test(status) && downloads === 0, `status "${status}", ${downloads} downloads`);
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.close();
    });
  });
}
