"""The one linkage model that batch runs, the incremental path and ``kizashi link`` share.

A :class:`Model` is everything a decision depends on, trained once and then frozen: the
comparisons and their m/u per level, the prior, the threshold, the blocking rules and stop
keys, which identifier columns are personal in this data, the ID-number columns, and the
term frequencies the batch run saw. ``kizashi link FILE`` trains one and applies it; a store
keeps the last one (``resolve_runs.model`` and ``resolve_term_frequencies``) and both the
batch ``resolve --reuse-model`` and every new report are decided with it, so they agree.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from kizashi.resolve.blocking import BlockRule

__all__ = ["Model", "level_weight", "prior_weight", "probability", "shipped_model"]


def level_weight(level: Mapping[str, Any]) -> float | None:
    """log2(m/u) of a trained level; None for the null level or an unobserved one."""
    m, u = level.get("m"), level.get("u")
    if level.get("is_null") or not m or not u:
        return None
    return float(math.log2(float(m) / float(u)))


def prior_weight(prior: float) -> float:
    return math.log2(prior / (1 - prior)) if 0 < prior < 1 else 0.0


def probability(weight: float) -> float:
    if weight >= 0:
        return 1.0 / (1.0 + float(2.0**-weight))
    odds = float(2.0**weight)
    return odds / (1.0 + odds)


@dataclass
class Model:
    prior: float
    levels: dict[str, list[dict[str, Any]]]  # comparison → [{label, m, u, is_null}] by level
    threshold: float
    filled: dict[str, int] = field(default_factory=dict)
    rules: list[BlockRule] = field(default_factory=list)
    stops: set[str] = field(default_factory=set)
    personal: dict[str, bool] = field(default_factory=dict)  # evidence column → one person's?
    hard_ids: list[str] = field(default_factory=list)  # reliable ID-number columns
    families: bool = True  # relatives share homes here: birth dates, given names decide
    settings: dict[str, Any] = field(default_factory=dict)  # splink's settings, trained
    tf: dict[str, dict[str, float]] = field(default_factory=dict)  # column → value → frequency

    @property
    def personal_columns(self) -> list[str]:
        return sorted(c for c, personal in self.personal.items() if personal)

    @property
    def tf_columns(self) -> list[str]:
        columns = self.settings.get("comparisons", [])
        out: set[str] = set()
        for comparison in columns:
            for level in comparison.get("comparison_levels", []):
                if level.get("tf_adjustment_column"):
                    out.add(str(level["tf_adjustment_column"]))
        return sorted(out)

    def as_json(self) -> dict[str, Any]:
        """Everything but the term frequencies (they are stored as a table)."""
        return {
            "prior": self.prior,
            "levels": self.levels,
            "threshold": self.threshold,
            "filled": self.filled,
            "rules": [r.as_json() for r in self.rules],
            "stops": sorted(self.stops),
            "personal": self.personal,
            "hard_ids": self.hard_ids,
            "families": self.families,
            "settings": self.settings,
        }

    @classmethod
    def from_json(
        cls, data: Mapping[str, Any], tf: Mapping[str, dict[str, float]] | None = None
    ) -> Model:
        return cls(
            prior=float(data["prior"]),
            levels=dict(data["levels"]),
            threshold=float(data["threshold"]),
            filled=dict(data.get("filled", {})),
            rules=[BlockRule.from_json(r) for r in data.get("rules", [])],
            stops=set(data.get("stops", [])),
            personal=dict(data.get("personal", {})),
            hard_ids=list(data.get("hard_ids", [])),
            families=bool(data.get("families", True)),
            settings=dict(data.get("settings", {})),
            tf=dict(tf or {}),
        )


@cache
def shipped_model() -> Model:
    """The model trained by the project and shipped (``data/default_model.json``, built by
    :mod:`kizashi.resolve.default_model`): a store's model before its first batch run, and
    the prior of every training for the levels its data cannot estimate."""
    text = resources.files("kizashi.resolve").joinpath("data/default_model.json").read_text("utf-8")
    return Model.from_json(json.loads(text))
