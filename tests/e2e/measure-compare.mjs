// Wall time of the default 6-activation comparison (the "MNIST article" preset: Adam 1e-3, batch
// 128, clip value 0.5, 20 epochs; 64-32-10 on 8×8 digits, 784-64-10 on MNIST 10k) in headless
// Chromium. Not part of `make test`: run `node tests/e2e/measure-compare.mjs` after `make wasm`.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../www");
const MIME = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".svg": "image/svg+xml" };
const server = http.createServer((req, res) => {
  const file = path.normalize(path.join(root, new URL(req.url, "http://x").pathname));
  if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": MIME[path.extname(file)] ?? "application/octet-stream", "content-length": fs.statSync(file).size });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
for (const ds of (process.argv[2] ?? "digits,mnist").split(",")) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${origin}/index.html#t.ds=${ds}`);
  await page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 30000 });
  await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 120000 });
  const t0 = Date.now();
  await page.click("#c-preset-article");
  await page.waitForFunction(() => document.getElementById("compare").dataset.done === "1", null, { timeout: 1800000, polling: 1000 });
  const wall = (Date.now() - t0) / 1000;
  const rows = await page.$$eval("#c-table tbody tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent).join(" | ")));
  console.log(`${ds}: 6-activation comparison, wall ${wall.toFixed(1)} s (page: ${await page.$eval("#c-status", (n) => n.textContent)})`);
  for (const r of rows) console.log(`  ${r}`);
  await page.locator("#compare").screenshot({ path: path.join(root, `../tests/e2e/artifacts/compare-article-${ds}.png`) });
  await page.close();
}
await browser.close();
server.close();
