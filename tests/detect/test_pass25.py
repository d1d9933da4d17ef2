"""Pass 25 of issue 13: English threats against office-holders at public occasions read by the
grammar of the harm (the office as object or passive subject, a bullet put in them, a bomb said
to be at the occasion, a death at it, "feet first", "won't survive his speech"), by presence or
surprise ("a little surprise for him", "I'll be waiting there"), and by a consequence aimed at
the reader's own family; an occasion called someone's last because they retire is no threat.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from tests.detect.readings import guards_fired, rule_ids


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


# A threat, the rule it is read by, and a twin of the same shape that is none.
TWINS = [
    (
        "gonna shoot the commissioner at her fundraiser on thursday",
        "threat-office-harm-en",
        "gonna shoot the commissioner a text about her fundraiser on thursday",
    ),
    (
        "Mayor Dunn will be stabbed when he walks off the stage at the parade",
        "threat-office-harm-en",
        "Mayor Dunn will be shot down in the debate after the parade",
    ),
    (
        "if the governor shows up at the fair saturday someone will put two bullets in her",
        "threat-office-harm-en",
        "if the governor shows up at the fair saturday someone will put two questions to her",
    ),
    (
        "there will be a shooting during the governor's fundraiser on friday",
        "threat-office-harm-en",
        "there will be a shooting contest during the governor's fundraiser on friday",
    ),
    (
        "Councilman Voss dies at the ribbon cutting tomorrow, mark my words",
        "threat-office-harm-en",
        "former councilman Voss dies at the age of 91 on tuesday, peacefully at home",
    ),
    (
        "the alderman is going to be carried off that podium feet first on friday",
        "threat-office-harm-en",
        "the alderman jumped into the new job feet first on friday",
    ),
    (
        "Governor Ames, you won't survive your inaugural address",
        "threat-office-harm-en",
        "Governor Ames, you won't survive your inaugural address without a teleprompter",
    ),
    (
        "see you at the senator's rally monday, I've got something special for her",
        "threat-office-presence-en",
        "see you at the senator's rally monday, I've got something special for her birthday",
    ),
    (
        "the mayor's motorcade passes at noon. I'll be waiting there",
        "threat-office-presence-en",
        "the mayor's motorcade passes at noon. I'll be waiting there with our banners",
    ),
    (
        "give that speech on friday, congressman, and your kids will be picking out a casket",
        "threat-office-kin-en",
        "give that speech on friday, congressman, and your kids will be so proud",
    ),
    (
        "one more rally, senator, and we'll be visiting you at the cemetery",
        "threat-office-kin-en",
        "one more rally, senator, and we'll be visiting you at the capitol",
    ),
]


@pytest.mark.parametrize(("text", "rule", "twin"), TWINS)
def test_a_reading_fires_and_its_twin_does_not(text: str, rule: str, twin: str) -> None:
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
        "we will take out the governor at the polls on tuesday",
        "the senator will die on this hill at the hearing on tuesday",
        "police said a man opened fire at the mayor's rally on saturday",
    ],
)
def test_the_arenas_of_politics_and_the_news_are_no_office_threat(
    scorer: Scorer, text: str
) -> None:
    assert "threat-office-harm-en" not in rule_ids(text)
    assert not scorer.score([text])[0].flagged


def test_an_occasion_called_the_last_before_a_retirement_is_no_threat(scorer: Scorer) -> None:
    retiring = "have a great parade on the 4th, mr. mayor, it's your last one before you retire"
    assert "farewell-en" in guards_fired(retiring)
    assert not scorer.score([retiring])[0].flagged
    threat = "have a great parade on the 4th, mr. mayor, it's your last one"
    assert scorer.score([threat])[0].category == "threat"


def test_a_supporter_waiting_with_a_question_is_no_threat(scorer: Scorer) -> None:
    text = "senator, I'll be waiting outside the hall after the debate with a question about rent"
    assert "greeting-purpose-en" in guards_fired(text)
    assert not scorer.score([text])[0].flagged
