// Page tests for the curves page, embed.html and <activation-plot>, in headless /usr/bin/chromium
// driven by playwright-core. Serves www/ (and fixtures under /__e2e/) on a free localhost port,
// uses a fresh temporary profile per browser context, saves screenshots to tests/e2e/artifacts/.
// Ends with "e2e: N passed, M failed" and a non-zero exit status on any failure.
// Environment: E2E_ROOT (folder to serve, default www; `dist` for the built site), E2E_BASE (URL
// sub-path it is served under, default /; anything outside it is a 404, so absolute URLs fail),
// E2E_SMOKE=1 (only the checks marked smoke: load, links, embed, element, exports, CSP),
// E2E_ONLY=<substring>[|…] (only the checks whose name contains one), E2E_JOBS=<n> (suites run at once,
// default 2).
// Suites (a `suite(name, fn)` block below, or a module's `xxxChecks(h)`) run concurrently, each in
// its own browser contexts with their own profiles. So a suite never blocks node's event loop
// (await `execFile`, never `execFileSync`: a blocked loop stalls every other suite), names its
// artifacts uniquely, and waits for the event it means (a counter, a data attribute), not a guessed
// number of milliseconds. Registered slowest first (`[suite] … s` lines print the measured times).
import http from "node:http";
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { trainChecks } from "./train.mjs";
import { metricsChecks } from "./metrics.mjs";
import { dataChecks } from "./data.mjs";
import { cspChecks } from "./csp.mjs";
import { modelChecks } from "./model.mjs";
import { formulaChecks } from "./formula.mjs";
import { protocolChecks, protocolCsvSweepChecks, protocolHammerChecks } from "./protocol.mjs";
import { newcomerChecks } from "./newcomer.mjs";
import { a11yChecks } from "./a11y.mjs";
import { netviewChecks } from "./netview.mjs";
import { cnnMapsChecks } from "./cnn-maps.mjs";
import { formChecks } from "./form.mjs";
import { torchModelChecks } from "./torch-model.mjs";
import { kerasChecks } from "./keras-page.mjs";
import { cnnChecks } from "./cnn-page.mjs";
import { compareParallelChecks } from "./compare-parallel.mjs";
import { zhCompleteChecks } from "./zh-complete.mjs";
import { embedWidgetChecks } from "./embed-widgets.mjs";
import { embedFirefoxChecks } from "./embed-firefox.mjs";
import { embedLighthouseChecks } from "./embed-lighthouse.mjs";
import { cnnNewcomerChecks } from "./cnn-newcomer.mjs";
import { learnLighthouseChecks, learnPageChecks } from "./learn-page.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..", process.env.E2E_ROOT ?? "www");
const BASE = (process.env.E2E_BASE ?? "/").replace(/\/?$/, "/").replace(/^\/?/, "/");
const SMOKE_ONLY = process.env.E2E_SMOKE === "1";
const SMOKE = new Set([
  "page loads with no console errors and the canvas is drawn",
  "SVG and CSV exports come from the core",
  "same view, same CSV: the curves export is identical across reloads",
  "hash round trip: a link restores the view and the page writes the same state back",
  "hostile hash executes nothing, shows a notice and keeps the page usable",
  "embed.html renders chrome-less and sized to its frame",
  "<activation-plot> elements render, share one wasm instance, reject bad attributes",
  "every request stayed inside the served sub-path (relative URLs only)",
]);
const fixtures = path.join(here, "fixtures");
const artifacts = path.join(here, "artifacts");
fs.mkdirSync(artifacts, { recursive: true });

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

if (!fs.existsSync(path.join(root, "pkg/activation_lab_bg.wasm"))) {
  console.error(`${root}/pkg is missing: run \`make wasm\` (or \`make dist\`) first`);
  process.exit(2);
}

