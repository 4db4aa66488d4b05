import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openTrain, parseCsv } from "./train-helpers.mjs";
// Page tests for the training section's model card (save/load by file picker and drag-and-drop,
// bad files, the CLI fixture), the initialisation panel and skip connections (called from run.mjs).

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI_FIXTURE = path.join(here, "fixtures", "cli-model.json");

const text = (page, id) => page.$eval(`#${id}`, (n) => n.textContent);
const trainHash = (page) => page.evaluate(() => location.hash.slice(1).split("&").filter((p) => p.startsWith("t.")).join("&"));

/** What the page shows of the run: counters, the latest record and the decision map's pixels. */
async function shown(h, page) {
  const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
  const last = rows.at(-1);
  return {
    acc: await text(page, "t-acc"),
    loss: await text(page, "t-loss"),
    steps: await text(page, "t-steps"),
    test_loss: last.test_loss,
    test_accuracy: last.test_accuracy,
    map: (await h.canvasStats(page, '.train-canvas[data-chart="boundary"] canvas')).hash,
  };
}

/** Waits for the loaded model's session and its first record and map. */
async function loaded(page, name) {
  await page.waitForFunction((n) => document.getElementById("t-model").dataset.loaded === n, name, { timeout: 15000 });
  await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 15000 });
  await page.waitForTimeout(400);
}

