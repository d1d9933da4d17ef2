"""det43 pass of issue 13: English threats with no kill verb — an ultimatum whose consequence
falls on the reader's kin ("… or your family will get hurt"), and SNS markup whose countdown is
a clock time, whose handle opens the post, or whose cue to stay away is a weapon pictograph.
Their twins — advice, a bill's late fee, laser tag, a cooking class, a snow day — are left
alone.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from kizashi.detect.gate import passes_gate
from tests.detect.readings import guards_fired, rule_ids


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


# A threat, the rule that reads it, and a twin of the same shape that is none.
TWINS = [
    (
        "retract your statement or your daughter gets hurt walking home",
        "threat-ultimatum-kin-en",
        "tie your laces or your daughter gets hurt copying you on the stairs",
    ),
    (
        "back off the zoning fight, otherwise your kids might have an accident",
        "threat-ultimatum-kin-en",
        "slow down on that road, otherwise your kids might have an accident",
    ),
    (
        "delete the review or your husband is in for a very bad weekend",
        "threat-ultimatum-kin-en",
        "book the hotel early or your husband is in for a very bad weekend of traffic",
    ),
    (
        "stop digging into the contracts or your family will pay.",
        "threat-ultimatum-kin-en",
        "stop buying takeaway or your family will pay the price at the end of the month",
    ),
    (
        "@coach_dale 🔪🔪 practice 4:30 thursday",
        "threat-sns-markup-en",
        "@coach_dale 🔪🍎 paintball practice 4:30 thursday",
    ),
    (
        "skip the station on monday morning 🧨🧨",
        "threat-stay-away-en",
        "skip the station on monday morning 🚧🚧 roadworks",
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


@pytest.mark.parametrize(
    "text",
    [
        "a court heard he told her to drop the case or her kids would get hurt",
        "'withdraw it or your family gets hurt' is what he texted me, reported to the police",
        "in the film the loan shark says pay up or your family will suffer",
        "move out by july or your kids will have a rough time changing schools",
    ],
)
def test_reported_and_everyday_ultimatums_are_not_threats(scorer: Scorer, text: str) -> None:
    assert "threat-ultimatum-kin-en" not in rule_ids(text)
    assert not scorer.score([text])[0].flagged


def test_a_pastime_stands_down_weapon_markup() -> None:
    text = "@tess_k 🔫 nerf battle in the park sat 2pm, who's down"
    assert "threat-sns-markup-en" not in rule_ids(text)
    assert "markup-pastime-en" in guards_fired(text)


def test_a_handle_opening_the_post_reaches_a_pictograph_closing_it() -> None:
    # 17 tokens from the handle to the pictograph: out of the old 14-token window.
    text = "@jmorris_news loved every one of those articles, and now we know where you live 🩸🩸"
    assert "threat-sns-markup-en" in rule_ids(text)
