"""Pass 21 of issue 13: English vehicle ramming said as a plan or a call (an `intent` reading,
so the composed threat is read), an office-holder's coming occasion said to be the last in
Japanese, three more English outcomes said of a target at a dated occasion, ammunition
listings (whole cartridges in English, conversion services), and three mends of the reading
of a thing talked about: a notice of killing (殺害予告) said as a subject, a compound whose
head is a dish (爆弾おにぎり), counter-speech compounds Sudachi splits (殺害|予告).

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from tests.detect.readings import guards_fired, rule_ids


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


# (threat, rule it is read by, twin with the same words that is no threat)
TWINS = [
    (
        "i'm gonna drive my jeep into the marchers on elm street at noon",
        "threat-vehicle-ram-en",
        "i drove my jeep past the marchers on elm street at noon",
    ),
    (
        "ram the suv into the shoppers outside the mall on black friday",
        "threat-vehicle-ram-en",
        "park the suv near the shoppers outside the mall on black friday",
    ),
    (
        "my truck is ready. planning to barrel through the fans outside the arena friday",
        "threat-vehicle-plow-en",
        "planning to barrel through the fans outside the arena friday to reach the merch stand",
    ),
    (
        "県知事、来週の式典が最後になるでしょうね",
        "threat-last-occasion-ja",
        "県知事、先週の式典が最後になったそうです",
    ),
    (
        "the commissioner's hearing on the 3rd ends with her on a gurney",
        "threat-carried-off-en",
        "the commissioner's hearing on the 3rd ends with her on a plane home",
    ),
    (
        "the alderman should catch a bullet at the groundbreaking on friday",
        "threat-bullet-caught-en",
        "the alderman should catch a break at the groundbreaking on friday",
    ),
    (
        "the spectators at sunday's air show won't know what hit them",
        "threat-unseen-blow-en",
        "the spectators at sunday's air show won't know where to look",
    ),
]


@pytest.mark.parametrize(("threat", "rule", "twin"), TWINS)
def test_a_reading_fires_and_its_twin_does_not(threat: str, rule: str, twin: str) -> None:
    assert rule in rule_ids(threat)
    assert rule not in rule_ids(twin)


@pytest.mark.parametrize(("threat", "rule", "twin"), TWINS)
def test_the_readings_are_flagged_as_threats(
    scorer: Scorer, threat: str, rule: str, twin: str
) -> None:
    assert scorer.score([threat])[0].category == "threat"
    assert not scorer.score([twin])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        # a report: the past tense
        "witnesses say the driver steered his car into the crowd at the fair",
        # ordinary: into the crowd is not the vehicle's
        "gonna drive to the stadium and then dive into the crowd when the band plays",
        # counter-speech
        "if someone posts that they'll drive a van into the parade, report it to the police",
        # a plow through a crowd with no vehicle is a way to the bar
        "gonna plow through the crowd at the concert to get to the front",
    ],
)
def test_ramming_is_not_read_in_reports_errands_or_counter_speech(
    scorer: Scorer, text: str
) -> None:
    assert not {"threat-vehicle-ram-en", "threat-vehicle-plow-en"} & rule_ids(text)
    assert not scorer.score([text])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        "知事の式典は今期で引退するので、来週の式典が最後になる",
        "試合、最後まで勝てると思うなよ",
        "市長の演説会、最後まで聞いたけど良かった",
    ],
)
def test_a_last_occasion_of_a_career_or_a_game_is_no_threat(scorer: Scorer, text: str) -> None:
    assert "threat-last-occasion-ja" not in rule_ids(text)
    assert not scorer.score([text])[0].flagged


def test_a_career_end_stands_the_last_occasion_down() -> None:
    assert "career-end-ja" in guards_fired("議長は勇退を表明、次の議会が最後になる")


def test_an_outcome_needs_a_named_target_not_a_pronoun() -> None:
    # sport: no office-holder or crowd named
    assert "threat-unseen-blow-en" not in rule_ids(
        "their back line won't know what hit them on saturday"
    )
    # a possessive names the office-holder as well as the bare noun
    assert "threat-carried-off-en" in rule_ids(
        "the governor's gala on may 4 is going to be a closed-casket affair"
    )


def test_a_notice_of_killing_talked_about_is_counter_speech(scorer: Scorer) -> None:
    text = "市議への殺害予告が相次いでいる。絶対に許されない"
    assert "threat-intent-ja" not in rule_ids(text)
    assert "counter-speech" in guards_fired(text)
    assert not scorer.score([text])[0].flagged


def test_a_notice_of_killing_declared_is_still_intent() -> None:
    assert "threat-intent-ja" in rule_ids("来週、部長を殺害予告します")


@pytest.mark.parametrize("text", ["爆弾から揚げの作り方、にんにく多め", "今夜は爆弾丼を作る"])
def test_a_dish_named_bomb_is_no_bomb_making(scorer: Scorer, text: str) -> None:
    assert "wpn-pipe-bomb" not in rule_ids(text)
    assert not scorer.score([text])[0].flagged


@pytest.mark.parametrize("text", ["爆弾の作り方を教えて", "爆弾作りに必要なもの"])
def test_a_bomb_made_is_still_read(text: str) -> None:
    assert "wpn-pipe-bomb" in rule_ids(text)


@pytest.mark.parametrize(
    "text",
    [
        "Live .45 ACP rounds, 30 ct, shipped in plain packaging",
        "Starter pistol reworked to fire real 9mm rounds, send yours, two week turnaround",
        "ダミーカート 実弾化加工 承ります 1発500円",
    ],
)
def test_cartridges_and_conversion_services_are_listings(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "prohibited_listing"


@pytest.mark.parametrize(
    "text",
    [
        "played 18 rounds of golf this month, $40 a round",
        "live music and free rounds of drinks at the bar on friday",
        "写真の加工します 1枚500円",
    ],
)
def test_rounds_of_golf_and_photo_editing_are_no_listings(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged
