"""From exact per-candidate p-values to a ranked verdict with one honest figure each.

Every detector here computes, for each candidate, a score whose distribution *if that
candidate's fingerprint is absent* is known exactly: an innocent recipient's pattern or
codeword is keyed randomness independent of the leak, so the image score is exactly normal
with a variance computed from the leak itself (:mod:`kizashi.trace.image_detect`) and the
text score has an exact discrete tail (:mod:`kizashi.trace.text_code`). From the p-value of
each candidate follows one figure, ``false_accusation``: the probability that at least one of
the ``family`` candidates compared would score this high by chance, i.e. the chance that
naming this person is a false accusation (Šidák, exact for independent candidates). A
candidate is *named* when that figure is at most the medium's threshold, and the same figure
is what is shown (``confidence`` = 1 − it). It is not a probability of guilt.
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
    p_value: float  # exact one-sided p-value if this candidate's mark is absent


@dataclass(frozen=True)
class Ranked:
    label: str
    score: float
    z: float  # the normal quantile of the p-value (for images: the score itself)
    p_value: float
    false_accusation: float  # P(some innocent of the family scores this high)
    named: bool

    @property
    def confidence(self) -> float:
        return 1.0 - self.false_accusation

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "z": round(self.z, 2),
            "p_value": float(f"{self.p_value:.3g}"),
            "false_accusation": float(f"{self.false_accusation:.3g}"),
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
    """The z whose one-sided tail is `p` (bisection; 0 for p >= 0.5)."""
    if p >= 0.5:
        return 0.0
    lo, hi = 0.0, 40.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if normal_sf(mid) > p:
            lo = mid
        else:
            hi = mid
    return hi


def false_accusation(p_value: float, family: int) -> float:
    """1 - (1 - p)^family, computed without cancellation."""
    p = min(max(p_value, 0.0), 1.0)
    if p >= 1.0:
        return 1.0
    return -math.expm1(max(1, family) * math.log1p(-p))


def verdict(
    candidates: Sequence[Candidate],
    *,
    family: int,
    name_below: float,
    z_of: Mapping[str, float] | None = None,
    evidence: Mapping[str, Any] | None = None,
) -> Verdict:
    """Rank by p-value; name those whose false-accusation figure is at most `name_below`."""
    ranked = []
    for candidate in candidates:
        fa = false_accusation(candidate.p_value, family)
        z = z_of[candidate.label] if z_of is not None else z_for(candidate.p_value)
        ranked.append(
            Ranked(candidate.label, candidate.score, z, candidate.p_value, fa, fa <= name_below)
        )
    ranked.sort(key=lambda r: (r.p_value, -r.z, r.label))
    extra = {"family": family, "name_below": name_below}
    return Verdict(ranked, {**(evidence or {}), **extra})
