"""Image fingerprints: invisible, distinct per recipient, found after attacks and collusion."""

from __future__ import annotations

import cv2
import numpy as np

from kizashi.trace.image_detect import detect
from kizashi.trace.image_mark import embed, psnr
from kizashi.trace.params import default_params
from tests.trace.conftest import KEY
from tests.trace.conftest import jpeg as _jpeg

PARAMS = default_params().image
LABELS = [f"copy-{i}" for i in range(12)]


def test_copy_is_invisible_deterministic_and_distinct(photo: np.ndarray) -> None:
    first = embed(photo, KEY, "p", "copy-1", PARAMS)
    assert 40.0 <= psnr(first, photo) <= 44.0
    assert np.array_equal(first, embed(photo, KEY, "p", "copy-1", PARAMS))
    assert not np.array_equal(first, embed(photo, KEY, "p", "copy-2", PARAMS))
    assert not np.array_equal(first, embed(photo, bytes(32), "p", "copy-1", PARAMS))


def test_the_right_recipient_is_named_after_jpeg_scaling_and_crop(photo: np.ndarray) -> None:
    copy = embed(photo, KEY, "p", "copy-3", PARAMS)
    small = cv2.resize(copy, None, fx=0.6, fy=0.6, interpolation=cv2.INTER_AREA)
    attacked = _jpeg(small[12:-10, 15:-8], 60)
    verdict = detect(attacked, photo, KEY, "p", LABELS, PARAMS)
    assert [r.label for r in verdict.named] == ["copy-3"]
    assert verdict.ranked[0].confidence > 0.999
    assert verdict.evidence["registration"]["method"] == "homography"


def test_an_unmarked_image_names_nobody(photo: np.ndarray) -> None:
    verdict = detect(_jpeg(photo, 80), photo, KEY, "p", LABELS, PARAMS)
    assert verdict.named == []
    assert all(r.confidence < 0.99 for r in verdict.ranked)


def test_averaged_copies_name_the_colluders_and_nobody_else(photo: np.ndarray) -> None:
    colluders = ["copy-2", "copy-5", "copy-9"]
    stack = np.mean([embed(photo, KEY, "p", c, PARAMS).astype(np.float32) for c in colluders], 0)
    verdict = detect(_jpeg(stack.round().astype(np.uint8), 85), photo, KEY, "p", LABELS, PARAMS)
    assert {r.label for r in verdict.named} == set(colluders)


def test_a_collage_of_two_copies_names_both(photo: np.ndarray) -> None:
    left = embed(photo, KEY, "p", "copy-0", PARAMS)
    right = embed(photo, KEY, "p", "copy-7", PARAMS)
    collage = np.concatenate([left[:, :192], right[:, 192:]], axis=1)
    verdict = detect(collage, photo, KEY, "p", LABELS, PARAMS)
    assert {r.label for r in verdict.named} == {"copy-0", "copy-7"}
