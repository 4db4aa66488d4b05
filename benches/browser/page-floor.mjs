// The first curve's floor on this machine: the first paint of index.html with every script and
// preload removed (its HTML and CSS alone). The curve cannot appear before the page around it
// does, so the benchmark reports this next to the first-curve figure.
import fs from "node:fs";
import path from "node:path";

/** index.html without scripts and preloads: what the browser paints before any of our code runs. */
export function staticIndexHtml(www) {
  return fs
    .readFileSync(path.join(www, "index.html"), "utf8")
    .replace(/<script\b[^>]*><\/script>\n?/g, "")
    .replace(/<link rel="(?:modulepreload|preload)"[^>]*>\n?/g, "");
}

/** Median first contentful paint (ms after navigation) of `url` over `runs` fresh contexts. */
export async function firstPaint(browser, url, runs) {
  const times = [];
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0, null, { timeout: 20000 });
    times.push(await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0].startTime));
    await context.close();
  }
  return times.sort((a, b) => a - b)[runs >> 1];
}
