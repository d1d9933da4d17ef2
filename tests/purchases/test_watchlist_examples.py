"""Every watch-list entry's own examples: matching, conversion and combinations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kizashi.purchases import Purchase, UnitError, default_watchlist, evaluate

WATCHLIST = default_watchlist()


def _item_examples() -> list[Any]:
    cases = []
    for entry in (
        *WATCHLIST.substances.values(),
        *WATCHLIST.products.values(),
        *WATCHLIST.ignored.values(),
    ):
        default = getattr(entry, "substance", None) or (
            entry.id if entry.id in WATCHLIST.substances else None
        )
        for index, example in enumerate(entry.examples):
            cases.append(pytest.param(entry.id, default, example, id=f"{entry.id}-{index}"))
    return cases


@pytest.mark.parametrize(("entry", "default", "example"), _item_examples())
def test_item_example(entry: str, default: str | None, example: dict[str, Any]) -> None:
    grams = example["grams"]
    expected = example.get("expect_substance", default if grams is not None else None)
    found = WATCHLIST.match(example["item"], example.get("substance"))
    assert (found.substance if found else None) == expected, (entry, found)
    if found is None or found.substance is None:
        return
    if grams is None:
        with pytest.raises(UnitError):
            found.grams(float(example["quantity"]), example["unit"], example["item"])
        return
    converted = found.grams(float(example["quantity"]), example["unit"], example["item"])
    assert converted.grams == pytest.approx(grams, rel=1e-3), converted.how


def _combination_examples() -> list[Any]:
    return [
        pytest.param(c.id, example, id=f"{c.id}-{index}")
        for c in WATCHLIST.combinations
        for index, example in enumerate(c.examples)
    ]


@pytest.mark.parametrize(("combination", "example"), _combination_examples())
def test_combination_example(combination: str, example: dict[str, Any]) -> None:
    start = datetime(2026, 10, 1, tzinfo=UTC)
    purchases = [
        Purchase(
            report_id=f"r{index}",
            at=start + timedelta(days=float(p["day"])),
            retailer=f"retailer {index}",
            store="store",
            item=p["substance"],
            substance=p["substance"],
            grams=float(p["grams"]),
            quantity=float(p["grams"]),
            unit="g",
            how="example",
        )
        for index, p in enumerate(example["purchases"])
    ]
    fired = [f for f in evaluate(WATCHLIST, purchases) if f.rule_id == combination]
    assert bool(fired) == example["fires"]


def test_every_substance_has_examples_and_a_cas_number() -> None:
    for substance in WATCHLIST.substances.values():
        assert substance.examples, substance.id
        assert substance.cas, substance.id
        assert substance.name_ja and substance.name_en
    for combination in WATCHLIST.combinations:
        assert any(e["fires"] for e in combination.examples), combination.id
