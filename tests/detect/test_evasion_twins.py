"""det35: a threat spelled to hide it is read as its plain twin, and an ordinary sentence
spelled the same way stays ordinary. The sentences are written for these tests."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


# (plain threat, disguised twin)
THREATS = [
    ("あの店長を殺すからな", "あの店長を殺 すからな"),
    ("あの店長を殺すからな", "あの店長を殺/すからな"),
    ("明後日、県庁を爆破する", "明後日、県庁を爆\n破する"),
    ("同僚を殺したい、来週やる", "同僚を殺・し・た・い、来週やる"),
    ("あの店長をころすからな", "あの店長をころㇲからな"),
    ("あの店長を殺すからな", "あの店長を⑸⑹すからな"),
    ("I will kill my neighbor tonight", "I will k\u0301\u0308ill my neighbor tonight"),
    ("I will kill my neighbor tonight", "I will kíll my neighbor tonight"),
]


@pytest.mark.parametrize(("plain", "twin"), THREATS)
def test_a_disguised_threat_reads_as_its_plain_twin(scorer: Scorer, plain: str, twin: str) -> None:
    first, second = scorer.score([plain, twin])
    assert first.flagged and first.category == "threat"
    assert second.flagged and second.category == "threat"


ORDINARY = [
    "明\n日\nか\nら\n連\n休\nの\n人\n多\nい\nと\n思\nう\nの\nで\n混\nみ\nま\nす\nね",
    "東京 から 新幹線で 帰ってきました",
    "週末は映・画を観に行きます",
    "café で ⑴ 予定を確認しました",
    "アイヌ語のカㇺイという言葉を習った",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_an_ordinary_sentence_spelled_the_same_way_stays_ordinary(
    scorer: Scorer, text: str
) -> None:
    assert not scorer.score([text])[0].flagged