// ---------- static server ----------
const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};
const outside = [];
const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (!url.pathname.startsWith(BASE)) {
    // The browser's own /favicon.ico probe (pages without an icon link) is not a page URL.
    if (url.pathname !== "/favicon.ico") outside.push(url.pathname);
    res.writeHead(404).end("outside the served sub-path");
    return;
  }
  const rel = "/" + url.pathname.slice(BASE.length);
  let file;
  if (rel.startsWith("/__e2e/")) file = path.join(fixtures, rel.slice("/__e2e/".length));
  else file = path.join(root, rel === "/" ? "index.html" : rel);
  file = path.normalize(file);
  const base = rel.startsWith("/__e2e/") ? fixtures : root;
  if (!file.startsWith(base) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404).end("not found");
    return;
  }
  res.writeHead(200, { "content-type": MIME[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
// Every URL below is `${origin}/…`, so the whole suite runs under the sub-path.
const origin = `http://127.0.0.1:${server.address().port}${BASE.slice(0, -1)}`;

// ---------- harness ----------
const results = [];
// E2E_ONLY=<substring>[|<substring>…]: run only the checks whose name contains one of them (for
// working on one part, or on checks that build on each other).
const ONLY = (process.env.E2E_ONLY ?? "").split("|").filter(Boolean);
const JOBS = Math.max(1, Number(process.env.E2E_JOBS ?? 2) || 1);
/** The suite a check runs in (suites interleave, so each line names its own). */
const currentSuite = new AsyncLocalStorage();
const seconds = (start) => ((performance.now() - start) / 1000).toFixed(1);
async function check(name, fn) {
  if (SMOKE_ONLY && !SMOKE.has(name) && !/CSP/.test(name)) return;
  if (ONLY.length && !ONLY.some((part) => name.includes(part))) return;
  const start = performance.now();
  const where = currentSuite.getStore() ?? "-";
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name}  [${where}, ${seconds(start)} s]`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}  [${where}, ${seconds(start)} s]\n     ${String(e?.stack ?? e).split("\n").slice(0, 4).join("\n     ")}`);
  }
}

/** Suites in the order they are registered; `runSuites` starts them JOBS at a time. */
const suites = [];
function suite(name, fn) {
  suites.push({ name, fn });
}
/** A suite that measures the page's speed (Lighthouse): it runs after the others, on its own. */
function soloSuite(name, fn) {
  suites.push({ name, fn, solo: true });
}
/**
 * The suites measured slowest (the `[suite]` lines of a run, 2 at a time), started first so no
 * long one is left to run alone at the end. A suite not listed starts before these (unknown, so
 * perhaps long); the rest follow in registration order.
 */
const SLOWEST_FIRST = ["learn", "cnn-newcomer", "embed-widgets", "protocol: CSV sweep", "protocol: hammer", "keras", "torch-model", "train", "cnn-page", "protocol", "data", "model",
  "a11y", "compare-parallel", "cnn-maps", "zh-complete", "form", "formula", "netview", "metrics",
  "newcomer", "csp", "curves: links, embed, element", "curves: one session"];

/** Runs every suite, at most JOBS at once; a suite that throws outside a check is one failure. */
async function runSuites(harness) {
  const rank = (s) => (SLOWEST_FIRST.includes(s.name) ? SLOWEST_FIRST.indexOf(s.name) : s.name.startsWith("curves") ? 1000 : -1);
  const queue = suites.filter((s) => !s.solo).sort((a, b) => rank(a) - rank(b));
  const worker = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      const start = performance.now();
      await currentSuite.run(s.name, async () => {
        try {
          await s.fn(harness);
        } catch (e) {
          results.push({ name: `suite ${s.name}`, ok: false });
          console.log(`FAIL suite ${s.name} (outside a check)\n     ${String(e?.stack ?? e).split("\n").slice(0, 4).join("\n     ")}`);
        }
      });
      console.log(`[suite] ${s.name}: ${seconds(start)} s`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(JOBS, queue.length) }, worker));
  queue.push(...suites.filter((s) => s.solo));
  await worker();
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/** A fresh profile and context per call; `fn(context)`; console errors collected per page. */
async function withContext(options, fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "actlab-e2e-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  try {
    return await fn(context);
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Opens a page recording console errors, page errors, dialogs and requests. */
async function open(context, url, { waitReady = true } = {}) {
  const page = await context.newPage();
  const log = { errors: [], dialogs: [], requests: [] };
  page.on("console", (m) => m.type() === "error" && log.errors.push(m.text()));
  page.on("pageerror", (e) => log.errors.push(String(e)));
  page.on("dialog", async (d) => {
    log.dialogs.push(d.message());
    await d.dismiss();
  });
  page.on("request", (r) => log.requests.push(r.url()));
  await page.goto(url);
  if (waitReady) await page.waitForFunction(() => document.documentElement.dataset.ready === "1", null, { timeout: 15000 });
  await settle(page);
  return { page, log };
}

/** Two animation frames: lets scheduled redraws and resize observers run. */
async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(50);
}

