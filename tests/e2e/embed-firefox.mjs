// The test blog post in Firefox (Debian's firefox-esr, driven by puppeteer-core over WebDriver
// BiDi; nothing downloads a browser): the widgets load from the other origin under the post's CSP,
// train — to the very numbers Chromium gets —, pause off screen, download the training wasm once,
// and log no console error.
// Called from run.mjs (same harness); FIREFOX=<path> picks the binary.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import puppeteer from "puppeteer-core";
import { chromium } from "playwright-core";
import { startBlogServers } from "./blog-servers.mjs";
import { BLOG_DIR } from "./embed-widgets.mjs";

const FIREFOX = process.env.FIREFOX ?? "/usr/bin/firefox-esr";

const state = (page, id) =>
  page.evaluate((id) => {
    const e = document.getElementById(id);
    return { ...e.dataset, status: e.shadowRoot.querySelector(".status")?.textContent ?? "" };
  }, id);
const until = (page, fn, arg, timeout = 90000) => page.waitForFunction(fn, { timeout, polling: 100 }, arg);
const show = (page, id) => page.evaluate((id) => document.getElementById(id).scrollIntoView({ block: "center" }), id);
const click = (page, id, button) => page.evaluate(([id, b]) => document.getElementById(id).shadowRoot.querySelector(`button.${b}`).click(), [id, button]);

/** The boundary widget's final record in headless Chromium (the reference every reader gets). */
async function chromiumRun(blog) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "actlab-e2e-"));
  const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
  const context = await chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: flags, viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${blog}/index.html`);
    await page.evaluate(() => document.getElementById("boundary").scrollIntoView({ block: "center" }));
    await page.waitForFunction(() => document.getElementById("boundary").dataset.ready === "1", null, { timeout: 60000 });
    await page.locator("#boundary button.play").click();
    await page.waitForFunction(() => document.getElementById("boundary").dataset.state === "done", null, { timeout: 90000 });
    return await page.evaluate(() => document.getElementById("boundary").results().latest);
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function embedFirefoxChecks({ check, assert, root, artifacts }) {
  await check("embed: in Firefox, the post's widgets train (as in Chromium, bit for bit), pause off screen, download the wasm once, no console errors", async () => {
    assert(fs.existsSync(FIREFOX), `${FIREFOX} is missing: apt-get install firefox-esr`);
    const servers = await startBlogServers({ www: root, blogDir: BLOG_DIR });
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "actlab-ff-"));
    const browser = await puppeteer.launch({
      browser: "firefox",
      executablePath: FIREFOX,
      headless: true,
      userDataDir: profile,
      defaultViewport: { width: 1280, height: 900 },
      extraPrefsFirefox: { "browser.shell.checkDefaultBrowser": false, "datareporting.policy.dataSubmissionEnabled": false, "app.update.enabled": false },
    });
    try {
      const reference = await chromiumRun(servers.blog);
      const start = servers.log.length;
      const page = await browser.newPage();
      const errors = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.evaluateOnNewDocument(() => {
        document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
      });
      await page.goto(`${servers.blog}/index.html`, { waitUntil: "load" });
      await new Promise((r) => setTimeout(r, 1000));
      const early = servers.log.slice(start).filter((r) => /^\/(pkg-train\/|js\/embed-widget\.js)/.test(r.path) && !r.referer.includes("embed.html"));
      assert(early.length === 0, `loaded before a widget was near: ${early.map((r) => r.path)}`);
      // Train the circle to the end.
      await show(page, "boundary");
      await until(page, () => document.getElementById("boundary").dataset.ready === "1");
      await click(page, "boundary", "play");
      await until(page, () => document.getElementById("boundary").dataset.state === "done");
      const r = await page.evaluate(() => document.getElementById("boundary").results());
      assert(r.latest.epoch === 200 && r.latest.test_accuracy >= 0.95, `Firefox run ${JSON.stringify(r.latest)}`);
      // Fixed seeds: a reader in Chromium gets this very run, bit for bit.
      assert(JSON.stringify(r.latest) === JSON.stringify(reference), `Firefox ${JSON.stringify(r.latest)}\nChromium ${JSON.stringify(reference)}`);
      // Off screen it pauses, back on screen it goes on.
      await page.evaluate(() => {
        const b = document.getElementById("boundary");
        b.setAttribute("speed", "10");
        b.setAttribute("epochs", "2000");
      });
      await until(page, () => document.getElementById("boundary").dataset.ready === "1");
      await click(page, "boundary", "play");
      await until(page, () => Number(document.getElementById("boundary").dataset.steps) > 0);
      await page.evaluate(() => window.scrollTo(0, 0));
      await new Promise((r) => setTimeout(r, 400));
      const away = Number((await state(page, "boundary")).steps);
      await new Promise((r) => setTimeout(r, 1500));
      const later = await state(page, "boundary");
      assert(Number(later.steps) === away && later.state === "paused", `Firefox trained off screen: ${away} → ${later.steps} (${later.status})`);
      await show(page, "boundary");
      await until(page, (n) => Number(document.getElementById("boundary").dataset.steps) > n, away, 15000);
      await click(page, "boundary", "play");
      // The comparison.
      await show(page, "deep");
      await until(page, () => document.getElementById("deep").dataset.ready === "1");
      await click(page, "deep", "play");
      await until(page, () => document.getElementById("deep").dataset.state === "done", undefined, 120000);
      const runs = await page.evaluate(() => document.getElementById("deep").results());
      assert(runs.every((x) => x.state === "done" && x.records === 3), `Firefox compare: ${JSON.stringify(runs.map((x) => [x.label, x.state, x.records]))}`);
      const wasm = servers.log.slice(start).filter((x) => x.path === "/pkg-train/activation_lab_bg.wasm" && !x.referer.includes("embed.html"));
      assert(wasm.length === 1, `Firefox downloaded the training wasm ${wasm.length} times`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(artifacts, "embed-post-firefox.png"), fullPage: true });
      assert(errors.length === 0, `Firefox console: ${errors.join(" | ")}`);
    } finally {
      await browser.close();
      servers.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });
}
