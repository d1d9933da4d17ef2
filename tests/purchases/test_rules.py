"""The three kinds of purchase rule, each naming its purchases, stores and window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kizashi.errors import SchemaError
from kizashi.purchases import Purchase, default_watchlist, evaluate, parse_amount
from kizashi.purchases.watchlist import parse_watchlist

W = default_watchlist()
T0 = datetime(2026, 10, 1, 10, 0, tzinfo=UTC)


def buy(n: int, substance: str, grams: float, day: float, store: str = "A") -> Purchase:
    return Purchase(
        f"r{n}",
        T0 + timedelta(days=day),
        "retailer",
        store,
        "item",
        substance,
        grams,
        grams,
        "g",
        "test",
    )


def test_quantity_over_a_window_across_stores() -> None:
    fired = evaluate(W, [buy(1, "sulfur", 3000, 0, "A"), buy(2, "sulfur", 2000, 10, "B")])
    (firing,) = [f for f in fired if f.rule_kind == "quantity"]
    assert firing.rule_id == "precursor-quantity:sulfur"
    assert [p.report_id for p in firing.purchases] == ["r1", "r2"]
    assert firing.stores == ["retailer / A", "retailer / B"]
    assert (firing.window_start, firing.window_end) == (T0, T0 + timedelta(days=10))
    explanation = firing.explanation()
    assert explanation["total_grams"] == 5000 and explanation["threshold_grams"] == 5000


def test_quantity_outside_the_window_does_not_fire() -> None:
    fired = evaluate(W, [buy(1, "sulfur", 3000, 0), buy(2, "sulfur", 2000, 31)])
    assert not [f for f in fired if f.rule_kind == "quantity"]


def test_structuring_many_small_purchases_under_the_per_sale_threshold() -> None:
    small = [buy(i, "potassium-nitrate", 400, i * 2, store=f"S{i}") for i in range(3)]
    fired = evaluate(W, small)
    (firing,) = [f for f in fired if f.rule_kind == "structuring"]
    assert firing.rule_id == "precursor-structuring:potassium-nitrate"
    assert len(firing.purchases) == 3 and len(firing.stores) == 3
    assert "each under 500 g" in firing.summary
    # one big sale is not structuring (it is quantity, if enough)
    assert not [
        f
        for f in evaluate(W, [buy(9, "potassium-nitrate", 2400, 0)])
        if f.rule_kind == "structuring"
    ]


def test_a_window_fires_once_and_later_purchases_join_it() -> None:
    purchases = [buy(i, "sulfur", 2000, i) for i in range(5)]
    quantity = [f for f in evaluate(W, purchases) if f.rule_kind == "quantity"]
    assert len(quantity) == 1 and quantity[0].anchor == "r0" and len(quantity[0].purchases) == 5


def test_combination_with_any_of_members() -> None:
    fired = evaluate(W, [buy(1, "aluminium-powder", 150, 0), buy(2, "potassium-chlorate", 200, 3)])
    assert [f.rule_id for f in fired if f.rule_kind == "combination"] == ["combo-flash-powder"]


def test_amounts_and_bad_watchlists_are_named() -> None:
    assert parse_amount("3 kg") == 3000
    assert parse_amount("500 g") == 500
    with pytest.raises(ValueError, match="unit must be"):
        parse_amount("3 L")
    bad = {
        "version": 1,
        "rules": {
            "quantity": {"id": "q", "weight": 1, "description": ""},
            "structuring": {"id": "s", "weight": 1, "description": ""},
        },
        "substances": [
            {
                "id": "x",
                "name_ja": "x",
                "name_en": "x",
                "aliases": ["x"],
                "density": 1,
                "threshold": {"total": "lots", "per_sale": "1 g"},
            }
        ],
    }
    with pytest.raises(SchemaError, match=r"bad.yaml: substances\[0\] \(x\)"):
        parse_watchlist(bad, "bad.yaml")
    clash = dict(
        bad,
        substances=[
            {"id": "x", "name_ja": "x", "name_en": "x", "aliases": ["same"], "density": 1},
            {"id": "y", "name_ja": "y", "name_en": "y", "aliases": ["same"], "density": 1},
        ],
    )
    with pytest.raises(SchemaError, match="alias 'same' names both x and y"):
        parse_watchlist(clash, "bad.yaml")
