"""Everyday sentences the lead wrote after the twenty-seventh pass (thirteenth session) that
the detector read as threats: a disowning ("you're dead to me"), a game by its title ("end you
in Mario Kart"), a thing lent dropped off ("I know where you live now, I'll drop the spare
keys"). Each is left alone; its menacing twin stays a threat. (A friend's Japanese parting,
暗いから夜道には気をつけろよ、また明日な, is still flagged: the guard tried for it switched twelve
real threats off — see docs/history/detection-journal.md.)"""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


EVERYDAY_AND_MENACE = [
    (
        "Next time you borrow my charger without asking, you're dead to me lol.",
        "Next time you borrow my charger without asking, you're dead.",
    ),
    (
        "I swear I'll end you in Mario Kart tonight.",
        "I swear I'll end you tonight.",
    ),
    (
        "I know where you live now, I'll drop the spare keys in your mailbox on Sunday.",
        "I know where you live now, I'll drop by on Sunday with my gun.",
    ),
]


@pytest.mark.parametrize(("everyday", "menace"), EVERYDAY_AND_MENACE)
def test_the_everyday_sentence_is_left_alone(scorer: Scorer, everyday: str, menace: str) -> None:
    assert not scorer.score([everyday])[0].flagged


@pytest.mark.parametrize(("everyday", "menace"), EVERYDAY_AND_MENACE)
def test_its_menacing_twin_stays_a_threat(scorer: Scorer, everyday: str, menace: str) -> None:
    assert scorer.score([menace])[0].category == "threat"


def test_a_demand_with_or_else_beside_the_keys_stays_a_threat(scorer: Scorer) -> None:
    """Review: a thing lent is a friendly act only while nothing says what follows if not."""
    text = "I know where you live. drop the keys at my door tonight or else"
    assert scorer.score([text])[0].category == "threat"
