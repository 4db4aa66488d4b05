// Helpers shared by the training-section page checks (train, metrics, model, data, formula).

/** Opens the page at `#hash` and waits until the training section has its first record. */
export async function openTrain(h, context, hash) {
  const { page, log } = await h.open(context, `${h.origin}/index.html#${hash}`);
  // Without training pairs in the link the section loads when scrolled to (js/lazy-train.js).
  await page.evaluate(() => document.getElementById("train").scrollIntoView());
  await page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 15000 });
  await page.waitForFunction(() => window.activationLabTrain.records() >= 1, null, { timeout: 20000 });
  return { page, log };
}

/** The traces CSV as objects keyed by column (numbers; empty cells are null). */
export function parseCsv(csv) {
  const [head, ...rows] = csv.trim().split("\n");
  const cols = head.split(",");
  return rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [cols[i], v === "" ? null : Number(v)])));
}
