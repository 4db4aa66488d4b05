#!/usr/bin/env python3
"""How far Keras follows *itself* on the article's CNN: the evidence behind issue 30's open point.

Exports the MNIST article's CNN with `export-keras --replay` (our initial weights, batches and
dropout masks), runs that one script twice under KERAS_BACKEND=torch, once with one CPU thread and
once with two, and prints the relative difference of the per-step training loss between the two
Keras runs and between each and our trainer. Nothing differs between the two Keras runs but the
order in which torch sums (thread count), so their divergence is the floor any other float32
engine's replay can reach on this net. A benchmark: it prints, it asserts nothing.

    target/torch-venv/bin/python benches/keras_self_replay.py [--activation relu] [--steps 200]

Measured 2026-12-07 (Keras 3.15.1, torch 2.15, relu): Keras 1 thread vs 2 threads differs by
2.0e-7 at step 10, 4.2e-6 at 20, 6.2e-4 at 40, 1.8e-2 at 100, 5.2e-2 at 200 (worst over 200:
0.29 in this run, 0.41 in another: the two-thread run itself is not repeatable); ours vs Keras
6.9e-8 at step 1, 6.4e-4 at 20, 1.6e-2 at 100 (it departs earlier, from a larger per-step
rounding difference between two engines' conv kernels, and ends in the same range).
"""
import argparse
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECKPOINTS = (1, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200)


def cli():
    """The release CLI, built if missing."""
    exe = os.path.join(ROOT, "target", "release", "activation-lab")
    if not os.path.exists(exe):
        subprocess.run(["cargo", "build", "--release", "--bin", "activation-lab"], cwd=ROOT, check=True)
    return exe


def run_keras(script, threads):
    """Runs the exported script pinned to `threads` threads; returns {step: (keras, ours)}."""
    env = dict(os.environ, KERAS_BACKEND="torch", OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    out = subprocess.run([sys.executable, script, "--data-dir", os.path.join(ROOT, "www", "data")],
                         env=env, check=True, capture_output=True, text=True).stdout
    losses = {}
    for line in out.splitlines():
        parts = line.split(",")
        if len(parts) == 4 and parts[0].isdigit():
            losses[int(parts[0])] = (float(parts[1]), float(parts[2]))
    return losses


def rel(a, b):
    return abs(a - b) / abs(b)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--activation", default="relu")
    ap.add_argument("--steps", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "article.py")
        subprocess.run([cli(), "export-keras", "--preset", "article-cnn", "--activation", args.activation,
                        "--replay", "--replay-steps", str(args.steps), "--out", script], check=True)
        one, two = run_keras(script, 1), run_keras(script, 2)
    print(f"article-cnn {args.activation}: relative difference of the training loss per step")
    print(f"{'step':>5} {'keras1 vs keras2':>17} {'keras1 vs ours':>15} {'keras2 vs ours':>15}")
    for s in (s for s in CHECKPOINTS if s in one and s in two):
        print(f"{s:>5} {rel(one[s][0], two[s][0]):>17.2e} {rel(one[s][0], one[s][1]):>15.2e} "
              f"{rel(two[s][0], two[s][1]):>15.2e}")
    steps = sorted(set(one) & set(two))
    print(f"worst over {len(steps)} steps: keras1 vs keras2 {max(rel(one[s][0], two[s][0]) for s in steps):.2e}, "
          f"keras1 vs ours {max(rel(one[s][0], one[s][1]) for s in steps):.2e}")


if __name__ == "__main__":
    main()
