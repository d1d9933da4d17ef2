"""The live path's scorer reads a stored model's weights level by level."""

from __future__ import annotations

import copy

from kizashi.resolve.default_model import default_model
from kizashi.resolve.linker import Model, level_weight
from kizashi.resolve.scoring import Scorer

SWAPPED = "birth date with day and month swapped"


def _stored_before_the_swap_level() -> Model:
    data = copy.deepcopy(default_model().as_json())  # the shipped model is cached: not in place
    data["levels"]["birth_date"] = [
        lv for lv in data["levels"]["birth_date"] if lv["label"] != SWAPPED
    ]
    return Model.from_json(data)


def test_a_model_stored_before_a_level_was_added_keeps_each_levels_own_weight() -> None:
    old = _stored_before_the_swap_level()
    scorer = Scorer(old)
    two_off = scorer.weights_of({"birth_date": "1981-05-11"}, {"birth_date": "1981-05-22"})
    (expected,) = [
        lv for lv in old.levels["birth_date"] if lv["label"] == "birth date two digits off"
    ]
    assert two_off["birth_date"] == (level_weight(expected), "birth date two digits off")
    # The level the old model never had weighs nothing (not its neighbour's weight).
    swapped = scorer.weights_of({"birth_date": "1981-05-11"}, {"birth_date": "1981-11-05"})
    assert "birth_date" not in swapped


def test_a_model_of_this_code_is_read_by_position() -> None:
    model = default_model()
    scorer = Scorer(model)
    assert scorer.weights["birth_date"] == [level_weight(lv) for lv in model.levels["birth_date"]]
