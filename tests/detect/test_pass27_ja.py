"""Pass 27 of issue 13 (Japanese), what was kept after the review: 氏 after a group word or an
insult (全員, 共, 連中) is no honorific, so 氏ね there is read as 死ね (text/data/decode.yaml
`not_names`); after a surname it stays an honorific. The pass's reading rules were taken out
(docs/history/detection-journal.md, "Twenty-seventh pass (Japanese)"); these sentences are the
review's and det27's, none a probe item."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


@pytest.mark.parametrize("text", ["ここのスタッフ全員氏ね", "お前ら全員氏ね", "クズ共氏ね"])
def test_shi_ne_after_a_group_word_is_a_curse(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "threat"


@pytest.mark.parametrize(
    "text", ["佐藤氏ね、来週の会議に出るって", "田中氏ね、今日の会議の件ですが"]
)
def test_shi_ne_after_a_surname_is_an_honorific(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged
