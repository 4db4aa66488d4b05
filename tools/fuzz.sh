#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ at once, each for a share of a total time budget or for a
# number of executions, and prints the number of executions per target.
#   tools/fuzz.sh [TOTAL_SECONDS] [TARGET...]     e.g. `tools/fuzz.sh 3600` (`make fuzz-long`)
#   tools/fuzz.sh --runs TARGET=N [TARGET=N...]   N executions of each (`make fuzz-short`): a fixed
#                                                 amount of fuzzing however busy the machine is, so
#                                                 `make test` can run it at low priority on the
#                                                 cycles the page tests leave idle
#   tools/fuzz.sh build                           only the build
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
# limit[target] = the libFuzzer flag that ends its run; how[target] = the same for the summary.
declare -A limit how
targets=()
if [ "${1:-}" = --runs ]; then
  shift
  for pair in "$@"; do
    t=${pair%%=*} n=${pair#*=}
    [[ "$pair" == *=* && "$n" =~ ^[0-9]+$ && "$n" -gt 0 ]] || { echo "fuzz.sh: --runs takes TARGET=N pairs, got '$pair'" >&2; exit 2; }
    targets+=("$t") limit[$t]="-runs=$n" how[$t]="(asked for $n)"
  done
  [ ${#targets[@]} -gt 0 ] || { echo "fuzz.sh: --runs needs at least one TARGET=N" >&2; exit 2; }
else
  total="${1:-60}"
  shift || true
  targets=("$@")
  [ ${#targets[@]} -gt 0 ] || targets=(page_hash train_config)
  per=$(( total / ${#targets[@]} ))
  [ "$per" -ge 1 ] || per=1
  for t in "${targets[@]}"; do limit[$t]="-max_total_time=$per" how[$t]="in ${per}s"; done
fi

build >&2
# Every target at once: one core each, so a timed run takes each target's share, not the total.
declare -A pids logs
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  logs[$t]=$(mktemp)
  cargo fuzz run -O --sanitizer none "$t" "corpus/$t" "seeds/$t" -- \
    "${limit[$t]}" -max_len=8192 -print_final_stats=1 >"${logs[$t]}" 2>&1 &
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
    echo "[fuzz] $t: ${runs:-?} executions ${how[$t]}, no crash"
  fi
  rm -f "${logs[$t]}"
done
exit "$failed"
