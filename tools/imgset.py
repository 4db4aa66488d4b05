"""Writer for the Activation Lab image-set format (shared by convert_digits.py and convert_mnist.py).

The format is specified in src/data/images.rs; this is its only writer. Little-endian header of
20 bytes, then one u8 label per sample, then the u8 pixels of every sample, row-major.
"""

import struct

MAGIC = b"ALIM"
VERSION = 1


def encode(labels, pixels, rows, cols, classes, pixel_max):
    """labels: sequence of ints < classes; pixels: bytes-like of len(labels)*rows*cols values <= pixel_max."""
    n = len(labels)
    if len(pixels) != n * rows * cols:
        raise ValueError(f"expected {n * rows * cols} pixels, got {len(pixels)}")
    if any(not 0 <= l < classes for l in labels):
        raise ValueError("label out of range")
    if max(pixels) > pixel_max:
        raise ValueError(f"pixel above pixel_max {pixel_max}")
    header = MAGIC + struct.pack("<BBHIHHHH", VERSION, pixel_max, 0, n, rows, cols, classes, 0)
    assert len(header) == 20
    return header + bytes(labels) + bytes(pixels)
