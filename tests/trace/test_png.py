"""kizashi's own PNG writer for fingerprinted copies (`png-sub-isal1`)."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from kizashi.trace.png import ENCODINGS, encode_png, sub_filtered


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_any_png_reader_decodes_the_exact_pixels(photo: np.ndarray, encoding: str) -> None:
    # Odd sizes and saturated values: the Sub filter wraps modulo 256 at every step.
    rng = np.random.default_rng(3)
    noisy = np.clip(photo[:301, :257].astype(int) + rng.integers(-200, 200, (301, 257, 3)), 0, 255)
    for image in (photo, noisy.astype(np.uint8)):
        data = encode_png(image, encoding)
        assert np.array_equal(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR), image)
        with Image.open(io.BytesIO(data)) as decoded:
            assert decoded.mode == "RGB"
            assert np.array_equal(np.asarray(decoded), image[..., ::-1])


def test_the_scanlines_are_sub_filtered_rgb() -> None:
    bgr = np.array([[[1, 2, 3], [0, 10, 250]]], np.uint8)  # one row, two pixels
    # RGB (3, 2, 1), then (250, 10, 0) minus (3, 2, 1) modulo 256, after filter byte 1.
    assert sub_filtered(bgr).tolist() == [[1, 3, 2, 1, 247, 8, 255]]


def test_only_8_bit_colour_is_encoded() -> None:
    with pytest.raises(ValueError, match="expected an 8-bit BGR image"):
        encode_png(np.zeros((4, 4), np.uint8), "png-sub-isal1")
