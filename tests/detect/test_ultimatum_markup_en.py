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
        "withdraw from the council race, otherwise your kids might have an accident",
        "threat-ultimatum-kin-en",
        "slow down on that road, otherwise your kids might have an accident",
    ),
    (
        "delete the review or your husband is in for a very bad weekend",
        "threat-ultimatum-kin-en",
        "book the hotel early or your husband is in for a very bad weekend of traffic",
    ),
    (
        "stop testifying against him or your family will pay.",
        "threat-ultimatum-kin-en",
        "stop buying takeaway or your family will pay the price at the end of the month",
    ),
    (
        "@coach_dale 🔪🔪 practice 4:30 thursday",
        "threat-sns-markup-en",
        "@coach_dale 🔪🍎 paintball practice 4:30 thursday",
    ),
    (
        "skip the station on monday morning 💣💣",
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
    text = "@tess_k 🔫 nerf battle in the park saturday, who's down"
    assert "threat-sns-markup-en" not in rule_ids(text)
    assert "markup-pastime-en" in guards_fired(text)


def test_a_handle_opening_the_post_reaches_a_pictograph_closing_it() -> None:
    # 17 tokens from the handle to the pictograph: out of the old 14-token window.
    text = "@jmorris_news loved every one of those articles, and now we know where you live 🩸🩸"
    assert "threat-sns-markup-en" in rule_ids(text)


# The det43 review's findings, each said again in other words (none is the reviewer's line).


@pytest.mark.parametrize(
    "text",
    [
        # Advice and chores with "or your kin …": bare quit/resign/withdraw, stay away, keep
        # quiet, back off, shut up, pay up/us, stop texting/talking are not demands.
        "Quit vaping or your kids will get hurt breathing it in.",
        "Quit eating junk or your family will suffer.",
        "Stay away from the stove or your little sister will get hurt copying you.",
        "Keep quiet while the baby sleeps or your little brother will have a rough night.",
        "Back off the brakes on the ice, or your family could have a terrible accident.",
        "Pay up your car insurance on time or your family will suffer if you crash.",
        "Pay us a visit at easter or your kids will have a bad weekend without cousins.",
        "Stop texting at the wheel or your kids will be hurt one day.",
        "Shut up and finish your peas or your sister gets hurt feelings lol",
        "Resign yourself to the rain or your kids will have a rough day at the fair.",
        "Withdraw from the relay if you're injured, otherwise your family will suffer watching.",
    ],
)
def test_advice_with_a_consequence_on_kin_is_no_ultimatum(scorer: Scorer, text: str) -> None:
    assert "threat-ultimatum-kin-en" not in rule_ids(text)
    assert not scorer.score([text])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        # The demand's own words (charges, investigation, police, reporting) are no news.
        "Drop the charges or your son will get hurt on his way to school.",
        "Drop the investigation or else your wife will have an accident.",
        "Stop talking to the cops or your kids will get hurt.",
        "Stop reporting on my company or your family will pay for it.",
        # "suffer with" / "suffer through" is the harm, not an affliction.
        "Withdraw the complaint or your kids will suffer with broken arms.",
        "Drop the case or your family will suffer through hell.",
    ],
)
def test_a_coercive_demand_on_kin_is_a_threat(scorer: Scorer, text: str) -> None:
    assert "threat-ultimatum-kin-en" in rule_ids(text)
    assert scorer.score([text])[0].category == "threat"


@pytest.mark.parametrize(
    "text",
    [
        "police arrested a man who wrote drop the charges or your kids will get hurt",
        "someone posted drop the investigation or your family will pay for it, disgusting",
    ],
)
def test_news_and_counter_speech_of_the_ultimatum_still_stand_it_down(text: str) -> None:
    assert "threat-ultimatum-kin-en" not in rule_ids(text)


@pytest.mark.parametrize(
    "text",
    [
        # A pastime word far from the pictograph, or a harm in the post, no longer clears it.
        "@vp_morgan 💣 8am monday. bring cupcakes to your funeral",
        "nerf war my ass, 🔪 tonight 10pm @kyle_b you're dead",
    ],
)
def test_a_pastime_word_does_not_clear_markup_that_names_a_harm(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "threat"


@pytest.mark.parametrize(
    "text",
    [
        # An hour, a weapon pictograph and a handle: an event post, no threat.
        "@dj_rio tonight's set at 10pm is gonna be 💣💣",
        "Ladies night 8pm @club_nova 💣 cocktails two for one",
        "@sam 🔫 water balloon and squirt gun fight 2pm at the park!",
        "Lake fireworks 10pm 💣🎆 bring blankets @cityparks",
        "Haunted house opens 7pm 🔪🎃 @fright_farm",
        "Range day 9am with the team 🔫🎯 @rangeclub",
        "@tom_r we know where you live 😂 the party pics 🔪🍖 were great",
    ],
)
def test_event_posts_with_an_hour_are_not_threats(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        "Skip the parade tonight, the fireworks 🧨 are too loud for the baby",
        "Don't come to the party without the pie 🔪🥧 lol",
    ],
)
def test_party_pictographs_are_no_stay_away_cue(scorer: Scorer, text: str) -> None:
    assert "threat-stay-away-en" not in rule_ids(text)
    assert not scorer.score([text])[0].flagged
