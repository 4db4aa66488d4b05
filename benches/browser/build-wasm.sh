#!/usr/bin/env bash
# Builds the wasm package for the browser benchmark into benches/browser/pkg: the product build's
# settings from wasm-pack.toml (target features, wasm-opt flags) plus the `bench-exports` feature,
# so the product page (www/pkg) does not carry the benchmark's entry points.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
eval "$(python3 - <<'PY'
import shlex, tomllib
with open("wasm-pack.toml", "rb") as f:
    c = tomllib.load(f)
print(f"FEATURES={shlex.quote(str(c.get('target_features', '')))}")
print(f"WASM_OPT={shlex.quote(str(c.get('wasm_opt', '-O3')))}")
PY
)"
out=benches/browser/pkg
rustflags="${RUSTFLAGS:-}"
[ -n "$FEATURES" ] && rustflags="$rustflags -C target-feature=$FEATURES"
echo "[bench-wasm] wasm-pack build --features bench-exports --out-dir $out (RUSTFLAGS='$rustflags')" >&2
RUSTFLAGS="$rustflags" wasm-pack --quiet build --no-typescript --no-pack --no-opt --target web \
  --out-dir "$out" --release -- --features bench-exports >&2
if [ -n "$WASM_OPT" ]; then
  # shellcheck disable=SC2086
  tools/binaryen/node_modules/.bin/wasm-opt $WASM_OPT "$out/activation_lab_bg.wasm" -o "$out/activation_lab_bg.wasm.opt"
  mv "$out/activation_lab_bg.wasm.opt" "$out/activation_lab_bg.wasm"
fi