/**
 * Polls `probe` (async, run here in node) until it returns something truthy or `ms` pass, and
 * returns its last value: waits for the event a check means (a hash written, a range changed, a
 * canvas resized) instead of a guessed pause; the check's assert then reports what it saw.
 */
async function until(probe, ms = 5000) {
  const end = Date.now() + ms;
  let value = await probe();
  while (!value && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 25));
    value = await probe();
  }
  return value;
}

/** Pixel statistics of a canvas (in the page or a shadow root). */
async function canvasStats(page, selector = "#chart-wrap canvas.chart-canvas", host = null) {
  return page.evaluate(
    ([sel, hostSel]) => {
      const scope = hostSel ? document.querySelector(hostSel).shadowRoot : document;
      const c = scope.querySelector(sel);
      const { data } = c.getContext("2d").getImageData(0, 0, c.width, c.height);
      const colours = new Set();
      let hash = 0;
      let inked = 0;
      const bg = [data[0], data[1], data[2]];
      for (let i = 0; i < data.length; i += 4) {
        const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        colours.add(key);
        hash = (Math.imul(hash, 31) + key) | 0;
        if (Math.abs(data[i] - bg[0]) + Math.abs(data[i + 1] - bg[1]) + Math.abs(data[i + 2] - bg[2]) > 60) inked++;
      }
      return {
        width: c.width,
        height: c.height,
        cssWidth: c.clientWidth,
        cssHeight: c.clientHeight,
        colours: colours.size,
        inked,
        hash,
        bg,
      };
    },
    [selector, host],
  );
}

/** Why a canvas does not look drawn (too small, or blank), or null when it does. */
function notDrawn(stats) {
  if (!(stats.width > 50 && stats.height > 50)) return `canvas is ${stats.width}×${stats.height}`;
  if (!(stats.colours > 8 && stats.inked > 2000)) return `canvas looks blank (${stats.colours} colours, ${stats.inked} inked px)`;
  return null;
}

function assertDrawn(stats, what) {
  const problem = notDrawn(stats);
  assert(problem === null, `${what}: ${problem}`);
}

/** Waits (up to 10 s) for the canvas to be drawn, then asserts it is: the page paints in an
 * animation frame after the state it shows (a run's "Finished" status lands first), so one read
 * right after the state can catch the frame before (seen: a confusion matrix with 439 inked px). */
async function untilDrawn(what, page, selector, host) {
  const deadline = Date.now() + 10000;
  let stats = await canvasStats(page, selector, host);
  while (notDrawn(stats) !== null && Date.now() < deadline) {
    await page.waitForTimeout(100);
    stats = await canvasStats(page, selector, host);
  }
  assertDrawn(stats, what);
}

const shot = (page, name, opts = {}) => page.screenshot({ path: path.join(artifacts, name), ...opts });

// ---------- independent reference definitions (not the core's code) ----------
/** erf(x) by its Maclaurin series (|x| ≤ 4 here: ~1e-14 absolute). */
function erf(x) {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
const sigma = (x) => 1 / (1 + Math.exp(-x));
/** [f(x), f′(x)] from the textbook/PyTorch definitions: ReLU, LeakyReLU(slope), GELU (erf), SiLU. */
const REFERENCE = {
  relu: (x) => [Math.max(0, x), x > 0 ? 1 : 0],
  leaky_relu: (x, a) => [x >= 0 ? x : a * x, x >= 0 ? 1 : a],
  gelu: (x) => {
    const cdf = 0.5 * (1 + erf(x / Math.SQRT2));
    return [x * cdf, cdf + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI)];
  },
  silu: (x) => [x * sigma(x), sigma(x) * (1 + x * (1 - sigma(x)))],
};
const close = (a, b) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

