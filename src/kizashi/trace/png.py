"""PNG files of fingerprinted copies, encoded by kizashi (``png-sub-isal1``).

A 1080p copy is 6 MB of pixels. libpng (through OpenCV) spent ~0.07 s of CPU on each, even
at compression level 0: its row-by-row filtering and zlib's deflate are the cost, more than
the pattern and the blind layer together after their speed-ups. Here the PNG Sub filter is
one vectorised subtraction over the whole image (modulo 256, as the format defines it) and
the stream is deflated by ISA-L (``isal``, level 1: ~0.025 s, files ~10 % larger than
libpng's Huffman-only ones). Any PNG reader decodes the result; the copy records the
encoding's id so that it is re-made with the same settings (and the same bytes, given the
same ``isal``).
"""

from __future__ import annotations

import struct
from typing import Any

import cv2
import numpy as np
from isal import isal_zlib
from numpy.typing import NDArray

SIGNATURE = b"\x89PNG\r\n\x1a\n"
SUB = 1  # PNG filter type 1: each byte minus the same channel of the pixel to its left
ENCODINGS = {"png-sub-isal0": 0, "png-sub-isal1": 1, "png-sub-isal2": 2, "png-sub-isal3": 3}


def _chunk(kind: bytes, data: bytes) -> bytes:
    # ISA-L's CRC-32 is the same function as zlib's (the PNG chunk CRC), ~10x faster.
    crc = isal_zlib.crc32(data, isal_zlib.crc32(kind))
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def sub_filtered(bgr: NDArray[Any]) -> NDArray[np.uint8]:
    """The image's rows as PNG scanlines: RGB, Sub-filtered, each after its filter byte."""
    h, w = bgr.shape[:2]
    # OpenCV swaps the channels in one SIMD pass (numpy's reversed view copied at ~1 GB/s).
    rgb = cv2.cvtColor(np.ascontiguousarray(bgr), cv2.COLOR_BGR2RGB).reshape(h, w * 3)
    lines = np.empty((h, w * 3 + 1), np.uint8)
    lines[:, 0] = SUB
    lines[:, 1:4] = rgb[:, :3]
    np.subtract(rgb[:, 3:], rgb[:, :-3], out=lines[:, 4:])  # uint8: wraps modulo 256
    return lines


def encode_png(bgr: NDArray[Any], encoding: str) -> bytes:
    """An 8-bit BGR image as PNG (RGB, no interlace) with the settings `encoding` names."""
    image = np.asarray(bgr)
    if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(f"expected an 8-bit BGR image, got {image.dtype} {image.shape}")
    level = ENCODINGS[encoding]
    h, w = image.shape[:2]
    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)  # 8 bits, truecolour
    data = isal_zlib.compress(sub_filtered(image).data.cast("B"), level)
    return SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")
