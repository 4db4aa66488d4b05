// The newcomer's walk of issue 29, for looking at: MNIST, "the article's CNN" preset, Play, the
// maps picker, then "The article's experiment" in the compare section and Run. Saves screenshots
// to tests/e2e/artifacts/walk-<viewport>-<lang>-<step>.png and prints what the panels say at each
// step. Not part of `make test`; run after `make wasm`:
//   node tests/e2e/walk-cnn.mjs [--phone] [--zh] [--play-seconds 45] [--compare-seconds 60]
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
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const phone = args.includes("--phone");
const zh = args.includes("--zh");
const playSeconds = opt("--play-seconds", 45);
const compareSeconds = opt("--compare-seconds", 60);
const tag = `walk-${phone ? "390" : "1280"}-${zh ? "zh" : "en"}`;

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
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "actlab-walk-"));
const viewport = phone ? { width: 390, height: 844 } : { width: 1280, height: 900 };
const context = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: FLAGS,
  viewport,
  ...(phone ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}),
});
const page = await context.newPage();
const errors = [];
page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
page.on("pageerror", (e) => errors.push(String(e)));
await page.goto(`${origin}/index.html${zh ? "#lang=zh" : ""}`);
await page.evaluate(() => document.getElementById("train").scrollIntoView());
await page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 120000 });
await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 120000 });

const say = async (step) => {
  const s = await page.evaluate(() => {
    const txt = (id) => document.getElementById(id)?.textContent.trim() ?? "";
    const shown = (id) => !document.getElementById(id)?.hidden;
    return {
      subtitle: document.querySelector("#train .subtitle").textContent,
      note: shown("t-defaults-note") ? txt("t-defaults-note") : "",
      lr: document.getElementById("t-lr").value,
      ep: document.getElementById("t-ep").value,
      counters: ["t-epoch", "t-steps", "t-acc", "t-loss", "t-mspe"].map(txt).join(" | "),
      eta: txt("t-eta"),
      coverage: shown("t-coverage") ? txt("t-coverage") : "",
      hist: txt("t-hist-note"),
      net: `${document.getElementById("t-net-box")?.dataset.kind || "-"}: ${txt("t-net-note").slice(0, 60)}`,
      maps: shown("t-cmaps-box") ? txt("t-cmaps-sample") : "(card hidden)",
      matrix: txt("t-confusion-note").slice(0, 80),
      digits: txt("t-digits-note"),
      compare: `${txt("c-status")} ${txt("c-eta")}`,
    };
  });
  console.log(`--- ${step}`);
  for (const [k, v] of Object.entries(s)) if (v) console.log(`  ${k}: ${v}`);
};
const shot = (step, sel = "#train") => page.locator(sel).screenshot({ path: path.join(artifacts, `${tag}-${step}.png`) });

await page.selectOption("#t-ds", "mnist");
await page.waitForFunction(() => decodeURIComponent(location.hash).includes("t.ds=mnist"), null, { timeout: 60000 });
await page.waitForTimeout(1500);
await say("mnist");
await page.click("#t-cnn-article");
await page.waitForTimeout(800);
await say("article preset, at once");
await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 180000 });
await page.waitForTimeout(3000);
await say("article preset, built");
await shot("1-before-play");
await page.click("#t-play");
await page.waitForTimeout(playSeconds * 1000);
await say(`after ${playSeconds} s of play`);
await shot("2-playing");
await page.locator("#t-cmaps-wrong").scrollIntoViewIfNeeded();
await page.click("#t-cmaps-wrong");
await page.waitForTimeout(300);
await say("next misclassified, 0.3 s later");
await page.locator("#t-cmaps-box").screenshot({ path: path.join(artifacts, `${tag}-3-picker.png`) });
await page.click("#t-play");
await page.locator("#t-layers-panel").screenshot({ path: path.join(artifacts, `${tag}-4-layer-panels.png`) });
const kernel = page.locator('#t-editor-rows > li:nth-child(1) [data-field="filters"]');
await kernel.fill("5000");
await kernel.dispatchEvent("change");
await page.waitForTimeout(500);
await page.locator("#t-editor").screenshot({ path: path.join(artifacts, `${tag}-5-bad-field.png`) });
await kernel.fill("32");
await kernel.dispatchEvent("change");
await page.waitForTimeout(500);
await page.locator("#compare").scrollIntoViewIfNeeded();
await page.click("#c-preset-article-cnn");
await page.waitForTimeout(1000);
await say("compare preset");
await shot("6-compare-preset", "#compare");
await page.click("#c-run");
await page.waitForTimeout(compareSeconds * 1000);
await say(`compare, ${compareSeconds} s after Run`);
await shot("7-compare-running", "#compare");
await page.click("#c-cancel");
console.log(`console errors: ${errors.length ? errors.join(" | ") : "none"}`);
await context.close();
fs.rmSync(dir, { recursive: true, force: true });
server.close();
