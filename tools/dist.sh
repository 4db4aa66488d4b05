#!/usr/bin/env bash
# Builds dist/: a self-contained static copy of the site for any static host, also under a
# sub-path (GitHub Pages serves it at /<repo>/). Expects www/pkg built (`make dist` runs `make wasm`).
# Copies only what the pages load (HTML, JS modules, CSS, icons, data, the wasm package), then
# refuses to finish if any page, module or stylesheet uses a root-absolute URL ("/x") or a
# network origin, because those break under a sub-path or leave the site.
set -euo pipefail
cd "$(dirname "$0")/.."
src=www
out=dist
[ -f "$src/pkg/activation_lab_bg.wasm" ] || { echo "dist: $src/pkg is missing; run make wasm" >&2; exit 2; }

rm -rf "$out"
mkdir -p "$out"
# Page files and folders, without editor/OS litter or the package's own .gitignore.
cp -r "$src"/. "$out"/
find "$out" \( -name '.*' -o -name '*.map' -o -name '*.d.ts' -o -name 'package.json' \) -type f -delete
# GitHub Pages: serve files as they are (no Jekyll processing of folders or underscores).
touch "$out/.nojekyll"

# Relative URLs only: src/href/import/url() must not start with "/" or a scheme (except data:).
bad=$(grep -RInE \
  -e '(src|href)="(/|https?:)' \
  -e "(src|href)='(/|https?:)" \
  -e '(from|import)\s*\(?\s*["'"'"'](/|https?:)' \
  -e 'url\((["'"'"'])?(/|https?:)' \
  -e 'fetch\(\s*["'"'"'](/|https?:)' \
  --include='*.html' --include='*.js' --include='*.css' "$out" || true)
if [ -n "$bad" ]; then
  echo "dist: absolute or external URLs found (they break under a sub-path):" >&2
  echo "$bad" >&2
  exit 1
fi

files=$(find "$out" -type f | wc -l)
bytes=$(du -sb "$out" | cut -f1)
wasm=$(stat -c %s "$out/pkg/activation_lab_bg.wasm")
echo "[dist] $out/: $files files, $bytes bytes (wasm $wasm bytes)" >&2
