// Content-Security-Policy checks, generic over every www/*.html (pages added later are covered
// without touching this file): each page declares the policy in a <meta> tag with no
// 'unsafe-inline' / 'unsafe-eval', and loading it under that policy reports no
// `securitypolicyviolation` event and no CSP console error. Only style attributes may be inline.
import fs from "node:fs";
import path from "node:path";

/** Directives every page must carry (values may grow, e.g. a page needing blob: workers). */
const REQUIRED = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
};

export function policyOf(html) {
  const m = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i);
  if (!m) return null;
  return Object.fromEntries(
    m[1]
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );
}

export async function cspChecks({ check, assert, withContext, origin, root }) {
  const pages = fs
    .readdirSync(root)
    .filter((f) => f.endsWith(".html"))
    .sort();
  await check(`every page (${pages.join(", ")}) declares a strict CSP`, async () => {
    assert(pages.length >= 2, `only ${pages.length} pages found in ${root}`);
    for (const file of pages) {
      const html = fs.readFileSync(path.join(root, file), "utf8");
      const policy = policyOf(html);
      assert(policy, `${file}: no Content-Security-Policy meta tag`);
      for (const [directive, values] of Object.entries(REQUIRED)) {
        for (const v of values) assert(policy[directive]?.includes(v), `${file}: ${directive} lacks ${v}`);
      }
      // The one exception: style *attributes* (plotters' wasm text measurement sets
      // `span.setAttribute("style", …)`; see docs/hosting.md). Never scripts, never <style>.
      for (const [directive, values] of Object.entries(policy)) {
        assert(!values.includes("'unsafe-eval'"), `${file}: 'unsafe-eval' in ${directive}`);
        if (directive !== "style-src-attr") assert(!values.includes("'unsafe-inline'"), `${file}: 'unsafe-inline' in ${directive}`);
      }
      assert(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), `${file} has an inline <script>`);
      assert(!/\son[a-z]+\s*=/i.test(html) && !/\sstyle\s*=/i.test(html), `${file} has inline handlers or styles`);
    }
  });

  await withContext({}, async (context) => {
    // Recorded from the first script on, before the page's own modules run.
    await context.addInitScript(() => {
      window.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`),
      );
    });
    /** Opens `url`; waits for its first draw, or with `untilViolation` (a page the policy
     *  breaks, which never draws) for the first violation the listener records. */
    const load = async (url, { untilViolation = false } = {}) => {
      const page = await context.newPage();
      const messages = [];
      page.on("console", (m) => /Content Security Policy|Refused to/i.test(m.text()) && messages.push(m.text()));
      await page.goto(url, { waitUntil: "networkidle" });
      // The training section loads when it nears the screen (www/js/lazy-train.js): bring it
      // there, so its modules, worker and wasm run under the policy too.
      await page.evaluate(() => document.getElementById("train")?.scrollIntoView());
      // Every page must finish its first draw under the policy (a page that never renders is a
      // failure, not a pass): the pages signal it on <html>, the element fixture on each element,
      // and the main page's training section (its worker too) on #train.
      const drawn = () => {
        const plots = [...document.querySelectorAll("activation-plot")];
        if (document.documentElement.dataset.ready !== "1" && !(plots.length && plots.every((p) => p.dataset.ready === "1"))) return false;
        const train = document.getElementById("train");
        return !train || train.dataset.ready === "1";
      };
      const rendered = await page
        .waitForFunction(untilViolation ? () => window.__csp.length > 0 : drawn, null, { timeout: 20000 })
        .then(() => true, () => false);
      await page.waitForTimeout(300);
      const violations = await page.evaluate(() => window.__csp);
      await page.close();
      return { violations, messages, rendered };
    };
    await check("the CSP detector reports a page that breaks its policy", async () => {
      const { violations, messages } = await load(`${origin}/__e2e/csp-violation.html`, { untilViolation: true });
      assert(violations.length === 1 && /script-src/.test(violations[0]), `violations: ${violations}`);
      assert(messages.length >= 1, "no CSP console message");
    });
    for (const file of [...pages, "__e2e/element.html"]) {
      await check(`${file} runs under its CSP with no violations`, async () => {
        const { violations, messages, rendered } = await load(`${origin}/${file}`);
        assert(rendered, `${file} never finished rendering`);
        assert(violations.length === 0, `violations: ${violations.join(" | ")}`);
        assert(messages.length === 0, `console: ${messages.join(" | ")}`);
      });
    }
  });
}
