#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a share of a total time budget and prints the number of
# executions per target. `make fuzz-short` uses 60 s; a long run is e.g. `tools/fuzz.sh 3600`.
#   tools/fuzz.sh [TOTAL_SECONDS] [TARGET...]
# The machine has only a stable toolchain: RUSTC_BOOTSTRAP=1 lets it accept cargo-fuzz's -Z flags,
# and `--sanitizer none` skips ASan (the core is safe Rust; panics and failed asserts are what we
# hunt). Corpus grows in fuzz/corpus/<target> (ignored by git), seeded from fuzz/seeds/<target>.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1
total="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(page_hash train_config)
per=$(( total / ${#targets[@]} ))
[ "$per" -ge 1 ] || per=1

cargo fuzz build -O --sanitizer none >&2
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  log=$(mktemp)
  if ! cargo fuzz run -O --sanitizer none "$t" "corpus/$t" "seeds/$t" -- \
      -max_total_time="$per" -max_len=8192 -print_final_stats=1 >"$log" 2>&1; then
    cat "$log" >&2
    echo "[fuzz] $t: FAILED (crash input saved under fuzz/artifacts/$t/)" >&2
    rm -f "$log"
    exit 1
  fi
  runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
  echo "[fuzz] $t: ${runs:-?} executions in ${per}s, no crash"
  rm -f "$log"
done
