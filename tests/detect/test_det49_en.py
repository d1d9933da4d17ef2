"""det49 (issue 13): English readings by class — strictly lethal verbs read any name as a
person, kill reads a lowercase name with a time, everyone at a place said to die, "shoot up"
any gathering in the writer's frame, text-speak frames and eye-dialect spellings of harm verbs —
each beside everyday twins that share the words and stay unflagged."""

from __future__ import annotations

import pytest

from kizashi.detect.result import detect_rules
from kizashi.detect.scorer import Scorer
from kizashi.text.tables import load_tables

THREATS = [
    # a strictly lethal verb and a bare name
    "I'm gonna strangle Dale",
    "I'm going to stab Dale at the union meeting on the 12th",
    "imma stab jerome when i see him",
    # kill / murder and a lowercase name with a time
    "imma kill marcus tonight",
    "imma kill kevin tomorrow",
    # everyone at a place said to die
    "everyone at the church picnic sunday is going to die",
    # shoot up any gathering
    "gonna shoot up the football game friday",
    "gonna shoot up the lan party saturday",
    # text-speak frames and spellings
    "boutta kill u",
    "ima murda him",
    "gonna stabb u",
    "gonna strangel you",
]

EVERYDAY = [
    "I will kill Brenda at chess on Monday, she never wins.",
    "im gonna murder brunch on sunday",
    "imma kill crossfit tomorrow",
    "imma kill this exam tomorrow, studied all week",
    "i will stab caesar in the play tonight",
    "gonna strangle Kevin with a hug when he lands",
    "i'll murder the person who finished the coffee",
    "we're gonna kill the raid boss who keeps one-shotting us tonight",
    "everyone at the party is going to die when they see the cake",
    "everyone at the gym is gonna die, leg day is brutal.",
    "everyone in this house is going to die of boredom",
    "im gonna shoot up the charts with this song",
    "gonna shoot up the ranks this season",
    "we're gonna shoot up the leaderboard tonight",
    "i'm going to shoot up the hill tomorrow on my bike",
    "I'm gonna shoot up the M1 to see mum on Friday",
    "Murda Beatz dropped a new beat",
    "Bath bombs are on sale at the mall this weekend.",
    "There's a bomb-sniffing dog demonstration at the station on Saturday.",
    "our striker shoots from everywhere, he'll kill them on the counter",
    "Shoot me a text when you get to the rally.",
    "We'll shoot the wedding photos at the train station at 4pm.",
    "The last bus from the station leaves at 11:40.",
    "Kill the engine when you get to the gas station.",
]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


def test_threats_read_by_class_are_flagged(scorer: Scorer) -> None:
    results = scorer.score(THREATS)
    missed = [t for t, r in zip(THREATS, results, strict=True) if r.category != "threat"]
    assert missed == []


def test_everyday_twins_stay_unflagged(scorer: Scorer) -> None:
    results = scorer.score(EVERYDAY)
    flagged = [t for t, r in zip(EVERYDAY, results, strict=True) if r.flagged]
    assert flagged == []


def test_eye_dialect_spellings_are_derived_by_class() -> None:
    misspelt = load_tables().harm_misspelt
    assert misspelt["stabb"] == "stab"
    assert misspelt["murda"] == "murder"
    assert misspelt["strangel"] == "strangle"
    # Doubling is for a single final stop consonant only; inflected forms keep their spelling.
    assert "killingg" not in misspelt
    assert "kille" not in misspelt


@pytest.mark.parametrize(
    "text", ["boutta kill u", "gunna stab him", "bouta shoot u", "gon kill her"]
)
def test_text_speak_frames_read_as_the_writers_intent(text: str) -> None:
    assert "threat-intent-en" in detect_rules(text).reading
