// Measures what the embedded widgets cost a host page and what the worked examples of
// docs/embedding.md show: `node tests/e2e/measure-embed.mjs [bytes|examples]`.
// bytes: for one widget of each kind alone on a page from another origin (served with gzip, as a
//   static host serves it), the bytes the widget host sends before Play (once the widget is ready)
//   and after its first run; then all three on one page.
// examples: runs the seed-002 examples in headless Chromium and prints their figures.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startBlogServers } from "./blog-servers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const www = path.resolve(here, "../../www");
const blogDir = path.resolve(here, "../blog");
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const what = process.argv[2] ?? "bytes";

const page = (body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>m</title><link rel="icon" href="favicon.svg"><link rel="stylesheet" href="blog.css"></head><body><main><script type="module" src="{{WIDGETS}}embed.js"></script>${body}</main></body></html>`;

const CASES = {
  plot: `<activation-plot id="w" fn="relu,gelu" derivative></activation-plot>`,
  train: `<activation-train id="w" dataset="circle" layers="8,8" epochs="50" speed="0"></activation-train>`,
  "train, 6 charts": `<activation-train id="w" dataset="circle" layers="8,8" epochs="50" speed="0" charts="loss,accuracy,boundary,network,gradients,dead"></activation-train>`,
  compare: `<activation-compare id="w" preset="deep" epochs="2"></activation-compare>`,
  "all three": `<activation-plot fn="relu,gelu" derivative></activation-plot><activation-train id="w" dataset="circle" layers="8,8" epochs="50" speed="0"></activation-train><activation-compare id="c" preset="deep" epochs="2"></activation-compare>`,
};

async function withPage(fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "actlab-measure-"));
  const context = await chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: FLAGS, viewport: { width: 1280, height: 3000 } });
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const sum = (rows) => rows.reduce((s, r) => ({ gz: s.gz + r.bytes, raw: s.raw + r.raw }), { gz: 0, raw: 0 });

async function bytes() {
  const servers = await startBlogServers({ www, blogDir, gzip: true });
  console.log("| page | before Play, gzip (raw) | requests | after one run, gzip (raw) |");
  console.log("|---|--:|--:|--:|");
  try {
    for (const [name, body] of Object.entries(CASES)) {
      servers.pages[`/m-${name.replace(/\W+/g, "-")}.html`] = page(body);
      const start = servers.log.length;
      const result = await withPage(async (p) => {
        await p.goto(`${servers.blog}/m-${name.replace(/\W+/g, "-")}.html`);
        await p.waitForFunction(() => [...document.querySelectorAll("activation-plot, activation-train, activation-compare")].every((e) => e.dataset.ready === "1"), null, { timeout: 120000 });
        await p.waitForTimeout(1000);
        const before = servers.log.slice(start);
        let after = before;
        if (name !== "plot") {
          for (const id of ["w", "c"]) {
            if (!(await p.$(`#${id}`))) continue;
            await p.locator(`#${id} button.play`).click();
            await p.waitForFunction((id) => document.getElementById(id).dataset.state === "done", id, { timeout: 300000 });
          }
          after = servers.log.slice(start);
        }
        return { before, after };
      });
      const b = sum(result.before);
      const a = sum(result.after);
      console.log(`| ${name} | ${kb(b.gz)} (${kb(b.raw)}) | ${result.before.length} | ${kb(a.gz)} (${kb(a.raw)}) |`);
      if (process.env.VERBOSE) console.log(result.before.map((r) => `    ${r.path} ${r.bytes}`).join("\n"));
    }
  } finally {
    servers.close();
  }
}

/** The worked examples of docs/embedding.md, run as a reader runs them. */
const EXAMPLES = {
  "sigmoid vs ReLU, gradient norm by layer": `<activation-compare id="w" preset="deep" charts="accuracy,gradients"></activation-compare>`,
  "dead ReLUs at a high learning rate": `<activation-compare id="w" dataset="circle" layers="16,16,16" activations="relu,leaky_relu(0.2),elu" optimizer="adam" lr="0.3" epochs="30" charts="loss,dead"></activation-compare>`,
  "dead ReLUs at a modest learning rate": `<activation-compare id="w" dataset="circle" layers="16,16,16" activations="relu,leaky_relu(0.2),elu" optimizer="adam" lr="0.01" epochs="30" charts="loss,dead"></activation-compare>`,
};
EXAMPLES["selu, mean and std by depth, first epoch"] = `<activation-train id="w" dataset="digits" layers="64,64,64,64,64,64,64,64" activation="selu" lr="0.0001" epochs="1" speed="0" charts="meanstd,loss"></activation-train>`;
EXAMPLES["relu, mean and std by depth, first epoch"] = `<activation-train id="w" dataset="digits" layers="64,64,64,64,64,64,64,64" activation="relu" lr="0.0001" epochs="1" speed="0" charts="meanstd,loss"></activation-train>`;
EXAMPLES["sigmoid, mean and std by depth, first epoch"] = `<activation-train id="w" dataset="digits" layers="64,64,64,64,64,64,64,64" activation="sigmoid" lr="0.0001" epochs="1" speed="0" charts="meanstd,loss"></activation-train>`;
if (process.env.ARTICLE) EXAMPLES["the article's CNN, six activations"] = `<activation-compare id="w" preset="article-cnn"></activation-compare>`;

const round = (v) => (typeof v === "number" ? Number(v.toPrecision(3)) : v);

async function examples() {
  const servers = await startBlogServers({ www, blogDir });
  try {
    for (const [name, body] of Object.entries(EXAMPLES)) {
      if (!name.includes(process.env.ONLY ?? "")) continue;
      const key = `/x-${name.replace(/\W+/g, "-")}.html`;
      servers.pages[key] = page(body);
      const r = await withPage(async (p) => {
        await p.goto(`${servers.blog}${key}`);
        await p.waitForFunction(() => document.getElementById("w").dataset.ready === "1", null, { timeout: 120000 });
        const t0 = Date.now();
        await p.locator("#w button.play").click();
        await p.waitForFunction(() => document.getElementById("w").dataset.state === "done", null, { timeout: 3600000 });
        return { seconds: (Date.now() - t0) / 1000, results: await p.evaluate(() => document.getElementById("w").results()) };
      });
      console.log(`\n${name} (${r.seconds.toFixed(1)} s)`);
      if (Array.isArray(r.results)) {
        for (const run of r.results) {
          const last = run.last ?? {};
          console.log(`  ${run.label}: final test acc ${round(run.summary?.final_test_accuracy)}, grad norms ${JSON.stringify((last.grad_norms ?? []).map(round))}, dead ${JSON.stringify((last.dead_fractions ?? []).map(round))}`);
        }
      } else {
        const l = r.results.latest;
        console.log(`  test acc ${round(l.test_accuracy)}, mean by layer ${JSON.stringify(l.act_mean.map(round))}, std by layer ${JSON.stringify(l.act_std.map(round))}`);
      }
    }
  } finally {
    servers.close();
  }
}

await (what === "examples" ? examples() : bytes());
