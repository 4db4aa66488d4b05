// Two origins for the embed tests: the widget host (www/, served as a static host such as GitHub
// Pages serves it: correct MIME types, `Access-Control-Allow-Origin: *`, gzip when asked) and the
// test blog (tests/blog/, its `{{WIDGETS}}` replaced by the widget origin) on another port. The
// widget host logs every request (path, bytes sent, whether gzip), so the tests count downloads
// and the bytes each widget loads.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".bin": "application/octet-stream",
  ".gz": "application/gzip",
  ".txt": "text/plain; charset=utf-8",
};
const COMPRESS = new Set([".html", ".js", ".css", ".wasm", ".json", ".svg", ".bin"]);

function staticServer(root, { cors = false, rewrite = null, log = null, gzip = false, pages = {} }) {
  const cache = new Map();
  return http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const referer = req.headers.referer ?? "";
    if (pages[rel] !== undefined) {
      const body = Buffer.from(rewrite ? rewrite(pages[rel]) : pages[rel]);
      res.writeHead(200, { "content-type": MIME[".html"], "cache-control": "no-store" }).end(body);
      return;
    }
    const file = path.normalize(path.join(root, rel === "/" ? "index.html" : rel));
    const headers = { "cache-control": "no-store" };
    if (cors) headers["access-control-allow-origin"] = "*";
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      log?.push({ path: rel, status: 404, bytes: 0, raw: 0, referer });
      res.writeHead(404, headers).end("not found");
      return;
    }
    const ext = path.extname(file);
    headers["content-type"] = MIME[ext] ?? "application/octet-stream";
    let body = fs.readFileSync(file);
    if (rewrite && ext === ".html") body = Buffer.from(rewrite(body.toString("utf8")));
    const raw = body.length;
    if (gzip && COMPRESS.has(ext) && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
      if (!cache.has(file)) cache.set(file, zlib.gzipSync(body, { level: 9 }));
      body = cache.get(file);
      headers["content-encoding"] = "gzip";
    }
    log?.push({ path: rel, status: 200, bytes: body.length, raw, referer, at: Date.now() });
    res.writeHead(200, headers).end(body);
  });
}

/**
 * Starts both servers; resolves to {widgets (origin + "/"), blog (origin), log (the widget host's
 * requests: path, status, bytes sent, raw size, referer), close()}. `gzip`: compress as a static
 * host does (the byte measurements); `pages`: extra blog pages by path (`{"/x.html": html}`).
 */
export async function startBlogServers({ www, blogDir, gzip = false, pages = {} }) {
  const log = [];
  const widgetServer = staticServer(path.resolve(www), { cors: true, log, gzip });
  await new Promise((r) => widgetServer.listen(0, "127.0.0.1", r));
  // localhost vs 127.0.0.1: two origins that differ in host, not only in port.
  const widgets = `http://localhost:${widgetServer.address().port}/`;
  const blogServer = staticServer(path.resolve(blogDir), { rewrite: (html) => html.replaceAll("{{WIDGETS}}", widgets), gzip, pages });
  await new Promise((r) => blogServer.listen(0, "127.0.0.1", r));
  const blog = `http://127.0.0.1:${blogServer.address().port}`;
  return {
    widgets,
    blog,
    log,
    pages,
    close: () => {
      widgetServer.close();
      blogServer.close();
    },
  };
}

/** Raw and gzip sizes of the files of `www` the log names, summed (each file counted once). */
export function bytesOf(www, paths) {
  let raw = 0;
  let gz = 0;
  for (const p of new Set(paths)) {
    const file = path.join(www, p);
    if (!fs.existsSync(file)) continue;
    const body = fs.readFileSync(file);
    raw += body.length;
    gz += zlib.gzipSync(body, { level: 9 }).length;
  }
  return { raw, gz };
}
