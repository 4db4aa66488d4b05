// Wall time of a 6-activation comparison in headless Chromium, with the machine's load average
// sampled while it runs. Not part of `make test`: run after `make wasm`:
//   node tests/e2e/measure-compare.mjs [targets] [--cores N] [--shots]
// targets (comma-separated, default digits,mnist): `digits` / `mnist` click the "MNIST article"
// preset (the MLP stand-in: Adam 1e-3, batch 128, clip 0.5, 20 epochs; 64-32-10 on 8×8 digits,
// 784-64-10 on MNIST 10k); `article-cnn` clicks "The article's experiment" (the article's CNN on
// MNIST, six activations, 2 epochs each); `mnist-defaults` is issue 18's newcomer: pick MNIST in the
// data-set select (its per-data-set defaults apply) and press "Run comparison"; `article-cnn-as-written`
// turns on the article's loss as written first (both accuracies, the article's figures saved as
// compare-article-figures.png). `--acts a,b` narrows the line-up after a preset (e.g. sigmoid,relu).
// `--cores N` overrides navigator.hardwareConcurrency
// (the pool runs N − 1 at once; default: the machine's). `--shots` saves screenshots during and
// after the run (desktop; phone 390×844 and Chinese after) to tests/e2e/artifacts/.
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../www");
const artifacts = path.resolve(root, "../tests/e2e/artifacts");
fs.mkdirSync(artifacts, { recursive: true });
const args = process.argv.slice(2);
const flag = (name) => args.indexOf(name);
const cores = flag("--cores") >= 0 ? Number(args[flag("--cores") + 1]) : null;
const shots = flag("--shots") >= 0;
const acts = flag("--acts") >= 0 ? args[flag("--acts") + 1].split(",") : null;
const targets = (args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--cores" && args[i - 1] !== "--acts") ?? "digits,mnist").split(",");

const MIME = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".svg": "image/svg+xml", ".json": "application/json" };
const server = http.createServer((req, res) => {
  const file = path.normalize(path.join(root, new URL(req.url, "http://x").pathname));
  if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": MIME[path.extname(file)] ?? "application/octet-stream", "content-length": fs.statSync(file).size });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "actlab-measure-"));
const context = await chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: FLAGS, viewport: { width: 1280, height: 900 } });
if (cores) await context.addInitScript((k) => Object.defineProperty(Navigator.prototype, "hardwareConcurrency", { get: () => k }), cores);

const done = () => document.getElementById("compare").dataset.done === "1";
for (const target of targets) {
  const written = target === "article-cnn-as-written";
  const cnn = target === "article-cnn" || written;
  const newcomer = target === "mnist-defaults";
  const page = await context.newPage();
  await page.goto(`${origin}/index.html#t.ds=${cnn || newcomer ? "digits" : target}`);
  await page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 60000 });
  await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 120000 });
  const hc = await page.evaluate(() => navigator.hardwareConcurrency);
  const loads = [os.loadavg()[0]];
  const sampler = setInterval(() => loads.push(os.loadavg()[0]), 5000);
  let t0 = Date.now();
  if (newcomer) {
    await page.selectOption("#t-ds", "mnist");
    await page.waitForFunction(() => location.hash.includes("t.ds=mnist"), null, { timeout: 120000 });
    console.log(`mnist-defaults: form after the switch: ${await page.evaluate(() => location.hash)}`);
    t0 = Date.now();
    await page.click("#c-run");
  } else {
    // The preset sets the comparison up; Run runs it (the wall time counts from Run).
    if (written) await page.check("#c-as-written");
    await page.click(cnn ? "#c-preset-article-cnn" : "#c-preset-article");
    await page.waitForFunction(() => !document.getElementById("c-run").disabled && !document.getElementById("compare").dataset.running, null, { timeout: 120000 });
    if (acts) {
      for (const box of await page.$$("#c-acts input")) {
        const want = acts.includes(await box.getAttribute("value"));
        if ((await box.isChecked()) !== want) await box.click();
      }
    }
    t0 = Date.now();
    await page.click("#c-run");
  }
  if (shots) {
    // During: once a run has finished its first epoch.
    await page.waitForFunction(() => document.querySelector('#c-progress .cmp-run[data-state="running"]')?.querySelector("progress").value > 0.5, null, { timeout: 1800000, polling: 1000 });
    await page.locator("#compare").screenshot({ path: path.join(artifacts, `compare-${target}-running.png`) });
  }
  await page.waitForFunction(done, null, { timeout: 3600000, polling: 1000 });
  const wall = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  loads.push(os.loadavg()[0]);
  const rows = await page.$$eval("#c-table tbody tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent).join(" | ")));
  const peak = await page.$eval("#compare", (c) => c.dataset.peak);
  const mean = loads.reduce((a, b) => a + b, 0) / loads.length;
  console.log(`${target}: 6-activation comparison, wall ${wall.toFixed(1)} s (page: ${await page.$eval("#c-status", (n) => n.textContent)})`);
  console.log(`  hardwareConcurrency ${hc}, runs at once (peak) ${peak}, ${os.cpus().length} CPUs; 1-min load average during: mean ${mean.toFixed(2)}, min ${Math.min(...loads).toFixed(2)}, max ${Math.max(...loads).toFixed(2)}`);
  for (const r of rows) console.log(`  ${r}`);
  const csv = (await page.evaluate(() => window.activationLabTrain.compareCsv())).trim().split("\n");
  console.log(`  ${csv[0]}`);
  for (const line of csv.slice(1)) console.log(`  ${line}`);
  if (written) await page.locator(".article-box").screenshot({ path: path.join(artifacts, "compare-article-figures.png") });
  await page.locator("#compare").screenshot({ path: path.join(artifacts, `compare-${target}.png`) });
  if (shots) {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator("#compare").screenshot({ path: path.join(artifacts, `compare-${target}-phone.png`) });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.selectOption("#lang", "zh").catch(() => page.evaluate(() => (location.hash += "&lang=zh")));
    await page.waitForTimeout(500);
    await page.locator("#compare").screenshot({ path: path.join(artifacts, `compare-${target}-zh.png`) });
  }
  await page.close();
}
await context.close();
server.close();
