"""Pass 10 of issue 13: English threats said by bodily damage, by the reader's fate, by
knowledge of the reader's whereabouts with a menace, and mass violence said as a coming
event; the ordinary sentences of the same shapes stay unread.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer, detect_rules
from kizashi.detect.gate import passes_gate


def _reading(text: str) -> tuple[str, ...]:
    return detect_rules(text).reading


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("I'm gonna snap your neck, Dave", "threat-intent-en"),
        ("ill crack his skull open at the bar", "threat-intent-en"),
        ("we will kick him to death in the parking lot", "threat-intent-en"),
        ("I'll be outside the office with my shotgun, Dave", "threat-intent-en"),
        ("you're gonna end up in a dumpster, pal", "threat-fate-en"),
        ("you will be dead by sunday, your honour", "threat-fate-en"),
        (
            "I know where your daughter goes to school. You'll regret crossing me.",
            "threat-implicit-en",
        ),
        ("i know your route now, watch your back", "threat-implicit-en"),
        ("there will be a bloodbath inside the stadium", "threat-mass-en"),
        ("the device will detonate during the ceremony", "threat-mass-en"),
    ],
)
def test_english_threats_with_a_person_place_or_event_are_read(text: str, rule: str) -> None:
    assert rule in _reading(text), text
    assert passes_gate(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to cut your hair on Friday",  # no body part a harm is done to
        "I'll break your fall, don't worry",
        "you're going to break your neck on those stairs",  # said of the reader: a warning
        "I know your schedule is busy, you'll regret skipping lunch though",
        "I know where you live now, I'll bring the cake over",  # knowledge, no menace
        "you'll end up in the hospital if you keep drinking like that",
        "there will be a shooting competition at the range",
        "the alarm will go off at six",
        "we planted the seeds, it will blow up on social media tomorrow",
        "He said 'I know where you live, you'll regret it' and we called the police",
    ],
)
def test_ordinary_sentences_of_the_same_shapes_are_not_read(text: str) -> None:
    assert not _reading(text), text


def test_a_league_game_is_an_event_and_not_a_video_game(scorer: Scorer) -> None:
    text = "there's going to be a massacre at the football game"
    assert "threat-mass-en" in _reading(text)
    assert scorer.score([text])[0].category == "threat"
