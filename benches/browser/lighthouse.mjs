// Lighthouse (npm lighthouse, pinned in package.json) on the Debian chromium: index.html mobile and
// desktop, embed.html mobile; the four category scores plus TBT, LCP and CLS per page. www/ is
// served the way a static host serves it (gzip for text and wasm), on a free localhost port.
// run.mjs calls `lighthouseRuns()` during `make bench`; run alone
// (`node benches/browser/lighthouse.mjs`) it prints the table and rewrites only the README's
// "### Lighthouse" part of the Performance section.
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import * as chromeLauncher from "chrome-launcher";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const www = path.join(repo, "www");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const ONLY = process.env.LH_ONLY ?? "";
export const PAGES = [
  { name: "index.html, mobile", file: "index.html", config: undefined },
  { name: "index.html, desktop", file: "index.html", config: desktopConfig },
  { name: "embed.html, mobile", file: "embed.html#fn=gelu,relu&deriv=1", config: undefined },
];

const MIME = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
};
const COMPRESS = new Set([".html", ".js", ".css", ".wasm", ".json", ".svg"]);

/** A static server for www/ with gzip and a short cache lifetime, like common static hosting. */
function serve() {
  const cache = new Map();
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = path.normalize(path.join(www, rel === "/" ? "index.html" : rel));
    if (!file.startsWith(www) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return res.writeHead(404).end("not found");
    const ext = path.extname(file);
    const headers = { "content-type": MIME[ext] ?? "application/octet-stream", "cache-control": "max-age=600" };
    let body = fs.readFileSync(file);
    if (COMPRESS.has(ext) && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
      if (!cache.has(file)) cache.set(file, zlib.gzipSync(body, { level: 9 }));
      body = cache.get(file);
      headers["content-encoding"] = "gzip";
    }
    res.writeHead(200, headers).end(body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** One Lighthouse run per page; returns [{ name, scores: {category: 0–100}, tbt_ms, lcp_ms, cls, bytes }]. */
export async function lighthouseRuns({ runs = 1 } = {}) {
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const out = [];
  try {
    for (const p of PAGES.filter((x) => x.name.includes(ONLY))) {
      const all = [];
      for (let i = 0; i < runs; i++) {
        const { lhr } = await lighthouse(`${origin}/${p.file}`, { port: chrome.port, logLevel: "error", onlyCategories: CATEGORIES }, p.config);
        if (process.env.LH_DUMP) fs.writeFileSync(path.join(process.env.LH_DUMP, `${p.name.replace(/\W+/g, "-")}-${i}.json`), JSON.stringify(lhr));
        all.push(summarise(p.name, lhr));
      }
      // The run with the median performance score.
      all.sort((a, b) => a.scores.performance - b.scores.performance);
      out.push({ ...all[Math.floor(all.length / 2)], performance_runs: all.map((r) => r.scores.performance) });
    }
  } finally {
    await chrome.kill();
    server.close();
  }
  return out;
}

function summarise(name, lhr) {
  const a = lhr.audits;
  const failed = CATEGORIES.flatMap((c) =>
    lhr.categories[c].auditRefs.filter((r) => r.weight > 0 && a[r.id].score !== null && a[r.id].score < 1).map((r) => `${c}:${r.id}`),
  );
  return {
    name,
    scores: Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(lhr.categories[c].score * 100)])),
    tbt_ms: a["total-blocking-time"].numericValue,
    lcp_ms: a["largest-contentful-paint"].numericValue,
    fcp_ms: a["first-contentful-paint"].numericValue,
    cls: a["cumulative-layout-shift"].numericValue,
    bytes: a["total-byte-weight"].numericValue,
    below_full_marks: failed,
    lighthouse: lhr.lighthouseVersion,
    chromium: lhr.environment.hostUserAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? "?",
  };
}

/** The README's "### Lighthouse" part for `results`. */
export function lighthouseTable(results) {
  const r0 = results[0];
  const lines = ["### Lighthouse", ""];
  lines.push(
    `Lighthouse ${r0.lighthouse} (simulated throttling: mobile = Moto G Power on slow 4G, desktop = its desktop preset), Chromium ${r0.chromium}, ` +
      `www/ served with gzip from localhost; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores when it finished.`,
    "",
  );
  lines.push("| page | performance | accessibility | best practices | SEO | TBT | LCP | CLS | transferred |", "|---|--:|--:|--:|--:|--:|--:|--:|--:|");
  for (const r of results) {
    const s = r.scores;
    lines.push(
      `| ${r.name} | ${s.performance} | ${s.accessibility} | ${s["best-practices"]} | ${s.seo} | ${Math.round(r.tbt_ms)} ms | ${(r.lcp_ms / 1000).toFixed(2)} s | ${r.cls.toFixed(3)} | ${Math.round(r.bytes / 1024)} KB |`,
    );
  }
  return lines.join("\n") + "\n";
}

/** Replaces (or adds) the "### Lighthouse" part inside README's "## Performance" section. */
function writeReadme(table) {
  const file = path.join(repo, "README.md");
  const readme = fs.readFileSync(file, "utf8");
  const perf = readme.indexOf("\n## Performance\n");
  if (perf < 0) throw new Error("README.md has no ## Performance section");
  const end = readme.indexOf("\n## ", perf + 1);
  const sectionEnd = end < 0 ? readme.length : end;
  const at = readme.indexOf("\n### Lighthouse\n", perf);
  let updated;
  if (at >= 0 && at < sectionEnd) {
    const next = readme.indexOf("\n### ", at + 1);
    const stop = next >= 0 && next < sectionEnd ? next : sectionEnd;
    updated = `${readme.slice(0, at + 1)}${table}${readme.slice(stop)}`;
  } else {
    const targets = readme.indexOf("\n### Targets\n", perf);
    const where = targets >= 0 && targets < sectionEnd ? targets : sectionEnd;
    updated = `${readme.slice(0, where)}\n\n${table.trimEnd()}\n${readme.slice(where)}`;
  }
  fs.writeFileSync(file, updated);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await lighthouseRuns({ runs: Number(process.env.LH_RUNS ?? 1) });
  for (const r of results) console.log(JSON.stringify(r));
  const table = lighthouseTable(results);
  console.log(table);
  if (!process.argv.includes("--no-readme")) writeReadme(table);
}
