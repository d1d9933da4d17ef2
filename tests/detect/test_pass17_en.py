"""Seventeenth pass: English threats whose menace is in the predicate or a comparison.

`threat_predicate_en.yaml` reads a past mass attack as a goal, a casualty forecast said
through the coroner, ambulances or dental records, a demand beside a relative's routine, the
reader's occasion said as the last, and harm said by its end ("till you stop breathing").
`sports`, `sports-en` and `game-fiction` read clause by clause: a word of sport in one clause
no longer stands down a threat said as the writer's own intention in another. Counter-speech
no longer counts people, someone or school as its words. Every sentence here was written for
the tests; none is a probe item.
"""

from __future__ import annotations

import pytest

from kizashi.detect.scorer import Scorer
from tests.detect.readings import guards_fired, rule_ids


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("thursday the science fair at brook high becomes the next parkland",
         "threat-attack-benchmark-en"),
        ("the pep rally next friday is gonna be my columbine", "threat-attack-benchmark-en"),
        ("finishing what they started, hillcrest campus, monday 9am",
         "threat-attack-benchmark-en"),
        ("what i do at the station tomorrow will make vegas seem tame",
         "threat-attack-benchmark-en"),
        ("the medical examiner should cancel her weekend, the concert at the park saturday",
         "threat-casualty-forecast-en"),
        ("there won't be enough stretchers at the mall on sunday",
         "threat-casualty-forecast-en"),
        ("not everybody walks out of the assembly alive tomorrow",
         "threat-casualty-forecast-en"),
        ("your grandson leaves the daycare at 4:45. do not testify next week.",
         "threat-demand-routine-en"),
        ("your wife jogs the river trail every morning. drop out of the race.",
         "threat-demand-routine-en"),
        ("enjoy ur last easter", "threat-last-occasion-en"),
        ("he won't live to see his 60th, i promise you that", "threat-last-occasion-en"),
        ("the wedding dinner saturday is the last meal you ever eat", "threat-last-occasion-en"),
        ("ima stomp him till he stops moving", "threat-until-end-en"),
    ],
)  # fmt: skip
def test_menace_in_the_predicate_is_a_threat(scorer: Scorer, text: str, rule: str) -> None:
    assert rule in rule_ids(text)
    assert scorer.score([text])[0].category == "threat"


@pytest.mark.parametrize(
    "text",
    [
        # history, memorials and advocacy name the attack without a goal
        "we read a chapter on the columbine shooting in civics on monday",
        "the parkland survivors spoke at our school assembly friday",
        # casualty words in science, drills and fiction
        "the coroner in that crime novel was my favourite character",
        "dental records identified the sailor's remains in 2004",
        "ambulances will line up at the stadium for the drill on friday",
        "not everyone goes home with a medal from the meet on saturday",
        # a demand with no routine, a routine with no demand
        "drop the complaint form in the box by the office door",
        "my son takes the 7:10 bus every morning, he loves the driver",
        # farewells and stages of life
        "enjoy your last christmas before the twins arrive",
        "you won't see me at the christmas party, i'm on call",
        "it's the last time i'm driving to the airport at 5am",
        # an everyday hold
        "i'll hold you until you fall asleep tonight",
    ],
)
def test_the_same_words_without_the_menace_are_left_alone(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        "watching the nfl game at dan's, final warning: i will kill you when you get home",
        "the coach can bench me, i'm going to stab you after practice",
        "loved the movie tonight. i'm gonna shoot you in the parking lot",
    ],
)
def test_a_sport_or_film_clause_does_not_stand_down_an_intention_in_another(
    scorer: Scorer, text: str
) -> None:
    assert scorer.score([text])[0].category == "threat"


@pytest.mark.parametrize(
    "text",
    [
        "we're gonna kill them in the cup final",
        "our defense will destroy them in the playoffs, the team is ready",
        "in the game you have to kill him before he respawns",
    ],
)
def test_a_sport_or_game_in_the_hits_own_clause_still_stands_it_down(
    scorer: Scorer, text: str
) -> None:
    assert not scorer.score([text])[0].flagged


def test_people_and_school_are_not_words_of_counter_speech(scorer: Scorer) -> None:
    text = "people at school can tell me to stop. not everyone goes home from the dance friday"
    assert "counter-speech" not in guards_fired(text)
    assert scorer.score([text])[0].category == "threat"


def test_real_counter_speech_is_still_guarded(scorer: Scorer) -> None:
    text = "someone posted a threat to the school, report it to the police"
    assert not scorer.score([text])[0].flagged
