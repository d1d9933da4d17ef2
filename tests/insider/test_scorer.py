"""The surprise scorer takes off what a whole group does on the same day."""

from __future__ import annotations

from datetime import date

import numpy as np

from kizashi.insider.baselines import Baselines
from kizashi.insider.features import FEATURES, FeatureTable
from kizashi.insider.scorer import score_surprise

USERS = ["a1", "a2", "a3", "a4", "b1"]
EXPORTS, LATE = FEATURES.index("exports"), FEATURES.index("off_shift_exports")


def _scores(values: np.ndarray, surge: bool) -> np.ndarray:
    shape = values.shape
    table = FeatureTable(USERS, date(2025, 3, 3), values, np.ones(shape[:2], dtype=bool))
    expected, spread = np.full(shape, 0.5), np.full(shape, 1.0)
    # Peer groups of two (too small for a group median); the desk has four.
    groups = ["A/inv", "A/inv", "A/ana", "A/ana", "B/lead"]
    desks = ["A/*", "A/*", "A/*", "A/*", "B/*"]
    roles = ["*/inv", "*/inv", "*/ana", "*/ana", "*/lead"]
    baselines = Baselines(
        expected,
        np.zeros(shape[:2]),
        expected,
        expected,
        spread,
        groups,
        [groups, desks, roles] if surge else [groups],
    )
    return score_surprise(table, baselines).score


def test_a_desk_wide_export_day_is_not_each_officers_own_but_a_lone_one_is() -> None:
    values = np.zeros((5, 2, len(FEATURES)))
    values[:4, 1, EXPORTS] = 12  # the whole of desk A exports on day 1
    values[0, 1, LATE] = 3  # a1 did some of it late: part of the same surge
    values[4, 1, EXPORTS] = 12  # b1 exports as much, alone on desk B
    with_surge, without = _scores(values, True), _scores(values, False)
    assert without[0, 1] > 0 and without[2, 1] > 0
    assert with_surge[0, 1] == 0 and with_surge[2, 1] == 0
    assert with_surge[4, 1] == without[4, 1] > 0


def test_two_officers_of_a_thin_day_are_not_their_desks_surge() -> None:
    # Desk A has four officers: two exporting alike is not "the desk"; three are.
    two = np.zeros((5, 2, len(FEATURES)))
    two[:2, 1, EXPORTS] = 12
    three = np.zeros((5, 2, len(FEATURES)))
    three[:3, 1, EXPORTS] = 12
    assert _scores(two, True)[0, 1] == _scores(two, False)[0, 1] > 0
    assert _scores(three, True)[0, 1] == 0