export async function modelChecks(h) {
  const { check, assert, shot, withContext, artifacts } = h;

  await withContext({ acceptDownloads: true }, async (context) => {
    let saved = null;
    const hash = "t.ds=xor&t.h=6,6&t.act=tanh&t.opt=adam&t.lr=0.03&t.ep=15&t.seed=3";

    await check("model: Save model downloads the versioned file; reload + file picker restores the same predictions", async () => {
      const { page, log } = await openTrain(h, context, hash);
      await page.click("#t-play");
      await page.waitForFunction(() => /Finished|diverged/.test(document.getElementById("t-status").textContent), null, { timeout: 30000 });
      await page.waitForTimeout(300);
      const before = await shown(h, page);
      const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#t-save-model")]);
      assert(/^activation-lab-model-.*\.json$/.test(dl.suggestedFilename()), dl.suggestedFilename());
      saved = path.join(artifacts, "saved-model.json");
      fs.copyFileSync(await dl.path(), saved);
      const file = JSON.parse(fs.readFileSync(saved, "utf8"));
      assert(file.format === "activation-lab-model" && file.version === 3, `format ${file.format} v${file.version}`);
      assert(JSON.stringify(file.config.hidden) === "[6,6]" && file.config.activations[0].name === "tanh", JSON.stringify(file.config));
      assert(file.data.name === "xor" && file.epochs_trained === 15, `data ${JSON.stringify(file.data)}, epochs ${file.epochs_trained}`);
      assert(/Saved/.test(await text(page, "t-model-status")), await text(page, "t-model-status"));
      await page.close();

      // A fresh page with another setup; the file brings its own.
      const fresh = await openTrain(h, context, "t.ds=circle&t.h=3&t.act=relu");
      await fresh.page.setInputFiles("#t-load-file", saved);
      await loaded(fresh.page, path.basename(saved));
      const after = await shown(h, fresh.page);
      const t = await trainHash(fresh.page);
      for (const key of ["t.ds=xor", "t.h=6,6", "t.act=tanh", "t.seed=3"]) assert(t.includes(key), `hash ${t} lacks ${key}`);
      assert((await fresh.page.inputValue("#t-act")) === "tanh" && (await text(fresh.page, "t-layer-count")) === "2", "form shows the file's config");
      assert(after.acc === before.acc && after.loss === before.loss, `shown ${before.acc}/${before.loss} → ${after.acc}/${after.loss}`);
      assert(after.test_loss === before.test_loss && after.test_accuracy === before.test_accuracy, `records ${JSON.stringify(before)} vs ${JSON.stringify(after)}`);
      assert(after.map === before.map, "the decision map differs after loading (different predictions)");
      // The weights come back; the optimizer's state is not saved, so the counters restart at 0.
      assert(after.steps === "0" && Number(before.steps) > 0, `steps ${before.steps} → ${after.steps}`);
      assert((await text(fresh.page, "t-model-error")) === "", await text(fresh.page, "t-model-error"));
      assert(/Loaded .*15 epochs/.test(await text(fresh.page, "t-model-status")), await text(fresh.page, "t-model-status"));
      assert(log.errors.length === 0 && fresh.log.errors.length === 0, [...log.errors, ...fresh.log.errors].join(" | "));
      await fresh.page.locator("#t-model").scrollIntoViewIfNeeded();
      await shot(fresh.page, "model-loaded.png");
      // Training goes on from the loaded weights.
      await fresh.page.click("#t-step");
      await fresh.page.waitForFunction(() => document.getElementById("t-steps").textContent === "1");
      await fresh.page.close();
    });

    await check("model: an 8×8 digits model round-trips (misclassified grid, same accuracy)", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=digits&t.h=24&t.act=relu&t.opt=adam&t.lr=0.003&t.ep=1&t.seed=2");
      await page.click("#t-play");
      await page.waitForFunction(() => /Finished|diverged/.test(document.getElementById("t-status").textContent), null, { timeout: 30000 });
      await page.waitForTimeout(300);
      const before = await text(page, "t-acc");
      const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#t-save-model")]);
      const file = path.join(artifacts, "saved-digits-model.json");
      fs.copyFileSync(await dl.path(), file);
      await page.close();
      const fresh = await openTrain(h, context, "t.ds=circle");
      await fresh.page.setInputFiles("#t-load-file", file);
      await loaded(fresh.page, "saved-digits-model.json");
      await fresh.page.waitForFunction(() => !document.getElementById("t-digits-box").hidden, null, { timeout: 10000 });
      assert((await fresh.page.inputValue("#t-ds")) === "digits", "dataset from the file");
      assert((await text(fresh.page, "t-acc")) === before && before !== "—", `accuracy ${before} → ${await text(fresh.page, "t-acc")}`);
      assert(log.errors.length === 0 && fresh.log.errors.length === 0, [...log.errors, ...fresh.log.errors].join(" | "));
      await fresh.page.close();
    });

    await check("model: drag-and-drop of a model file onto the training section loads it", async () => {
      assert(saved, "needs the saved file of the previous check");
      const { page, log } = await openTrain(h, context, "t.ds=circle&t.h=3&t.act=relu");
      const content = fs.readFileSync(saved, "utf8");
      await page.evaluate((json) => {
        const dt = new DataTransfer();
        dt.items.add(new File([json], "dropped.json", { type: "application/json" }));
        const zone = document.getElementById("t-boundary-box");
        for (const type of ["dragenter", "dragover"]) zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
        window.__dt = dt;
      }, content);
      assert(await page.evaluate(() => document.getElementById("train").classList.contains("drop-target")), "no drop highlight on dragover");
      await page.locator("#t-boundary-box").scrollIntoViewIfNeeded();
      await shot(page, "model-dragover.png");
      await page.evaluate(() => {
        document.getElementById("t-boundary-box").dispatchEvent(new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: window.__dt }));
      });
      await loaded(page, "dropped.json");
      assert(!(await page.evaluate(() => document.getElementById("train").classList.contains("drop-target"))), "highlight stays after drop");
      const t = await trainHash(page);
      assert(t.includes("t.ds=xor") && t.includes("t.h=6,6"), `hash after drop: ${t}`);
      const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
      assert(rows[0].step === 0 && rows[0].test_accuracy > 0.8, `loaded record ${JSON.stringify(rows[0])}`);
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.close();
    });

    await check("model: bad files show a clear error inline and keep the current run", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=spiral&t.h=8,8&t.seed=9");
      await page.click("#t-step");
      await page.click("#t-step");
      await page.waitForFunction(() => document.getElementById("t-steps").textContent === "2");
      const before = { hash: await trainHash(page), steps: await text(page, "t-steps"), csv: await page.evaluate(() => window.activationLabTrain.csv()) };
      const good = JSON.parse(fs.readFileSync(saved ?? CLI_FIXTURE, "utf8"));
      const goodText = JSON.stringify(good);
      const edit = (f) => {
        const v = JSON.parse(goodText);
        f(v);
        return JSON.stringify(v);
      };
      const cases = [
        ["notes.txt", "hello, I am not a model", /not valid JSON/],
        ["cut.json", goodText.slice(0, Math.floor(goodText.length / 2)), /cut short/],
        ["future.json", edit((v) => (v.version = 99)), /version 99 is not supported/],
        ["shape.json", edit((v) => v.layers[0].weights.pop()), /layer 1 needs \d+ weights/],
        ["keras.json", edit((v) => (v.format = "keras")), /format is `keras`/],
      ];
      for (const [name, body, words] of cases) {
        await page.setInputFiles("#t-load-file", { name, mimeType: "application/json", buffer: Buffer.from(body) });
        await page.waitForFunction((n) => document.getElementById("t-model-error").textContent.includes(n), name, { timeout: 5000 });
        const msg = await text(page, "t-model-error");
        assert(words.test(msg) && msg.includes("unchanged"), `${name}: ${msg}`);
        assert(msg.length < 400, `${name}: message too long (${msg.length})`);
        if (name === "shape.json") await page.locator("#t-model").screenshot({ path: `${artifacts}/model-bad-file.png` });
      }
      await page.waitForTimeout(300);
      assert((await trainHash(page)) === before.hash, "the link changed after a bad file");
      assert((await text(page, "t-steps")) === before.steps, "the run was reset by a bad file");
      assert((await page.evaluate(() => window.activationLabTrain.csv())) === before.csv, "the traces changed after a bad file");
      // A good file afterwards clears the error.
      await page.setInputFiles("#t-load-file", CLI_FIXTURE);
      await loaded(page, "cli-model.json");
      assert((await text(page, "t-model-error")) === "", "error stays after a good file");
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.close();
    });

    await check("model: a model trained by the CLI (fixture) opens with its config, map and accuracy", async () => {
      const fixture = JSON.parse(fs.readFileSync(CLI_FIXTURE, "utf8"));
      const { page, log } = await openTrain(h, context, "");
      await page.setInputFiles("#t-load-file", CLI_FIXTURE);
      await loaded(page, "cli-model.json");
      const t = await trainHash(page);
      assert(t.includes("t.ds=xor") && t.includes("t.h=6,6") && t.includes("t.act=tanh") && t.includes("t.res=1"), `hash ${t}`);
      assert(await page.isChecked("#t-res"), "the skip checkbox shows the file's residual setting");
      assert((await page.inputValue("#t-opt")) === fixture.config.optimizer.kind, "optimizer from the file");
      const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
      assert(rows[0].test_accuracy >= 0.85, `CLI model's test accuracy on the page: ${rows[0].test_accuracy}`);
      assert(/Loaded cli-model\.json: trained 40 epochs/.test(await text(page, "t-model-status")), await text(page, "t-model-status"));
      await h.untilDrawn("CLI model's decision map", page, '.train-canvas[data-chart="boundary"] canvas');
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.locator("#t-boundary-box").screenshot({ path: `${artifacts}/model-cli-map.png` });
      await page.close();
    });
  });

  await withContext({ colorScheme: "dark", viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }, async (context) => {
    await check("model: phone 390 px, dark, Chinese: model card and init panel fit, crisp and translated", async () => {
      const { page, log } = await openTrain(h, context, "lang=zh&t.ds=circle&t.h=8,8,8&t.act=tanh");
      await page.locator("#t-init-panel").scrollIntoViewIfNeeded();
      await page.waitForTimeout(400);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `page is ${overflow}px wider than the phone`);
      assert((await text(page, "t-save-model")) === "保存模型" && (await text(page, "t-probe-note")).includes("探针"), "Chinese strings");
      const s = await h.canvasStats(page, '.init-canvas[data-init-chart="hist"] canvas');
      h.assertDrawn(s, "phone histograms");
      assert(s.width === s.cssWidth * 2 && s.height === s.cssHeight * 2, `backing ${s.width}×${s.height} for CSS ${s.cssWidth}×${s.cssHeight}`);
      assert(s.bg[0] < 60, `dark background ${s.bg}`);
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.locator("#t-init-panel").screenshot({ path: `${artifacts}/model-init-phone-dark-zh.png` });
      await page.close();
    });
  });

  await withContext({}, async (context) => {
    await check("model: initial-weight histograms are drawn and change with the init; the depth probe is drawn", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=circle&t.h=8,8&t.act=relu&t.init=glorot_uniform");
      const hist = '.init-canvas[data-init-chart="hist"] canvas';
      const probe = '.init-canvas[data-init-chart="probe"] canvas';
      await page.locator("#t-init-panel").scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      const a = await h.canvasStats(page, hist);
      h.assertDrawn(a, "weight histograms");
      await h.untilDrawn("depth probe", page, probe);
      const noteA = await text(page, "t-hist-note");
      assert(/layer 1 \(2→8, glorot_uniform\)/.test(noteA) && noteA.includes("output (8→1") && !noteA.includes("layer 3"), noteA);
      const probeNote = await text(page, "t-probe-note");
      assert(/20 hidden layers × 32 units of relu/.test(probeNote) && probeNote.includes("he_normal"), probeNote);
      await page.locator("#t-init-panel").screenshot({ path: `${artifacts}/model-init-panel.png` });

      await page.selectOption("#t-init", "he_normal");
      await page.waitForFunction(() => document.getElementById("t-hist-note").textContent.includes("he_normal"), null, { timeout: 5000 });
      await page.waitForTimeout(300);
      const b = await h.canvasStats(page, hist);
      h.assertDrawn(b, "he_normal histograms");
      assert(b.hash !== a.hash, "the histograms did not change with the init");
      // He's expected std for fan-in 8 is √(2/8) = 0.5; Glorot uniform's for 8→8 is √(2/16) ≈ 0.354.
      const expected = (note) => Number(/layer 2 \(8→8, [a-z_]+\): std [\d.]+, expected ([\d.]+)/.exec(note)?.[1]);
      const noteB = await text(page, "t-hist-note");
      assert(Math.abs(expected(noteA) - 0.354) < 0.002 && Math.abs(expected(noteB) - 0.5) < 0.002, `${noteA} / ${noteB}`);
      // One more layer: one more panel.
      await page.click("#t-layer-add");
      await page.waitForFunction(() => document.getElementById("t-hist-note").textContent.includes("layer 3 (8→8"), null, { timeout: 5000 });
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.close();
    });

    await check("model: skip connections rescue the deep sigmoid net (first-layer gradient, page numbers)", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=circle&t.h=8,8");
      await page.click("#t-skip-preset");
      await page.waitForFunction(() => document.getElementById("t-skip-readout").dataset.residual, null, { timeout: 20000 });
      assert(await page.isChecked("#t-res"), "the preset turns skips on");
      assert((await trainHash(page)).includes("t.res=1"), await trainHash(page));
      const msg = await text(page, "t-skip-readout");
      const num = "(\\d+(?:\\.\\d+)?(?:e-?\\d+)?)";
      const m = new RegExp(`without skips ${num}, with skips ${num}`).exec(msg);
      assert(m, msg);
      const [plain, residual] = [Number(m[1]), Number(m[2])];
      assert(residual > plain * 10, `first-layer gradient: without ${plain}, with ${residual}`);
      console.log(`     skip readout: ${msg.split(". First")[0]}`);
      await page.waitForTimeout(300);
      await h.untilDrawn("skip chart", page, '.init-canvas[data-init-chart="skips"] canvas');
      await page.locator('.init-canvas[data-init-chart="skips"]').scrollIntoViewIfNeeded();
      await page.locator("#t-init-panel").screenshot({ path: `${artifacts}/model-skips.png` });

      // The gradient panel's own numbers (the run's traces): first layer after a few steps, with and without.
      const gradAfterSteps = async (p) => {
        for (let i = 0; i < 3; i++) await p.click("#t-step");
        await p.waitForFunction(() => document.getElementById("t-steps").textContent === "3");
        const rows = parseCsv(await p.evaluate(() => window.activationLabTrain.csv()));
        return rows.at(-1).grad_norm_1;
      };
      const withSkips = await gradAfterSteps(page);
      await page.click("#t-res");
      await page.waitForFunction(() => !location.hash.includes("t.res=1") && window.activationLabTrain.records() === 1);
      const without = await gradAfterSteps(page);
      assert(await page.isVisible('.init-canvas[data-init-chart="skips"]'), "the skip chart stays for the same network");
      assert(withSkips > without * 10, `gradient panel, layer 1: with skips ${withSkips}, without ${without}`);
      console.log(`     gradient panel layer 1 after 3 steps: with ${withSkips}, without ${without}`);
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.close();
    });

    await check("model: unequal widths with skips give a clear form error", async () => {
      const { page } = await openTrain(h, context, "t.ds=circle&t.h=8,4");
      const before = await trainHash(page);
      await page.click("#t-res");
      await page.waitForFunction(() => document.getElementById("t-error").textContent.length > 0);
      assert(/same width/.test(await text(page, "t-error")), await text(page, "t-error"));
      assert((await trainHash(page)) === before, "the run changed");
      await page.close();
    });
  });
}
