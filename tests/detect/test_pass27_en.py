"""Pass 27 of issue 13 (English): a consequence hung on a condition the reader controls; the fate
of those who cross the writer offered as a lesson; breath made conditional; an office-holder
threatened by exposure of kin, futile protection or an occasion ending in a wound; mass violence
at a named school; the reader's body identified by others — and the threat-fate-en readings of
everyday idioms (a ditch of regret, what happens when you get some sleep, an alarm) left alone.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from kizashi.detect.gate import passes_gate
from tests.detect.readings import guards_fired, rule_ids


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


# A threat, the rule it is read by, and a twin of the same shape that is none.
TWINS = [
    (
        "testify on monday and your husband won't come home from the night shift",
        "threat-consequence-if-en",
        "if you work on monday, your husband won't come home to an empty house",
    ),
    (
        "keep calling my boss and they'll be collecting your remains",
        "threat-consequence-if-en",
        "keep calling the museum and they'll be collecting your paintings",
    ),
    (
        "she knows what happens to rats, tell her to keep quiet",
        "threat-lesson-fate-en",
        "she knows what happens to plants without water, tell her to keep watering",
    ),
    (
        "stay away from the depot if you want to keep breathing",
        "threat-keep-breathing-en",
        "stay away from the depot if you want to keep your shoes clean",
    ),
    (
        "councilman, we know where your daughter goes to ballet",
        "threat-office-exposure-en",
        "councilman, we know where your office is, see you at nine",
    ),
    (
        "the governor's gala on saturday will end with her on the stairs bleeding",
        "threat-office-outcome-en",
        "the governor's gala on saturday will end with her on the stairs dancing",
    ),
    (
        "gonna shoot up Maplewood Elementary tomorrow morning",
        "threat-school-name-en",
        "test scores shot up at Maplewood Elementary tomorrow morning, said the letter",
    ),
    (
        "they'll be identifying you by your dental records",
        "threat-reader-end-en",
        "they'll be identifying you by your badge at the door",
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
        (
            "keep eating junk and you'll end up in a ditch of debt and cholesterol",
            "figurative-destination-en",
        ),
        ("see what happens to you when you finally drink enough water", "self-care-outcome-en"),
        ("you won't wake up tomorrow unless you set two alarms", "alarm-clock-en"),
    ],
)
def test_everyday_idioms_of_the_readers_fate_are_stood_down(
    scorer: Scorer, text: str, guard: str
) -> None:
    assert guard in guards_fired(text)
    assert not scorer.score([text])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        "keep lying and you'll end up in a ditch",
        "see what happens to you when you leave the bar tonight",
        "you won't wake up tomorrow",
    ],
)
def test_the_same_fates_said_plainly_stay_threats(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "threat"


def test_a_quoted_lesson_in_counter_speech_is_left_alone(scorer: Scorer) -> None:
    text = "if a stranger writes 'you know what happens to snitches', report the account"
    assert "threat-lesson-fate-en" not in rule_ids(text)
    assert not scorer.score([text])[0].flagged
