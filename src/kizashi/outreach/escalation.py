"""Escalation by rules as data: how far an approacher has gone, and whether that is news.

Pure: the facts about one approacher (the furthest stage of each reading in time order, how
many companies reported them, whether a country desk already knows them) against
``data/escalation.yaml``. Every rule that holds fires; the strongest level wins, and each
fired rule keeps its id and why, so the desk sees the reasons, not a bare level.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kizashi.outreach.model import LEVELS, EscalationRule, StageModel, escalation_rules, stage_model

__all__ = ["ApproacherFacts", "Escalation", "escalate"]


@dataclass(frozen=True)
class ApproacherFacts:
    furthest_by_reading: Sequence[str | None]  # in the order the approaches happened
    companies: int = 1
    known_to_desk: bool = False


@dataclass(frozen=True)
class Escalation:
    level: str | None  # None, watch, escalate, alert
    furthest: str | None
    fired: tuple[dict[str, Any], ...]  # {rule, level, why: {ja, en}}

    def at_least(self, level: str) -> bool:
        return self.level is not None and LEVELS.index(self.level) >= LEVELS.index(level)

    def to_json(self) -> dict[str, object]:
        return {"level": self.level, "furthest": self.furthest, "fired": list(self.fired)}


def _progress(model: StageModel, furthest: Sequence[str | None]) -> int:
    """The largest step forward from an earlier reading to a later one (0 if none)."""
    orders = [model.order(s) for s in furthest]
    best, low = 0, None
    for order in orders:
        if low is not None and order > low:
            best = max(best, order - low)
        if order and (low is None or order < low):
            low = order
    return best


def _holds(rule: EscalationRule, model: StageModel, facts: ApproacherFacts) -> bool:
    furthest = model.furthest([s for s in facts.furthest_by_reading if s])
    if rule.reached is not None and model.order(furthest) < model.order(rule.reached):
        return False
    if (
        rule.progressed is not None
        and _progress(model, facts.furthest_by_reading) < rule.progressed
    ):
        return False
    if rule.companies is not None and facts.companies < rule.companies:
        return False
    return rule.known_to_desk is None or rule.known_to_desk == facts.known_to_desk


def escalate(
    facts: ApproacherFacts,
    *,
    rules: Sequence[EscalationRule] | None = None,
    model: StageModel | None = None,
) -> Escalation:
    model = model or stage_model()
    rules = escalation_rules() if rules is None else rules
    fired = [r for r in rules if _holds(r, model, facts)]
    level = max((r.level for r in fired), key=LEVELS.index, default=None)
    return Escalation(
        level=level,
        furthest=model.furthest([s for s in facts.furthest_by_reading if s]),
        fired=tuple({"rule": r.id, "level": r.level, "why": dict(r.why)} for r in fired),
    )
