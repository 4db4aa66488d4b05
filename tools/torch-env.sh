#!/usr/bin/env bash
# Create (when missing) the Python virtual environment that runs the PyTorch exports in `make test`,
# and print the path of its python. torch + numpy come from PyPI (≈3 GB of CUDA wheels on Linux;
# pip's wheel cache in ~/.cache/pip makes a reinstall after `rm -rf target` quick).
# Location: $TORCH_VENV, else target/torch-venv (rebuildable, lives next to cargo's build cache).
# A failure here is a failure of `make test`: there is no skip path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${TORCH_VENV:-$root/target/torch-venv}"
py="$venv/bin/python"
if [ -x "$py" ] && "$py" -c 'import torch, numpy' 2>/dev/null; then
  echo "$py"
  exit 0
fi
base="${PYTHON:-python3}"
command -v "$base" >/dev/null || { echo "torch-env: $base not found (need Python ≥ 3.9)" >&2; exit 1; }
mkdir -p "$(dirname "$venv")"
start=$(date +%s)
"$base" -m venv "$venv" >&2
"$py" -m pip install --disable-pip-version-check -q --upgrade pip >&2
"$py" -m pip install --disable-pip-version-check -q torch numpy >&2
"$py" -c 'import torch, numpy; print("torch-env: torch", torch.__version__, "numpy", numpy.__version__)' >&2
echo "torch-env: installed in $(( $(date +%s) - start )) s at $venv" >&2
echo "$py"