// ---------- checks ----------
suite("curves: one session", () => withContext({}, async (context) => {
  let main;
  await check("page loads with no console errors and the canvas is drawn", async () => {
    main = await open(context, `${origin}/index.html`);
    assertDrawn(await canvasStats(main.page), "main chart");
    assert(main.log.errors.length === 0, `console errors: ${main.log.errors.join(" | ")}`);
  });
  main ??= await open(context, `${origin}/index.html`); // E2E_ONLY skipped the load check
  const { page, log } = main;

  await check("no text shows a bare translation key before the training section loads", async () => {
    // The training strings come with the lazy training code; until then its headings keep the
    // page's own text (seen: "TRAIN_TITLE" / "cmp_subtitle" in a full-page screenshot).
    const bare = await page.$$eval("[data-i18n]", (ns) => ns.filter((n) => n.textContent.trim() === n.dataset.i18n).map((n) => n.dataset.i18n));
    assert(bare.length === 0, `bare keys: ${bare.join(", ")}`);
  });

  await check("no inline scripts or inline event handlers (CSP-ready)", async () => {
    for (const url of ["/index.html", "/embed.html"]) {
      const html = fs.readFileSync(path.join(root, url), "utf8");
      assert(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), `${url} has an inline <script>`);
      assert(!/\son[a-z]+\s*=/i.test(html), `${url} has an inline event handler`);
    }
  });

  await check("selecting a function and moving its slider change the pixels", async () => {
    const before = await canvasStats(page);
    await page.click('label[for="fn-leaky_relu"]');
    await settle(page);
    const selected = await canvasStats(page);
    assert(selected.hash !== before.hash, "checking Leaky ReLU did not change the chart");
    const slider = page.locator("#p-leaky_relu-negative_slope");
    await slider.focus();
    for (let i = 0; i < 30; i++) await page.keyboard.press("ArrowRight");
    await settle(page);
    const nudged = await canvasStats(page);
    assert(nudged.hash !== selected.hash, "arrow keys on the slider did not change the chart");
    await page.keyboard.press("End");
    await settle(page);
    const moved = await canvasStats(page);
    assert(moved.hash !== nudged.hash, "moving the slider did not change the chart");
    const value = Number(await slider.inputValue());
    assert(value === 1, `slider value ${value} after End`);
    // The hash is written 150 ms after the last change, so an earlier write (mid-arrow-keys) may
    // be there first: wait for the slider's final value, which the next check reads back.
    const final = /leaky_relu\.negative_slope=1(&|$)/;
    await until(async () => final.test(await page.evaluate(() => location.hash)));
    const hash = await page.evaluate(() => location.hash);
    assert(final.test(hash), `hash lacks the slider's slope 1: ${hash}`);
  });

  await check("hover readout matches independent reference definitions at that x (incl. the parametrised leaky_relu)", async () => {
    await page.locator("#chart-wrap canvas.chart-canvas").scrollIntoViewIfNeeded();
    const box = await page.locator("#chart-wrap canvas.chart-canvas").boundingBox();
    const slope = Number(/leaky_relu\.negative_slope=([^&]+)/.exec(await page.evaluate(() => location.hash))?.[1]);
    assert(Number.isFinite(slope), "the hash names leaky_relu's slope");
    const shown = Number(await page.inputValue("#p-leaky_relu-negative_slope"));
    assert(slope === shown, `the hash's slope ${slope} is not the slider's ${shown}`);
    const xs = [];
    for (const fx of [0.35, 0.7]) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * 0.3);
      await settle(page);
      const r = await page.evaluate(() => {
        const ro = document.getElementById("readout");
        const rows = [...ro.querySelectorAll("tr[data-name]")].map((tr) => ({
          name: tr.dataset.name,
          value: Number(tr.dataset.value),
          derivative: Number(tr.dataset.derivative),
        }));
        return { x: Number(ro.dataset.x), rows, visible: !!document.querySelector(".readout-x"), text: ro.textContent };
      });
      assert(r.visible && Number.isFinite(r.x), `no readout shown: ${r.text}`);
      const names = r.rows.map((row) => row.name).sort().join(",");
      assert(names === "gelu,leaky_relu,relu,silu", `readout rows: ${names}`);
      for (const row of r.rows) {
        const [value, derivative] = REFERENCE[row.name](r.x, slope);
        assert(close(row.value, value), `${row.name}(${r.x}): readout ${row.value} vs reference ${value}`);
        assert(close(row.derivative, derivative), `${row.name}'(${r.x}): readout ${row.derivative} vs reference ${derivative}`);
      }
      xs.push(r.x);
    }
    const [lo, hi] = [Number(await page.inputValue("#range-lo")), Number(await page.inputValue("#range-hi"))];
    assert(xs[0] < xs[1], "x grows to the right");
    // 35 % and 70 % of the canvas width land at the matching fractions of the plot (± the axis gutter).
    for (const [x, f] of [
      [xs[0], 0.35],
      [xs[1], 0.7],
    ]) {
      const t = (x - lo) / (hi - lo);
      assert(Math.abs(t - f) < 0.08, `x=${x} is at ${t.toFixed(3)} of the range, pointer at ${f}`);
    }
    await shot(page, "desktop-hover-light.png");
  });

  await check("wheel zooms and drag pans the x-range", async () => {
    await page.locator("#chart-wrap canvas.chart-canvas").scrollIntoViewIfNeeded();
    const box = await page.locator("#chart-wrap canvas.chart-canvas").boundingBox();
    const range = async () => [Number(await page.inputValue("#range-lo")), Number(await page.inputValue("#range-hi"))];
    const [lo0, hi0] = await range();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -300);
    await until(async () => ((r) => r[1] - r[0] < hi0 - lo0)(await range()));
    const [lo1, hi1] = await range();
    assert(hi1 - lo1 < hi0 - lo0, `wheel did not zoom in: ${lo0}:${hi0} → ${lo1}:${hi1}`);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 150, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await until(async () => (await range())[0] < lo1);
    const [lo2, hi2] = await range();
    assert(lo2 < lo1 && Math.abs(hi2 - lo2 - (hi1 - lo1)) < 1e-6, `drag did not pan left: ${lo1}:${hi1} → ${lo2}:${hi2}`);
    await page.click("#zoom-reset");
    await settle(page);
  });

  await check("language switch changes the text and is remembered", async () => {
    const before = await page.textContent("h1");
    await page.selectOption("#lang", "zh");
    await settle(page);
    const after = await page.textContent("h1");
    assert(before === "Activation Lab" && after === "激活函数实验室", `h1: ${before} → ${after}`);
    assert((await page.textContent("#fn-heading")) === "函数", "section headings translated");
    assert((await page.getAttribute("html", "lang")) === "zh-Hans", "html lang follows");
    const again = await open(context, `${origin}/index.html`);
    assert((await again.page.textContent("h1")) === "激活函数实验室", "language not remembered");
    await again.page.selectOption("#lang", "en");
    await again.page.close();
    await page.selectOption("#lang", "en");
    await settle(page);
  });

  await check("info panel describes the focused function", async () => {
    await page.selectOption("#focus", "gelu");
    await settle(page);
    const text = await page.textContent("#info");
    assert(text.includes("GELU") && text.includes("Φ"), `info: ${text.slice(0, 120)}`);
    // The pros/cons come from data/notes.json (not in the curves wasm), in the page language.
    await page.waitForFunction(() => document.querySelectorAll("#info .info-notes li").length >= 2, null, { timeout: 5000 });
    assert(/BERT|GPT/.test(await page.textContent("#info .info-notes")), "GELU's notes name the models that use it");
    await page.selectOption("#lang", "zh");
    await settle(page);
    assert(/[\u4e00-\u9fff]/.test(await page.textContent("#info .info-notes")), "notes in Chinese");
    await page.selectOption("#lang", "en");
    await settle(page);
  });

  await check("the custom element snippet and iframe snippet describe the current view", async () => {
    await page.click("#copy-embed");
    await settle(page);
    const iframe = await page.inputValue("#embed-iframe");
    const element = await page.inputValue("#embed-element");
    assert(iframe.startsWith("<iframe") && iframe.includes("embed.html#fn="), iframe);
    assert(element.includes("embed.js") && element.includes("<activation-plot fn="), element);
  });

  await check("SVG and CSV exports come from the core", async () => {
    const [svgDl] = await Promise.all([page.waitForEvent("download"), page.click("#export-svg")]);
    const svg = fs.readFileSync(await svgDl.path(), "utf8");
    assert(svg.startsWith("<svg") && svg.includes("<polyline"), "SVG export");
    // The SVG is drawn by the training build's Page (the curves build has no SVG backend), rebuilt
    // from the view's hash: it must show the same functions as the page.
    const shown = await page.$$eval("#fn-groups input:checked", (boxes) => boxes.map((b) => document.querySelector(`label[for="${b.id}"]`).textContent.trim()));
    const texts = new Set([...svg.matchAll(/<text[^>]*>([^<]*)</g)].map((m) => m[1].trim()));
    assert(shown.length > 0 && shown.every((name) => texts.has(name)), `SVG legend lacks one of ${JSON.stringify(shown)}`);
    const [csvDl] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
    const csv = fs.readFileSync(await csvDl.path(), "utf8").trim().split("\n");
    assert(csv[0].startsWith("x,") && csv.length === 1002, `CSV has ${csv.length} lines, header ${csv[0]}`);
    const [pngDl] = await Promise.all([page.waitForEvent("download"), page.click("#export-png")]);
    const png = fs.readFileSync(await pngDl.path());
    assert(png.subarray(1, 4).toString() === "PNG", "PNG export");
  });

  await check("same view, same CSV: the curves export is identical across reloads", async () => {
    const hash = "fn=gelu,elu,softplus&deriv=1&range=-7.5:3.25&elu.alpha=0.7&fp16=1";
    const csvs = [];
    for (let i = 0; i < 2; i++) {
      const { page: p, log: l } = await open(context, `${origin}/index.html#${hash}`);
      const [dl] = await Promise.all([p.waitForEvent("download"), p.click("#export-csv")]);
      csvs.push(fs.readFileSync(await dl.path(), "utf8"));
      assert(l.errors.length === 0, l.errors.join(" | "));
      await p.close();
    }
    assert(csvs[0].length > 10000, `CSV is ${csvs[0].length} bytes`);
    assert(csvs[0] === csvs[1], "two loads of the same link exported different CSV");
  });

  await check("the whole session logged no console errors", async () => {
    assert(log.errors.length === 0, log.errors.join(" | "));
  });
  if (page) await shot(page, "desktop-light-session.png");
}));

suite("curves: links, embed, element", () => withContext({}, async (context) => {
  await check("hash round trip: a link restores the view and the page writes the same state back", async () => {
    const hash = "fn=elu,tanh&deriv=1&dmode=overlay&range=-3:2&fp16=1&elu.alpha=0.5&lang=zh";
    const { page, log } = await open(context, `${origin}/index.html#${hash}`);
    const got = await page.evaluate(() => ({
      checked: [...document.querySelectorAll("#fn-groups input:checked")].map((i) => i.value),
      overlay: document.getElementById("dmode-overlay").checked,
      fp16: document.getElementById("fp16").checked,
      lo: document.getElementById("range-lo").value,
      hi: document.getElementById("range-hi").value,
      alpha: document.getElementById("p-elu-alpha").value,
      lang: document.documentElement.lang,
    }));
    assert(JSON.stringify(got.checked) === JSON.stringify(["tanh", "elu"]), `checked ${got.checked}`);
    assert(got.overlay && got.fp16 && got.lo === "-3" && got.hi === "2", JSON.stringify(got));
    assert(Number(got.alpha) === 0.5 && got.lang === "zh-Hans", JSON.stringify(got));
    // Time on purpose: a rewrite of the link (150 ms after a change) must not alter this state.
    await page.waitForTimeout(300);
    const written = await page.evaluate(() => location.hash.slice(1));
    const parse = (h) => Object.fromEntries(h.split("&").map((p) => p.split("=")));
    const a = parse(hash);
    const b = parse(written);
    for (const k of Object.keys(a)) assert(a[k] === b[k], `key ${k}: ${a[k]} vs ${b[k]} in ${written}`);
    // Change something, reload from the new link, get the same state.
    await page.click('label[for="fn-tanh"]');
    await until(async () => (await page.evaluate(() => location.hash)).startsWith("#fn=elu&"));
    const changed = await page.evaluate(() => location.hash.slice(1));
    assert(changed.startsWith("fn=elu&"), changed);
    const second = await open(context, `${origin}/index.html#${changed}`);
    await second.page.waitForTimeout(300); // time on purpose: the link must stay as it is
    assert((await second.page.evaluate(() => location.hash.slice(1))) === changed, "reloaded link is stable");
    assert(log.errors.length === 0 && second.log.errors.length === 0, [...log.errors, ...second.log.errors].join(" | "));
    await page.close();
    await second.page.close();
  });

  await check("hostile hash executes nothing, shows a notice and keeps the page usable", async () => {
    for (const hostile of ["fn=<img src=x onerror=alert(1)>", `fn=${"a".repeat(1 << 20)}`, "fn=relu&deriv=<script>alert(1)</script>"]) {
      const { page, log } = await open(context, `${origin}/index.html#${hostile}`);
      const state = await page.evaluate(() => ({
        notice: !document.getElementById("notice").hidden,
        text: document.getElementById("notice-text").textContent,
        imgs: document.querySelectorAll("img").length,
        scripts: document.querySelectorAll("script:not([src])").length,
        checked: [...document.querySelectorAll("#fn-groups input:checked")].map((i) => i.value),
        hashLength: location.hash.length,
      }));
      assert(log.dialogs.length === 0, `a dialog opened: ${log.dialogs}`);
      assert(!log.requests.some((u) => new URL(u).pathname.endsWith("/x")), "the hostile <img> was fetched");
      assert(state.imgs === 0 && state.scripts === 0, "markup from the hash reached the DOM");
      assert(state.notice && state.text.length > 10 && state.text.length < 400, `notice: ${state.text}`);
      assert(JSON.stringify(state.checked) === JSON.stringify(["relu", "gelu", "silu"]), `defaults: ${state.checked}`);
      assert(state.hashLength < 200, "the URL was replaced by the default view's hash");
      assertDrawn(await canvasStats(page), "chart after hostile hash");
      await page.click('label[for="fn-tanh"]');
      await settle(page);
      assert(await page.isChecked("#fn-tanh"), "page still usable");
      assert(log.errors.length === 0, log.errors.join(" | "));
      if (hostile.length > 1000) await shot(page, "hostile-hash-notice.png", { clip: { x: 0, y: 0, width: 1280, height: 240 } });
      await page.close();
    }
  });

  await check("embed.html renders chrome-less and sized to its frame", async () => {
    const { page, log } = await open(context, `${origin}/embed.html#fn=gelu,silu&deriv=1&range=-4:4`);
    await page.setViewportSize({ width: 640, height: 420 });
    await settle(page);
    const s = await until(async () => ((c) => c.cssWidth === 640 && c)(await canvasStats(page, "#chart-wrap canvas.chart-canvas")))
      || (await canvasStats(page, "#chart-wrap canvas.chart-canvas"));
    assertDrawn(s, "embed chart");
    assert(s.cssWidth === 640 && s.cssHeight > 330, `embed canvas ${s.cssWidth}×${s.cssHeight}`);
    const box = await page.locator("canvas.chart-canvas").boundingBox();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.3);
    await settle(page);
    const ro = await page.textContent("#embed-readout");
    assert(ro.includes("x =") && ro.includes("GELU"), `embed readout: ${ro}`);
    assert(log.errors.length === 0, log.errors.join(" | "));
    await shot(page, "embed.png");
    await page.close();
  });

  await check("<activation-plot> elements render, share one wasm instance, reject bad attributes", async () => {
    const { page, log } = await open(context, `${origin}/__e2e/element.html`, { waitReady: false });
    await page.waitForFunction(() => [...document.querySelectorAll("activation-plot")].every((e) => e.dataset.ready === "1"), null, {
      timeout: 15000,
    });
    await settle(page);
    const inked = async (id) => (await canvasStats(page, "canvas.chart-canvas", id)).inked > 2000;
    await until(async () => (await inked("#a")) && (await inked("#b")));
    for (const id of ["#a", "#b"]) assertDrawn(await canvasStats(page, "canvas.chart-canvas", id), `element ${id}`);
    const b = await canvasStats(page, "canvas.chart-canvas", "#b");
    assert(b.bg[0] < 60, `theme="dark" element has a dark background (${b.bg})`);
    const wasmFetches = log.requests.filter((u) => u.endsWith(".wasm")).length;
    assert(wasmFetches === 1, `wasm fetched ${wasmFetches} times`);
    const msg = await page.evaluate(() => document.querySelector("#c").shadowRoot.querySelector(".msg").textContent);
    assert(msg.includes("unknown activation"), `bad attribute message: ${msg}`);
    assert(log.dialogs.length === 0 && !log.requests.some((u) => new URL(u).pathname.endsWith("/x")), "hostile attribute executed");
    assert(log.errors.length === 0, log.errors.join(" | "));
    await shot(page, "custom-element.png", { fullPage: true });
    await page.close();
  });
}));

