"""Shared material: a small natural image, a key, a marked-up plan."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
import skimage.data

KEY = bytes(range(32))
PLAN = Path(__file__).parents[2] / "src" / "kizashi" / "demo" / "data" / "raid_plan_oyama.md"


@pytest.fixture(scope="session")
def photo() -> np.ndarray:
    """scikit-image's astronaut (ships in the wheel), as BGR, 384 px: fast but textured."""
    image = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)
    return cv2.resize(image, (384, 384), interpolation=cv2.INTER_AREA)


@pytest.fixture(scope="session")
def plan_text() -> str:
    return PLAN.read_text("utf-8")
