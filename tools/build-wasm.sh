#!/usr/bin/env bash
# Builds the wasm packages with the settings in wasm-pack.toml (the one place they live):
# for each [[build]] entry, wasm-pack build (target, out dir, profile, features, target features),
# then wasm-opt with the listed flags.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# Read wasm-pack.toml with Python's tomllib (3.11+): shared settings as shell variables, then one
# line per build: "<out_dir> <features> <default_features> <opt_level> <wasm_opt>" (the last two override the
# shared settings per build: the curves build is optimised for size, the training build for speed).
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
    print("BUILD " + " ".join(shlex.quote(str(v)) for v in (
        b["out_dir"], b.get("features", ""), "yes" if b.get("default_features", True) else "no",
        b.get("opt_level", ""),
        b.get("wasm_opt", c.get("wasm_opt", "-O3")))))
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
  local out_dir="$1" features="$2" default_features="$3" opt_level="$4" wasm_opt="$5"
  local cargo_args=() env_args=()
  # Cargo keeps one set of artifacts per opt-level, so alternating builds do not rebuild each other.
  [ -n "$opt_level" ] && env_args=("CARGO_PROFILE_${CFG_PROFILE^^}_OPT_LEVEL=$opt_level")
  [ -n "$features" ] && cargo_args=(--features "$features")
  [ "$default_features" = no ] && cargo_args+=(--no-default-features)
  [ ${#cargo_args[@]} -gt 0 ] && cargo_args=(-- "${cargo_args[@]}")
  echo "[build-wasm] wasm-pack build --target $CFG_TARGET --out-dir $out_dir $profile_flag ${cargo_args[*]:-} (RUSTFLAGS='$rustflags'${opt_level:+, opt-level $opt_level})" >&2
  env "${env_args[@]}" RUSTFLAGS="$rustflags" wasm-pack --quiet build --no-typescript --no-pack --no-opt \
    --target "$CFG_TARGET" --out-dir "$out_dir" "$profile_flag" "${cargo_args[@]}" >&2

  local wasm="$out_dir/activation_lab_bg.wasm"
  if [ -n "$wasm_opt" ]; then
    echo "[build-wasm] wasm-opt $wasm_opt" >&2
    # shellcheck disable=SC2086
    tools/binaryen/node_modules/.bin/wasm-opt $wasm_opt "$wasm" -o "$wasm.opt"
    mv "$wasm.opt" "$wasm"
  fi
  local raw gz
  raw=$(stat -c %s "$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  echo "[build-wasm] $wasm: $raw bytes, $gz gzip" >&2
}

while read -r line; do
  eval "build_one ${line#BUILD }"
done < <(grep '^BUILD ' <<<"$config")
