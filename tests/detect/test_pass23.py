"""Pass 23 of issue 13: police names that Sudachi splits (県|警, 警視|庁) and a police
notice's words of law stand listings and lures down; a lure's "the police won't find out"
no longer excuses it; 大会 is a match only when it is no festival's or party's; harm said
by the body part broken or the function taken away, by a building blown away or a bomb
placed with the particle dropped; a life asked for in keigo; a blade pictograph, a handle
and a day; "hurt people" as a plan; a stalker's warning in keigo; an office-holder not
leaving an occasion breathing.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from kizashi.detect.gate import passes_gate
from tests.detect.readings import guards_fired, rule_ids


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


# A threat or listing, the rule it is read by, its category, and a twin of the same shape that
# is none.
TWINS = [
    (
        "お前の両腕へし折ったるからな、明日",
        "threat-body-damage-ja",
        "threat",
        "あいつの天狗の鼻をへし折ったるわ、明日の試合で",
    ),
    (
        "次に会ったらお前、二度と歩けなくしてやるからな",
        "threat-disable-ja",
        "threat",
        "次に来たらお前、二度とこの店に来られなくしてやるからな",
    ),
    (
        "@kato_kyoto 🔪🔪 金曜の会議室で",
        "threat-sns-dated-ja",
        "threat",
        "@kato_kyoto 🔪🔪 金曜の料理教室で #料理",
    ),
    (
        "課長、明日の夜お宅へ伺います。お命のご用意を",
        "threat-keigo-life-ja",
        "threat",
        "課長、明日の夜お宅へ伺います。お食事のご用意を",
    ),
    (
        "来週月曜、市役所を吹っ飛ばす",
        "threat-bomb-placed-ja",
        "threat",
        "来週月曜、カラオケで疲れを吹っ飛ばす",
    ),
    (
        "今夜9時、駅のトイレに爆弾仕掛けといた",
        "threat-bomb-placed-ja",
        "threat",
        "今夜9時、お弁当に爆弾おにぎり仕込んどいた",
    ),
    (
        "saturday at the plaza, i'm going to hurt people there",
        "threat-intent-en",
        "threat",
        "saturday at the plaza, i'm going to help people there",
    ),
    (
        "the governor speaks at the expo on friday and she is not leaving it breathing",
        "threat-survival-occasion-en",
        "threat",
        "the governor speaks at the expo on friday and I won't leave it breathing, so hot lol",
    ),
]


@pytest.mark.parametrize(("text", "rule", "category", "twin"), TWINS)
def test_a_reading_fires_and_its_twin_does_not(
    text: str, rule: str, category: str, twin: str
) -> None:
    assert rule in rule_ids(text)
    assert rule not in rule_ids(twin)


@pytest.mark.parametrize(("text", "rule", "category", "twin"), TWINS)
def test_the_readings_are_flagged_and_the_twins_are_not(
    scorer: Scorer, text: str, rule: str, category: str, twin: str
) -> None:
    assert scorer.score([text])[0].category == category
    assert not scorer.score([twin])[0].flagged


def test_a_festival_or_party_rally_is_no_match_for_the_sports_guard() -> None:
    assert "sports" not in guards_fired("今度の盆踊り大会で人を刺してやる")
    assert "sports" not in guards_fired("決起大会で候補者を刺してやる")
    assert "sports" in guards_fired("次の大会で相手をぶっ殺してやる")


@pytest.mark.parametrize(
    "text",
    [
        "お子さんが毎朝7時半に登校されているのは存じ上げております。くれぐれもお気をつけください",
        "奥様が毎週水曜にヨガ教室へ通われていることは把握しております。夜道にはご用心を",
    ],
)
def test_a_routine_known_and_a_keigo_warning_is_a_watched_threat(text: str) -> None:
    assert "threat-watched-ja" in rule_ids(text)


@pytest.mark.parametrize(
    "text",
    [
        "毎朝冷え込みますね。お子さんの登校時は路面の凍結にお気をつけください",
        "お子さんの学校の前で毎日工事をしているようですね。ご用心ください",
    ],
)
def test_keigo_advice_with_no_knowing_tag_is_no_watched_threat(text: str) -> None:
    assert "threat-watched-ja" not in rule_ids(text)


def test_the_split_police_names_stand_a_listing_and_a_lure_down(scorer: Scorer) -> None:
    notice = "エアガンを改造して実弾を撃てるようにすると懲役刑もあります（県警）"
    assert "listing-enforcement-ja" in guards_fired(notice)
    assert not scorer.score([notice])[0].flagged
    lure_notice = "「届けるだけで日給3万」という求人は受け子の募集です（警視庁）"
    assert "police-notice-ja" in guards_fired(lure_notice)
    assert not scorer.score([lure_notice])[0].flagged


def test_a_lure_that_says_the_police_will_not_find_out_is_not_excused(scorer: Scorer) -> None:
    lure = "書類を届けるだけで日給4万、警察には絶対バレない案件です"
    assert "counter-speech" not in guards_fired(lure)
    assert "news-report" not in guards_fired(lure)
    assert scorer.score([lure])[0].category == "recruitment"


@pytest.mark.parametrize(
    "text",
    [
        "時間が足りないので頭を使って首位を狙う",
        "肩と膝が痛いので指圧に行く",
        "足がしびれて歩けない、動けない",
    ],
)
def test_body_parts_and_inability_alone_do_not_pass_the_gate(text: str) -> None:
    # The body-damage reading anchors on the breaking verbs: body parts are in too many
    # ordinary posts to send them all to the model.
    assert not passes_gate(text)


@pytest.mark.parametrize(
    "text",
    [
        "The new rule will hurt people on low pay.",
        "I think the strike will hurt people at the port.",
    ],
)
def test_hurt_people_said_of_a_thing_is_no_plan(text: str) -> None:
    # Only the writer as subject makes "hurt people" an intention; "people" is itself a
    # target word, so a policy sentence would otherwise compose into a threat.
    assert "threat-intent-en" not in rule_ids(text)
