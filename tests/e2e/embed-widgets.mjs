// Page tests for the embedded experiments (issue 28) in Chromium: the test blog post
// (tests/blog/index.html, served from its own origin with its own CSP) embeds <activation-plot>,
// <activation-train>, <activation-compare> and an embed.html iframe from the widget host
// (tests/e2e/blog-servers.mjs). They check that nothing of the experiments loads before a widget
// nears the viewport and that loading moves nothing; that the widgets train; that they pause off
// screen and in a hidden tab; that the wasm and the data are downloaded once for the whole page;
// that the page never runs more than hardwareConcurrency − 1 workers and a removed widget ends
// its own; no console error (a CSP refusal is one), axe, 320 px, Chinese, bad attributes; the
// embed.html views; and the page's "Copy embed code". Called from run.mjs (same harness);
// Firefox: embed-firefox.mjs; Lighthouse: embed-lighthouse.mjs.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { startBlogServers } from "./blog-servers.mjs";

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const here = path.dirname(fileURLToPath(import.meta.url));
export const BLOG_DIR = path.resolve(here, "../blog");

/** Widget requests that belong to the experiments (not the curves element's). */
export const isExperiment = (p) => /^\/(pkg-train\/|train-worker\.js|compare-worker\.js|js\/embed-widget\.js|data\/)/.test(p);

/** The state a widget shows: its data-… marks, status line, figures, height. */
export function widgetState(page, id) {
  return page.evaluate((id) => {
    const e = document.getElementById(id);
    const r = e?.shadowRoot;
    if (!r) return null;
    return {
      ...e.dataset,
      status: r.querySelector(".status")?.textContent ?? "",
      figures: r.querySelector(".figures")?.textContent ?? "",
      height: e.getBoundingClientRect().height,
      width: e.getBoundingClientRect().width,
    };
  }, id);
}

const waitReady = (page, id, timeout = 60000) => page.waitForFunction((id) => document.getElementById(id)?.dataset.ready === "1", id, { timeout });
const waitState = (page, id, state, timeout = 90000) => page.waitForFunction(([id, s]) => document.getElementById(id)?.dataset.state === s, [id, state], { timeout });
const steps = async (page, id) => Number((await widgetState(page, id)).steps ?? 0);
const records = async (page, id) => Number((await widgetState(page, id)).records ?? 0);

/** Opens a blog page recording console errors, page errors, dialogs and CSP violations. */
async function openPost(context, url, { hardwareConcurrency } = {}) {
  const page = await context.newPage();
  const log = { errors: [], dialogs: [] };
  await page.addInitScript((hc) => {
    if (hc) Object.defineProperty(Navigator.prototype, "hardwareConcurrency", { get: () => hc });
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
    }).observe({ type: "layout-shift", buffered: true });
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  }, hardwareConcurrency ?? 0);
  page.on("console", (m) => m.type() === "error" && log.errors.push(m.text()));
  page.on("pageerror", (e) => log.errors.push(String(e)));
  page.on("dialog", async (d) => {
    log.dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto(url);
  await page.waitForLoadState("load");
  return { page, log };
}

async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length}×: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")})`);
  });
}

/** Scrolls widget `id` to the middle of the viewport. */
const show = (page, id) => page.evaluate((id) => document.getElementById(id).scrollIntoView({ block: "center" }), id);

export async function embedWidgetChecks(h) {
  await budgetUnitChecks(h);
  const servers = await startBlogServers({ www: h.root, blogDir: BLOG_DIR });
  try {
    await loadingChecks(h, servers);
    await trainingChecks(h, servers);
    await pauseChecks(h, servers);
    await replayChecks(h, servers);
    await budgetChecks(h, servers);
    await lookChecks(h, servers);
    await refusalChecks(h, servers);
    await framePageChecks(h, servers);
    await layerKindChecks(h, servers);
    await copyChecks(h, servers);
  } finally {
    servers.close();
  }
}

