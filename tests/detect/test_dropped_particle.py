"""Casual Japanese drops を: a blade swung (刃物振り回すわ) and a fire set (火つけるわ) are the
same threats as with it; a random street attack said as the writer's own act (通り魔やるわ)
is one too. Found posting casual threats through the live API on the demo (2026-12-06, lead):
each was left alone while its を form was flagged. Twins of the same shape must stay clean.

The sentences are written for these tests."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from tests.detect.readings import rule_ids


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


THREATS = [
    ("土曜の夜、駅のホームで包丁振り回すわ", "threat-weapon-act-ja"),
    ("来週あいつの実家に火つけてやる", "threat-harm-weak-ja"),
    ("明日の朝、あの会社に火つけるわ", "threat-plain-ja"),
    ("月曜に学校の前で通り魔やるわ", "threat-harm-weak-ja"),
]
TWINS = [
    "子供が包丁振り回してて本当に焦った",  # told of someone else
    "明日バーベキューで炭に火つけるわ",  # what is lit burns for cooking
    "タバコに火つけるわ",
    "駅で通り魔やる奴は絶対に許せない",  # the act judged, not said as one's own
    "昨日の夜、駅前で通り魔が出たって",
]


@pytest.mark.parametrize(("text", "rule"), THREATS)
def test_a_threat_with_the_particle_dropped_is_read_and_flagged(
    scorer: Scorer, text: str, rule: str
) -> None:
    assert rule in rule_ids(text)
    scored = scorer.score([text])[0]
    assert scored.flagged and scored.category == "threat"


@pytest.mark.parametrize("text", TWINS)
def test_the_same_words_without_a_threat_stay_clean(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged
