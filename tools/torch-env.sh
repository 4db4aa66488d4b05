#!/usr/bin/env bash
# Create (when missing) the Python virtual environment that runs the PyTorch and Keras exports in
# `make test`, and print the path of its python. torch + numpy + keras come from PyPI (≈3 GB of
# CUDA wheels on Linux; keras 3 adds ≈ 10 MB and runs on the torch backend; pip's wheel cache in
# ~/.cache/pip makes a reinstall after `rm -rf target` quick). An existing venv without keras gets
# it added.
# Location: $TORCH_VENV, else target/torch-venv (rebuildable, lives next to cargo's build cache).
# A failure here is a failure of `make test`: there is no skip path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${TORCH_VENV:-$root/target/torch-venv}"
py="$venv/bin/python"
# One caller at a time: `make test` starts the install in the background and the stages that need
# it call this script again; they wait here for it instead of installing beside it.
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
if [ -x "$py" ] && "$py" -c 'import torch, numpy' 2>/dev/null; then
  if ! KERAS_BACKEND=torch "$py" -c 'import keras' 2>/dev/null; then
    "$py" -m pip install --disable-pip-version-check -q 'keras>=3' >&2
    KERAS_BACKEND=torch "$py" -c 'import keras; print("torch-env: added keras", keras.__version__)' >&2
  fi
  echo "$py"
  exit 0
fi
base="${PYTHON:-python3}"
command -v "$base" >/dev/null || { echo "torch-env: $base not found (need Python ≥ 3.9)" >&2; exit 1; }
start=$(date +%s)
"$base" -m venv "$venv" >&2
"$py" -m pip install --disable-pip-version-check -q --upgrade pip >&2
"$py" -m pip install --disable-pip-version-check -q torch numpy 'keras>=3' >&2
KERAS_BACKEND=torch "$py" -c 'import torch, numpy, keras; print("torch-env: torch", torch.__version__, "numpy", numpy.__version__, "keras", keras.__version__)' >&2
echo "torch-env: installed in $(( $(date +%s) - start )) s at $venv" >&2
echo "$py"
