"""A bomb said as to be placed (明日爆弾を駅に置く: the plain form is an intention) with a place
is a threat by the compositional reading; a report of a threat (〜との予告), a police report, a
compound (爆弾おにぎり, 爆弾低気圧) and a game are not. Sentences written for these tests (none
is a probe or suite item)."""

from __future__ import annotations

import pytest

from kizashi.detect import detect_rules
from kizashi.detect.scorer import Scorer


@pytest.mark.parametrize(
    "text",
    [
        "明日爆弾を駅に置く",
        "来週、体育館に時限爆弾を仕掛ける",
        "爆発物を市役所に持ち込むつもり",
        "爆弾を駅前に設置します",
        "駅前に爆弾を置こう",
    ],
)
def test_a_bomb_to_be_placed_somewhere_is_a_threat(scorer: Scorer, text: str) -> None:
    result = detect_rules(text)
    assert "threat-bomb-placed-ja" in result.reading
    assert scorer.score([text])[0].category == "threat"


@pytest.mark.parametrize(
    "text",
    [
        "駅に爆弾を置いたとの予告があり",
        "駅に時限爆弾を仕掛けたという書き込みがあった",
        "犯人は駅に爆弾を置いた疑いで逮捕された",
        "爆弾おにぎりを置く",
        "爆弾低気圧が来る",
        "ゲームで爆弾を置くと壁が壊れる",
    ],
)
def test_a_report_a_compound_or_a_game_is_not(scorer: Scorer, text: str) -> None:
    assert not detect_rules(text).reading
    assert not scorer.score([text])[0].flagged


def test_the_report_guard_keeps_a_threat_in_another_clause() -> None:
    text = "予告する。明日爆弾を駅に置く"
    assert "threat-bomb-placed-ja" in detect_rules(text).reading
