// Browser benchmark + report. Serves www/ (the page and its pkg), this folder (/__bench/) and the
// TensorFlow.js packages from node_modules (/__tfjs/) on a free localhost port; drives headless
// /usr/bin/chromium with playwright-core; merges the native criterion results from
// target/criterion; writes bench/results.json and the "## Performance" section of README.md.
// Nothing is fetched from the internet. BENCH_ONLY=cnn runs only the convolutional part (in-page,
// PyTorch) and merges it into the existing bench/results.json before rewriting the section;
// BENCH_ONLY=page likewise runs only the page metrics (first curve, slider) and Lighthouse.
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { lighthouseRuns, lighthouseTable } from "./lighthouse.mjs";
import { cnnRows, cnnSection, cnnTargets, spliceCnn, torchCnn } from "./cnn-report.mjs";
import { firstPaint, staticIndexHtml } from "./page-floor.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const www = path.join(repo, "www");
const tfjsDir = path.join(here, "node_modules/@tensorflow");
const convnetjsDir = path.join(here, "node_modules/convnetjs");
const ONLY = process.env.BENCH_ONLY ?? null;
if (ONLY !== null && ONLY !== "cnn" && ONLY !== "page") {
  console.error(`BENCH_ONLY=${ONLY}: the partial runs are BENCH_ONLY=cnn and BENCH_ONLY=page`);
  process.exit(2);
}
// Least time per engine and net in the CNN part (ms), and which engines (wasm, convnetjs, tfjs_cpu;
// a subset for a quick look: the README is then not written).
const CNN_MS = Number(process.env.BENCH_CNN_MS ?? 3000);
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const wasmFile = path.join(www, "pkg/activation_lab_bg.wasm");
if (!fs.existsSync(wasmFile)) {
  console.error("www/pkg is missing: run `make wasm` first");
  process.exit(2);
}

// ---------- static server ----------
const MIME = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".wasm": "application/wasm", ".json": "application/json", ".svg": "image/svg+xml",
};
const mounts = [["/__bench/", here], ["/__tfjs/", tfjsDir], ["/__convnetjs/", convnetjsDir], ["/", www]];
const STATIC_INDEX = "/__static-index.html";
const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (url.pathname === STATIC_INDEX) {
    res.writeHead(200, { "content-type": MIME[".html"], "cache-control": "no-store" }).end(staticIndexHtml(www));
    return;
  }
  const [prefix, base] = mounts.find(([p]) => url.pathname.startsWith(p));
  const rel = url.pathname === "/" ? "index.html" : url.pathname.slice(prefix.length);
  const file = path.normalize(path.join(base, rel));
  if (!file.startsWith(base) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404).end("not found");
    return;
  }
  res.writeHead(200, { "content-type": MIME[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-renderer-backgrounding", "--disable-background-timer-throttling"],
});
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

// ---------- page metrics ----------
const verdict = (ok) => (ok ? "met" : "**missed**");

/** The README's "### Page" table. */
function pageTable(page) {
  return [
    "### Page", "",
    `| wasm raw | wasm gzip | first curve after navigation (median of ${page.first_curve_runs_ms?.length ?? 5}) | floor: first paint of index.html without scripts | slider redraw (median / max of 20) |`, "|--:|--:|--:|--:|--:|",
    `| ${(page.wasm_bytes / 1024).toFixed(0)} KB | ${(page.wasm_gzip_bytes / 1024).toFixed(0)} KB | ${page.first_curve_ms.toFixed(0)} ms | ${page.static_index_paint_ms?.toFixed(0) ?? "–"} ms | ${page.slider_redraw_ms.toFixed(1)} / ${page.slider_redraw_max_ms.toFixed(1)} ms |`,
    "",
    "The floor is the first paint of the same index.html with its scripts and preloads removed (its HTML and CSS alone, median over the same number of fresh contexts): the curve cannot appear before the page around it. `node benches/browser/first-curve-profile.mjs` splits the first curve into its parts.",
  ];
}

/** The page and Lighthouse lines of the README's targets list (issues 6 and 17). */
function pageTargets(page, lighthouse, verdict) {
  const lines = [`- page: wasm ≤ 150 KB gzip — ${verdict(page.wasm_gzip_bytes <= 150 * 1024)}; first curve ≤ 200 ms: ${page.first_curve_ms.toFixed(0)} ms (floor ${page.static_index_paint_ms?.toFixed(0) ?? "–"} ms) — ${verdict(page.first_curve_ms <= 200)}; slider redraw ≤ 16 ms — ${verdict(page.slider_redraw_ms <= 16)}`];
  if (!lighthouse) return lines;
  const lhIndex = lighthouse.find((r) => r.name === "index.html, mobile");
  const lhDesktop = lighthouse.find((r) => r.name === "index.html, desktop");
  const lhEmbed = lighthouse.find((r) => r.name === "embed.html, mobile");
  const full = (r) => ["accessibility", "best-practices", "seo"].every((c) => r.scores[c] === 100);
  lines.push(
    `- Lighthouse, index mobile: performance ≥ 95 (TBT < 200 ms, LCP < 2.5 s), 100 elsewhere — ${verdict(lhIndex.scores.performance >= 95 && lhIndex.tbt_ms < 200 && lhIndex.lcp_ms < 2500 && full(lhIndex))}; ` +
      `desktop CLS < 0.02 — ${verdict(lhDesktop.cls < 0.02)}; embed ≥ 99 everywhere — ${verdict(Object.values(lhEmbed.scores).every((v) => v >= 99))}`,
  );
  return lines;
}

/** README with its "### Page" … "### Targets" span replaced by `part` and the page target lines renewed. */
function splicePage(readme, part, targetLines) {
  const at = readme.indexOf("\n### Page\n");
  const end = readme.indexOf("\n### Targets\n");
  if (at < 0 || end < at) throw new Error("README has no Page/Targets part: run the full `make bench` first");
  const lines = (readme.slice(0, at + 1) + part.join("\n") + "\n" + readme.slice(end)).split("\n");
  const first = lines.findIndex((l) => l.startsWith("- page:"));
  const kept = lines.filter((l) => !l.startsWith("- page:") && !l.startsWith("- Lighthouse, index mobile"));
  kept.splice(first >= 0 ? first : kept.indexOf("### Targets") + 2, 0, ...targetLines);
  return kept.join("\n");
}

/** Fresh contexts (cold caches) per first-curve figure: one run is noisy on a shared 2-core box. */
const FIRST_CURVE_RUNS = 9;
async function pageMetrics() {
  const firstCurve = [];
  const redraw = [];
  for (let run = 0; run < FIRST_CURVE_RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // The page marks data-curve="1" right after drawing the first curve (before the rest of the
    // controls); the frame callback queued then runs at the next frame, when that curve is painted.
    await page.addInitScript(() => {
      new MutationObserver((_, obs) => {
        if (document.documentElement.dataset.curve === "1") {
          obs.disconnect();
          requestAnimationFrame(() => (window.__firstCurve = performance.now()));
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-curve"] });
    });
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => window.__firstCurve !== undefined, null, { timeout: 20000 });
    firstCurve.push(await page.evaluate(() => window.__firstCurve));
    await page.waitForFunction(() => document.documentElement.dataset.ready === "1", null, { timeout: 20000 });
    if (run === 0) {
      await page.click('label[for="fn-leaky_relu"]');
      await page.waitForTimeout(200);
      // A slider move = the input handler (synchronous) + the frame's drawing work, bracketed by a
      // frame callback queued before the event and one queued after the chart's.
      const times = await page.evaluate(async () => {
        const slider = document.getElementById("p-leaky_relu-negative_slope");
        const raf = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
        const out = [];
        for (let i = 0; i < 25; i++) {
          let frameStart = 0;
          requestAnimationFrame(() => (frameStart = performance.now()));
          const t0 = performance.now();
          slider.value = String((i % 10) / 10 + 0.05);
          slider.dispatchEvent(new Event("input", { bubbles: true }));
          const handler = performance.now() - t0;
          const frameEnd = await raf();
          out.push(handler + (frameEnd - frameStart));
        }
        return out;
      });
      redraw.push(...times.slice(5));
    }
    await context.close();
  }
  const raw = fs.statSync(wasmFile).size;
  const gzip = zlib.gzipSync(fs.readFileSync(wasmFile), { level: 9 }).length;
  const staticPaint = await firstPaint(browser, `${origin}${STATIC_INDEX}`, FIRST_CURVE_RUNS);
  return { wasm_bytes: raw, wasm_gzip_bytes: gzip, first_curve_ms: median(firstCurve), first_curve_runs_ms: firstCurve, static_index_paint_ms: staticPaint, slider_redraw_ms: median(redraw), slider_redraw_max_ms: Math.max(...redraw) };
}

// ---------- in-page kernels and training ----------
async function inPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("console", (m) => ["error", "info"].includes(m.type()) && console.error("[page]", m.text()));
  page.on("pageerror", (e) => console.error("[page]", e.message));
  await page.goto(`${origin}/__bench/bench.html`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 20000 });
  const r = await page.evaluate((o) => window.runBench(o), { only: ONLY, cnnMs: CNN_MS, cnnEngines: process.env.BENCH_CNN_ENGINES?.split(",") });
  await context.close();
  return r;
}

// ---------- native (criterion) ----------
function criterion(group, id) {
  const dir = path.join(repo, "target/criterion", group, id.replaceAll("/", "_"), "new");
  try {
    const est = JSON.parse(fs.readFileSync(path.join(dir, "estimates.json"), "utf8"));
    const meta = JSON.parse(fs.readFileSync(path.join(dir, "benchmark.json"), "utf8"));
    const elems = meta.throughput?.Elements;
    return elems / (est.mean.point_estimate / 1e9);
  } catch {
    return null;
  }
}

const resultsPath = path.join(repo, "bench/results.json");
const previous = ONLY ? JSON.parse(fs.readFileSync(resultsPath, "utf8")) : null;
const page = ONLY === "cnn" ? previous.page : { ...(await pageMetrics()), date: new Date().toISOString(), load_average_1m: os.loadavg()[0] };
console.error("page metrics:", JSON.stringify(page));
const loadBefore = os.loadavg()[0];
if (ONLY === "page") {
  const chromium = browser.version();
  await browser.close();
  server.close();
  const lighthouse = await lighthouseRuns();
  fs.writeFileSync(resultsPath, JSON.stringify({ ...previous, page, lighthouse }, null, 2) + "\n");
  const readmePath = path.join(repo, "README.md");
  const note = `These two tables alone were measured on ${page.date.slice(0, 10)} by \`BENCH_ONLY=page node benches/browser/run.mjs\` (load average ${page.load_average_1m.toFixed(1)} on ${os.cpus().length} cores, Chromium ${chromium}); the other tables are from the last full run.`;
  const part = [...pageTable(page), "", note, "", lighthouseTable(lighthouse).trimEnd()];
  fs.writeFileSync(readmePath, splicePage(fs.readFileSync(readmePath, "utf8"), part, pageTargets(page, lighthouse, verdict)));
  console.log(part.join("\n"));
  process.exit(0);
}
const measured = await inPage();
const chromeVersion = browser.version();
await browser.close();
server.close();
const torch = process.env.BENCH_CNN_ENGINES ? null : torchCnn(repo, measured.cnn);
const cnn = {
  date: new Date().toISOString(),
  min_ms: CNN_MS,
  torch: torch?.version ?? null,
  load_average_1m: [loadBefore, os.loadavg()[0]],
  rows: cnnRows(measured.cnn, criterion, torch),
};
if (process.env.BENCH_CNN_ENGINES) {
  console.log(JSON.stringify(cnn.rows.map((r) => [r.id, r.wasm_sps, r.convnetjs_sps, r.tfjs_cpu_sps])));
  process.exit(0);
}

// Lighthouse last, with the playwright browser closed (its own chromium, one run per page).
const lighthouse = ONLY ? previous.lighthouse : await lighthouseRuns();

const kernels = ONLY ? previous.kernels : measured.kernels.map((k) => ({ ...k, native_eps: criterion("kernels", `${k.name}/${k.dir}`) }));
const training = ONLY ? previous.training : measured.training.map((t) => ({ ...t, native_sps: criterion("training", t.id) }));
const results = ONLY ? { ...previous, cnn } : {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, os: `${os.type()} ${os.release()}`, chromium: chromeVersion, node: process.version, load_average_1m: os.loadavg()[0] },
  tfjs: measured.tfjs,
  page,
  lighthouse,
  kernels,
  training,
  cnn,
};
fs.mkdirSync(path.join(repo, "bench"), { recursive: true });
fs.writeFileSync(resultsPath, JSON.stringify(results, null, 2) + "\n");

// ---------- README table ----------
const M = (eps) => (eps == null ? "–" : (eps / 1e6).toFixed(0));
const X = (a, b) => (a == null || b == null ? "–" : `${(a / b).toFixed(2)}×`);
const EXP_FAMILY = new Set(["sigmoid", "tanh", "elu", "celu", "selu", "gelu", "gelu_tanh", "silu", "swish", "mish", "softplus", "logsigmoid", "tanhshrink"]);
const lines = [];
lines.push("## Performance", "");
lines.push(`Measured by \`make bench\` on ${results.date.slice(0, 10)}: ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.os}; headless Chromium ${results.machine.chromium}; TensorFlow.js ${results.tfjs.version}. One run, single thread everywhere; load average ${results.machine.load_average_1m.toFixed(1)} on ${results.machine.cores} cores while it ran (a shared machine adds noise; browser figures are best-of-rounds with wasm and JS rounds interleaved). Raw figures: \`bench/results.json\`.`, "");
lines.push("### Activation kernels (1M f32 elements, inputs spread over [−8, 8]; million elements/s)", "");
lines.push("| function | pass | wasm | plain JS | native | wasm / JS | wasm / native |", "|---|---|--:|--:|--:|--:|--:|");
for (const k of kernels) {
  lines.push(`| ${k.name}${EXP_FAMILY.has(k.name) ? "" : " ¹"} | ${k.dir} | ${M(k.wasm_eps)} | ${M(k.js_eps)} | ${M(k.native_eps)} | ${X(k.wasm_eps, k.js_eps)} | ${X(k.wasm_eps, k.native_eps)} |`);
}
lines.push("", "¹ ReLU family / piecewise (no transcendental); the others are the exp family.", "");
lines.push("### Training (ReLU, Adam, one epoch per iteration; samples/s)", "");
lines.push("| net | wasm (ours) | TF.js wasm | TF.js cpu | native | ours / TF.js-wasm | ours / TF.js-cpu | wasm / native |", "|---|--:|--:|--:|--:|--:|--:|--:|");
const S = (v) => (v == null ? "–" : Math.round(v).toLocaleString("en-US"));
for (const t of training) {
  lines.push(`| ${t.id} | ${S(t.wasm_sps)} | ${S(t.tfjs_wasm_sps)} | ${S(t.tfjs_cpu_sps)} | ${S(t.native_sps)} | ${X(t.wasm_sps, t.tfjs_wasm_sps)} | ${X(t.wasm_sps, t.tfjs_cpu_sps)} | ${X(t.wasm_sps, t.native_sps)} |`);
}
lines.push("", "TF.js gets synthetic inputs of the same shapes and train-set size (throughput does not depend on the values).", "");
lines.push(...cnnSection(cnn, { torch: cnn.torch }));
lines.push(...pageTable(page));
// (A results.json from before the Lighthouse runs has none: BENCH_ONLY=cnn leaves them out.)
if (lighthouse) lines.push("", lighthouseTable(lighthouse).trimEnd());

