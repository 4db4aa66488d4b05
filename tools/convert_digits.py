#!/usr/bin/env python3
"""Convert scikit-learn's bundled 8x8 digits (UCI optdigits test set, 1,797 samples) to
www/data/digits8x8.bin in the Activation Lab image-set format (see src/data/images.rs).

Source: sklearn/datasets/data/digits.csv.gz inside the scikit-learn wheel, fetched from PyPI with
`pip download --no-deps`. Each CSV row is 64 pixels (0..16, row-major) then the label (0..9).
Samples keep the CSV order. Usage: tools/convert_digits.py [--wheel FILE] [--version V] [--out FILE]
"""

import argparse
import glob
import gzip
import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import imgset  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MEMBER = "sklearn/datasets/data/digits.csv.gz"
EXPECTED_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def fetch_wheel(version, dest):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         f"scikit-learn=={version}", "-d", dest],
        check=True,
    )
    wheels = glob.glob(os.path.join(dest, "scikit_learn-*.whl"))
    if len(wheels) != 1:
        sys.exit(f"expected one scikit-learn wheel in {dest}, found {wheels}")
    return wheels[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", help="use this scikit-learn wheel instead of downloading one")
    ap.add_argument("--version", default="1.9.1", help="scikit-learn version to download")
    ap.add_argument("--out", default=os.path.join(ROOT, "www", "data", "digits8x8.bin"))
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(args.version, tmp)
        with zipfile.ZipFile(wheel) as z:
            text = gzip.decompress(z.read(MEMBER)).decode("ascii")

    labels, pixels = [], bytearray()
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        values = [int(float(v)) for v in line.split(",")]
        if len(values) != 65:
            sys.exit(f"{MEMBER} line {lineno}: expected 65 values, got {len(values)}")
        pixels.extend(values[:64])
        labels.append(values[64])

    counts = [labels.count(c) for c in range(10)]
    if len(labels) != 1797 or counts != EXPECTED_COUNTS:
        sys.exit(f"unexpected digits content: n={len(labels)} counts={counts}")

    data = imgset.encode(labels, pixels, rows=8, cols=8, classes=10, pixel_max=16)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "wb") as f:
        f.write(data)
    print(f"wrote {args.out}: {len(labels)} samples, {len(data)} bytes, "
          f"sha256 {hashlib.sha256(data).hexdigest()}")


if __name__ == "__main__":
    main()
