// Accessibility and loading checks (called from run.mjs, same harness): axe-core with zero
// violations in every state the page has (light, dark, zh, training running, compare done, phone,
// embed), the charts' names and text alternatives, keyboard reach with a visible focus, the lazy
// training section, and the meta/preview tags.
import fs from "node:fs";
import { createRequire } from "node:module";
import { parseCsv } from "./train-helpers.mjs";

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Runs axe-core on the page (evaluated through the debugger, so the page's CSP does not apply). */
async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length}×: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")})`);
  });
}

const isTrainUrl = (u) => /\/pkg-train\/|\/js\/train\.js|train-worker\.js/.test(u);
const readyTrain = (page) => page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 60000 });

export async function a11yChecks(h) {
  await axeStateChecks(h);
  await axeTrainingChecks(h);
  await axePhoneEmbedChecks(h);
  await behaviourChecks(h);
  await loadingChecks(h);
}

/** axe with zero violations expected; `state` names the page state in the message. */
const expectClean = (h) => async (page, state) => {
  const v = await axeViolations(page);
  h.assert(v.length === 0, `axe, ${state}: ${v.join("; ")}`);
};

/** Index in light, dark and Chinese. */
async function axeStateChecks(h) {
  const { check, assert, withContext, open, settle, origin } = h;
  const clean = expectClean(h);
  for (const colorScheme of ["light", "dark"]) {
    await withContext({ colorScheme }, async (context) => {
      await check(`a11y: axe finds no violations on index (${colorScheme})`, async () => {
        const { page } = await open(context, `${origin}/index.html#fn=gelu,relu&deriv=1`);
        assert((await page.evaluate(() => document.documentElement.dataset.theme)) === colorScheme, "theme did not follow the system");
        await clean(page, colorScheme);
        await page.close();
      });
    });
  }

  // Its own profile: the language choice is remembered for the next pages.
  await withContext({}, async (context) => {
    await check("a11y: axe finds no violations on index in Chinese", async () => {
      const { page } = await open(context, `${origin}/index.html`);
      await page.selectOption("#lang", "zh");
      await settle(page);
      assert((await page.evaluate(() => document.documentElement.lang)) === "zh-Hans", "language did not switch");
      await clean(page, "zh");
      await page.close();
    });
  });
}

/** Index while training runs and after a compare run; the training charts' figures and table. */
async function axeTrainingChecks(h) {
  const { check, assert, withContext, open, settle, origin } = h;
  const clean = expectClean(h);
  await withContext({}, async (context) => {

    await check("a11y: axe finds no violations while training runs; the charts carry the latest figures", async () => {
      const { page } = await open(context, `${origin}/index.html#t.ds=circle&t.ep=60&t.seed=3`);
      await readyTrain(page);
      await page.click("#t-play");
      await page.waitForFunction(() => window.activationLabTrain.records() >= 4, null, { timeout: 60000 });
      await clean(page, "training running");
      await page.waitForFunction(() => /Finished|diverged/.test(document.getElementById("t-status").textContent), null, { timeout: 90000 });
      await settle(page);
      const rows = parseCsv(await page.evaluate(() => window.activationLabTrain.csv()));
      const last = rows.at(-1);
      const label = await page.$eval('.train-canvas[data-chart="accuracy"] canvas', (c) => c.getAttribute("aria-label"));
      const want = `${(Math.round(last.test_accuracy * 1000) / 10).toFixed(1).replace(/\.0$/, "")} %`;
      assert(label.includes(want) && label.includes(`epoch ${last.epoch}`), `accuracy chart name "${label}" lacks ${want} at epoch ${last.epoch}`);
      // The loss chart's data table: one row per epoch, the last one with the final train loss.
      await page.click('.chart-box:has([data-chart="loss"]) .chart-data > summary');
      await page.waitForSelector('.chart-box:has([data-chart="loss"]) .chart-data tbody tr'); // rendered on "toggle"
      const table = await page.$$eval('.chart-box:has([data-chart="loss"]) .chart-data tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
      const epochs = new Set(rows.map((r) => Math.floor(r.epoch))).size;
      assert(table.length === epochs, `data table has ${table.length} rows for ${epochs} epochs`);
      assert(Number(table.at(-1)[1]) === Number(last.train_loss.toPrecision(4)), `last row ${table.at(-1)} vs train loss ${last.train_loss}`);
      await clean(page, "training finished, table open");
      await page.close();
    });

    await check("a11y: axe finds no violations after a compare run", async () => {
      const { page } = await open(context, `${origin}/index.html#t.ds=circle&t.ep=3&t.cmp=relu,tanh`);
      await readyTrain(page);
      await page.click("#c-run");
      await page.waitForFunction(() => document.getElementById("compare").dataset.done === "1", null, { timeout: 60000 });
      await settle(page);
      await clean(page, "compare done");
      await page.close();
    });
  });
}

/** Index on a phone, and embed.html. */
async function axePhoneEmbedChecks(h) {
  const { check, assert, withContext, open, settle, origin } = h;
  const clean = expectClean(h);
  await withContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }, async (context) => {
    await check("a11y: axe finds no violations on a phone (360 px)", async () => {
      const { page } = await open(context, `${origin}/index.html#fn=silu,elu&fp16=1`);
      await clean(page, "phone");
      await page.close();
    });
  });

  await withContext({ viewport: { width: 640, height: 360 } }, async (context) => {
    await check("a11y: axe finds no violations on embed.html", async () => {
      const { page } = await open(context, `${origin}/embed.html#fn=gelu,tanh&deriv=1`);
      await clean(page, "embed");
      const name = await page.$eval("canvas.chart-canvas", (c) => c.getAttribute("aria-label"));
      assert(name.includes("GELU") && name.includes("Tanh"), `embed chart name "${name}" does not list its functions`);
      await page.close();
    });
  });
}

