#!/usr/bin/env bash
# Builds the wasm package with the settings in wasm-pack.toml (the one place they live):
# wasm-pack build (target, out dir, profile, target features), then wasm-opt with the listed flags.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# Read wasm-pack.toml with Python's tomllib (3.11+) into shell variables.
eval "$(python3 - <<'PY'
import shlex, tomllib
with open("wasm-pack.toml", "rb") as f:
    c = tomllib.load(f)
def out(k, default):
    print(f"CFG_{k.upper()}={shlex.quote(str(c.get(k, default)))}")
out("target", "web"); out("out_dir", "www/pkg"); out("profile", "release")
out("target_features", ""); out("wasm_opt", "-O3")
PY
)"

case "$CFG_PROFILE" in
  release) profile_flag=--release ;;
  dev) profile_flag=--dev ;;
  profiling) profile_flag=--profiling ;;
  *) echo "wasm-pack.toml: unknown profile '$CFG_PROFILE'" >&2; exit 2 ;;
esac

rustflags="${RUSTFLAGS:-}"
if [ -n "$CFG_TARGET_FEATURES" ]; then
  rustflags="$rustflags -C target-feature=$CFG_TARGET_FEATURES"
fi

echo "[build-wasm] wasm-pack build --target $CFG_TARGET --out-dir $CFG_OUT_DIR $profile_flag (RUSTFLAGS='$rustflags')" >&2
RUSTFLAGS="$rustflags" wasm-pack --quiet build --no-typescript --no-pack --no-opt \
  --target "$CFG_TARGET" --out-dir "$CFG_OUT_DIR" "$profile_flag" >&2

wasm="$CFG_OUT_DIR/activation_lab_bg.wasm"
if [ -n "$CFG_WASM_OPT" ]; then
  echo "[build-wasm] wasm-opt $CFG_WASM_OPT" >&2
  # shellcheck disable=SC2086
  tools/binaryen/node_modules/.bin/wasm-opt $CFG_WASM_OPT "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
fi
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
echo "[build-wasm] $wasm: $raw bytes, $gz gzip" >&2
