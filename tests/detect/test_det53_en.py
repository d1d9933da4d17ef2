"""det53 (issue 13): English threats with no harm verb read as a composition — a role as the
subject of an outcome only a body has, the reader told to ready their own death's rites,
menace tied to the writer, the reader's life denied with a vow, many people as the harm's
object — and a bare "your last" that is no threat. None of these lines is a probe's."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from tests.detect.readings import rule_ids


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


THREATS = [
    # a role as the subject of an outcome only a body has
    ("my landlord is gonna bleed when he comes round on friday", "threat-role-outcome-en"),
    ("that bartender will catch a bullet in the parking lot after close", "threat-role-outcome-en"),
    (
        "The dentist who ruined my teeth will pay with his life at his clinic on Monday.",
        "threat-role-outcome-en",
    ),
    ("the bouncer at that club won't leave his shift alive saturday", "threat-role-outcome-en"),
    ("I'm gonna put my supervisor in the morgue before his shift ends.", "threat-role-outcome-en"),
    # the reader told to ready their own death's rites
    ("better start planning your funeral, snitch", "threat-reader-rites-en"),
    ("Go ahead and pick out a headstone, you earned it.", "threat-reader-rites-en"),
    ("Your days are nearly up.", "threat-reader-rites-en"),
    # menace tied to the writer
    ("you're going to regret ever messing with my family", "threat-reader-menace-en"),
    ("ull wish u were never born", "threat-reader-menace-en"),
    ("i'd watch your back if i was you, rat", "threat-reader-menace-en"),
    ("We're coming for you.", "threat-reader-menace-en"),
    ("I swear I'll make you pay for what you did", "threat-reader-menace-en"),
    # the reader's life denied with the writer's vow
    ("I swear you won't be breathing past Easter.", "threat-reader-life-en"),
    # many people, nobody left alive
    ("gonna shoot as many kids as i can at lunch tomorrow", "threat-many-people-en"),
    (
        "There will not be anybody left alive at that church by Sunday night.",
        "threat-many-people-en",
    ),
]


@pytest.mark.parametrize(("text", "rule"), THREATS)
def test_a_threat_with_no_harm_verb_is_read(scorer: Scorer, text: str, rule: str) -> None:
    assert rule in rule_ids(text)
    assert scorer.score([text])[0].category == "threat"


EVERYDAY = [
    # a role's outcome as a job, a protest or a chore
    "The principal won't walk out of that meeting until the budget is signed.",
    "our coach won't survive another losing season, the board wants him fired",
    "My landlord is going to kill me when he sees the carpet.",
    "The doctor said I'll bleed a little after the stitches come out on Monday.",
    "I'm going to put the nurse in the group chat so she gets the schedule.",
    "Wear a vest to the bonfire tonight, it gets cold by the lake.",
    # death's rites as paperwork, bedtime, a timed turn
    "Time to start writing your will, the solicitor has a slot on Tuesday.",
    "kids, say your prayers and then lights out",
    "Pencils down, your time is up.",
    "Your time is up on the dryer, someone's waiting.",
    # regret and precaution as shopping, hazards and banter
    "You'll be sorry you ever said no to this deal, it ends tonight.",
    "I'd watch your back if I were you, the ice on the porch is slick.",
    "I'll make you pay for this round of drinks next time.",
    "Something bad is going to happen to your code if you skip the tests.",
    "I know where you live, so I'll drop the soup off, lock the cat in first.",
    # the reader's life in sarcasm
    "I promise you won't be alive by the end of this lecture lol",
    # many people at an event
    "I'm inviting as many people as I can to the bake sale on Sunday.",
    "By level ten of the zombie game there won't be anyone left alive at the mall.",
    # a bare "your last" is a cookie, a chance or a turn
    "It's your last.",
    "That was your last one.",
    "Last one, I promise.",
    "This is your last chance to sign up!",
]


@pytest.mark.parametrize("text", EVERYDAY)
def test_an_everyday_twin_is_no_threat(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged


def test_a_bare_last_is_read_only_after_a_period_the_post_named() -> None:
    assert "threat-reader-last-en" not in rule_ids("It's your last.")
    assert "threat-reader-last-en" in rule_ids("Enjoy the weekend. It's your last.")
