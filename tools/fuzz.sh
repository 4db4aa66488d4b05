#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a share of a total time budget, all targets at once, and
# prints the number of executions per target. `make fuzz-short` uses 60 s; a long run is e.g. `tools/fuzz.sh 3600`.
#   tools/fuzz.sh [TOTAL_SECONDS] [TARGET...]
#   tools/fuzz.sh build        only the build (`make test` compiles it at low priority beside the
#                              page tests, then runs it with the cores to itself)
# The machine has only a stable toolchain: RUSTC_BOOTSTRAP=1 lets it accept cargo-fuzz's -Z flags,
# and `--sanitizer none` skips ASan (the core is safe Rust; panics and failed asserts are what we
# hunt). Corpus grows in fuzz/corpus/<target> (ignored by git), seeded from fuzz/seeds/<target>.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1
build() { cargo fuzz build -O --sanitizer none; }
if [ "${1:-}" = build ]; then
  build
  exit
fi
total="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(page_hash train_config)
per=$(( total / ${#targets[@]} ))
[ "$per" -ge 1 ] || per=1

build >&2
# Every target at once, each for its share: one core each, so the run takes `per` seconds, not
# `total`, with the same time (and executions, when the cores are free) per target.
declare -A pids logs
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  logs[$t]=$(mktemp)
  cargo fuzz run -O --sanitizer none "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$per" -max_len=8192 -print_final_stats=1 >"${logs[$t]}" 2>&1 &
  pids[$t]=$!
done
failed=0
for t in "${targets[@]}"; do
  if ! wait "${pids[$t]}"; then
    cat "${logs[$t]}" >&2
    echo "[fuzz] $t: FAILED (crash input saved under fuzz/artifacts/$t/)" >&2
    failed=1
  else
    runs=$(awk '/stat::number_of_executed_units/ {print $2}' "${logs[$t]}")
    echo "[fuzz] $t: ${runs:-?} executions in ${per}s, no crash"
  fi
  rm -f "${logs[$t]}"
done
exit "$failed"
