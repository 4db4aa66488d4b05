// Lighthouse (12.2.3, pinned in package.json; mobile preset: Moto G Power on slow 4G, simulated) on
// the test blog post, both origins served with gzip as a static host serves them: performance ≥ 95
// (the widgets must cost the host page nothing until they near the viewport). Prints the four
// category scores with TBT, LCP and CLS. Called from run.mjs (same harness).
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { startBlogServers } from "./blog-servers.mjs";
import { BLOG_DIR } from "./embed-widgets.mjs";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];

export async function embedLighthouseChecks({ check, assert, root }) {
  await check("embed: Lighthouse mobile on the test blog post scores ≥ 95 for performance", async () => {
    const servers = await startBlogServers({ www: root, blogDir: BLOG_DIR, gzip: true });
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const { lhr } = await lighthouse(`${servers.blog}/index.html`, { port: chrome.port, logLevel: "error", onlyCategories: CATEGORIES });
      const score = (c) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
      const a = lhr.audits;
      const summary = {
        performance: score("performance"),
        accessibility: score("accessibility"),
        "best-practices": score("best-practices"),
        seo: score("seo"),
        tbt_ms: Math.round(a["total-blocking-time"].numericValue),
        lcp_s: Math.round(a["largest-contentful-paint"].numericValue) / 1000,
        cls: Number(a["cumulative-layout-shift"].numericValue.toFixed(3)),
        transferred_kb: Math.round(a["total-byte-weight"].numericValue / 1000),
      };
      const failing = Object.values(lhr.audits)
        .filter((x) => x.score !== null && x.score < 0.9 && x.scoreDisplayMode === "binary")
        .map((x) => x.id);
      console.log(`     lighthouse, blog post, mobile: ${JSON.stringify(summary)}; audits below 0.9: ${failing.join(", ") || "none"}`);
      assert(summary.performance >= 95, `performance ${summary.performance}: ${JSON.stringify(summary)}`);
      assert(summary.accessibility === 100 && summary["best-practices"] === 100, `${JSON.stringify(summary)}; failing audits: ${failing.join(", ")}`);
    } finally {
      await chrome.kill();
      servers.close();
    }
  });
}
