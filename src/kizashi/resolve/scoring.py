"""In-process scoring with a trained model: the incremental path's half of linkage.

The batch run stores, per comparison, the m and u of each level and the columns that were
filled; :class:`Scorer` rebuilds the same comparisons (same levels, same order) and scores a
pair of feature rows with the Python twin of each level's SQL. Term-frequency adjustments are
not applied here (they need the batch's frequency tables); a link made here is therefore a
little more cautious on common names than the batch run, never less.
"""

from __future__ import annotations

import math
from typing import Any

from kizashi.resolve.levels import Row
from kizashi.resolve.model import Comparison, build_comparisons

__all__ = ["Scorer"]


class Scorer:
    def __init__(self, model: dict[str, Any]) -> None:
        self.prior = float(model["prior"])
        self.threshold = float(model["threshold"])
        self.comparisons: list[Comparison] = build_comparisons(model["filled"])
        self.weights: dict[str, list[float | None]] = {}
        for comparison in self.comparisons:
            levels = model["levels"].get(comparison.name, [])
            weights: list[float | None] = []
            for level in levels:
                m, u = level.get("m"), level.get("u")
                weights.append(None if level.get("is_null") or not m or not u else math.log2(m / u))
            self.weights[comparison.name] = weights

    def score(self, left: Row, right: Row) -> tuple[float, float, list[dict[str, Any]]]:
        """(probability, match weight, reasons) of a pair."""
        total = math.log2(self.prior / (1 - self.prior)) if 0 < self.prior < 1 else 0.0
        reasons: list[dict[str, Any]] = []
        for comparison in self.comparisons:
            weights = self.weights.get(comparison.name, [])
            for index, level in enumerate(comparison.all_levels):
                if level.test(left, right):
                    weight = weights[index] if index < len(weights) else None
                    if weight is not None:
                        total += weight
                        reasons.append(
                            {
                                "field": comparison.name,
                                "comparison": level.label,
                                "weight": round(weight, 3),
                            }
                        )
                    break
        probability = 2**total / (1 + 2**total)
        reasons.sort(key=lambda r: -abs(float(r["weight"])))
        return probability, total, reasons
