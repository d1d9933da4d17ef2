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
    # a lone half-width voicing mark inside the word (the det35 review: the gate kept it)
    ("あの店長をころすからな", "あの店長をころﾟすからな"),
    ("明日学校に爆破予告", "明日学校に爆ﾟ破予告"),
    ("課長死ね", "課長ｼﾈ"),
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
    # a cinema chain: シネ joined to a katakana word by a middle dot (the det35 review)
    "ｼﾈ･ﾘｰﾌﾞﾙ梅田 最高",
    "シネ・リーブル神戸で映画を観た",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_an_ordinary_sentence_spelled_the_same_way_stays_ordinary(
    scorer: Scorer, text: str
) -> None:
    assert not scorer.score([text])[0].flagged
