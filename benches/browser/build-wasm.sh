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
. tools/wasm-package.sh
RUSTFLAGS="$rustflags" wasm_package "$out" release "$WASM_OPT" --features bench-exports
