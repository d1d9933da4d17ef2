"""Sixteenth pass: English harm said with verbs the readings lacked, and counter-speech words
read in their sense.

`threat-intent-en` reads more verb classes with a person as object (burning, drowning,
poisoning a drink, running over, burying, bodily harm with a quantifier …) and
`threat-fate-en` more fates ("not waking up", "pushing up daisies"). `counter-speech` reads
"report", "warning", "stop", "sick" and "saying" only beside a word of counter-speech. Every
sentence here was written for the tests; none is a probe item.
"""

from __future__ import annotations

import pytest

from kizashi.detect.scorer import Scorer
from tests.detect.readings import guards_fired, rule_ids


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("i'm going to light him on fire in the parking garage", "threat-intent-en"),
        ("ima set fire to her while she naps", "threat-intent-en"),
        ("gonna burn them alive inside that church", "threat-intent-en"),
        ("i will douse you with kerosene on sunday", "threat-intent-en"),
        ("i'll drown him in the river by the mill", "threat-intent-en"),
        ("i'm going to hold his head under the water till he stops", "threat-intent-en"),
        ("gonna spike her drink with bleach at the office party", "threat-intent-en"),
        ("i'm slipping cyanide into your soup tonight", "threat-intent-en"),
        ("i will mow them down at the crosswalk", "threat-intent-en"),
        ("i'll bury her under the floorboards", "threat-intent-en"),
        ("gonna put him in the ground before spring", "threat-intent-en"),
        ("i will choke the life out of him at work", "threat-intent-en"),
        ("ima shatter all ur ribs", "threat-intent-en"),
        ("gonna kick him half to death behind the bar", "threat-intent-en"),
        ("i'll come by tonight and shoot him", "threat-intent-en"),
        ("you're not waking up tomorrow, buddy", "threat-fate-en"),
        ("u gonna be rotting in a ditch", "threat-fate-en"),
    ],
)
def test_harm_said_with_a_wider_verb_class_is_a_threat(
    scorer: Scorer, text: str, rule: str
) -> None:
    assert rule in rule_ids(text)
    assert scorer.score([text])[0].category == "threat"


@pytest.mark.parametrize(
    "text",
    [
        "light the candles on fire before the guests arrive",
        "i'll set them on fire with rum, crepes suzette style",
        "i'm going to drown the salad in ranch",
        "we will drown you in goals on saturday",
        "put the rat poison in the garage cabinet",
        "I'll run you over to the station at seven",
        "i'll bury you in homework if you keep asking",
        "i'll put them in the ground tomorrow, the bulbs are ready",
        "I am going to take your life story and film it",
        "the doctor says he may not wake up for a day or two",
        "what do you do when a swarm of wasps won't stop trying to kill you?",
    ],
)
def test_the_same_verbs_without_a_person_harmed_are_not_flagged(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        "last warning mike, i'm gonna stab you",
        "i'll stop at your place friday and shoot you",
        "report to the gym at noon or i will kill you",
        "i'm sick of your face, i will shoot you",
    ],
)
def test_a_counter_speech_word_in_another_sense_does_not_stand_a_threat_down(
    scorer: Scorer, text: str
) -> None:
    assert "counter-speech" not in guards_fired(text)
    assert scorer.score([text])[0].category == "threat"


@pytest.mark.parametrize(
    "text",
    [
        "a guy keeps saying he will shoot up the school, report it to the police",
        "please stop posting that you'll stab the principal",
        "warning: an account is telling kids it will kill their teacher",
        "my cousin keeps saying she'll stab her teacher, should i tell someone",
    ],
)
def test_real_counter_speech_is_still_guarded(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged
