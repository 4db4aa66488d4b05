#!/usr/bin/env bash
# Builds the wasm packages with the settings in wasm-pack.toml (the one place they live):
# for each [[build]] entry, cargo build for wasm32 (profile, features, target features), the
# wasm-bindgen CLI (target, out dir), then wasm-opt with the listed flags (tools/wasm-package.sh;
# the steps wasm-pack took, without installing wasm-pack).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
. tools/wasm-package.sh

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

# wasm-pack's profile names: "profiling" is cargo's release profile without wasm-bindgen's --debug.
case "$CFG_PROFILE" in
  release | profiling) cargo_profile=release ;;
  dev) cargo_profile=dev ;;
  *) echo "wasm-pack.toml: unknown profile '$CFG_PROFILE'" >&2; exit 2 ;;
esac
[ "$CFG_TARGET" = web ] || { echo "wasm-pack.toml: target '$CFG_TARGET': only \"web\" is built" >&2; exit 2; }

rustflags="${RUSTFLAGS:-}"
if [ -n "$CFG_TARGET_FEATURES" ]; then
  rustflags="$rustflags -C target-feature=$CFG_TARGET_FEATURES"
fi

build_one() {
  local out_dir="$1" features="$2" default_features="$3" opt_level="$4" wasm_opt="$5"
  local profile=$cargo_profile cargo_args=()
  if [ -n "$opt_level" ]; then
    # Its own cargo profile, so its own artifacts (the cdylib too): building the other package
    # does not overwrite it, and building both again compiles nothing.
    profile="wasm-$(basename "$out_dir")"
    [[ "$opt_level" =~ ^[0-9]+$ ]] || opt_level="\"$opt_level\""
    cargo_args=(--config "profile.$profile.inherits=\"$cargo_profile\"" --config "profile.$profile.opt-level=$opt_level")
  fi
  [ -n "$features" ] && cargo_args+=(--features "$features")
  [ "$default_features" = no ] && cargo_args+=(--no-default-features)
  RUSTFLAGS="$rustflags" wasm_package "$out_dir" "$profile" "$wasm_opt" "${cargo_args[@]}"
}

# The builds run at once: each has its own cargo profile (own artifacts, own lock), and each ends in
# a single-threaded optimised link and wasm-opt that leave the other core idle when run in turn.
pids=()
while read -r line; do
  eval "build_one ${line#BUILD }" &
  pids+=($!)
done < <(grep '^BUILD ' <<<"$config")
status=0
for pid in "${pids[@]}"; do
  wait "$pid" || status=$?
done
exit "$status"
