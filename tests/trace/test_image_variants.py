"""Still fingerprints: every mirror and quarter turn, and the exact null behind each figure."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from kizashi.trace.image_detect import detect, evidence_of
from kizashi.trace.image_mark import embed, grid_of
from kizashi.trace.image_register import ORIENTATIONS, orient
from kizashi.trace.params import default_params
from kizashi.trace.scoring import false_accusation
from tests.trace.conftest import KEY
from tests.trace.conftest import jpeg as _jpeg

PARAMS = default_params().image
LABELS = [f"copy-{i}" for i in range(12)]


@pytest.fixture(scope="module")
def marked(photo: np.ndarray) -> np.ndarray:
    return embed(photo, KEY, "p", "copy-3", PARAMS)


def _applied(image: np.ndarray, orientation: str) -> np.ndarray:
    """What a leaker's app does: the inverse of what `orient` undoes."""
    for candidate in ORIENTATIONS:
        turned = np.ascontiguousarray(
            {
                "identity": image,
                "mirror": image[:, ::-1],
                "flip": image[::-1],
                "rotate180": image[::-1, ::-1],
                "rotate90": np.rot90(image, -1),
                "rotate270": np.rot90(image, 1),
                "transpose": np.swapaxes(image, 0, 1),
                "transverse": np.rot90(image, 2).swapaxes(0, 1),
            }[candidate]
        )
        if candidate == orientation:
            return turned
    raise AssertionError(orientation)


@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_orient_undoes_each_of_the_eight_symmetries(photo: np.ndarray, orientation: str) -> None:
    assert np.array_equal(orient(_applied(photo, orientation), orientation), photo)


@pytest.mark.parametrize(
    "orientation", ["mirror", "flip", "rotate90", "rotate180", "rotate270", "transpose"]
)
def test_a_mirrored_or_turned_leak_names_its_recipient(
    photo: np.ndarray, marked: np.ndarray, orientation: str
) -> None:
    leak = _jpeg(_applied(marked, orientation), 75)
    verdict = detect(leak, photo, KEY, "p", LABELS, PARAMS)
    assert [r.label for r in verdict.named] == ["copy-3"]
    assert verdict.evidence["registration"]["method"] == "homography"


def test_innocent_scores_are_exactly_standard_normal(photo: np.ndarray, marked: np.ndarray) -> None:
    """z of 2,000 patterns given to nobody, on a heavily attacked leak: mean 0, spread 1,
    and no tail heavier than the normal one (the old fitted null failed exactly here)."""
    leak = _jpeg(cv2.resize(marked[::-1], None, fx=0.7, fy=0.7), 50)
    evidence = evidence_of(leak, photo, PARAMS)
    full = (photo.shape[0], photo.shape[1])
    zs = np.array(
        [
            np.vdot(evidence.back, grid_of(KEY, "p", f"nobody-{i}", full, PARAMS)) / evidence.norm
            for i in range(2000)
        ]
    )
    assert abs(zs.mean()) < 0.1 and abs(zs.std() - 1) < 0.06
    assert (zs > 3.0).sum() <= 10  # normal: 2.7 expected of 2,000
    assert zs.max() < 4.5


def test_the_shown_figure_is_the_one_that_names(photo: np.ndarray, marked: np.ndarray) -> None:
    verdict = detect(_jpeg(marked, 60), photo, KEY, "p", LABELS, PARAMS)
    for ranked in verdict.ranked:
        assert ranked.named == (ranked.false_accusation <= PARAMS.name_below)
        assert math.isclose(ranked.confidence, 1 - ranked.false_accusation)
        assert math.isclose(
            ranked.false_accusation, false_accusation(ranked.p_value, len(LABELS)), rel_tol=1e-9
        )
    assert verdict.ranked[1].false_accusation > 0.01


def test_false_accusation_is_the_family_wise_chance() -> None:
    assert false_accusation(0.0, 50) == 0.0
    assert math.isclose(false_accusation(1e-6, 50), 1 - (1 - 1e-6) ** 50, rel_tol=1e-9)
    assert false_accusation(0.5, 2) == 0.75
    assert false_accusation(1.0, 3) == 1.0
