"""Regular English inflections, from which the decode table's harm verbs are read."""

from __future__ import annotations

import pytest

from kizashi.text.inflect import inflections


@pytest.mark.parametrize(
    ("verb", "forms"),
    [
        ("kill", {"kill", "kills", "killed", "killing"}),
        ("stab", {"stab", "stabs", "stabbed", "stabbing"}),
        ("shoot", {"shoot", "shoots", "shooted", "shooting"}),
        ("strangle", {"strangle", "strangles", "strangled", "strangling"}),
        ("die", {"die", "dies", "died", "dying"}),
        ("slash", {"slash", "slashes", "slashed", "slashing"}),
        ("murder", {"murder", "murders", "murdered", "murdering"}),
        ("burn", {"burn", "burns", "burned", "burning"}),
    ],
)
def test_regular_inflections(verb: str, forms: set[str]) -> None:
    assert inflections(verb) == forms
