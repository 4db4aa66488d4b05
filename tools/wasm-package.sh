# Sourced by tools/build-wasm.sh and benches/browser/build-wasm.sh: one wasm package, the steps
# wasm-pack took (a cdylib for wasm32 by cargo, then the wasm-bindgen CLI) without needing
# wasm-pack, then wasm-opt. wasm-bindgen and wasm-opt are skipped when the package is already what
# they would write: same cargo output, same tool versions and flags (a stamp in the out dir).
#   wasm_package OUT_DIR PROFILE WASM_OPT_FLAGS [CARGO_BUILD_ARG...]
# Honours RUSTFLAGS and CARGO_PROFILE_* from the environment (cargo reads them).

wasm_package() {
  local out_dir="$1" profile="$2" wasm_opt="$3"
  shift 3
  local triple=wasm32-unknown-unknown bindgen_args=(--target web --no-typescript)
  local dir=$profile
  case "$profile" in
    dev) dir=debug; bindgen_args+=(--debug) ;;
  esac
  # The manifest declares only an rlib (Cargo.toml says why); the package is the cdylib. Built with
  # the rlib beside it, as when the manifest declared both: the same wasm, byte for byte (a cdylib
  # alone compiles to different code: the curves package 12 % smaller, the training one 7 % larger,
  # not measured for speed yet).
  echo "[wasm] cargo rustc --lib --crate-type cdylib,rlib --target $triple --profile $profile $* (RUSTFLAGS='${RUSTFLAGS:-}')" >&2
  cargo rustc --quiet --lib --crate-type cdylib,rlib --target "$triple" --profile "$profile" "$@" >&2 || return
  local target_dir
  target_dir=$(cargo metadata --format-version 1 --no-deps \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])') || return
  local input="$target_dir/$triple/$dir/activation_lab.wasm"
  local wasm="$out_dir/activation_lab_bg.wasm"
  local stamp
  stamp="$(sha256sum "$input" | cut -d' ' -f1) $(wasm-bindgen --version) ${bindgen_args[*]}"
  [ -n "$wasm_opt" ] && stamp="$stamp; wasm-opt $(tools/binaryen/node_modules/.bin/wasm-opt --version) $wasm_opt"
  if [ -f "$wasm" ] && [ -f "$out_dir/activation_lab.js" ] && [ -f "$out_dir/.stamp" ] \
    && [ "$(cat "$out_dir/.stamp")" = "$stamp $(sha256sum "$wasm" | cut -d' ' -f1)" ]; then
    echo "[wasm] $out_dir is up to date with the cargo build (wasm-bindgen and wasm-opt skipped)" >&2
    return
  fi
  rm -f "$out_dir/.stamp"
  echo "[wasm] wasm-bindgen ${bindgen_args[*]} --out-dir $out_dir" >&2
  wasm-bindgen "${bindgen_args[@]}" --out-dir "$out_dir" "$input" >&2 || return
  if [ -n "$wasm_opt" ]; then
    echo "[wasm] wasm-opt $wasm_opt" >&2
    # shellcheck disable=SC2086
    tools/binaryen/node_modules/.bin/wasm-opt $wasm_opt "$wasm" -o "$wasm.opt" >&2 || return
    mv "$wasm.opt" "$wasm"
  fi
  echo "$stamp $(sha256sum "$wasm" | cut -d' ' -f1)" > "$out_dir/.stamp"
  echo "[wasm] $wasm: $(stat -c %s "$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) gzip" >&2
}
