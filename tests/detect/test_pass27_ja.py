"""Pass 27 of issue 13 (Japanese): the reader's own funeral goods handled by the writer; the
reader's last preparations commanded while there is time; a whole group disposed of; death
demanded as atonement; the reader's occasion foretold as their last; a harm verb whose object's
particle is dropped (SNS); a plan said to be ready; a home and a school by their honorific or
short names; and the send-off guard.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from kizashi.detect.gate import passes_gate
from tests.detect.readings import guards_fired, rule_ids


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


# A threat, the rule it is read by, and a twin with the same words that is none.
TWINS = [
    (
        "てめえの位牌に刻む戒名、決めといてやったぞ",
        "threat-funeral-reader-ja",
        "祖父の位牌に刻む戒名はお寺さんが決めた",
    ),
    (
        "あんたの遺骨はドブに流してやる",
        "threat-funeral-reader-ja",
        "祖母の遺骨は海に流してほしいと遺言にあった",
    ),
    (
        "今のうちに両親に別れを告げておけ",
        "threat-last-rites-ja",
        "留学に発つ前に両親にちゃんと挨拶しておけ",
    ),
    (
        "せいぜい今のうちに遺書を書いとけよ",
        "threat-last-rites-ja",
        "遺書を書いておけば家族が困らない",
    ),
    (
        "あのクラスの奴ら全員始末してやる",
        "threat-all-disposed-ja",
        "あのクラスの全員で粗大ごみを始末した",
    ),
    (
        "てめえには死をもって償ってもらう",
        "threat-atonement-ja",
        "あの犯人は死をもって償うべきだという声もある",
    ),
    (
        "来月の講演が、お前の最後の講演になる",
        "threat-reader-last-ja",
        "来月の講演が、お前の最後の講演になるね、退職おめでとう",
    ),
    (
        "課長刺す。まじで限界",
        "threat-plain-dropped-ja",
        "家でゴキブリ殺す。まじで限界",
    ),
    (
        "〇〇駅を吹き飛ばす準備はできてる",
        "threat-plan-ready-ja",
        "〇〇駅で風船を飛ばす準備はできてる",
    ),
]


@pytest.mark.parametrize(("text", "rule", "twin"), TWINS)
def test_a_reading_fires_and_its_twin_does_not(text: str, rule: str, twin: str) -> None:
    assert passes_gate(text)
    assert rule in rule_ids(text)
    assert rule not in rule_ids(twin)


@pytest.mark.parametrize(("text", "rule", "twin"), TWINS)
def test_the_readings_are_flagged_and_the_twins_are_not(
    scorer: Scorer, text: str, rule: str, twin: str
) -> None:
    assert scorer.score([text])[0].category == "threat"
    assert not scorer.score([twin])[0].flagged


def test_a_home_in_keigo_is_a_place_with_a_weapon_brought_there(scorer: Scorer) -> None:
    text = "明晩、お宅へ刃物を持って伺います"
    assert "threat-context-home-honorific-ja" in rule_ids(text)
    assert scorer.score([text])[0].category == "threat"
    assert not scorer.score(["お宅の庭、きれいですね"])[0].flagged


def test_a_school_by_its_short_name_is_a_place(scorer: Scorer) -> None:
    text = "#〇〇中学 爆破 明後日"
    assert "threat-context-school-short-ja" in rule_ids(text)
    assert scorer.score([text])[0].category == "threat"
    assert not scorer.score(["#〇〇中学 合唱コンクール 明後日"])[0].flagged


def test_a_send_off_stands_the_last_occasion_down() -> None:
    text = "これがお前の最後の出張になるな、送別会で会おう"
    assert "send-off-ja" in guards_fired(text)
    assert "threat-reader-last-ja" not in rule_ids(text)


def test_a_group_word_before_shi_ne_is_no_name(scorer: Scorer) -> None:
    # 氏 after 全員 or 共 is no honorific, so 氏ね is read as 死ね there (text/decode.yaml)
    assert scorer.score(["ここのスタッフ全員氏ね"])[0].category == "threat"
    assert not scorer.score(["佐藤氏ね、来週の会議に出るって"])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        "お前の骨は拾ってやるから、思いきりやってこい",
        "祖母の仏壇に線香をあげてから出かけた",
        "香典は用意しておいたから、明日の告別式で渡してね",
        "ライブで会場をぶっ飛ばす準備はできてる",
        "関与した社員全員を処分する方針だ",
    ],
)
def test_everyday_sentences_with_the_new_words_are_left_alone(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged
