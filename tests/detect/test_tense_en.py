"""det41 pass of issue 13: English threats in grammar and spelling no earlier pass read —
arson aimed at a home or a person, a bomb said to be in a place with its hour, the simple
present used as the future ("tonight u die"), killing slang with the reader as object,
"you're next" beside a menace, and harm words misspelt as posts misspell them ("ima kil u",
"stabed", "murderd"; SMS frame words gona, wil, tmrw read in the decoded view). Their twins —
fires of our own barn, a game's bomb, first aid, slang for effort, a queue — are left alone.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from kizashi.detect.gate import passes_gate
from kizashi.text.decode import read_harm_spellings
from kizashi.text.tables import load_tables
from tests.detect.readings import rule_ids


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


# A threat, the rule that reads it, and a twin of the same shape that is none.
TWINS = [
    (
        "ur garage is going up in flames tonight, sleep well",
        "threat-arson-en",
        "our garage went up in flames in 1998, the insurance paid",
    ),
    (
        "gonna burn the whole thing down with you and your dog inside",
        "threat-arson-en",
        "gonna burn the whole log pile down with the kids watching",
    ),
    (
        "bomb's under the stage at the riverside academy, goes off at 2",
        "threat-bomb-where-en",
        "the bomb disposal talk at the riverside academy starts at 2",
    ),
    (
        "saturday you get stabbed outside the chippy",
        "threat-present-fate-en",
        "if you get stabbed, press on the wound and call an ambulance",
    ),
    (
        "the minute you walk out of the gym tonight, u die",
        "threat-present-fate-en",
        "the minute you walk out of the gym tonight, u rest",
    ),
    (
        "keep snitching and ima murk u",
        "threat-slang-en",
        "keep studying and ima ace it",
    ),
    (
        "you're next. i know which car is yours",
        "threat-next-en",
        "you're next in line at the barber, grab a seat",
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
        "ima kil u after practice",
        "u r gonna get stabed at the bus stop tmrw",
        "you will be murderd for this, i promise",
    ],
)
def test_misspelt_harm_words_are_read_and_flagged(scorer: Scorer, text: str) -> None:
    assert passes_gate(text)
    assert scorer.score([text])[0].category == "threat"


def test_misspellings_are_read_only_when_they_are_no_english_word() -> None:
    tables = load_tables()
    assert read_harm_spellings("ima kil u", tables) == "ima kill u"
    assert read_harm_spellings("he got stabed", tables) == "he got stab"
    # "shots" is English (flu shots), and "kiln", "skill" are other words.
    assert read_harm_spellings("flu shots at the kiln, what a skill", tables) == (
        "flu shots at the kiln, what a skill"
    )


@pytest.mark.parametrize(
    "text",
    [
        "burning the leaves in the yard tonight",
        "the candle burned down while i was out tonight",
        "our team killed it tonight, 3-0",
        "ima kill this exam tomorrow",
        "the nurse gives the baby her shots tomorrow",
        "saying 'tonight you die' to anyone is never ok",
        "police said a caller claimed a bomb was in the library on monday",
        "you're next on the rota for the tea run tomorrow",
    ],
)
def test_everyday_and_reported_lines_are_not_threats(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged
