"""From raw scores to a ranked, calibrated verdict.

Every detector here produces one score per candidate and the same score for many keyed
*phantoms* (codewords or patterns of nobody). Under the hypothesis that a candidate's mark
is absent, their score is distributed like the phantoms'; so the candidate's z-score
against the phantoms gives a one-sided p-value, and a Bonferroni correction over the
candidates gives the family-wise error of naming anyone. ``confidence`` is 1 minus that
corrected p-value: 0.999 means "a one in a thousand chance that naming this person is a
false accusation", not a probability of guilt.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Candidate:
    label: str
    score: float


@dataclass(frozen=True)
class Ranked:
    label: str
    score: float
    z: float
    p_value: float  # one-sided, uncorrected
    confidence: float  # 1 - Bonferroni-corrected p
    named: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "z": round(self.z, 2),
            "p_value": float(f"{self.p_value:.3g}"),
            "confidence": round(self.confidence, 6),
            "named": self.named,
        }


@dataclass(frozen=True)
class Verdict:
    ranked: list[Ranked]
    evidence: Mapping[str, Any] = field(default_factory=dict)

    @property
    def named(self) -> list[Ranked]:
        return [r for r in self.ranked if r.named]

    @property
    def top(self) -> Ranked | None:
        return self.ranked[0] if self.ranked else None


def normal_sf(z: float) -> float:
    return 0.5 * math.erfc(z / math.sqrt(2))


def z_for(p: float) -> float:
    """The z whose one-sided tail is `p` (bisection; p in (0, 0.5])."""
    lo, hi = 0.0, 40.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if normal_sf(mid) > p:
            lo = mid
        else:
            hi = mid
    return hi


def verdict_from_scores(
    candidates: Sequence[Candidate],
    null: Sequence[float],
    *,
    name_z: float,
    evidence: Mapping[str, Any] | None = None,
) -> Verdict:
    count = len(null)
    mean = sum(null) / count if count else 0.0
    var = sum((x - mean) ** 2 for x in null) / (count - 1) if count > 1 else 1.0
    std = math.sqrt(var) or 1.0
    family = max(1, len(candidates))
    ranked = []
    for candidate in candidates:
        z = (candidate.score - mean) / std
        p = normal_sf(z)
        ranked.append(
            Ranked(candidate.label, candidate.score, z, p, 1 - min(1.0, p * family), z >= name_z)
        )
    ranked.sort(key=lambda r: (-r.z, r.label))
    extra = {"null": {"phantoms": count, "mean": mean, "std": std}, "name_z": name_z}
    return Verdict(ranked, {**(evidence or {}), **extra})
