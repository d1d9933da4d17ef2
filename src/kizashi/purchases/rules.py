"""The purchase rules, as pure functions over one buyer's purchases (no I/O).

- quantity: a buyer's total of a substance within the window reaches its threshold;
- structuring: at least N purchases of a substance, each under the per-sale threshold, that
  add up within a (shorter) window;
- combination: every member of a combination (sulfur + potassium nitrate + charcoal, ...)
  bought within the window, each at least its minimum.

Windows are anchored on a purchase: the first purchase from which the rule holds anchors a
firing, which takes every qualifying purchase within the window after it; the search goes on
after the last purchase taken. A firing's identity is (rule, buyer, anchor), so a later
purchase that joins an existing window updates the firing rather than adding another.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from kizashi.purchases.watchlist import Combination, Structuring, Watchlist


@dataclass(frozen=True)
class Purchase:
    """One receipt line, matched to a watch-listed substance and converted to grams."""

    report_id: str
    at: datetime
    retailer: str
    store: str
    item: str
    substance: str
    grams: float
    quantity: float
    unit: str
    how: str

    @property
    def where(self) -> str:
        return f"{self.retailer} / {self.store}"

    def explain(self) -> dict[str, Any]:
        return {
            "report_id": self.report_id,
            "at": self.at.isoformat(),
            "retailer": self.retailer,
            "store": self.store,
            "item": self.item,
            "substance": self.substance,
            "quantity": self.quantity,
            "unit": self.unit,
            "grams": self.grams,
            "conversion": self.how,
        }


@dataclass(frozen=True)
class Firing:
    rule_id: str
    rule_kind: str  # quantity, structuring, combination
    substances: tuple[str, ...]
    purchases: tuple[Purchase, ...]
    window_days: float
    weight: float
    summary: str
    total_grams: float | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        return self.purchases[0].report_id

    @property
    def window_start(self) -> datetime:
        return self.purchases[0].at

    @property
    def window_end(self) -> datetime:
        return self.purchases[-1].at

    @property
    def stores(self) -> list[str]:
        return sorted({p.where for p in self.purchases})

    def explanation(self) -> dict[str, Any]:
        return {
            "rule": self.rule_id,
            "kind": self.rule_kind,
            "window_days": self.window_days,
            "window": [self.window_start.isoformat(), self.window_end.isoformat()],
            "stores": self.stores,
            "purchases": [p.explain() for p in self.purchases],
            **self.details,
        }


def _kg(grams: float) -> str:
    return f"{grams / 1000:g} kg" if grams >= 1000 else f"{grams:g} g"


def _span(purchases: Sequence[Purchase]) -> str:
    days = (purchases[-1].at - purchases[0].at).total_seconds() / 86400
    return f"{days:.1f} days"


def _windows(
    purchases: Sequence[Purchase], days: float, holds: Callable[[Sequence[Purchase]], bool]
) -> list[tuple[Purchase, ...]]:
    """Anchored windows in which `holds` is true (see the module docstring)."""
    found: list[tuple[Purchase, ...]] = []
    span = timedelta(days=days)
    i = 0
    while i < len(purchases):
        j = i
        while j < len(purchases) and purchases[j].at - purchases[i].at <= span:
            j += 1
        window = tuple(purchases[i:j])
        if holds(window):
            found.append(window)
            i = j
        else:
            i += 1
    return found


def quantity_firings(watchlist: Watchlist, purchases: Sequence[Purchase]) -> list[Firing]:
    firings = []
    rule = watchlist.quantity_rule
    for substance in watchlist.substances.values():
        limit = substance.threshold
        if limit is None:
            continue
        mine = [p for p in purchases if p.substance == substance.id]

        def reaches(window: Sequence[Purchase], total: float = limit.total) -> bool:
            return _sum(window) >= total

        for window in _windows(mine, limit.window_days, reaches):
            total = _sum(window)
            firings.append(
                Firing(
                    rule_id=f"{rule.id}:{substance.id}",
                    rule_kind="quantity",
                    substances=(substance.id,),
                    purchases=window,
                    window_days=limit.window_days,
                    weight=rule.weight,
                    total_grams=total,
                    summary=(
                        f"{substance.name_ja} ({substance.name_en}) {_kg(total)} in "
                        f"{len(window)} purchase(s) over {_span(window)} at "
                        f"{len({p.where for p in window})} store(s); threshold "
                        f"{_kg(limit.total)} in {limit.window_days:g} days"
                    ),
                    details={"threshold_grams": limit.total, "total_grams": total},
                )
            )
    return firings


def structuring_firings(watchlist: Watchlist, purchases: Sequence[Purchase]) -> list[Firing]:
    firings = []
    rule = watchlist.structuring_rule
    for substance in watchlist.substances.values():
        plan, limit = substance.structuring, substance.threshold
        if plan is None or limit is None:
            continue
        small = [p for p in purchases if p.substance == substance.id and p.grams < limit.per_sale]

        def holds(window: Sequence[Purchase], plan: Structuring = plan) -> bool:
            return len(window) >= plan.min_purchases and _sum(window) >= plan.min_total

        for window in _windows(small, plan.window_days, holds):
            total = _sum(window)
            firings.append(
                Firing(
                    rule_id=f"{rule.id}:{substance.id}",
                    rule_kind="structuring",
                    substances=(substance.id,),
                    purchases=window,
                    window_days=plan.window_days,
                    weight=rule.weight,
                    total_grams=total,
                    summary=(
                        f"{substance.name_ja} ({substance.name_en}): {len(window)} purchases, "
                        f"each under {_kg(limit.per_sale)}, {_kg(total)} in all over "
                        f"{_span(window)} at {len({p.where for p in window})} store(s)"
                    ),
                    details={
                        "per_sale_grams": limit.per_sale,
                        "min_purchases": plan.min_purchases,
                        "min_total_grams": plan.min_total,
                        "total_grams": total,
                    },
                )
            )
    return firings


def _slot_totals(combination: Combination, window: Sequence[Purchase]) -> list[float]:
    return [
        sum(p.grams for p in window if p.substance in slot.any_of) for slot in combination.members
    ]


def combination_firings(watchlist: Watchlist, purchases: Sequence[Purchase]) -> list[Firing]:
    firings = []
    for combination in watchlist.combinations:
        wanted = {s for slot in combination.members for s in slot.any_of}
        mine = [p for p in purchases if p.substance in wanted]

        def holds(window: Sequence[Purchase], combination: Combination = combination) -> bool:
            totals = _slot_totals(combination, window)
            return all(t >= s.min_grams for t, s in zip(totals, combination.members, strict=True))

        for window in _windows(mine, combination.window_days, holds):
            totals = _slot_totals(combination, window)
            parts = ", ".join(
                f"{'/'.join(slot.any_of)} {_kg(total)}"
                for slot, total in zip(combination.members, totals, strict=True)
            )
            firings.append(
                Firing(
                    rule_id=combination.id,
                    rule_kind="combination",
                    substances=tuple(sorted({p.substance for p in window})),
                    purchases=window,
                    window_days=combination.window_days,
                    weight=combination.weight,
                    summary=(
                        f"{combination.name}: {parts} within {_span(window)} at "
                        f"{len({p.where for p in window})} store(s)"
                    ),
                    details={
                        "members": [
                            {"any_of": list(slot.any_of), "min_grams": slot.min_grams, "grams": t}
                            for slot, t in zip(combination.members, totals, strict=True)
                        ]
                    },
                )
            )
    return firings


def evaluate(watchlist: Watchlist, purchases: Sequence[Purchase]) -> list[Firing]:
    """Every firing for one buyer's purchases (any order in, time order used)."""
    ordered = sorted(purchases, key=lambda p: (p.at, p.report_id))
    return [
        *quantity_firings(watchlist, ordered),
        *structuring_firings(watchlist, ordered),
        *combination_firings(watchlist, ordered),
    ]


def _sum(window: Sequence[Purchase]) -> float:
    return round(sum(p.grams for p in window), 3)
