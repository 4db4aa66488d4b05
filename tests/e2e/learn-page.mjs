// Page checks for learn.html (issue 31): the figures module on hand-made records (in Node); a walk
// down the page in Chromium that plays every experiment (the article's MNIST CNN, minutes of CPU
// per run, until its first records are drawn, then paused) and presses Measure, then checks every
// figure filled in lies in the range the text states, with the claims' directions re-checked here
// against independent numbers (σ′(0) = 1/4, GELU's minimum from its own erf series); the
// playground links; Chinese with no English left; axe with zero violations (light, dark, Chinese,
// phone); whole-page screenshots on a phone and a desktop in both languages; Lighthouse mobile ≥ 95
// in all four categories.
// Called from run.mjs (same harness).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { startBlogServers } from "./blog-servers.mjs";
import { englishWords } from "./zh-complete.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
/** The widgets the walk plays only until they have drawn records, then pauses: the article's CNN on
 * MNIST (minutes per run). */
const PLAYED_BRIEFLY = new Set(["w-cnn"]);
/** Data-set keys, as the widgets name them in every language (identifiers, like zh-complete's). */
const DATA_KEYS = new Set(["digits", "mnist"]);

export async function learnPageChecks(h) {
  await figureUnitChecks(h);
  await walkChecks(h);
  await languageAndA11yChecks(h);
}

/** Lighthouse on learn.html: a suite of its own, so it can run alone (run.mjs's soloSuite) while
 * the walk, minutes of training, runs beside the other suites. */
export async function learnLighthouseChecks(h) {
  await lighthouseCheck(h);
}

/** learn-figures.js in Node, on records written here. */
async function figureUnitChecks({ check, assert }) {
  await check("learn: the figures module turns widget events into the claims' figures", async () => {
    const f = await import(pathToFileURL(path.join(here, "../../www/js/learn-figures.js")).href);
    // Hidden layers only: the last entry (output layer) is left out.
    assert(Math.abs(f.gradientRatio([0.002, 0.01, 0.1, 5]) - 0.02) < 1e-12, "first ÷ last hidden");
    assert(Number.isNaN(f.gradientRatio([1, 2])), "one hidden layer has no ratio");
    const runs = [
      { label: "sigmoid", last: { grad_norms: [0.001, 0.01, 0.1, 1], dead_fractions: [0, 0, 0] }, summary: { final_test_accuracy: 0.2, epochs_to_target: null } },
      { label: "relu", last: { grad_norms: [1, 1, 2, 1], dead_fractions: [0.5, 0.25, 0] }, summary: { final_test_accuracy: 0.6, epochs_to_target: 8 } },
      { label: "leaky_relu(negative_slope=0.2)", last: { grad_norms: [1, 1, 1, 1], dead_fractions: [0, 0.03, 0] }, summary: { final_test_accuracy: 0.5, epochs_to_target: 4 } },
      { label: "tanh", last: { grad_norms: [1, 1, 1, 1], dead_fractions: [0, 0, 0] }, summary: { final_test_accuracy: 0.9, epochs_to_target: 6 } },
    ];
    assert(JSON.stringify(f.figuresOf("gradients", { view: "compare", finished: false, runs })) === "{}", "nothing before the comparison ends");
    const g = f.figuresOf("gradients", { view: "compare", finished: true, runs });
    assert(Math.abs(g.grad_ratio_sigmoid - 0.01) < 1e-12 && Math.abs(g.grad_ratio_relu - 0.5) < 1e-12, JSON.stringify(g));
    const d = f.figuresOf("dead", { view: "compare", finished: true, runs });
    assert(d.dead_relu === 0.5 && d.dead_fixed === 0.03, JSON.stringify(d));
    assert(f.figuresOf("speed", { view: "compare", finished: true, runs }).speed_ratio === 0.75, "tanh 6 ÷ relu 8");
    const fam = f.figuresOf("family", { view: "compare", finished: true, runs }).family_margin;
    assert(Math.abs(fam - 0.3) < 1e-12, `min(relu 0.6, leaky 0.5) − sigmoid 0.2 = ${fam}`);
    // SELU against BatchNorm: "relu" is the plain run, not "relu+bn".
    const svbRuns = [
      { label: "selu", last: { act_std: [0.6, 1.4] }, summary: { final_test_accuracy: 0.91 } },
      { label: "relu+bn", last: { act_std: [0.6, 0.65] }, summary: { final_test_accuracy: 0.68 } },
      { label: "relu", last: { act_std: [0.5, 2.4] }, summary: { final_test_accuracy: 0.9 } },
    ];
    const svb = f.figuresOf("batchnorm", { view: "compare", finished: true, runs: svbRuns });
    assert(Math.abs(svb.svb_gap - 0.23) < 1e-12 && svb.svb_selu_std === 1.4 && svb.svb_relu_std === 2.4, JSON.stringify(svb));
    const rec = { act_mean: [0.4, 0.03], act_std: [0.6, 0.98] };
    assert(JSON.stringify(f.figuresOf("depth", { view: "train", state: "running", record: rec })) === "{}", "only a finished run");
    const s = f.figuresOf("depth", { view: "train", state: "finished", record: rec });
    assert(s.selu_mean === 0.03 && s.selu_std === 0.98, JSON.stringify(s));
    const sigmoid = (x) => 1 / (1 + Math.exp(-x));
    assert(Math.abs(f.extremum((_, x) => sigmoid(x) * (1 - sigmoid(x)), "sigmoid", { max: true }) - 0.25) < 1e-12, "max σ′");
    const rows = new Map([["relu", { forward: { wasm: 4e8 } }], ["mish", { forward: { wasm: 1e8 } }]]);
    assert(f.costRatio(rows, "mish") === 4 && Number.isNaN(f.costRatio(rows, "gelu")), "cost ratio");
    assert(f.inRange("grad_ratio_sigmoid", 0.05) && !f.inRange("grad_ratio_sigmoid", 0.2) && !f.inRange("selu_std", NaN), "ranges");
  });
}

