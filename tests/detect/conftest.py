"""Fixtures shared by the detection tests.

One scorer serves the whole session. With ``cache_size=0`` it remembers no text, so every
test scores its own sentences afresh whatever ran before. It is not one of the root
conftest's ``SHARED_BUILDS``: the model, the dictionary and the encoder are loaded once per
process whichever ``Scorer`` asks first, and a second ``Scorer`` costs milliseconds, so each
xdist worker may build its own and the tests that use it are scheduled freely.
"""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer


@pytest.fixture(scope="session")
def scorer() -> Scorer:
    return Scorer(cache_size=0)