/** The page-wide worker budget's rules, in Node (www/js/embed-budget.js has no DOM). */
async function budgetUnitChecks({ check, assert, root }) {
  const h_root = () => root;
  await check("embed: the worker budget serves owners in turn, takes idle slots back, forgets removed widgets", async () => {
    const { WorkerBudget } = await import(new URL(path.join(h_root(), "js/embed-budget.js"), "file://").href);
    const budget = new WorkerBudget(1);
    const granted = [];
    const holder = (owner, name, idle = () => false) => ({ owner, name, idle, evict: () => granted.push(`evicted ${name}`) });
    const ask = (h) => budget.request(h).then((lease) => (lease ? (granted.push(h.name), lease) : (granted.push(`cancelled ${h.name}`), null)));
    const [a1, a2, a3, b1] = [holder("A", "a1"), holder("A", "a2"), holder("A", "a3"), holder("B", "b1")];
    const l1 = ask(a1);
    const rest = [ask(a2), ask(a3)];
    const lb = ask(b1);
    await l1;
    assert(budget.position(b1) === 0 && budget.position(a2) === 1, `B, never served, is next: ${budget.position(b1)}, ${budget.position(a2)}`);
    (await l1).release();
    const leaseB = await lb;
    assert(granted.join(",") === "a1,b1", `order ${granted}`);
    leaseB.release();
    const leaseA2 = await rest[0];
    assert(granted.at(-1) === "a2", `order ${granted}`);
    // An idle holder's slot goes to a waiting one.
    let idle = false;
    const c1 = holder("C", "c1", () => idle);
    leaseA2.release();
    const leaseA3 = await rest[1];
    leaseA3.release();
    const leaseC = await ask(c1);
    const d1 = holder("D", "d1");
    const waitD = ask(d1);
    await new Promise((r) => setTimeout(r, 0));
    assert(granted.at(-1) === "c1" && budget.position(d1) === 0, `D waits behind a busy C: ${granted}`);
    idle = true;
    budget.poke();
    const leaseD = await waitD;
    assert(granted.slice(-2).join(",") === "evicted c1,d1" && budget.leases.size === 1, `idle C evicted for D: ${granted}`);
    leaseC.release(); // already taken back: a no-op
    assert(budget.leases.size === 1, "a second release freed a slot twice");
    // Cancelled and forgotten requests.
    const e1 = holder("E", "e1");
    const waitE = ask(e1);
    budget.cancel(e1);
    assert((await waitE) === null && budget.waiting.length === 0, "cancel");
    budget.forget("D");
    assert(budget.leases.size === 0 && leaseD, "forget releases the owner's leases");
    assert(budget.peak === 1, `peak ${budget.peak}`);
  });
}