/** GELU's minimum from its own definition, erf by its Maclaurin series (|x| ≤ 3: ~1e-13). */
function geluMin() {
  const erf = (x) => {
    let term = x;
    let sum = x;
    for (let n = 1; n < 80; n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  };
  let best = Infinity;
  for (let i = -3000; i <= 0; i++) best = Math.min(best, 0.5 * (i / 1000) * (1 + erf(i / 1000 / Math.SQRT2)));
  return best;
}

/** Scrolls to compare widget `id`, presses Play, waits for two records (its first run has
 * trained and been evaluated on MNIST twice), pauses it and checks what it drew. */
async function playBriefly(page, id, assert) {
  await page.locator(`#${id}`).scrollIntoViewIfNeeded();
  await page.waitForFunction((id) => document.getElementById(id).dataset.ready === "1", id, { timeout: 60000 });
  const press = () => page.evaluate((id) => document.getElementById(id).shadowRoot.querySelector("button.play").click(), id);
  await press();
  await page.waitForFunction((id) => Number(document.getElementById(id).dataset.records || 0) >= 2, id, { timeout: 240000 });
  await press();
  await page.waitForFunction((id) => document.getElementById(id).dataset.state === "paused", id, { timeout: 30000 });
  const runs = await page.evaluate((id) => document.getElementById(id).results(), id);
  const started = runs.filter((r) => r.records > 0);
  const line = JSON.stringify(runs.map((r) => [r.label, r.state, r.records, r.last?.epoch, r.last?.test_accuracy]));
  console.log(`     ${id}: ${line}`);
  assert(runs.length === 6 && started.length >= 1 && runs.every((r) => r.state !== "failed"), `${id} runs: ${line}`);
  for (const r of started) {
    const { epoch, test_accuracy: acc, train_loss: loss } = r.last;
    assert(epoch > 0 && epoch <= 2 && acc >= 0 && acc <= 1 && Number.isFinite(loss), `${id} ${r.label}: epoch ${epoch}, accuracy ${acc}, loss ${loss}`);
  }
}

/** Scrolls to `id`, waits for its card, presses Play and waits until it is done. */
async function play(page, id, timeout) {
  await page.locator(`#${id}`).scrollIntoViewIfNeeded();
  await page.waitForFunction((id) => document.getElementById(id).dataset.ready === "1", id, { timeout: 60000 });
  await page.evaluate((id) => document.getElementById(id).shadowRoot.querySelector("button.play").click(), id);
  await page.waitForFunction((id) => document.getElementById(id).dataset.state === "done", id, { timeout });
}

async function walkChecks({ check, assert, shot, withContext, open, origin }) {
  await check("learn: walking the page plays every widget and every figure lies in the stated range", async () => {
    await withContext({ locale: "en-US" }, async (context) => {
      const { page, log } = await open(context, `${origin}/learn.html`, { waitReady: false });
      const order = await page.$$eval("activation-plot, activation-train, activation-compare, #cost-widget", (els) => els.map((e) => e.id));
      const started = Date.now();
      const took = [];
      for (const id of order) {
        const widgetStarted = Date.now();
        if (id.startsWith("p-")) {
          await page.locator(`#${id}`).scrollIntoViewIfNeeded();
          await page.waitForFunction((id) => document.getElementById(id).dataset.ready === "1", id, { timeout: 30000 });
        } else if (id === "cost-widget") {
          await page.locator("#cost-widget").scrollIntoViewIfNeeded();
          await page.click("#cost-measure-all");
          await page.waitForFunction(() => document.querySelector('[data-figure="cost_mish"]').dataset.value !== undefined, null, { timeout: 120000 });
        } else if (PLAYED_BRIEFLY.has(id)) {
          await playBriefly(page, id, assert);
        } else {
          await play(page, id, 180000);
        }
        took.push(`${id} ${((Date.now() - widgetStarted) / 1000).toFixed(1)}`);
      }
      console.log(`     learn walk: ${order.length} widgets in ${((Date.now() - started) / 1000).toFixed(1)} s (${took.join(", ")})`);
      const figures = await page.$$eval(".figure[data-figure]", (ls) => ls.map((l) => ({ id: l.dataset.figure, value: l.dataset.value === undefined ? null : Number(l.dataset.value), inRange: l.dataset.inRange, text: l.textContent })));
      console.log(`     learn figures: ${figures.map((f) => `${f.id}=${f.value === null ? "-" : Number(f.value.toPrecision(3))}`).join(" ")}`);
      for (const f of figures) {
        assert(f.value !== null, `figure ${f.id} was never filled in: ${f.text}`);
        assert(f.inRange === "1", `figure ${f.id} = ${f.value} outside the range the text states: ${f.text}`);
      }
      // The claims' directions, checked here against numbers that do not come from the page.
      const v = Object.fromEntries(figures.map((f) => [f.id, f.value]));
      assert(Math.abs(v.sigmoid_slope - 0.25) < 1e-9, `max σ′ = ${v.sigmoid_slope}, expected exactly 1/4`);
      assert(Math.abs(v.gelu_min - geluMin()) < 1e-6, `GELU minimum ${v.gelu_min} vs ${geluMin()} from its definition`);
      assert(v.grad_ratio_sigmoid < 0.1 && v.grad_ratio_relu > 3 * v.grad_ratio_sigmoid, `gradient ratios ${v.grad_ratio_sigmoid} / ${v.grad_ratio_relu}`);
      assert(Math.abs(v.selu_mean) < 0.1 && Math.abs(v.selu_std - 1) < 0.1, `SELU at depth 32: mean ${v.selu_mean}, std ${v.selu_std}`);
      assert(v.svb_gap > 0 && v.svb_relu_std > v.svb_selu_std, `SELU vs BatchNorm: gap ${v.svb_gap}, std at depth 16: relu ${v.svb_relu_std}, selu ${v.svb_selu_std}`);
      assert(v.dead_relu > 0.2 && v.dead_fixed < 0.05, `dead units: relu ${v.dead_relu}, fixes ${v.dead_fixed}`);
      assert(v.speed_ratio < 6 / 2, `tanh ÷ relu epochs ${v.speed_ratio}: far from the article's ≈6×, as the text says`);
      assert(v.family_margin > 0 && v.cost_mish > 1, `family margin ${v.family_margin}, mish cost ${v.cost_mish}`);
      // Each experiment links to the playground with its own setup (the core's hash).
      const links = await page.$$eval("a[data-playground]", (as) => as.map((a) => [a.dataset.playground, a.getAttribute("href")]));
      for (const [id, href] of links) assert(/^index\.html#t\.ds=/.test(href), `${id}: playground link ${href}`);
      assert(links.find(([id]) => id === "w-cnn")[1].includes("t.ds=mnist"), "the CNN's link opens MNIST");
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.evaluate(() => scrollTo(0, 0));
      await shot(page, "learn-desktop-en.png", { fullPage: true });
      // A playground link opens the playground on that setup, without a notice.
      const href = links.find(([id]) => id === "w-dead")[1];
      const pg = await open(context, `${origin}/${href}`);
      const notice = await pg.page.evaluate(() => document.getElementById("notice").hidden);
      assert(notice, "the playground refused the learn page's link");
      assert(pg.log.errors.length === 0, `playground errors: ${pg.log.errors.join(" | ")}`);
    });
  });

  await check("learn: the playground links to the learn page", async () => {
    await withContext({}, async (context) => {
      const { page } = await open(context, `${origin}/index.html`);
      const href = await page.getAttribute("#go-learn", "href");
      assert(href === "learn.html", `index.html's link: ${href}`);
    });
  });
}

async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id} (${v.nodes.length}×: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")})`);
  });
}

