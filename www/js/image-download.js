// Downloads a shipped image file (www/data/…) with progress and inflates it when it is gzip.
// Used by the training worker (www/train-worker.js) and by the compare section
// (www/js/train-compare.js), which fetches the bytes once and copies them into each compare worker.

/** The inflated bytes of `url`; `progress(loaded, total)` after each chunk (total 0: unknown). */
export async function downloadImages(url, gzip, progress = () => {}) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url.pathname ?? url}: HTTP ${res.status}`);
  const total = Number(res.headers.get("content-length")) || 0;
  const reader = res.body.getReader();
  const parts = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    loaded += value.length;
    progress(loaded, total);
  }
  let bytes = new Uint8Array(loaded);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  if (gzip && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  return bytes;
}
