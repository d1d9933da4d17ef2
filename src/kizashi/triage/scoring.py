"""Risk arithmetic (pure): weights from grading, repeat damping, half-life decay, routing.

See ``data/risk.yaml`` for the formula in words. Nothing here reads the store or the clock.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from kizashi.triage.config import AlertRouting, RiskConfig, Route

TLP_ORDER = ("TLP:CLEAR", "TLP:WHITE", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")


@dataclass(frozen=True)
class Contribution:
    """One signal counting towards one entity's risk, with everything needed to explain it."""

    entity_id: str
    kind: str  # a signal type of risk.yaml
    source_ref: str  # e.g. signal:<id>, firing:<id>, report:<id>
    report_id: str | None
    category: str | None
    base_weight: float
    reliability: str
    credibility: str
    strength: float
    observed_at: datetime
    summary: str
    handling_code: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    weight: float = 0.0  # set by weigh(): base × grading × strength × repeat
    explanation: dict[str, Any] = field(default_factory=dict)

    def decayed(self, as_of: datetime, half_life_days: float) -> float:
        return decay(self.weight, self.observed_at, as_of, half_life_days)


def decay(weight: float, observed_at: datetime, as_of: datetime, half_life_days: float) -> float:
    """``weight × 0.5^(age/half_life)``; a signal from the future (clock skew) counts fully."""
    age_days = max(0.0, (as_of - observed_at).total_seconds() / 86400)
    return float(weight * 0.5 ** (age_days / half_life_days))


def weigh(config: RiskConfig, raw: Iterable[Contribution]) -> list[Contribution]:
    """Final weights (before decay) and explanations, repeats damped per entity and type."""
    groups: dict[tuple[str, str], list[Contribution]] = defaultdict(list)
    for item in raw:
        groups[(item.entity_id, item.kind)].append(item)
    weighed = []
    for (_, kind), items in groups.items():
        signal = config.types[kind]

        def undamped(c: Contribution) -> float:
            reliability, credibility = grading_factors(config, c)
            return c.base_weight * reliability * credibility * c.strength

        items.sort(key=lambda c: (-undamped(c), c.source_ref))
        for rank, item in enumerate(items):
            reliability, credibility = grading_factors(config, item)
            reliability_code, credibility_code = grading_codes(config, item)
            repeat = signal.repeat_factor**rank
            weight = round(undamped(item) * repeat, 4)
            explanation = {
                "signal_type": kind,
                "summary": item.summary,
                "base_weight": item.base_weight,
                "grading": grading_note(signal.grading),
                # The codes that were weighed: under artefact grading the collection's code,
                # not the report's (the page and the API say which grading counted).
                "reliability": {"code": reliability_code, "factor": reliability},
                "credibility": {"code": credibility_code, "factor": credibility},
                "strength": round(item.strength, 4),
                "repeat": {"rank": rank + 1, "factor": round(repeat, 4)},
                "weight": weight,
                "half_life_days": signal.half_life_days,
                "formula": (
                    f"{item.base_weight:g} × {reliability:g} ({reliability_code})"
                    f" × {credibility:g} ({credibility_code or '-'})"
                    f" × {item.strength:.3g} × {repeat:.3g} = {weight:.4g}"
                ),
                **item.details,
            }
            weighed.append(replace(item, weight=weight, explanation=explanation))
    return weighed


def grading_factors(config: RiskConfig, item: Contribution) -> tuple[float, float]:
    """(reliability, credibility) factors as the signal type grades: content or artefact."""
    signal = config.types[item.kind]
    channel = str(item.details.get("channel", ""))
    if signal.grading == "artefact" and channel in signal.artefact:
        return config.reliability[signal.artefact[channel]], 1.0
    return config.reliability[item.reliability], config.credibility[item.credibility]


def grading_codes(config: RiskConfig, item: Contribution) -> tuple[str, str | None]:
    """(reliability, credibility) codes that ``grading_factors`` weighed; credibility is None
    when it was not weighed (artefact grading: the detector's score stands for it)."""
    signal = config.types[item.kind]
    channel = str(item.details.get("channel", ""))
    if signal.grading == "artefact" and channel in signal.artefact:
        return signal.artefact[channel], None
    return item.reliability, item.credibility


def grading_note(grading: str) -> str:
    if grading == "artefact":
        return (
            "artefact: the collection's reliability applies; the content's credibility is what "
            "the detector's score measures (the report's own grading is shown, not applied)"
        )
    return "content: the source's reliability and the information's credibility apply"


def strictest(codes: Iterable[str | None]) -> str | None:
    known = [c.upper() for c in codes if c and c.upper() in TLP_ORDER]
    return max(known, key=TLP_ORDER.index) if known else None


@dataclass(frozen=True)
class RouteInput:
    category: str | None
    categories: frozenset[str]
    protected: bool
    regions: tuple[str, ...]
    countries: frozenset[str] = frozenset()


def route(routing: AlertRouting, facts: RouteInput) -> Route:
    """The first routing rule whose every condition holds (the last one always does)."""
    for rule in routing.rules:
        if rule.categories and facts.category not in rule.categories:
            continue
        if rule.any_category and not (rule.any_category & facts.categories):
            continue
        if rule.protected is not None and rule.protected != facts.protected:
            continue
        if rule.regions and not any(r.startswith(rule.regions) for r in facts.regions):
            continue
        if rule.countries and not (rule.countries & facts.countries):
            continue
        return rule
    return routing.rules[-1]


_REGION = re.compile(r"(東京都|北海道|京都府|大阪府|.{2,3}県)(.{1,6}?[市区町村郡])?")


def region_of(address: str) -> str | None:
    """Prefecture and municipality of a Japanese address, e.g. 東京都豊島区."""
    match = _REGION.search(address.replace(" ", "").replace("\u3000", ""))
    if match is None:
        return None
    return match.group(1) + (match.group(2) or "")


def ranked(scores: dict[str, float]) -> Sequence[tuple[str, float]]:
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