/** Every visible text and label of the page (shadow roots of the widgets included). */
function visibleTexts() {
  const out = [];
  const walk = (root) => {
    const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('code,cite,script,style,select,[translate="no"]') || !n.textContent.trim()) continue;
      if (el.checkVisibility({ checkVisibilityCSS: true })) out.push(n.textContent.trim());
    }
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot) walk(el.shadowRoot);
      for (const a of ["aria-label", "title"]) if (el.getAttribute(a) && el.checkVisibility()) out.push(el.getAttribute(a));
    }
  };
  walk(document.body);
  return [document.title, ...out];
}

/** Loads learn.html and scrolls down so every widget mounts (none is played). */
async function loadAll(page) {
  const ids = await page.$$eval("activation-plot, activation-train, activation-compare", (els) => els.map((e) => e.id));
  for (const id of ids) {
    await page.locator(`#${id}`).scrollIntoViewIfNeeded();
    await page.waitForFunction((id) => document.getElementById(id).dataset.ready === "1", id, { timeout: 30000 });
  }
  await page.evaluate(() => scrollTo(0, 0));
  await page.waitForTimeout(300);
}

async function languageAndA11yChecks({ check, assert, shot, withContext, open, origin }) {
  const variants = [
    { name: "desktop-zh", hash: "#lang=zh", ctx: { locale: "en-US" } },
    { name: "phone-en", hash: "", ctx: { locale: "en-US", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
    { name: "phone-zh", hash: "#lang=zh", ctx: { locale: "en-US", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
    { name: "desktop-dark", hash: "", ctx: { locale: "en-US", colorScheme: "dark" } },
  ];
  for (const { name, hash, ctx } of variants) {
    await check(`learn: ${name}: axe finds nothing${hash ? ", no English is left" : ""}, screenshot`, async () => {
      await withContext(ctx, async (context) => {
        const { page, log } = await open(context, `${origin}/learn.html${hash}`, { waitReady: false });
        await loadAll(page);
        const v = await axeViolations(page);
        assert(v.length === 0, `axe: ${v.join("; ")}`);
        if (hash) {
          const english = (await page.evaluate(visibleTexts)).flatMap((t) => englishWords(t).filter((w) => !DATA_KEYS.has(w)).map((w) => `${w} in "${t.slice(0, 60)}"`));
          assert(english.length === 0, `English on the Chinese page: ${english.slice(0, 12).join("; ")}`);
        }
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
        assert(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
        assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
        await shot(page, `learn-${name}.png`, { fullPage: true });
      });
    });
  }
}

/** Lighthouse's mobile preset on learn.html, served with gzip as a static host would. */
async function lighthouseCheck({ check, assert, root }) {
  await check("learn: Lighthouse mobile scores ≥ 95 in all four categories", async () => {
    const servers = await startBlogServers({ www: root, blogDir: root, gzip: true });
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const cats = ["performance", "accessibility", "best-practices", "seo"];
      // Lighthouse scales the main-thread time it observes by its simulated CPU slowdown, so on
      // a shared, loaded machine one run can lose points to other processes: up to three runs,
      // the first that passes counts, every run is printed.
      let last = "";
      for (let run = 1; run <= 3; run++) {
        const { lhr } = await lighthouse(`${servers.blog}/learn.html`, { port: chrome.port, logLevel: "error", onlyCategories: cats });
        const score = Object.fromEntries(cats.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]));
        const a = lhr.audits;
        const summary = { ...score, tbt_ms: Math.round(a["total-blocking-time"].numericValue), lcp_s: Math.round(a["largest-contentful-paint"].numericValue) / 1000, cls: Number(a["cumulative-layout-shift"].numericValue.toFixed(3)) };
        console.log(`     lighthouse, learn.html, mobile, run ${run}: ${JSON.stringify(summary)}`);
        const failing = Object.values(a).filter((x) => x.score !== null && x.score < 0.9 && x.scoreDisplayMode !== "informative" && x.scoreDisplayMode !== "manual").map((x) => x.id);
        last = `${JSON.stringify(summary)}; low audits: ${failing.join(", ")}`;
        if (cats.every((c) => score[c] >= 95)) return;
      }
      assert(false, last);
    } finally {
      await chrome.kill();
      servers.close();
    }
  });
}
