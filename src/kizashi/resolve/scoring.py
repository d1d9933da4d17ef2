"""In-process scoring with a trained model: the incremental path's half of linkage.

:class:`Scorer` rebuilds the comparisons of a :class:`~kizashi.resolve.linker.Model` (same
levels, same order) and finds, for a pair of feature rows, the level each comparison is at
with the Python twin of its SQL (:mod:`kizashi.resolve.levels`), and its weight: log2(m/u),
plus splink's term-frequency adjustment where the level has one — computed from the term
frequencies frozen with the model, as the batch run computes it. The pair is then decided by
:func:`kizashi.resolve.decision.decide`, like every batch pair.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from kizashi.resolve.decision import Edge, Veto, decide
from kizashi.resolve.levels import Row
from kizashi.resolve.linker import Model, level_weight
from kizashi.resolve.model import Comparison, build_comparisons

__all__ = ["Scorer"]


class Scorer:
    def __init__(
        self, model: Model, frequencies: Callable[[str, str], float | None] | None = None
    ) -> None:
        self.model = model
        self.frequency = frequencies or (lambda column, value: model.tf.get(column, {}).get(value))
        self.comparisons: list[Comparison] = build_comparisons(model.filled)
        stored = {c.name: _aligned(c, model.levels.get(c.name, [])) for c in self.comparisons}
        self.weights: dict[str, list[float | None]] = {
            name: [level_weight(level) if level else None for level in levels]
            for name, levels in stored.items()
        }
        self.m: dict[str, list[float | None]] = {
            name: [level.get("m") if level else None for level in levels]
            for name, levels in stored.items()
        }

    @property
    def tf_columns(self) -> frozenset[str]:
        """The columns whose term frequency a decision may look up (of the new record)."""
        return frozenset(
            level.tf_column
            for comparison in self.comparisons
            for level in comparison.all_levels
            if level.tf_column
        )

    @property
    def threshold(self) -> float:
        return self.model.threshold

    def weights_of(self, left: Row, right: Row) -> dict[str, tuple[float, str]]:
        """Per comparison: (weight incl. term frequency, label of the level that applied)."""
        out: dict[str, tuple[float, str]] = {}
        for comparison in self.comparisons:
            weights = self.weights.get(comparison.name, [])
            for index, level in enumerate(comparison.all_levels):
                if not level.test(left, right):
                    continue
                weight = weights[index] if index < len(weights) else None
                if weight:  # not the null level, and evidence one way or the other
                    weight += self._tf_adjustment(comparison.name, index, level.tf_column, left)
                    out[comparison.name] = (weight, level.label)
                break
        return out

    def _tf_adjustment(self, name: str, index: int, column: str | None, row: Row) -> float:
        """splink's: log2(u of the exact level) - log2(term frequency of the value)."""
        if column is None:
            return 0.0
        frequency = self.frequency(column, str(row.get(column)))
        weight, m = self.weights[name][index], self.m[name][index]
        if not frequency or weight is None or not m:
            return 0.0
        u = float(m) / 2**weight
        return math.log2(u) - math.log2(frequency)

    def decide(self, left: Row, right: Row) -> Edge | Veto | None:
        return decide(self.model, left, right, self.weights_of(left, right))

    def score(self, left: Mapping[str, Any], right: Mapping[str, Any]) -> float:
        """The pair's match weight as decided (household evidence counted once), or -inf."""
        found = self.decide(left, right)
        return found.weight if isinstance(found, Edge) else -math.inf


def _aligned(
    comparison: Comparison, stored: Sequence[Mapping[str, Any]]
) -> list[Mapping[str, Any] | None]:
    """The stored model's levels in the order of ``comparison``'s levels.

    A model trained by this code has the same levels in that order. One stored by an earlier
    release (a store's model, until its next batch run) may have fewer, or as many with one
    replaced (link42: e-mail Jaro-Winkler ≥ 0.9 by the e-mail slip): read by position, a
    level would take another's weight, so whenever the labels differ they are matched by
    label, and a level the model never had weighs nothing -- as
    :func:`kizashi.resolve.training.with_current_levels` gives the batch run."""
    levels = comparison.all_levels
    labels = [str(level.get("label")) for level in stored if not level.get("is_null")]
    if len(stored) == len(levels) and labels == [x.label for x in levels if not x.is_null]:
        return list(stored)
    by_label = {str(level.get("label")): level for level in stored}
    return [None if level.is_null else by_label.get(level.label) for level in levels]
