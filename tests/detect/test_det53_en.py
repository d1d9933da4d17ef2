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
    ("I swear the foreman won't be going home after his shift tonight.", "threat-role-jobend-en"),
    ("I'm gonna put my supervisor in the morgue before his shift ends.", "threat-role-outcome-en"),
    # the reader told to ready their own death's rites
    ("better start planning your funeral, snitch", "threat-reader-rites-en"),
    ("Go ahead and pick out your headstone, you earned it.", "threat-reader-rites-en"),
    ("Your days are nearly up.", "threat-reader-rites-en"),
    # menace tied to the writer
    ("you're going to regret ever messing with my family", "threat-reader-menace-en"),
    ("ull wish u were never born", "threat-reader-menace-en"),
    ("i'd watch your back if i was you, rat", "threat-reader-precaution-en"),
    ("You snitched on me, you rat. We're coming for you.", "threat-reader-coming-en"),
    ("you'll regret what i do to you next", "threat-reader-menace-en"),
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

# The review's lines (det53 review, 2026-12-07): each read by det53's first draft, each an
# everyday twin of a reading that lacked its own closure.
REVIEW_EVERYDAY = [
    # a job's end beside "I'll", "trust me" or "ill" — no vow
    "The nurse won't be going home after her shift tonight, I'll cover the rest of the ward.",
    "The manager won't be going home after his shift tomorrow, I'll drive him to the airport.",
    "The bartender won't be going home tonight, I'll bet he sleeps at the bar after the party.",
    "My boss won't survive the meeting tomorrow, trust me, the slides are a disaster.",
    "The nurse won't be going home tonight, she's ill and staying on the ward.",
    # many people on an outing, no harm verb
    "We're going to take as many kids as we can to the zoo on Friday.",
    "We'll get as many people as we can to the polls on Tuesday.",
    "We're taking out as many people as we can on the boat tour Saturday.",
    # "coming for you" in games, sports and snacks
    "Tag, you're it! I'm coming for you, Emma!",
    "Ready or not, here I come! I'm coming for you!",
    "Marco! Polo! I'm coming for you!",
    "Bring your A game Saturday, Eagles, we're coming for you.",
    "Top of the leaderboard, I'm coming for you.",
    "Pizza in the fridge, I'm coming for you.",
    # a precaution whose danger is someone or something else
    "I'd lock your doors if I were you, there have been burglaries on our street.",
    "I'd lock your doors if I were you, there's been a string of car break-ins on our street.",
    "If I were you I'd lock the back door, the raccoons figured out the latch.",
    "I'd watch your back if I were you, the new guy wants your promotion.",
    # regret whose object is not the writer
    "You're going to regret messing with the thermostat, it's freezing now.",
    "You'll be sorry you ever opened that can of worms at the HOA meeting.",
    # death's rites as advice, a real funeral, a fixture
    "Everyone over forty should start writing your will now; it saves your family a lot of stress.",
    "Time to pick out a casket for Grandpa, the funeral home is open till five.",
    "Better start saying your prayers, the Jets are playing the Chiefs on Sunday.",
    # life denied by exercise
    "I swear you won't be breathing by the end of this spin class.",
]


@pytest.mark.parametrize("text", REVIEW_EVERYDAY)
def test_the_reviews_everyday_lines_are_no_threat(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged


@pytest.mark.parametrize("text", EVERYDAY)
def test_an_everyday_twin_is_no_threat(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged


def test_a_bare_last_is_read_only_after_a_period_the_post_named() -> None:
    assert "threat-reader-last-en" not in rule_ids("It's your last.")
    assert "threat-reader-last-en" in rule_ids("Enjoy the weekend. It's your last.")
