"""The gate passes a rule's anchor in every spelling the dictionary knows for it."""

from __future__ import annotations

import pytest

from kizashi.detect.gate import passes_gate


@pytest.mark.parametrize(
    "text",
    [
        "空薬きょう 9mm 20個セット 中古 発送可",  # 薬莢 in mixed spelling
        "けん銃と実包を売ります",  # 拳銃 as the Firearms Act spells it
        "明日ばくだんを駅に置く",  # 爆弾 in kana
        "包ちょう持って会社行くわ",  # 包丁 in mixed spelling
    ],
)
def test_an_anchor_in_another_spelling_reaches_the_scorer(text: str) -> None:
    assert passes_gate(text), text


@pytest.mark.parametrize(
    "text",
    [
        "やるしかないね、明日からがんばろう",  # やる is a reading of 殺る, and of most doing
        "今日はいい天気なので散歩に行きます",
    ],
)
def test_a_short_kana_reading_does_not_open_the_gate(text: str) -> None:
    assert not passes_gate(text), text
