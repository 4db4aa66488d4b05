#!/usr/bin/env bash
# Builds the wasm packages with the settings in wasm-pack.toml (the one place they live):
# for each [[build]] entry, wasm-pack build (target, out dir, profile, features, target features),
# then wasm-opt with the listed flags.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# Read wasm-pack.toml with Python's tomllib (3.11+): shared settings as shell variables, then one
# line per build: "<out_dir> <features>".
config="$(python3 - <<'PY'
import shlex, tomllib
with open("wasm-pack.toml", "rb") as f:
    c = tomllib.load(f)
def out(k, default):
    print(f"CFG_{k.upper()}={shlex.quote(str(c.get(k, default)))}")
out("target", "web"); out("profile", "release")
out("target_features", ""); out("wasm_opt", "-O3")
builds = c.get("build") or [{"out_dir": c.get("out_dir", "www/pkg"), "features": ""}]
for b in builds:
    if "out_dir" not in b:
        raise SystemExit("wasm-pack.toml: every [[build]] needs out_dir")
    print("BUILD " + shlex.quote(b["out_dir"]) + " " + shlex.quote(b.get("features", "")))
PY
)"
eval "$(grep -v '^BUILD ' <<<"$config")"

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

build_one() {
  local out_dir="$1" features="$2"
  local cargo_args=()
  [ -n "$features" ] && cargo_args=(-- --features "$features")
  echo "[build-wasm] wasm-pack build --target $CFG_TARGET --out-dir $out_dir $profile_flag ${cargo_args[*]:-} (RUSTFLAGS='$rustflags')" >&2
  RUSTFLAGS="$rustflags" wasm-pack --quiet build --no-typescript --no-pack --no-opt \
    --target "$CFG_TARGET" --out-dir "$out_dir" "$profile_flag" "${cargo_args[@]}" >&2

  local wasm="$out_dir/activation_lab_bg.wasm"
  if [ -n "$CFG_WASM_OPT" ]; then
    echo "[build-wasm] wasm-opt $CFG_WASM_OPT" >&2
    # shellcheck disable=SC2086
    tools/binaryen/node_modules/.bin/wasm-opt $CFG_WASM_OPT "$wasm" -o "$wasm.opt"
    mv "$wasm.opt" "$wasm"
  fi
  local raw gz
  raw=$(stat -c %s "$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  echo "[build-wasm] $wasm: $raw bytes, $gz gzip" >&2
}

while read -r _ out_dir features; do
  eval "build_one $out_dir $features"
done < <(grep '^BUILD ' <<<"$config")