/** Nothing of the experiments before a widget nears the viewport; loading shifts nothing. */
async function loadingChecks({ check, assert, withContext }, servers) {
  await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
    await check("embed: nothing of the experiments loads before a widget nears the viewport, and loading shifts nothing", async () => {
      const start = servers.log.length;
      const { page, log } = await openPost(context, `${servers.blog}/index.html`);
      await page.waitForTimeout(1500);
      const fromPost = () => servers.log.slice(start).filter((r) => !r.referer.includes("embed.html") && r.path !== "/embed.html");
      const early = fromPost().filter((r) => isExperiment(r.path));
      assert(early.length === 0, `loaded before any widget was near: ${early.map((r) => r.path).join(", ")}`);
      const before = { boundary: await widgetState(page, "boundary"), deep: await widgetState(page, "deep") };
      assert(before.boundary.height > 250 && !before.boundary.ready, `empty card ${JSON.stringify(before.boundary)}`);
      for (const id of ["boundary", "deep"]) {
        await show(page, id);
        await waitReady(page, id);
        await page.waitForTimeout(300);
        const after = await widgetState(page, id);
        assert(Math.abs(after.height - before[id].height) < 0.5, `#${id} changed height when it loaded: ${before[id].height} → ${after.height}`);
      }
      assert(fromPost().some((r) => r.path === "/pkg-train/activation_lab_bg.wasm"), "the widgets did not load the training build");
      const shift = await page.evaluate(() => window.__shift);
      assert(shift < 0.001, `layout shift ${shift}`);
      assert(log.errors.length === 0 && log.dialogs.length === 0, `console: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });
}

/** The widgets train: the circle's boundary forms, the deep sigmoid net's gradients vanish. */
async function trainingChecks({ check, assert, withContext, untilDrawn, shot }, servers) {
  await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
    const start = servers.log.length;
    const { page, log } = await openPost(context, `${servers.blog}/index.html`);
    await check("embed: <activation-train> trains: the circle's decision boundary forms", async () => {
      await show(page, "boundary");
      await waitReady(page, "boundary");
      assert((await widgetState(page, "boundary")).steps === "0", "trained before Play");
      await page.locator("#boundary button.play").click();
      await waitState(page, "boundary", "done");
      const s = await widgetState(page, "boundary");
      const r = await page.evaluate(() => document.getElementById("boundary").results());
      assert(r.state === "finished" && r.latest.epoch === 200, `run ${JSON.stringify(r.latest)}`);
      const acc = r.latest.test_accuracy;
      assert(acc >= 0.95, `test accuracy ${acc}`);
      const losses = r.csv.trim().split("\n").slice(1).map((l) => Number(l.split(",")[2]));
      assert(losses.length > 50 && losses.at(-1) < losses[0] / 10, `loss ${losses[0]} → ${losses.at(-1)}`);
      assert(/Epoch 200 of 200 · test accuracy (9[5-9]|100)(\.\d)?%/.test(s.figures), `figures: ${s.figures}`);
      for (const chart of ["loss", "boundary"]) await untilDrawn(`boundary ${chart}`, page, `.train-canvas[data-chart="${chart}"] canvas`, "#boundary");
      await shot(page.locator("#boundary"), "embed-train-done.png");
    });
    await check("embed: <activation-compare> trains: with sigmoid the first layer's gradient vanishes, with ReLU it does not", async () => {
      await show(page, "deep");
      await waitReady(page, "deep");
      await page.locator("#deep button.play").click();
      await waitState(page, "deep", "done", 120000);
      const runs = await page.evaluate(() => document.getElementById("deep").results());
      assert(runs.length === 2 && runs.every((r) => r.state === "done" && r.records === 3), `runs ${JSON.stringify(runs.map((r) => [r.label, r.state, r.records]))}`);
      const [sigmoid, relu] = runs;
      assert(sigmoid.label === "sigmoid" && relu.label === "relu", "line-up");
      // Nielsen's picture: relative to the output layer, the first layer gets orders of magnitude
      // less gradient with sigmoid, about as much with ReLU.
      const ratio = (g) => g[0] / g.at(-1);
      assert(ratio(sigmoid.last.grad_norms) < 0.05, `sigmoid first/last gradient ${ratio(sigmoid.last.grad_norms)}`);
      assert(ratio(relu.last.grad_norms) > 0.2, `relu first/last gradient ${ratio(relu.last.grad_norms)}`);
      assert(relu.summary.final_test_accuracy > sigmoid.summary.final_test_accuracy + 0.2, "relu learns, sigmoid barely");
      for (const chart of ["cmp_acc", "cmp_grad"]) await untilDrawn(`deep ${chart}`, page, `.train-canvas[data-chart="${chart}"] canvas`, "#deep");
      await shot(page.locator("#deep"), "embed-compare-done.png");
    });
    await check("embed: the training wasm and the digits are downloaded once for every widget on the page", async () => {
      // Played again: the second run's workers get the page's module and bytes too.
      for (const id of ["boundary", "deep"]) {
        await show(page, id);
        await waitReady(page, id);
      }
      await page.locator("#boundary button.play").click();
      await page.locator("#deep button.reset").click();
      await page.locator("#deep button.play").click();
      await waitState(page, "deep", "done", 120000);
      const mine = servers.log.slice(start).filter((r) => !r.referer.includes("embed.html") && r.path !== "/embed.html");
      const count = (p) => mine.filter((r) => r.path === p).length;
      assert(count("/pkg-train/activation_lab_bg.wasm") === 1, `training wasm downloaded ${count("/pkg-train/activation_lab_bg.wasm")} times`);
      assert(count("/data/digits8x8.bin") === 1, `digits downloaded ${count("/data/digits8x8.bin")} times`);
      assert(count("/pkg/activation_lab_bg.wasm") === 1, `curves wasm downloaded ${count("/pkg/activation_lab_bg.wasm")} times`);
      assert(count("/compare-worker.js") >= 2 && count("/train-worker.js") >= 1, "the workers started");
      assert(log.errors.length === 0 && log.dialogs.length === 0, `console: ${log.errors.join(" | ")}`);
    });
    await page.close();
  });
}

/** Off screen or in a hidden tab a widget stops training, and goes on when it is back. */
async function pauseChecks({ check, assert, withContext }, servers) {
  await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
    await check("embed: a playing widget pauses when scrolled away or when the tab is hidden, and resumes", async () => {
      const { page, log } = await openPost(context, `${servers.blog}/index.html`);
      await show(page, "boundary");
      await waitReady(page, "boundary");
      // Slower and longer than the post's run, so it is still training when we look away.
      await page.evaluate(() => {
        const b = document.getElementById("boundary");
        b.setAttribute("speed", "10");
        b.setAttribute("epochs", "2000");
      });
      await waitReady(page, "boundary");
      await page.locator("#boundary button.play").click();
      await page.waitForFunction(() => Number(document.getElementById("boundary").dataset.steps) > 0, null, { timeout: 30000 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(400);
      const away = await steps(page, "boundary");
      await page.waitForTimeout(1500);
      const later = await widgetState(page, "boundary");
      assert(Number(later.steps) === away, `trained off screen: step ${away} → ${later.steps}`);
      assert(later.state === "paused" && /out of view/.test(later.status), `state ${later.state}: ${later.status}`);
      await show(page, "boundary");
      await page.waitForFunction((n) => Number(document.getElementById("boundary").dataset.steps) > n, away, { timeout: 10000 });
      // A hidden tab: the page's visibilityState says so and the widget is told by the event.
      const setHidden = (hidden) =>
        page.evaluate((hidden) => {
          Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
          document.dispatchEvent(new Event("visibilitychange"));
        }, hidden);
      await setHidden(true);
      await page.waitForTimeout(400);
      const hidden = await steps(page, "boundary");
      await page.waitForTimeout(1500);
      assert((await steps(page, "boundary")) === hidden, "trained in a hidden tab");
      await setHidden(false);
      await page.waitForFunction((n) => Number(document.getElementById("boundary").dataset.steps) > n, hidden, { timeout: 10000 });
      // Pause is Pause.
      await page.locator("#boundary button.play").click();
      await page.waitForTimeout(400);
      const paused = await steps(page, "boundary");
      await page.waitForTimeout(1000);
      assert((await steps(page, "boundary")) === paused, "trained after Pause");
      // A comparison holds its runs off screen too.
      await page.evaluate(() => document.getElementById("deep").setAttribute("epochs", "3000"));
      await show(page, "deep");
      await waitReady(page, "deep");
      await page.locator("#deep button.play").click();
      await page.waitForFunction(() => Number(document.getElementById("deep").dataset.records) > 0, null, { timeout: 60000 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(1500);
      const held = await records(page, "deep");
      await page.waitForTimeout(2500);
      assert((await records(page, "deep")) === held, `compare trained off screen: ${held} → ${await records(page, "deep")}`);
      await show(page, "deep");
      await page.waitForFunction((n) => Number(document.getElementById("deep").dataset.records) > n, held, { timeout: 30000 });
      assert(log.errors.length === 0, `console: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });
}

/** The run of a widget whose worker was taken back is the run it would have been: same records. */
async function replayChecks({ check, assert, withContext }, servers) {
  await withContext({ viewport: { width: 1280, height: 4000 } }, async (context) => {
    await check("embed: fixed seeds: a run paused, its worker taken by another widget and replayed, ends as the uninterrupted run", async () => {
      const finish = async (page) => {
        await page.locator("#boundary button.play").click();
        await waitState(page, "boundary", "done");
        return page.evaluate(() => document.getElementById("boundary").results());
      };
      const whole = await openPost(context, `${servers.blog}/index.html`, { hardwareConcurrency: 2 });
      await waitReady(whole.page, "boundary");
      const reference = await finish(whole.page);
      await whole.page.close();
      const { page, log } = await openPost(context, `${servers.blog}/index.html`, { hardwareConcurrency: 2 });
      await waitReady(page, "boundary");
      await page.evaluate(() => document.getElementById("boundary").setAttribute("speed", "40"));
      await waitReady(page, "boundary");
      await page.locator("#boundary button.play").click();
      await page.waitForFunction(() => Number(document.getElementById("boundary").dataset.steps) > 400, null, { timeout: 30000 });
      await page.locator("#boundary button.play").click();
      // The comparison needs the only worker: the paused training widget's is taken back.
      await waitReady(page, "deep");
      await page.locator("#deep button.play").click();
      await page.waitForFunction(() => window.activationLabEmbed.workers() === 1 && document.getElementById("deep").results()[0].state === "running", null, { timeout: 30000 });
      await waitState(page, "deep", "done", 120000);
      const replayed = await finish(page);
      assert(JSON.stringify(replayed.latest) === JSON.stringify(reference.latest), `final record differs:\n${JSON.stringify(replayed.latest)}\n${JSON.stringify(reference.latest)}`);
      // Every epoch's record (the worker records each epoch's end on small sets) is the same.
      const byEpoch = (csv) => new Map(csv.trim().split("\n").slice(1).filter((l) => Number.isInteger(Number(l.split(",")[1]))).map((l) => [l.split(",")[1], l]));
      const [a, b] = [byEpoch(reference.csv), byEpoch(replayed.csv)];
      let same = 0;
      for (const [epoch, row] of b) {
        if (!a.has(epoch)) continue;
        assert(a.get(epoch) === row, `epoch ${epoch}:\n${row}\n${a.get(epoch)}`);
        same += 1;
      }
      assert(same >= 150, `only ${same} epochs compared`);
      assert((await page.evaluate(() => window.activationLabEmbed.peakWorkers())) === 1, "more than one worker");
      assert(log.errors.length === 0, `console: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });
}

/** Workers: never more than hardwareConcurrency − 1; a removed widget ends its own. */
async function budgetChecks({ check, assert, withContext }, servers) {
  // A tall window: every widget on screen at once, so all of them want workers.
  await withContext({ viewport: { width: 1280, height: 4000 } }, async (context) => {
    await check("embed: never more workers than hardwareConcurrency − 1, queued fairly; removing a widget ends its workers", async () => {
      const { page, log } = await openPost(context, `${servers.blog}/index.html`, { hardwareConcurrency: 3 });
      for (const id of ["boundary", "deep"]) await waitReady(page, id);
      assert((await page.evaluate(() => window.activationLabEmbed.budget())) === 2, "budget of 3 cores is 2 workers");
      await page.evaluate(() => {
        const b = document.getElementById("boundary");
        b.setAttribute("speed", "5");
        b.setAttribute("epochs", "2000");
        document.getElementById("deep").setAttribute("epochs", "3000");
      });
      for (const id of ["boundary", "deep"]) await waitReady(page, id);
      await page.locator("#boundary button.play").click();
      await page.waitForFunction(() => document.getElementById("boundary").dataset.state === "running" && Number(document.getElementById("boundary").dataset.steps) > 0, null, { timeout: 30000 });
      await page.locator("#deep button.play").click();
      let most = 0;
      const sample = async (n) => {
        for (let i = 0; i < n; i++) {
          most = Math.max(most, page.workers().length, await page.evaluate(() => window.activationLabEmbed.workers()));
          await page.waitForTimeout(100);
        }
      };
      await sample(20);
      const runs = async () => (await page.evaluate(() => document.getElementById("deep").results())).map((r) => r.state).join(",");
      // The training widget holds one slot, the comparison's first run the other; its second waits.
      assert((await runs()) === "running,queued", `compare runs: ${await runs()}`);
      // Paused, the training widget's worker is idle: the waiting run takes its slot.
      await page.locator("#boundary button.play").click();
      await page.waitForFunction(() => document.getElementById("deep").results().every((r) => r.state === "running"), null, { timeout: 10000 });
      await sample(10);
      // Played again, it waits for a slot (and says so).
      await page.locator("#boundary button.play").click();
      await page.waitForTimeout(300);
      const waiting = await widgetState(page, "boundary");
      assert(waiting.state === "waiting" && /Waiting for a free worker/.test(waiting.status), `boundary: ${waiting.state} ${waiting.status}`);
      assert(most === 2, `at most 2 workers expected, and both used: ${most}`);
      assert((await page.evaluate(() => window.activationLabEmbed.peakWorkers())) === 2, "peak");
      assert(page.workers().length === 2, `workers: ${page.workers().length}`);
      await page.evaluate(() => document.getElementById("deep").remove());
      // Its two workers end; the waiting training widget gets a slot and trains again.
      await page.waitForFunction(() => document.getElementById("boundary").dataset.state === "running", null, { timeout: 10000 });
      await page.waitForTimeout(500);
      assert(page.workers().length === 1, `removing the comparison left ${page.workers().length} workers`);
      assert((await page.evaluate(() => window.activationLabEmbed.workers())) === 1, "the comparison's workers are gone");
      await page.evaluate(() => document.getElementById("boundary").remove());
      await page.waitForTimeout(500);
      assert(page.workers().length === 0 && (await page.evaluate(() => window.activationLabEmbed.workers())) === 0, "workers left after removing every widget");
      assert(log.errors.length === 0, `console: ${log.errors.join(" | ")}`);
      await page.close();
    });
    await check("embed: with one worker to share, the second widget waits, then trains", async () => {
      const { page, log } = await openPost(context, `${servers.blog}/index.html`, { hardwareConcurrency: 2 });
      for (const id of ["boundary", "deep"]) await waitReady(page, id);
      await page.locator("#boundary button.play").click();
      await page.waitForFunction(() => Number(document.getElementById("boundary").dataset.steps) > 0, null, { timeout: 30000 });
      await page.locator("#deep button.play").click();
      const s = await widgetState(page, "deep");
      const waited = /Waiting for a free worker/.test(s.status) || (await widgetState(page, "boundary")).state === "done";
      assert(waited, `deep: ${s.status}`);
      await waitState(page, "deep", "done", 120000);
      assert((await page.evaluate(() => window.activationLabEmbed.peakWorkers())) === 1, "more than one worker with a budget of 1");
      assert(log.errors.length === 0, `console: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });
}

/** axe, 320/390 px, dark, Chinese, screenshots. */
async function lookChecks({ check, assert, withContext, shot, artifacts: h_artifacts }, servers) {
  const cases = [
    { name: "desktop light", viewport: { width: 1280, height: 900 }, colorScheme: "light" },
    { name: "desktop dark", viewport: { width: 1280, height: 900 }, colorScheme: "dark" },
    { name: "phone 390 light", viewport: { width: 390, height: 844 }, colorScheme: "light", isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    { name: "phone 390 dark", viewport: { width: 390, height: 844 }, colorScheme: "dark", isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    { name: "phone 320 light", viewport: { width: 320, height: 640 }, colorScheme: "light", isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    { name: "Chinese post, desktop", viewport: { width: 1280, height: 900 }, colorScheme: "light", post: "zh.html" },
  ];
  for (const c of cases) {
    const { name, post = "index.html", ...options } = c;
    await withContext(options, async (context) => {
      await check(`embed: the post ${name}: widgets fit, axe finds no violations, no console errors`, async () => {
        const { page, log } = await openPost(context, `${servers.blog}/${post}`);
        for (const id of ["boundary", "deep"]) {
          await show(page, id);
          await waitReady(page, id);
        }
        await page.locator("#boundary button.play").click();
        await waitState(page, "boundary", "done");
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert(overflow <= 0, `the post is ${overflow}px wider than the window`);
        for (const id of ["boundary", "deep"]) {
          const s = await widgetState(page, id);
          assert(s.width <= c.viewport.width, `#${id} is ${s.width}px wide`);
          if (options.colorScheme === "dark") assert(s.theme === "dark", `#${id} theme ${s.theme}`);
        }
        if (post === "zh.html") {
          const texts = await page.evaluate(() =>
            ["boundary", "deep"].flatMap((id) => [...document.getElementById(id).shadowRoot.querySelectorAll("button, .status, .figures, .cap, a")].map((n) => n.textContent)),
          );
          const english = texts.filter((t) => /\b(Play|Pause|Step|Reset|Epoch|accuracy|loss|Press|Open|Loss|Accuracy|Decision|Gradient|Test|runs|done)\b/.test(t));
          assert(english.length === 0, `English in the Chinese post: ${english.join(" | ")}`);
        }
        const v = await axeViolations(page);
        assert(v.length === 0, `axe: ${v.join("; ")}`);
        assert(log.errors.length === 0 && log.dialogs.length === 0, `console: ${log.errors.join(" | ")}`);
        const file = `embed-post-${name.replace(/\W+/g, "-")}`;
        for (const id of ["boundary", "deep"]) await page.locator(`#${id}`).screenshot({ path: path.join(h_artifacts, `${file}-${id}.png`) });
        const frame = page.locator("iframe");
        if (await frame.count()) {
          await frame.scrollIntoViewIfNeeded();
          await page.frameLocator("iframe").locator("activation-train[data-ready='1']").waitFor({ timeout: 30000 });
          await page.waitForTimeout(500);
          // The frame's card fills it exactly (the snippet's height is the core's frame_height).
          const fit = await page.evaluate(() => document.querySelector("iframe").getBoundingClientRect().height);
          const card = await page.frameLocator("iframe").locator("activation-train").evaluate((e) => e.getBoundingClientRect().height);
          if (c.viewport.width >= 640) assert(Math.abs(fit - card) < 1, `iframe ${fit}px for a ${card}px card`);
          await frame.screenshot({ path: path.join(h_artifacts, `${file}-iframe.png`) });
        }
        await page.evaluate(() => window.scrollTo(0, 0));
        await shot(page, `${file}.png`, { fullPage: true });
        await page.close();
      });
    });
  }
}

/** Bad attributes: a clear message in the widget's language, nothing run, nothing injected. */
async function refusalChecks({ check, assert, withContext }, servers) {
  const widgetsTag = `<script type="module" src="{{WIDGETS}}embed.js"></script>`;
  const csp = fs.readFileSync(path.join(BLOG_DIR, "index.html"), "utf8").match(/<meta http-equiv="Content-Security-Policy"[^>]*>/)[0];
  servers.pages["/bad.html"] = `<!doctype html><html lang="en"><head><meta charset="utf-8">${csp}<title>Bad widgets</title><link rel="icon" href="favicon.svg"></head><body><main>${widgetsTag}
<activation-train id="typo" datset="xor"></activation-train>
<activation-train id="zh" lang="zh" dataset="digits" charts="boundary"></activation-train>
<activation-compare id="hostile" activations="relu,&lt;img src=x onerror=alert(1)&gt;"></activation-compare>
<activation-train id="nan" lr="NaN" epochs="1e99"></activation-train>
</main></body></html>`;
  await withContext({ viewport: { width: 900, height: 3000 } }, async (context) => {
    await check("embed: bad attributes get a clear message in the widget's language; nothing hostile runs", async () => {
      const { page, log } = await openPost(context, `${servers.blog}/bad.html`);
      const want = {
        typo: /unknown attribute `datset`; valid: preset, charts/,
        zh: /决策图需要二维数据集/,
        hostile: /unknown activation|img/,
        nan: /t\.lr/,
      };
      for (const [id, re] of Object.entries(want)) {
        await page.waitForFunction((id) => document.getElementById(id).dataset.ready, id, { timeout: 30000 });
        const s = await widgetState(page, id);
        assert(s.ready === "refused" && re.test(s.status), `#${id}: ${s.ready} ${s.status}`);
        const shown = await page.evaluate((id) => document.getElementById(id).shadowRoot.querySelector(".refusal")?.textContent ?? "", id);
        assert(shown === s.status && shown.length < 800, `#${id} refusal shown: ${shown}`);
      }
      const injected = await page.evaluate(() => ["typo", "zh", "hostile", "nan"].some((id) => document.getElementById(id).shadowRoot.querySelector("img")));
      assert(!injected && log.dialogs.length === 0, "markup from an attribute reached the DOM");
      assert((await page.evaluate(() => window.activationLabEmbed.workers())) === 0, "a refused widget started a worker");
      // Fixing the attribute rebuilds the widget.
      await page.evaluate(() => {
        const e = document.getElementById("typo");
        e.removeAttribute("datset");
        e.setAttribute("dataset", "xor");
      });
      await page.waitForFunction(() => document.getElementById("typo").dataset.ready === "1", null, { timeout: 30000 });
      assert(log.errors.length === 0, `console: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });
}

/** The engine's layer kinds (batch norm, average pooling, global average pooling) in a widget's
 * pictures, named as the page names them, in English and Chinese. */
async function layerKindChecks({ check, assert, withContext, shot }, servers) {
  const widgetsTag = `<script type="module" src="{{WIDGETS}}embed.js"></script>`;
  servers.pages["/kinds.html"] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Layer kinds</title><link rel="icon" href="favicon.svg"></head><body><main>${widgetsTag}
<activation-train id="cnn" dataset="digits" layers="conv4k3same,bnpost,avgpool2,conv8k3same,bn,gap" epochs="1" speed="0" charts="maps,gradients"></activation-train>
<activation-train id="cnnzh" lang="zh" dataset="digits" layers="conv4k3same,bnpost,avgpool2,conv8k3same,bn,gap" epochs="1" speed="0" charts="maps,meanstd"></activation-train>
<activation-train id="mlp" dataset="circle" layers="16,bn,16,bn" epochs="20" speed="0" charts="network,gradients"></activation-train>
<activation-compare id="cmp" dataset="circle" layers="16,16,16" activations="selu,relu+bn" epochs="10" charts="loss,gradients"></activation-compare>
</main></body></html>`;
  await withContext({ viewport: { width: 900, height: 4000 } }, async (context) => {
    await check("embed: batch norm, average pooling and gap show in a widget's pictures as on the page (en, zh)", async () => {
      const { page, log } = await openPost(context, `${servers.blog}/kinds.html`);
      for (const id of ["cnn", "cnnzh", "mlp", "cmp"]) {
        await waitReady(page, id);
        await page.locator(`#${id} button.play`).click();
        await waitState(page, id, "done", 120000);
      }
      const panel = (id, kind) =>
        page.waitForFunction(
          ([id, kind]) => {
            const w = document.getElementById(id).shadowRoot.querySelector(`[data-panel="${kind}"]`);
            return w?.dataset.kinds ? { kinds: w.dataset.kinds, label: w.querySelector("canvas").getAttribute("aria-label") } : null;
          },
          [id, kind],
          { timeout: 30000 },
        ).then((h) => h.jsonValue());
      const en = await panel("cnn", "maps");
      assert(/\bbatchnorm\b/.test(en.kinds) && /\bavgpool\b/.test(en.kinds), `maps kinds: ${en.kinds}`);
      assert(/batch norm 1 · 4 maps 8×8/.test(en.label) && /avg pool 1 · 4 maps 4×4/.test(en.label) && !/[{}]|undefined/.test(en.label), `maps label: ${en.label}`);
      const zh = await panel("cnnzh", "maps");
      assert(/批归一化层 1/.test(zh.label) && /平均池化层 1/.test(zh.label) && !/[{}]|undefined/.test(zh.label), `zh maps label: ${zh.label}`);
      const net = await panel("mlp", "network");
      assert(net.kinds.split(",").filter((k) => k === "hidden").length === 2 && !/[{}]|undefined/.test(net.label), `network: ${net.kinds} ${net.label}`);
      // Per-layer gradient norms of the batch-norm net and of the relu+bn run: one per layer as the
      // page's records give them.
      const cnn = await page.evaluate(() => document.getElementById("cnn").results().latest);
      assert(cnn.grad_norms.length >= 3 && cnn.grad_norms.every((g) => Number.isFinite(g) && g > 0), `cnn grad norms ${JSON.stringify(cnn.grad_norms)}`);
      const runs = await page.evaluate(() => document.getElementById("cmp").results());
      assert(runs.map((r) => r.label).join(",") === "selu,relu+bn" && runs.every((r) => r.state === "done" && r.last?.grad_norms?.length >= 4), `compare: ${JSON.stringify(runs.map((r) => [r.label, r.state, r.last?.grad_norms]))}`);
      assert(log.errors.length === 0, `console: ${log.errors.join(" | ")}`);
      await page.locator("#cnn").screenshot({ path: path.join(here, "artifacts", "embed-kinds-cnn.png") });
      await page.locator("#cmp").screenshot({ path: path.join(here, "artifacts", "embed-kinds-compare.png") });
      await page.close();
    });
  });
}

/** embed.html's experiment views, same-origin with their workers. */
async function framePageChecks({ check, assert, withContext, shot }, servers) {
  await withContext({ viewport: { width: 640, height: 520 } }, async (context) => {
    await check("embed: embed.html#view=train and #view=compare train in the frame; a bad link says why", async () => {
      const start = servers.log.length;
      const page = await context.newPage();
      const errors = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(String(e)));
      const widget = (sel) => page.locator(sel);
      await page.goto(`${servers.widgets}embed.html#view=train&charts=loss,accuracy,boundary,network&t.ds=xor&t.h=6,4&t.act=tanh&t.ep=60&t.seed=2&speed=0`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === "1", null, { timeout: 60000 });
      await widget("activation-train button.play").click();
      await page.waitForFunction(() => document.querySelector("activation-train").dataset.state === "done", null, { timeout: 60000 });
      const r = await page.evaluate(() => document.querySelector("activation-train").results());
      assert(r.latest.epoch === 60 && r.latest.test_accuracy > 0.8, `xor run ${JSON.stringify(r.latest)}`);
      const drawn = await page.evaluate(() => Number(document.querySelector("activation-train").shadowRoot.querySelector('[data-panel="network"]').dataset.drawn ?? 0));
      assert(drawn > 0, "the network view was not drawn");
      await shot(page, "embed-view-train.png");
      const curves = servers.log.slice(start).filter((x) => x.path === "/pkg/activation_lab_bg.wasm");
      assert(curves.length === 0, "the experiment view downloaded the curves wasm");
      await page.goto("about:blank");
      await page.goto(`${servers.widgets}embed.html#view=compare&preset=tanh&t.ep=3&lang=zh`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === "1", null, { timeout: 60000 });
      await widget("activation-compare button.play").click();
      await page.waitForFunction(() => document.querySelector("activation-compare").dataset.state === "done", null, { timeout: 120000 });
      const text = await page.evaluate(() => document.querySelector("activation-compare").shadowRoot.querySelector(".status").textContent);
      assert(text === "完成", `Chinese status: ${text}`);
      await shot(page, "embed-view-compare-zh.png");
      await page.goto("about:blank");
      await page.goto(`${servers.widgets}embed.html#view=train&t.ds=bogus`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === "1", null, { timeout: 60000 });
      const refusal = await page.evaluate(() => document.querySelector("activation-train").shadowRoot.querySelector(".status").textContent);
      assert(/bogus/.test(refusal), `refusal: ${refusal}`);
      assert(errors.length === 0, `console: ${errors.join(" | ")}`);
      await page.close();
    });
  });
}

/** The training and compare sections' "Copy embed code": both snippets, and they run. */
async function copyChecks({ check, assert, withContext, origin }, servers) {
  await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
    await check("embed: Copy embed code in the training and compare sections writes both snippets of the setup shown, and they run", async () => {
      const page = await context.newPage();
      await page.goto(`${origin}/index.html#t.ds=moons&t.h=6&t.act=elu&t.ep=30&t.seed=9`);
      await page.waitForFunction(() => document.getElementById("train")?.dataset.ready === "1", null, { timeout: 60000 });
      await page.click("#t-embed");
      const train = { iframe: await page.inputValue("#t-embed-iframe"), element: await page.inputValue("#t-embed-element") };
      const src = train.iframe.match(/ src="([^"]+)"/)[1].replaceAll("&amp;", "&");
      assert(src.startsWith(`${origin}/embed.html#view=train&t.`), `iframe: ${train.iframe}`);
      for (const pair of ["t.ds=moons", "t.h=6", "t.act=elu", "t.ep=30", "t.seed=9"]) assert(src.split("&").includes(pair), `iframe lacks ${pair}: ${src}`);
      const hash = src.split("#")[1].split("&").filter((p) => p.startsWith("t.")).join("&");
      assert(/^<script type="module" src="[^"]+\/embed\.js"><\/script>\n<activation-train dataset="moons" layers="6" activation="elu"[^>]*><\/activation-train>$/.test(train.element), `element: ${train.element}`);
      await page.click("#c-embed");
      const cmp = await page.inputValue("#c-embed-element");
      assert(/<activation-compare dataset="moons"[^>]*><\/activation-compare>$/.test(cmp), `compare element: ${cmp}`);
      await page.close();
      // The element snippet, pasted into a blog page on another origin, is the same setup.
      servers.pages["/pasted.html"] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pasted</title><link rel="icon" href="favicon.svg"></head><body>${train.element.replaceAll(`${origin}/`, servers.widgets)}</body></html>`;
      const pasted = await context.newPage();
      const errors = [];
      pasted.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await pasted.goto(`${servers.blog}/pasted.html`);
      await pasted.waitForFunction(() => document.querySelector("activation-train")?.dataset.ready === "1", null, { timeout: 60000 });
      const link = await pasted.evaluate(() => document.querySelector("activation-train").shadowRoot.querySelector("a.open").href);
      assert(link.endsWith(`#${hash}`), `pasted widget opens ${link}, the iframe shows #${hash}`);
      assert(errors.length === 0, `console: ${errors.join(" | ")}`);
      await pasted.close();
    });
  });
}
