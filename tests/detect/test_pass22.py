"""Pass 22 of issue 13: a marketplace listing of live ammunition read by its shape (price,
count, postage, condition) with no seller word; a threat of a second attempt on someone said
as one that will not miss, with the person's route or the first attempt named; the
preparations a death needs told to a named office-holder at a dated occasion; the standard
menace phrases in western grammar and a death imposed in keigo; English school and station
threats said as a warning to stay away or as a reveal of what the writer brings.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from tests.detect.readings import guards_fired, rule_ids


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


# (listing or threat, rule it is read by, expected category, twin with the same shape that is
# none)
TWINS = [
    (
        "実弾 .45 12発 ¥15,000",
        "lst-ammo-shape-ja",
        "prohibited_listing",
        "実弾射撃場 体験 12発 ¥15,000",
    ),
    (
        "ライフル弾 30発 未開封 匿名配送",
        "lst-ammo-shape-count-ja",
        "prohibited_listing",
        "ライフル弾30発を押収 未開封の箱も",
    ),
    (
        "the same trail every sunday, i know. you got away once. next time i won't miss.",
        "threat-repeat-attempt-en",
        "threat",
        "the same trail every sunday, i know. missed the bus once. next time i won't miss.",
    ),
    (
        "先週は命拾いしたね。あの通学路、今度は外さない",
        "threat-repeat-attempt-ja",
        "threat",
        "先週は終電を逃したけど、あの通学路、今度は逃さない",
    ),
    (
        "the councilwoman's ribbon cutting is on the 12th. she should write her will before then",
        "threat-death-preparation-en",
        "threat",
        "the councilwoman's ribbon cutting is on the 12th. she should write her speech before then",
    ),
    (
        "おどれ、ここから生きて出られへんで",
        "threat-dialect-menace-ja",
        "threat",
        "おどれ、ここから歩いて出られへんで、雪やし",
    ),
    (
        "課長様には年内にこの世からご退場いただきます",
        "threat-keigo-exit-ja",
        "threat",
        "課長様には年内に本社からご異動いただきます",
    ),
    (
        "do not come to the station monday morning if you want to stay alive",
        "threat-stay-away-en",
        "threat",
        "do not come to the station monday morning if you want to stay dry, flooding on the line",
    ),
    (
        "the whole gym will find out what's in my duffel at the assembly thursday",
        "threat-reveal-means-en",
        "threat",
        "the whole gym will find out what's in my duffel at the assembly thursday: cupcakes",
    ),
]


@pytest.mark.parametrize(("text", "rule", "category", "twin"), TWINS)
def test_a_reading_fires_and_its_twin_does_not(
    text: str, rule: str, category: str, twin: str
) -> None:
    assert rule in rule_ids(text)
    assert rule not in rule_ids(twin)


@pytest.mark.parametrize(("text", "rule", "category", "twin"), TWINS)
def test_the_readings_are_flagged_in_their_category(
    scorer: Scorer, text: str, rule: str, category: str, twin: str
) -> None:
    assert scorer.score([text])[0].category == category
    assert not scorer.score([twin])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        # one mark of the shape only: a price is a fee, a count is a report
        "実弾って一発300円くらいするらしい",
        # a rushed trip, not a bullet
        "弾丸ツアー 1泊2日 ¥29,800 即決",
        # BB pellets are what a legal toy gun fires
        "BB弾 0.2g 5000発 ¥1,200 送料込み",
    ],
)
def test_a_price_alone_a_trip_or_pellets_are_no_ammunition_listing(
    scorer: Scorer, text: str
) -> None:
    assert not {"lst-ammo-shape-ja", "lst-ammo-shape-count-ja"} & rule_ids(text)
    assert not scorer.score([text])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        # an object after the verb: an errand, not an attempt
        "you take the same road every morning too? this time i won't miss the exit",
        # sport
        "missed two at the line last game, coach, next time i won't miss. every free throw counts",
        # no route and no earlier attempt named
        "this time i won't miss.",
        # hunting
        "去年は逃げられた。今度こそあの猪を仕留める、いつもの山道で",
    ],
)
def test_a_miss_promised_about_errands_sport_or_game_is_no_threat(text: str) -> None:
    assert not {"threat-repeat-attempt-en", "threat-repeat-attempt-ja"} & rule_ids(text)


def test_a_shooting_range_stands_the_shape_down() -> None:
    assert "range-experience-ja" in guards_fired("グアムの射撃場 実弾 30発 ¥12,000")


def test_a_missed_train_stands_the_second_attempt_down() -> None:
    assert "missed-errand" in guards_fired(
        "missed the train on the same route this morning. next time i won't miss."
    )


@pytest.mark.parametrize(
    "text",
    [
        # a real death: the funeral of the office-holder
        "the late mayor's funeral is saturday at st. mary's, please wear black.",
        # estate planning at a civic venue
        "free estate planning clinic at town hall tuesday: update your will, the mayor opens it",
        # a will said of an old man, with no occasion
        "the senator is 91, he should update his will",
    ],
)
def test_a_real_death_or_estate_planning_is_no_death_preparation_threat(text: str) -> None:
    assert "threat-death-preparation-en" not in rule_ids(text)


@pytest.mark.parametrize(
    "text",
    [
        "生きて帰ってこれたのが奇跡や",
        "ダムに沈めてしまった村の記録",
        "祖父はあの世へ旅立ちました",
    ],
)
def test_a_survival_a_reservoir_or_a_death_reported_is_no_menace(text: str) -> None:
    assert not {"threat-dialect-menace-ja", "threat-keigo-exit-ja"} & rule_ids(text)


def test_a_sign_off_to_stay_safe_is_no_warning() -> None:
    text = "stay safe everyone and don't go to the party if you're sick"
    assert "threat-stay-away-en" not in rule_ids(text)
