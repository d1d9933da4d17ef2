"""Fixtures shared by the detection tests.

One scorer serves the whole session: building it loads the model, and with ``cache_size=0``
it remembers no text, so every test scores its own sentences afresh whatever ran before.
"""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer


@pytest.fixture(scope="session")
def scorer() -> Scorer:
    return Scorer(cache_size=0)
