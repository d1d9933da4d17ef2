"""The place component of a threat (`threat-context-place`) names a place, never a pronoun
or a word that merely ends in 前 or 口: a wrong place turned an addressed curse into an urgent
"threat that names a place" and said so in the alert's explanation.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kizashi.detect import detect_rules
from kizashi.triage.urgent import SignalFacts, default_urgent

AT = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _places(text: str) -> list[str]:
    return [h.text for h in detect_rules(text).hits if h.rule == "threat-context-place"]


@pytest.mark.parametrize(
    "text",
    [
        "お前を絶対に許さない",
        "てめえの顔は覚えた",
        "手前の都合で動くな",
        "名前を教えろ",
        "午前中に片付ける",
        "悪口を言うな",
        "人口が減った",
    ],
)
def test_a_pronoun_or_a_word_ending_in_mae_or_kuchi_is_no_place(text: str) -> None:
    assert _places(text) == [], text


@pytest.mark.parametrize(
    ("text", "place"),
    [("駅前で待ってろ", "駅前"), ("北口の改札で会おう", "北口"), ("区役所に行く", "区役所")],
)
def test_places_are_still_read(text: str, place: str) -> None:
    assert place in _places(text), text


def test_an_addressed_curse_without_time_or_place_is_not_urgent() -> None:
    text = "通報した。お前死ね"
    evidence = [
        {"rule": h.rule, "text": h.text, "start": h.start, "end": h.end}
        for h in detect_rules(text).hits
    ]
    facts = SignalFacts("sns_post", "threat", 0.9, evidence, (), text, AT)
    assert default_urgent().match(facts) is None
