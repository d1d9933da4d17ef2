"""det39 pass of issue 13: English threats said from the victim's side — the reader, the
reader's people, an office-holder or a crowd at a place as the subject of a passive or
get-passive harm participle ("ur getting shot", "you'll be killed", "your wife is gonna be
shot") — and the writer's plan said as a bare gerund ("bombing the train station
tomorrow"). News in the past, sports said of "we", idioms said of the writer or of a thing,
a danger warned of, a proposal "shot down" and a photographer's "shooting the wedding" are
left alone.

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
        "ur getting shot the minute u leave the library tonight",
        "threat-passive-fate-en",
        "we're getting shot down by the library board tonight",
    ),
    (
        "you'll be stabbed before the month is over, count on it",
        "threat-passive-fate-en",
        "a clerk was stabbed before the month was over, police said",
    ),
    (
        "your sister is gonna get killed on her way to the bakery",
        "threat-passive-fate-en",
        "my sister is gonna kill me on her way to the bakery",
    ),
    (
        "everyone at the depot will be shot on wednesday",
        "threat-passive-fate-en",
        "everyone at the depot will be vaccinated on wednesday",
    ),
    (
        "talk to the press and you'll end up dead in a week",
        "threat-passive-fate-en",
        "talk to the press and you'll end up famous in a week",
    ),
    (
        "bombing the bus terminal first thing tomorrow",
        "threat-gerund-plan-en",
        "bombing my driving test first thing tomorrow",
    ),
    (
        "shooting everyone at the barbecue sunday, stay away",
        "threat-gerund-plan-en",
        "shooting photos at the barbecue sunday, stay away from the grill",
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
    ("text", "guard"),
    [
        ("you'll get killed crossing the motorway like that", "hazard-warning-en"),
        ("put your seatbelt on or you will be killed one day", "hazard-warning-en"),
        ("you will be shot down by the council if you ask", "idiom-shot-down-en"),
        ("they're bombing the station tomorrow, the radio says", "agent-before-gerund-en"),
    ],
)
def test_warnings_idioms_and_others_plans_are_stood_down(
    scorer: Scorer, text: str, guard: str
) -> None:
    assert guard in guards_fired(text)
    assert not scorer.score([text])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        "we're gonna get killed by the rangers on saturday",
        "i'm gonna get killed by my mum for this",
        "my inbox is getting blown up with spam",
        "the toast got burned again",
        "ur getting your flu shot tomorrow right",
        "a man was shot dead outside the pub on friday",
    ],
)
def test_everyday_be_and_get_with_harm_verbs_are_not_threats(scorer: Scorer, text: str) -> None:
    assert "threat-passive-fate-en" not in rule_ids(text)
    assert not scorer.score([text])[0].flagged
