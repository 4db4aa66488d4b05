// Page tests for the network view (www/js/train-network.js) and the measured cost of each
// activation (www/js/cost-panel.js, www/cost-worker.js), issue 19. Called from run.mjs with the
// same harness object as the other training checks.
import { openTrain } from "./train-helpers.mjs";

/** Waits for the next network-view update after `before` updates and until the canvas shows
 * the latest one (drawings are spaced by their cost). */
async function nextUpdate(h, page, before) {
  await page.waitForFunction(
    (n) => {
      const d = document.getElementById("t-net-box").dataset;
      return Number(d.updates || 0) > n && d.drawn === d.updates;
    },
    before,
    { timeout: 20000 },
  );
  await h.settle(page);
}
const updates = (page) => page.evaluate(() => Number(document.getElementById("t-net-box").dataset.updates || 0));

/** Per drawn tile of `kind`: how much of it is coloured, its 8×8 block mean colours, and how
 * many pure dead-mark red pixels it has (read from the canvas, inside a 2 px inset). */
async function tilePixels(page, kind) {
  return page.evaluate((k) => {
    const canvas = window.activationLabTrain.network().canvas();
    const ctx = canvas.getContext("2d");
    return window.activationLabTrain.network()
      .tiles()
      .filter((t) => t.kind === k)
      .map((t) => {
        const s = t.size - 4;
        const { data } = ctx.getImageData(t.x + 2, t.y + 2, s, s);
        let coloured = 0;
        let red = 0;
        const blocks = new Array(8 * 8 * 3).fill(0);
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
          if (Math.max(r, g, b) - Math.min(r, g, b) > 24) coloured++;
          if (r > 180 && g < 90 && b < 90) red++;
          const px = (i / 4) % s;
          const py = Math.floor(i / 4 / s);
          const cell = (Math.floor((py * 8) / s) * 8 + Math.floor((px * 8) / s)) * 3;
          blocks[cell] += r;
          blocks[cell + 1] += g;
          blocks[cell + 2] += b;
        }
        const per = (s * s) / 64;
        return { layer: t.layer, unit: t.unit, dead: t.dead, coloured: coloured / (s * s), red, blocks: blocks.map((v) => v / per) };
      });
  }, kind);
}

async function playUntil(page, pattern, timeout = 60000) {
  await page.click("#t-play");
  await page.waitForFunction((p) => new RegExp(p).test(document.getElementById("t-status").textContent), pattern, { timeout });
}