// Targets (issue 6).
const ratio = (rows, pick) => rows.map(pick).filter((v) => Number.isFinite(v));
const minOf = (a) => (a.length ? Math.min(...a) : NaN);
const expJs = minOf(ratio(kernels.filter((k) => EXP_FAMILY.has(k.name)), (k) => k.wasm_eps / k.js_eps));
const reluJs = minOf(ratio(kernels.filter((k) => !EXP_FAMILY.has(k.name)), (k) => k.wasm_eps / k.js_eps));
const smallTf = minOf(ratio(training.slice(0, 2), (t) => t.wasm_sps / t.tfjs_wasm_sps));
const kNative = minOf(ratio(kernels, (k) => k.wasm_eps / k.native_eps));
const tNative = minOf(ratio(training, (t) => t.wasm_sps / t.native_sps));
lines.push("", "### Targets", "");
lines.push(`- wasm ≥ 3× plain JS on exp-family kernels: worst ${expJs.toFixed(2)}× — ${verdict(expJs >= 3)}`);
lines.push(`- wasm ≥ 1× plain JS on ReLU-family kernels: worst ${reluJs.toFixed(2)}× — ${verdict(reluJs >= 1)}`);
lines.push(`- wasm training ≥ 3× TF.js-wasm on the small nets: worst ${smallTf.toFixed(2)}× — ${verdict(smallTf >= 3)}`);
lines.push(`- wasm within 2× of native: kernels worst ${kNative.toFixed(2)}×, training worst ${tNative.toFixed(2)}× — ${verdict(kNative >= 0.5 && tNative >= 0.5)}`);
lines.push(...pageTargets(page, lighthouse, verdict));
lines.push(...cnnTargets(cnn, verdict));
const section = lines.join("\n") + "\n";

const readmePath = path.join(repo, "README.md");
const readme = fs.readFileSync(readmePath, "utf8");
if (ONLY) {
  const note = `This table alone was measured on ${cnn.date.slice(0, 10)} by \`BENCH_ONLY=cnn node benches/browser/run.mjs\` (load average ${cnn.load_average_1m.map((v) => v.toFixed(1)).join(" → ")} on ${os.cpus().length} cores, Chromium ${chromeVersion}); the other tables are from the last full run.`;
  fs.writeFileSync(readmePath, spliceCnn(readme, cnnSection(cnn, { torch: cnn.torch }), cnnTargets(cnn, verdict), note));
  console.log(cnnSection(cnn, { torch: cnn.torch }).join("\n"));
  process.exit(0);
}
const at = readme.indexOf("\n## Performance\n");
let updated;
if (at >= 0) {
  const rest = readme.slice(at + 1);
  const next = rest.indexOf("\n## ", 1);
  updated = readme.slice(0, at + 1) + section + (next >= 0 ? rest.slice(next) : "");
} else {
  updated = readme.replace(/\n*$/, "\n\n") + section;
}
fs.writeFileSync(readmePath, updated);
console.log(section);
