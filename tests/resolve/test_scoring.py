"""The live path's scorer reads a stored model's weights level by level."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import duckdb
import pytest

from kizashi.resolve.default_model import default_model
from kizashi.resolve.levels import EMAIL_SLIP
from kizashi.resolve.linker import Model, level_weight
from kizashi.resolve.scoring import Scorer
from kizashi.resolve.training import with_current_levels

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


BEFORE_LINK42 = Path(__file__).parent / "data" / "model_before_link42.json"
EMAIL_PAIRS = [
    ("makoto.itou@gmail.com", "makoto.ito@gmail.com"),  # a slip: a level main never had
    ("taiki.satou29@yahoo.co.jp", "taiki.satou@yahoo.co.jp"),  # main's JW level: now other
    ("koujiokada@gmail.com", "koujiokada@gmial.com"),
    ("ken.takahashi@yahoo.co.jp", "ken.takahashi@yahoo.co.jp"),
    ("ken.takahashi@yahoo.co.jp", "hanako.suzuki@gmail.com"),
    ("ken.takahashi@yahoo.co.jp", None),
]


def _batch_email_weight(model: Model, left: str | None, right: str | None) -> float:
    """The weight splink's SQL gives the pair's e-mail (the settings a batch run predicts
    with): the first level whose condition holds, log2(m/u); 0 for the null level."""
    (comparison,) = [c for c in model.settings["comparisons"] if c["output_column_name"] == "email"]
    with duckdb.connect() as db:
        for level in comparison["comparison_levels"]:
            condition = level["sql_condition"]
            if condition != "ELSE":
                (holds,) = db.execute(
                    f"SELECT coalesce({condition}, false) "
                    "FROM (SELECT $1::VARCHAR AS email_l, $2::VARCHAR AS email_r)",
                    [left, right],
                ).fetchone()  # type: ignore[misc]
                if not holds:
                    continue
            if level.get("is_null_level"):
                return 0.0
            return math.log2(level["m_probability"] / level["u_probability"])
    raise AssertionError("no level")


def test_a_model_saved_by_main_weighs_emails_alike_live_and_in_batch() -> None:
    """link42's review: main's model has as many e-mail levels as this code (JW ≥ 0.9 where
    the slip level is now), so the live path read the slip with the JW level's m/u (−64.7
    bits for makoto.itou/makoto.ito) while the batch run still predicted with JW."""
    stored = Model.from_json(json.loads(BEFORE_LINK42.read_text("utf-8")))
    current = with_current_levels(stored)
    assert [lv["label"] for lv in current.levels["email"]][2] == EMAIL_SLIP
    for scorer in (Scorer(stored), Scorer(current)):
        for left, right in EMAIL_PAIRS:
            live, _ = scorer.weights_of({"email": left}, {"email": right}).get("email", (0.0, ""))
            assert live == pytest.approx(_batch_email_weight(current, left, right)), (left, right)
    # the slip weighs nothing until the store's next training; the other levels keep theirs
    assert "email" not in Scorer(stored).weights_of(*({"email": e} for e in EMAIL_PAIRS[0]))
    (same,) = [lv for lv in stored.levels["email"] if lv["label"] == "same e-mail"]
    assert Scorer(current).weights_of(*({"email": e} for e in EMAIL_PAIRS[3]))["email"] == (
        level_weight(same),
        "same e-mail",
    )
    assert with_current_levels(current) is current
    assert with_current_levels(default_model()) is default_model()