export async function netviewChecks(h) {
  const { check, assert, withContext } = h;

  await withContext({}, async (context) => {
    await check("netview: circle with 2 hidden layers of 8 shows 16 painted tiles that change while training", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=circle&t.h=8,8&t.act=tanh&t.bs=25&t.ep=40");
      await page.waitForFunction(() => document.getElementById("t-net-box")?.dataset.kind === "plane", null, { timeout: 15000 });
      // Epoch 1 exactly: Step (one mini-batch each; every step sends fresh maps) until it is done.
      let n = await updates(page);
      for (let i = 0; i < 200 && Number(await page.$eval("#t-epoch", (e) => e.textContent)) < 1; i++) {
        await page.click("#t-step");
        await page.waitForFunction((k) => Number(document.getElementById("t-net-box").dataset.updates || 0) > k, n, { timeout: 10000 });
        n = await updates(page);
      }
      assert(Number(await page.$eval("#t-epoch", (e) => e.textContent)) === 1, "stepped to epoch 1");
      await nextUpdate(h, page, n - 1);
      const early = await tilePixels(page, "hidden");
      assert(early.length === 16, `${early.length} hidden tiles drawn`);
      n = await updates(page);
      await playUntil(page, "Finished");
      await nextUpdate(h, page, n);
      const late = await tilePixels(page, "hidden");
      const painted = late.filter((t) => t.coloured > 0.1);
      assert(painted.length === 16, `painted tiles: ${painted.length} (${late.map((t) => t.coloured.toFixed(2)).join(" ")})`);
      const changed = late.filter((t, i) => {
        const diff = t.blocks.reduce((s, v, j) => s + Math.abs(v - early[i].blocks[j]), 0) / t.blocks.length;
        return diff > 1;
      });
      assert(changed.length === 16, `tiles that changed between epoch 1 and the end: ${changed.length} of 16`);
      // Inputs and output are drawn too, and the text alternative names every layer.
      assert((await tilePixels(page, "input")).length === 2, "two input tiles");
      assert((await tilePixels(page, "output")).length === 1, "one output tile");
      const alt = await page.$eval("#t-net-text", (n) => n.textContent);
      assert(/layer 1: 8 units/.test(alt) && /layer 2: 8 units/.test(alt), `text alternative: ${alt}`);
      const label = await page.$eval(".net-canvas", (c) => c.getAttribute("aria-label"));
      assert(label && label.length > 10, `canvas aria-label: ${label}`);
      // Hover a hidden tile: its exact numbers; click it: the large view.
      const tile = (await page.evaluate(() => window.activationLabTrain.network().tiles())).find((t) => t.kind === "hidden");
      await page.locator(".net-canvas").scrollIntoViewIfNeeded();
      const box = await page.locator(".net-canvas").boundingBox();
      const dpr = await page.evaluate(() => window.devicePixelRatio);
      const at = { x: box.x + (tile.x + tile.size / 2) / dpr, y: box.y + (tile.y + tile.size / 2) / dpr };
      await page.mouse.move(at.x, at.y);
      const tip = await page.$eval("#t-net-tip", (n) => n.textContent);
      assert(/layer 1, unit 1: bias -?[0-9.e-]+, output from/.test(tip), `hover: ${tip}`);
      await page.mouse.click(at.x, at.y);
      await h.settle(page);
      assert(!(await page.$eval("#t-net-large", (n) => n.hidden)), "large view shown on click");
      await h.untilDrawn("large tile", page, ".net-large-canvas");
      // An edge: halfway between input 1 and hidden unit 1 (the canvas as laid out now, with the
      // large view beside it).
      const box2 = await page.locator(".net-canvas").boundingBox();
      const tiles = await page.evaluate(() => window.activationLabTrain.network().tiles());
      const a = tiles.find((t) => t.kind === "input" && t.unit === 1);
      const b = tiles.find((t) => t.kind === "hidden" && t.layer === 1 && t.unit === 1);
      await page.mouse.move(box2.x + (a.x + a.size + b.x) / 2 / dpr, box2.y + (a.y + a.size / 2 + b.y + b.size / 2) / 2 / dpr);
      const edge = await page.$eval("#t-net-tip", (n) => n.textContent);
      assert(/^weight input x1 → layer 1, unit 1: -?[0-9.e-]+$/.test(edge), `edge hover: ${edge}`);
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.locator("#t-net-box").screenshot({ path: `${h.artifacts}/netview-desktop-light.png` });
      await page.close();
    });

    await check("netview: a high learning rate leaves dead ReLU units, crossed out in the view", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=circle&t.h=8,8&t.act=relu&t.opt=sgd&t.lr=3&t.ep=10");
      await page.waitForFunction(() => document.getElementById("t-net-box")?.dataset.kind === "plane", null, { timeout: 15000 });
      const n = await updates(page);
      await playUntil(page, "Finished|diverged");
      await nextUpdate(h, page, n);
      const tiles = await tilePixels(page, "hidden");
      const dead = tiles.filter((t) => t.dead);
      assert(dead.length > 0, `no dead tiles after lr 3 (${await page.$eval("#t-status", (n) => n.textContent)})`);
      assert(Number(await page.$eval("#t-net-box", (n) => n.dataset.dead)) >= dead.length, "dead count in the card");
      for (const t of dead) assert(t.red > 20, `dead tile layer ${t.layer} unit ${t.unit} has no red mark (${t.red} px)`);
      for (const t of tiles.filter((x) => !x.dead)) assert(t.red < 5, `live tile layer ${t.layer} unit ${t.unit} is marked`);
      const alt = await page.$eval("#t-net-text", (n) => n.textContent);
      assert(/[1-9]\d* dead/.test(alt), `text alternative names dead units: ${alt}`);
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.locator("#t-net-box").screenshot({ path: `${h.artifacts}/netview-dead.png` });
      await page.close();
    });

    await check("netview: 10 hidden layers of 64 are summarised, not frozen", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=spiral&t.h=64,64,64,64,64,64,64,64,64,64&t.act=tanh&t.ep=3");
      await page.waitForFunction(() => document.getElementById("t-net-box")?.dataset.kind === "plane", null, { timeout: 20000 });
      // The picture arrives before its first draw lays the tiles out (a paced frame, late on a
      // loaded machine): wait for that draw, not for a guessed number of frames.
      await page.waitForFunction(() => window.activationLabTrain.network().tiles().length > 0, null, { timeout: 20000 });
      const tiles = await page.evaluate(() => window.activationLabTrain.network().tiles());
      const layers = new Set(tiles.filter((t) => t.kind === "hidden").map((t) => t.layer));
      assert(tiles.length === 2 + 8 * 16 + 1, `${tiles.length} tiles drawn`);
      assert([...layers].join(",") === "1,2,3,4,7,8,9,10", `layers drawn: ${[...layers]}`);
      // The page answers while it trains with the view open.
      await page.click("#t-play");
      const t0 = Date.now();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
      assert(Date.now() - t0 < 2000, "a frame took over 2 s");
      // Already playing: wait for the end (a second Play click would pause a run still going).
      await page.waitForFunction(() => /Finished/.test(document.getElementById("t-status").textContent), null, { timeout: 120000 });
      const alt = await page.$eval("#t-net-text", (n) => n.textContent);
      assert(/layer 10: 64 units/.test(alt), `text alternative: ${alt}`);
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.locator("#t-net-box").screenshot({ path: `${h.artifacts}/netview-deep.png` });
      await page.close();
    });

    await check("netview: 8×8 digits shows first-layer weights as images", async () => {
      const { page } = await openTrain(h, context, "t.ds=digits&t.h=24&t.ep=2");
      await page.waitForFunction(() => document.getElementById("t-net-box")?.dataset.kind === "weights", null, { timeout: 20000 });
      await h.settle(page);
      const tiles = await tilePixels(page, "hidden");
      assert(tiles.length === 16, `${tiles.length} weight images (16 of 24 shown)`);
      assert(tiles.every((t) => t.coloured > 0.3), "weight images painted");
      const note = await page.$eval("#t-net-note", (n) => n.textContent);
      assert(/incoming weights/.test(note), note);
      await page.close();
    });
  });

  await withContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, colorScheme: "dark", isMobile: true, hasTouch: true }, async (context) => {
    await check("netview: phone layout in dark mode fits the screen", async () => {
      const { page, log } = await openTrain(h, context, "t.ds=xor&t.h=6,6,6&t.act=tanh&t.ep=20");
      await page.waitForFunction(() => document.getElementById("t-net-box")?.dataset.kind === "plane", null, { timeout: 15000 });
      await playUntil(page, "Finished");
      await h.settle(page);
      const c = await page.$eval(".net-canvas", (n) => ({ w: n.getBoundingClientRect().width, right: n.getBoundingClientRect().right }));
      assert(c.right <= 390 && c.w > 250, `canvas ${JSON.stringify(c)} on a 390 px screen`);
      const stats = await h.canvasStats(page, ".net-canvas");
      assert(stats.bg[0] < 60 && stats.bg[1] < 60, `dark background ${stats.bg}`);
      h.assertDrawn(stats, "network view on a phone");
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.locator("#t-net-box").screenshot({ path: `${h.artifacts}/netview-phone-dark.png` });
      await page.close();
    });
  });

  await withContext({}, async (context) => {
    await check("cost: the table fills for the selected functions with measured, nonzero figures", async () => {
      const { page, log } = await h.open(context, `${h.origin}/index.html#fn=gelu,sigmoid,elish`);
      await page.click("#cost-measure-all");
      // The page stays responsive while the worker measures.
      await page.waitForFunction(() => document.getElementById("cost-section").dataset.busy === "1", null, { timeout: 5000 });
      const t0 = Date.now();
      await page.evaluate(() => 1);
      assert(Date.now() - t0 < 1000, "page blocked while measuring");
      assert(!(await page.$eval("#cost-section progress", (n) => n.hidden)), "progress shown while measuring");
      await page.waitForFunction(() => document.getElementById("cost-section").dataset.busy === "0", null, { timeout: 120000 });
      const rows = await page.$$eval("#cost-table tbody tr", (trs) =>
        trs.map((tr) => ({ fn: tr.dataset.fn, pass: tr.dataset.pass, wasm: Number(tr.cells[2].dataset.eps), js: tr.cells[3].dataset.eps, ratio: tr.cells[5].textContent })),
      );
      for (const fn of ["relu", "gelu", "sigmoid", "elish"]) {
        for (const pass of ["forward", "backward"]) {
          const r = rows.find((x) => x.fn === fn && x.pass === pass);
          assert(r && r.wasm > 1e5, `${fn} ${pass}: ${JSON.stringify(r)}`);
          assert(/^\d/.test(r.ratio), `${fn} ${pass} ratio to ReLU: ${r.ratio}`);
          // Plain JS exists for the torch functions, not for ELiSH.
          if (fn === "elish") assert(r.js === "", `elish has no JS version: ${r.js}`);
          else assert(Number(r.js) > 1e5, `${fn} ${pass} JS: ${r.js}`);
        }
      }
      assert(rows.find((x) => x.fn === "relu" && x.pass === "forward").ratio === "1", "ReLU is 1× ReLU");
      // Rebuilding the panel (focus another function) keeps the results.
      await page.selectOption("#focus", "sigmoid");
      assert((await page.$$("#cost-table tbody tr")).length === rows.length, "results kept across re-render");
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.locator("#cost-section").screenshot({ path: `${h.artifacts}/cost-table.png` });
      await page.close();
    });
  });
}
