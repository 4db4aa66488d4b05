#!/usr/bin/env bash
# Runs the exported PyTorch script under torchrun (2 processes, gloo) N times on one core beside
# three busy loops, and fails if any run fails. The teardown abort this catches ("terminate called
# without an active exception" at interpreter exit, see the os._exit in src/export/pytorch.rs)
# shows in ≈ 1 run in 17 without the fix and never in a single quiet run, hence a stress loop
# rather than a test in `make test` (≈ 11 s per run).
#   tools/stress-torchrun.sh [N=60] [SCRIPT]   (SCRIPT: default a fresh export of a small MLP)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n=${1:-60}
py="$("$root/tools/torch-env.sh")"
work=$(mktemp -d)
script=${2:-$work/ddp.py}
if [ -z "${2:-}" ]; then
  cargo run --quiet --release --manifest-path "$root/Cargo.toml" -- export-pytorch \
    --layers 16,16 --optimizer momentum --l2 1e-3 --clip-norm 1.0 -o "$script"
fi
hogs=()
for _ in 1 2 3; do (while :; do :; done) & hogs+=($!); done
trap 'kill "${hogs[@]}" 2>/dev/null; rm -rf "$work"' EXIT
failed=0
for i in $(seq 1 "$n"); do
  if ! OMP_NUM_THREADS=1 taskset -c 0 "$py" -m torch.distributed.run --standalone --nproc_per_node=2 \
      "$script" --epochs 2 --device cpu >"$work/out" 2>&1; then
    failed=$((failed + 1))
    echo "run $i failed:"; grep -m2 -E "terminate|exitcode" "$work/out" || tail -5 "$work/out"
  fi
done
echo "stress-torchrun: $failed of $n runs failed"
[ "$failed" -eq 0 ]
