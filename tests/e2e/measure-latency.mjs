// Input latency of the page while a comparison trains, with N compare workers at once (issue 29:
// "measure the page's input latency with as many workers as cores, and run that many at once if
// it stays under 100 ms"). Not part of `make test`: run after `make wasm`:
//   node tests/e2e/measure-latency.mjs [--workers 0,1,2] [--seconds 30] [--target article-cnn|mnist]
// (0 workers: the page idle, for the machine's own share.)
// For each N it opens the page with navigator.hardwareConcurrency set so the compare pool runs N
// at once (it asks the page how many workers a core count gives: N+1 cores while the pool keeps a
// core free, N once it runs one per core), starts
// the comparison, waits until N runs train, then for `seconds` clicks the "log scale" box of the
// compare loss chart and types into the target field every 250 ms. Each input's latency is the
// time from the event's timestamp to the next animation frame after its handlers ran (what the
// reader waits for before the page can show the change), measured in the page. Prints median,
// 95th percentile and worst per N, with the machine's load average.
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../www");
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const workers = opt("--workers", "1,2").split(",").map(Number);
const seconds = Number(opt("--seconds", "30"));
const target = opt("--target", "article-cnn");

const MIME = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".svg": "image/svg+xml", ".json": "application/json" };
const server = http.createServer((req, res) => {
  const file = path.normalize(path.join(root, new URL(req.url, "http://x").pathname));
  if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": MIME[path.extname(file)] ?? "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const HASH = {
  "article-cnn": `t.ds=mnist&t.layers=conv32k3,conv64k3,pool2,drop0.25,flatten,128,drop0.5&t.opt=adam&t.lr=0.001&t.bs=128&t.ep=2&t.cv=0.5&t.cmp=sigmoid,relu,elu,selu`,
  mnist: "t.ds=mnist&t.h=256&t.bs=32&t.ep=20&t.lr=0.001&t.opt=adam&t.cmp=sigmoid,relu,elu,selu",
}[target];

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

for (const n of workers) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "actlab-latency-"));
  const context = await chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: FLAGS, viewport: { width: 1280, height: 900 } });
  // The page asks the core how many workers per core count; find the count that gives n.
  let cores = Math.max(1, n);
  for (const c of n > 0 ? [n, n + 1] : []) {
    const probe = await context.newPage();
    await probe.addInitScript((k) => Object.defineProperty(Navigator.prototype, "hardwareConcurrency", { get: () => k }), c);
    await probe.goto(`${origin}/index.html#t.ds=circle`);
    await probe.evaluate(() => document.getElementById("train").scrollIntoView());
    await probe.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 60000 });
    const limit = await probe.evaluate(() => window.activationLabTrain.compareWorkers?.() ?? Math.max(1, navigator.hardwareConcurrency - 1));
    await probe.close();
    if (limit === n) {
      cores = c;
      break;
    }
  }
  await context.addInitScript((k) => Object.defineProperty(Navigator.prototype, "hardwareConcurrency", { get: () => k }), cores);
  const page = await context.newPage();
  await page.goto(`${origin}/index.html#${HASH}`);
  await page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 60000 });
  await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 180000 });
  await page.evaluate(() => {
    window.__lat = [];
    const measure = (ev) => {
      const t0 = ev.timeStamp;
      requestAnimationFrame(() => window.__lat.push(performance.now() - t0));
    };
    for (const type of ["pointerdown", "keydown"]) document.addEventListener(type, measure, { capture: true });
  });
  // N = 0: the page idle (no comparison), the machine's own share of the latency.
  if (n > 0) {
    await page.click("#c-run");
    await page.waitForFunction((k) => document.querySelectorAll('#c-progress .cmp-run[data-state="running"]').length >= k, n, { timeout: 300000, polling: 200 });
  }
  const loads = [os.loadavg()[0]];
  await page.locator("#c-log").scrollIntoViewIfNeeded();
  const t0 = Date.now();
  let i = 0;
  while (Date.now() - t0 < seconds * 1000) {
    if (i % 2) await page.click("#c-log");
    else {
      await page.focus("#c-target");
      await page.keyboard.press("ArrowUp");
    }
    i++;
    await page.waitForTimeout(250);
    if (i % 20 === 0) loads.push(os.loadavg()[0]);
  }
  const running = await page.$$eval('#c-progress .cmp-run[data-state="running"]', (r) => r.length);
  const lat = await page.evaluate(() => window.__lat);
  if (n > 0) await page.click("#c-cancel");
  const f = (v) => v.toFixed(1);
  console.log(
    `${target}: ${n} worker(s) at once (hardwareConcurrency ${cores}, ${os.cpus().length} CPUs, ${running} running at the end): ` +
      `${lat.length} inputs, latency median ${f(quantile(lat, 0.5))} ms, p95 ${f(quantile(lat, 0.95))} ms, worst ${f(Math.max(...lat))} ms; ` +
      `1-min load average ${f(Math.min(...loads))}–${f(Math.max(...loads))}`,
  );
  await context.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
server.close();
