// Where the time to the first curve goes: navigation, module scripts, wasm fetch/compile, draw.
// Then this machine's floor for it: the first paint of the same index.html with every script
// removed (HTML + CSS only, nothing the page could draw earlier than that) and of a one-line page.
// Usage: node benches/browser/first-curve-profile.mjs  (serves www/ itself; needs `make wasm`).
import { createServer } from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { firstPaint, staticIndexHtml } from "./page-floor.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../www");
const require = createRequire(path.resolve(here, "../../tests/e2e/package.json"));
const { chromium } = require("playwright-core");
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".svg": "image/svg+xml" };
const pages = {
  "/static-index.html": staticIndexHtml(root),
  "/one-line.html": '<!doctype html><html lang="en"><meta charset="utf-8"><title>x</title><p>Activation Lab</p></html>',
};
const server = createServer((req, res) => {
  const pathname = new URL(req.url, "http://x").pathname;
  if (pages[pathname]) return res.writeHead(200, { "content-type": "text/html" }).end(pages[pathname]);
  const file = path.join(root, decodeURIComponent(pathname));
  if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
}).listen(0, "127.0.0.1");
await new Promise((r) => server.once("listening", r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const rows = [];
for (let run = 0; run < 5; run++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.documentElement.dataset.curve === "1") {
        obs.disconnect();
        window.__curve = performance.now();
        requestAnimationFrame(() => (window.__firstCurve = performance.now()));
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-curve"] });
  });
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => window.__firstCurve !== undefined && document.documentElement.dataset.ready === "1", null, { timeout: 20000 });
  rows.push(
    await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const res = performance.getEntriesByType("resource");
      const end = (re) => Math.max(0, ...res.filter((r) => re.test(r.name)).map((r) => r.responseEnd));
      return {
        html: nav.responseEnd,
        domContentLoaded: nav.domContentLoadedEventEnd,
        scriptsLoaded: end(/\.js$/),
        wasmFetched: end(/pkg\/activation_lab_bg\.wasm$/),
        trainWasmFetched: end(/pkg-train\/activation_lab_bg\.wasm$/),
        curveDrawn: window.__curve,
        firstCurve: window.__firstCurve,
      };
    }),
  );
  await context.close();
}
const floor = {
  staticIndexPaint: await firstPaint(browser, `${origin}/static-index.html`, 9),
  oneLinePaint: await firstPaint(browser, `${origin}/one-line.html`, 9),
};
await browser.close();
server.close();
const median = (k) => [...rows.map((r) => r[k])].sort((a, b) => a - b)[2];
for (const k of Object.keys(rows[0])) console.log(`${k.padEnd(18)} ${median(k).toFixed(1)} ms (median of 5)`);
console.log("floor: first paint without our scripts (median of 9)");
for (const [k, v] of Object.entries(floor)) console.log(`${k.padEnd(18)} ${v.toFixed(1)} ms`);