suite("curves: 2× backing store", () => withContext({ deviceScaleFactor: 2 }, async (context) => {
  await check("backing store is 2× the CSS size at deviceScaleFactor 2, and follows resizes", async () => {
    const { page } = await open(context, `${origin}/index.html`);
    let s = await canvasStats(page);
    assert(s.width === s.cssWidth * 2 && s.height === s.cssHeight * 2, `backing ${s.width}×${s.height} for CSS ${s.cssWidth}×${s.cssHeight}`);
    const before = s;
    await page.setViewportSize({ width: 1000, height: 800 });
    await settle(page);
    // The resize observer redraws: the CSS width changes, and the backing store follows it.
    s = await until(async () => ((c) => c.cssWidth !== before.cssWidth && c.width === c.cssWidth * 2 && c)(await canvasStats(page)))
      || (await canvasStats(page));
    assert(s.width === s.cssWidth * 2 && s.height === s.cssHeight * 2, `after resize: ${s.width}×${s.height} for ${s.cssWidth}×${s.cssHeight}`);
    assertDrawn(s, "2× chart");
    await page.close();
  });
}));

// Screenshots: desktop and 390 px phone, light and dark.
for (const scheme of ["light", "dark"]) {
  suite(`curves: desktop ${scheme}`, () => withContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } }, async (context) => {
    await check(`desktop ${scheme}: theme follows prefers-color-scheme`, async () => {
      const { page, log } = await open(context, `${origin}/index.html#fn=relu,gelu,silu,elu&deriv=1&range=-4:4`);
      const theme = await page.evaluate(() => document.documentElement.dataset.theme);
      assert(theme === scheme, `data-theme ${theme}`);
      const s = await canvasStats(page);
      assert(scheme === "dark" ? s.bg[0] < 60 : s.bg[0] > 200, `chart background ${s.bg} for ${scheme}`);
      const box = await page.locator("#chart-wrap canvas.chart-canvas").boundingBox();
      await page.mouse.move(box.x + box.width * 0.62, box.y + box.height * 0.25);
      await settle(page);
      await shot(page, `desktop-${scheme}.png`, { fullPage: true });
      if (scheme === "light") {
        // The articles' ReLU6 argument: fp16 error grows with |y| for ReLU, stays bounded for ReLU6.
        await page.goto(`${origin}/index.html#fn=relu,relu6,hardswish&deriv=0&fp16=1&range=-20:3000`);
        await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
        await settle(page);
        assertDrawn(await canvasStats(page), "fp16 chart");
        await shot(page, "desktop-fp16-light.png");
      }
      assert(log.errors.length === 0, log.errors.join(" | "));
      await page.close();
    });
  }));
  suite(`curves: phone ${scheme}`, () => withContext(
    { colorScheme: scheme, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    async (context) => {
      await check(`phone 390 px ${scheme}: no horizontal overflow, chart drawn`, async () => {
        const { page, log } = await open(context, `${origin}/index.html#fn=relu,gelu,silu&deriv=1&range=-4:4`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert(overflow <= 0, `page is ${overflow}px wider than the phone`);
        assertDrawn(await canvasStats(page), "phone chart");
        await shot(page, `phone-${scheme}.png`);
        await shot(page, `phone-${scheme}-full.png`, { fullPage: true });
        assert(log.errors.length === 0, log.errors.join(" | "));
        await page.close();
      });
    },
  ));
}

suite("curves: 360 px", () => withContext({ viewport: { width: 360, height: 740 } }, async (context) => {
  await check("360 px: no horizontal overflow", async () => {
    const { page } = await open(context, `${origin}/index.html#fn=leaky_relu,hardtanh,softplus&deriv=1&fp16=1`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `page is ${overflow}px wider than 360`);
    await shot(page, "phone-360-fp16-full.png", { fullPage: true });
    await page.close();
  });
}));

suite("train", trainChecks);
suite("metrics", metricsChecks);
suite("model", modelChecks);
suite("data", dataChecks);
suite("formula", formulaChecks);
suite("protocol", protocolChecks);
suite("protocol: CSV sweep", protocolCsvSweepChecks);
suite("protocol: hammer", protocolHammerChecks);
suite("newcomer", newcomerChecks);
suite("netview", netviewChecks);
suite("cnn-maps", cnnMapsChecks);
suite("form", formChecks);
suite("torch-model", torchModelChecks);
suite("keras", kerasChecks);
suite("cnn-page", cnnChecks);
suite("compare-parallel", compareParallelChecks);
suite("cnn-newcomer", cnnNewcomerChecks);
suite("zh-complete", zhCompleteChecks);
suite("csp", cspChecks);
suite("a11y", a11yChecks);
suite("embed-widgets", embedWidgetChecks);
suite("embed-firefox", embedFirefoxChecks);
soloSuite("embed-lighthouse", embedLighthouseChecks);
suite("learn", learnPageChecks);
// Lighthouse on the learn page: on its own, as the embed one.
soloSuite("learn-lighthouse", learnLighthouseChecks);

const started = performance.now();
await runSuites({ check, assert, shot, withContext, open, settle, origin, root, artifacts, canvasStats, assertDrawn, untilDrawn });
console.log(`[e2e] ${suites.length} suites, ${JOBS} at a time: ${seconds(started)} s`);

await check("every request stayed inside the served sub-path (relative URLs only)", async () => {
  assert(outside.length === 0, `requests outside ${BASE}: ${[...new Set(outside)].join(", ")}`);
});

server.close();
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
