"""Eighteenth pass: English harm read by what its predicate is said of.

`threat_subject_en.yaml` reads a carnage noun (bloodbath, massacre, slaughter, carnage) said as
coming only of people, a crowded place or beside a weapon — the bare "it's going to be a
bloodbath" left `threat-shoot-up-en` — and the guard `contest-carnage-en` stands it down when
it is said of a game, a market, an election, an exam or a budget. `threat-kin-demand-en` reads
what the writer knows of the reader's relative followed by a demand to give up a dispute.
Every sentence here was written for the tests; none is a probe item.
"""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from tests.detect.readings import guards_fired, rule_ids


def test_the_reported_bloodbath_of_a_game_is_left_alone(scorer: Scorer) -> None:
    # Flagged at 0.45 by threat-shoot-up-en before this pass (threat v17).
    text = "Our last game of the season is Sunday, it is going to be a bloodbath lol"
    assert "threat-shoot-up-en" not in rule_ids(text)
    assert not scorer.score([text])[0].flagged


def test_the_reported_coercion_with_no_harm_word_is_a_threat(scorer: Scorer) -> None:
    # Scored 0.05 and unflagged before this pass.
    text = "I know what time your son leaves school. Drop the lawsuit."
    assert "threat-kin-demand-en" in rule_ids(text)
    assert scorer.score([text])[0].category == "threat"


@pytest.mark.parametrize(
    "text",
    [
        "the auditorium at noon on monday is gonna be a bloodbath",
        "the choir practice thursday will be a massacre, all of them",
        "i'll make the awards banquet at the hotel a bloodbath",
        "the dining hall becomes a slaughterhouse after lunch bell tomorrow",
        "those shoppers at the outlet get slaughtered on saturday",
        "bought three mags, sunday brunch is gonna be carnage",
        "got my glock, the game friday is gonna be a bloodbath",
    ],
)
def test_carnage_said_of_people_a_crowded_place_or_with_a_weapon_is_a_threat(
    scorer: Scorer, text: str
) -> None:
    assert "threat-carnage-subject-en" in rule_ids(text), text
    assert scorer.score([text])[0].category == "threat", text


@pytest.mark.parametrize(
    "text",
    [
        "the bond market is gonna be a bloodbath after the fed meets tuesday",
        "the away match at their stadium will be a massacre, our keeper is injured",
        "the school board meeting will be a bloodbath for the superintendent",
        "the senate primary at the convention center will be carnage for the incumbents",
        "the calculus exam in the gym tomorrow is gonna be a slaughter",
        "the clearance sale at the mall saturday will be a bloodbath for retailers",
        "the talent show in the auditorium is gonna be a massacre of every song",
    ],
)
def test_carnage_said_of_a_contest_is_the_score(scorer: Scorer, text: str) -> None:
    assert "threat-carnage-subject-en" not in rule_ids(text), text
    assert not scorer.score([text])[0].flagged, text


@pytest.mark.parametrize(
    "text",
    [
        # a scene described now, a mess, the writer's own team, history
        "the parking lot at the mall is carnage today",
        "my kitchen will be a war zone after the kids bake tonight",
        "we're gonna get slaughtered at the stadium saturday",
        "the history lesson covers the massacre at the church in 1963",
    ],
)
def test_carnage_words_that_say_no_coming_toll_are_not_read(scorer: Scorer, text: str) -> None:
    assert "threat-carnage-subject-en" not in rule_ids(text), text
    assert not scorer.score([text])[0].flagged, text


def test_the_contest_guard_holds_the_noun_and_yields_to_a_weapon() -> None:
    shooting = "gonna shoot up the stadium friday, it'll be a bloodbath for the team"
    assert "contest-carnage-en" not in guards_fired(shooting)
    assert "threat-shoot-up-en" in rule_ids(shooting)
    armed = "the playoff game at the arena will be a bloodbath, my rifle is loaded"
    assert "contest-carnage-en" not in guards_fired(armed)
    assert "threat-carnage-subject-en" in rule_ids(armed)
    plain = "the playoff game at the arena will be a bloodbath for the visitors"
    assert "contest-carnage-en" in guards_fired(plain)


@pytest.mark.parametrize(
    "text",
    [
        "your husband walks the dog at 6 every evening. drop the grievance",
        "we found your daughter's new apartment. drop the charges.",
        "your kids ride the 8:05 bus. stop talking to the reporters",
        "your mother's care home closes its gate at 9. withdraw the petition by friday.",
        "we know where your wife works. the charges will be dropped by monday",
    ],
)
def test_a_relatives_routine_then_a_demand_is_a_threat(scorer: Scorer, text: str) -> None:
    assert "threat-kin-demand-en" in rule_ids(text), text
    assert scorer.score([text])[0].category == "threat", text


@pytest.mark.parametrize(
    "text",
    [
        # a schedule beside an ordinary request
        "your son has soccer at 5 on tuesdays, please drop the jersey at the gym",
        "your mom picks up the kids at 3, so sign the release form for the field trip",
        # the demand with no relative of the reader's: the writer's own, or news of someone's
        "my son leaves school at 3, so I told my lawyer to drop the lawsuit",
        "the judge told me to drop the lawsuit after my kid's school called",
        "officers say he told her he knew her son's bus route and to drop the lawsuit",
        # a relative's routine with no demand
        "your daughter leaves the library at 8 every night, she studies so hard",
    ],
)
def test_a_schedule_or_a_demand_alone_is_not_a_threat(scorer: Scorer, text: str) -> None:
    assert "threat-kin-demand-en" not in rule_ids(text), text
    assert not scorer.score([text])[0].flagged, text
