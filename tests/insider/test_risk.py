"""Weighed rule hits count more the rarer such hits were among all officers."""

from __future__ import annotations

import numpy as np
import pytest

from kizashi.insider.risk import weigh_by_rarity
from kizashi.insider.rules import RuleHit
from tests.insider.conftest import at

RARITY = {"reference": 2.0, "min_factor": 0.5, "max_factor": 2.0}


def _hit(user: str, day: int, allowed: bool = False) -> RuleHit:
    return RuleHit(
        "NTK-RAID-72H",
        "raid material",
        user,
        at(day, 10),
        f"e-{user}-{day}",
        "C1",
        "read",
        allowed,
        False,
        1.5,
    )


def _weigh(others: int, users: int = 300, days: int = 29) -> RuleHit:
    """The hit of officer 0 on the last day, after `others` officers had one each earlier day."""
    active = np.ones((users, days), dtype=bool)
    by_day = {(1 + i, d): [_hit(f"u{i}", d)] for d in range(days - 1) for i in range(others)}
    by_day[(0, days - 1)] = [_hit("u0", days - 1)]
    return weigh_by_rarity(by_day, active, 28, RARITY)[(0, days - 1)][0]


def test_a_refused_attempt_nobody_made_for_a_month_weighs_about_twice() -> None:
    hit = _weigh(0)
    assert hit.seen == 0 and hit.out_of == 300 * 28
    assert hit.weight == pytest.approx(1.5 * -np.log10(1 / (8400 + 100)) / 2, abs=0.01)
    assert 2.7 < hit.weight < 3.0


def test_an_everyday_refusal_weighs_half_and_one_in_a_hundred_its_own_weight() -> None:
    assert _weigh(30).weight == pytest.approx(0.75)  # one officer-day in ten
    assert _weigh(3).weight == pytest.approx(1.5, abs=0.1)  # one in a hundred


def test_a_short_history_says_ordinary_and_allowed_and_refused_are_apart() -> None:
    active = np.ones((5, 3), dtype=bool)
    by_day = {(0, 0): [_hit("u0", 0, allowed=True)], (1, 2): [_hit("u1", 2)]}
    weighed = weigh_by_rarity(by_day, active, 28, RARITY)
    assert weighed[(0, 0)][0].weight == pytest.approx(1.5)  # no history: the rule's weight
    assert weighed[(1, 2)][0].seen == 0  # the allowed hit on day 0 is another kind