/** The curves chart's name and keyboard readout; Tab reach with a visible focus. */
async function behaviourChecks(h) {
  const { check, assert, withContext, open, settle, origin } = h;
  await withContext({}, async (context) => {
    await check("a11y: the curves chart names its functions and range; arrow keys move a live readout of value and slope", async () => {
      const { page } = await open(context, `${origin}/index.html#fn=relu,sigmoid&range=-3:3`);
      const canvas = page.locator("#chart-wrap canvas.chart-canvas");
      const name = await canvas.getAttribute("aria-label");
      assert(/ReLU/.test(name) && /Sigmoid/.test(name) && name.includes("-3") && name.includes("3"), `chart name "${name}"`);
      assert((await page.$eval("#readout", (r) => r.getAttribute("aria-live"))) === "polite", "the readout is not a live region");
      await canvas.focus();
      await page.keyboard.press("ArrowRight");
      await settle(page);
      const read = () =>
        page.$$eval("#readout tr", (trs) => trs.map((tr) => ({ name: tr.dataset.name, value: Number(tr.dataset.value), d: Number(tr.dataset.derivative) })));
      const x1 = Number(await page.$eval("#readout", (r) => r.dataset.x));
      const rows = await read();
      const relu = rows.find((r) => r.name === "relu");
      const sig = rows.find((r) => r.name === "sigmoid");
      const s = 1 / (1 + Math.exp(-x1));
      assert(Math.abs(relu.value - Math.max(0, x1)) < 1e-9 && relu.d === (x1 > 0 ? 1 : 0), `ReLU readout at x=${x1}: ${JSON.stringify(relu)}`);
      assert(Math.abs(sig.value - s) < 1e-12 && Math.abs(sig.d - s * (1 - s)) < 1e-12, `Sigmoid readout at x=${x1}: ${JSON.stringify(sig)}`);
      for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowLeft");
      await settle(page);
      const x2 = Number(await page.$eval("#readout", (r) => r.dataset.x));
      assert(x2 < x1, `ArrowLeft did not move the cursor left (${x1} → ${x2})`);
      await page.close();
    });

    await check("a11y: every control is reachable by Tab and shows a visible focus", async () => {
      const { page } = await open(context, `${origin}/index.html#fn=gelu`);
      const seen = new Set();
      const bad = [];
      for (let i = 0; i < 90; i++) {
        await page.keyboard.press("Tab");
        const f = await page.evaluate(() => {
          const a = document.activeElement;
          if (!a || a === document.body) return null;
          const s = getComputedStyle(a);
          const visible = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
          return { id: a.id || a.className || a.tagName, visible, train: !!a.closest("#train, #compare") };
        });
        if (!f || f.train) break;
        seen.add(f.id);
        if (!f.visible) bad.push(f.id);
      }
      for (const id of ["go-train", "lang", "theme", "zoom-in", "chart-canvas", "fn-gelu", "formula-input", "deriv", "range-lo", "focus", "copy-link", "export-csv"])
        assert(seen.has(id), `Tab never reached ${id} (reached: ${[...seen].join(", ")})`);
      assert(bad.length === 0, `no visible focus on: ${bad.join(", ")}`);
      await page.close();
    });
  });
}

/** The training section loads lazily; index and embed carry meta and preview tags. */
async function loadingChecks(h) {
  const { check, assert, withContext, open, origin } = h;
  await withContext({}, async (context) => {
    await check("a11y: the training section and its wasm load only when about to be seen, linked or asked for", async () => {
      const { page, log } = await open(context, `${origin}/index.html#fn=gelu`);
      await page.waitForTimeout(1500);
      assert(!log.requests.some(isTrainUrl), `training code loaded at start: ${log.requests.filter(isTrainUrl).join(", ")}`);
      await page.evaluate(() => document.getElementById("train").scrollIntoView());
      await readyTrain(page);
      assert(log.requests.some((u) => u.includes("/pkg-train/")), "scrolling to the section did not load the training wasm");
      await page.close();
      const linked = await open(context, `${origin}/index.html#t.ds=xor`);
      await readyTrain(linked.page);
      assert((await linked.page.$eval("#t-ds", (s) => s.value)) === "xor", "a t. link did not reach the training form");
      await linked.page.close();
      const button = await open(context, `${origin}/index.html`);
      await button.page.click("#go-train");
      await readyTrain(button.page);
      await button.page.close();
    });

    await check("a11y: index and embed carry a description and a social preview image", async () => {
      for (const file of ["index.html", "embed.html"]) {
        const { page } = await open(context, `${origin}/${file}`);
        const meta = await page.evaluate(() => {
          const get = (sel) => document.querySelector(sel)?.getAttribute("content") ?? "";
          return { desc: get('meta[name="description"]'), title: get('meta[property="og:title"]'), ogDesc: get('meta[property="og:description"]'), image: get('meta[property="og:image"]') };
        });
        assert(meta.desc.length >= 50 && meta.ogDesc === meta.desc && meta.title, `${file}: ${JSON.stringify(meta)}`);
        const res = await page.request.get(new URL(meta.image, page.url()).href);
        const png = await res.body();
        assert(res.ok() && png.subarray(1, 4).toString() === "PNG", `${file}: og:image ${meta.image} is not a PNG`);
        const [w, hgt] = [png.readUInt32BE(16), png.readUInt32BE(20)];
        assert(w === 1200 && hgt === 630, `${file}: preview is ${w}×${hgt}, not 1200×630`);
        await page.close();
      }
    });
  });
}
