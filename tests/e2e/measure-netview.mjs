// Training speed with the network view open vs closed (issue 19): circle, 2-8-8-1 (or the `t.`
// pairs given as argv[2]), the worker's samples/s read from the page every 250 ms over alternating
// 5 s windows (first second of each dropped), 4 windows per state. Not part of `make test` (speed
// goals live in benchmarks, never in timed tests): run `node tests/e2e/measure-netview.mjs` after
// `make wasm`.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../www");
const MIME = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".svg": "image/svg+xml", ".json": "application/json" };
const server = http.createServer((req, res) => {
  const file = path.normalize(path.join(root, new URL(req.url, "http://x").pathname));
  if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": MIME[path.extname(file)] ?? "application/octet-stream", "content-length": fs.statSync(file).size });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const hash = process.argv[2] ?? "t.ds=circle&t.n=2000&t.h=8,8&t.act=relu&t.ep=10000";
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${origin}/index.html#${hash}`);
await page.waitForFunction(() => window.activationLabTrain?.records() >= 1, null, { timeout: 60000 });
await page.click("#t-play");
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const rates = { open: [], closed: [] };
const updates = { open: 0, closed: 0 };
for (let round = 0; round < 8; round++) {
  const state = round % 2 ? "closed" : "open";
  await page.evaluate((o) => {
    const box = document.getElementById("t-net-box");
    if (box.open !== o) box.open = o;
  }, state === "open");
  await page.waitForTimeout(1000);
  const u0 = await page.$eval("#t-net-box", (n) => Number(n.dataset.updates || 0));
  for (let i = 0; i < 16; i++) {
    await page.waitForTimeout(250);
    const v = Number((await page.$eval("#t-sps", (n) => n.textContent)).replace(/[^0-9.]/g, ""));
    if (v > 0) rates[state].push(v);
    else if (process.env.DEBUG) console.log(await page.$eval("#t-sps", (n) => n.textContent), await page.$eval("#t-status", (n) => n.textContent));
  }
  updates[state] += (await page.$eval("#t-net-box", (n) => Number(n.dataset.updates || 0))) - u0;
}
const open = median(rates.open);
const closed = median(rates.closed);
console.log(`${hash}: samples/s with the view closed ${closed.toFixed(0)}, open ${open.toFixed(0)} (${(((open - closed) / closed) * 100).toFixed(1)} %); view updates in 16 s open: ${updates.open}, closed: ${updates.closed}`);
await browser.close();
server.close();
