"""Deterministic need-to-know rules over single access events, as versioned data.

Unlike the anomaly scorer, a rule needs no history: it fires on the event itself, at the
time of the event. The rules and their windows live in `data/insider.yaml`:

- NTK-RAID-72H: raid material (raid plan, target list, surveillance media) of a case the
  user is not assigned to, read or taken in the `window_hours` before one of the case's
  operations starts: from start - 72 h inclusive to the start exclusive.
- NTK-SURV-EXPORT: surveillance media exported or printed outside the user's assignment.
- NTK-TARGET-72H: a person an operation targets looked up by someone outside the case, in
  the 72 h before it: names are searched incidentally every day, so this weighs, not alerts.

Each rule has a `lane`. A hit on an access the guard *allowed* of an `immediate` rule is
a hard need-to-know violation: it is raised at once, outside the daily budget. Every other
hit, and every hit on an access the guard refused (the attempt failed; it is evidence of
intent, not a breach), adds its `weight` (or `refused_weight`) to the officer's risk, which
competes in the one ranked queue; :mod:`kizashi.insider.risk` scales that weight by how rare
such a hit has been among all officers lately (`risk.rarity`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from kizashi.insider.events import AccessEvent, Directory
from kizashi.insider.features import default_settings


@dataclass(frozen=True, slots=True)
class RuleHit:
    rule_id: str
    description: str
    user: str
    time: datetime
    event_id: str
    case_id: str
    detail: str
    allowed: bool = True
    immediate: bool = False  # a hard violation the guard allowed: raised outside the budget
    weight: float = 0.0  # risk it adds when not immediate
    # How rare such a hit (same rule, same allowed/refused) was before: officer-days with
    # one in the trailing window, out of all active officer-days (-1: not weighed yet).
    seen: int = -1
    out_of: int = 0
    # Every event behind a hit that spans several (a sitting of refusals): `event_id` first.
    events: tuple[str, ...] = ()

    def rarity(self) -> str:
        if self.seen < 0:
            return ""
        return (
            f"risk +{self.weight:.1f}; seen on {self.seen} of {self.out_of:,} officer-days before"
        )


@dataclass(frozen=True)
class Rule:
    rule_id: str
    description: str
    kinds: frozenset[str]
    actions: frozenset[str]
    window: timedelta | None  # before an operation of the event's case; None: any time
    lane: str = "queue"  # "immediate" or "queue"
    weight: float = 1.0
    refused_weight: float = 1.0

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Rule:
        hours = data.get("window_hours")
        lane = str(data.get("lane", "queue"))
        if lane not in ("immediate", "queue"):
            raise ValueError(f"rule {data.get('id')}: lane is immediate or queue, not {lane!r}")
        return cls(
            str(data["id"]),
            str(data["description"]),
            frozenset(data["kinds"]),
            frozenset(data["actions"]),
            timedelta(hours=float(hours)) if hours is not None else None,
            lane,
            float(data.get("weight", 1.0)),
            float(data.get("refused_weight", data.get("weight", 1.0))),
        )


def load_rules(settings: Mapping[str, Any] | None = None) -> list[Rule]:
    return [Rule.from_data(r) for r in (settings or default_settings())["rules"]]


def evaluate_rules(
    events: Iterable[AccessEvent],
    directory: Directory,
    rules: list[Rule] | None = None,
) -> list[RuleHit]:
    """Every rule hit of the events, in event order."""
    chosen = rules if rules is not None else load_rules()
    starts: dict[str, list[tuple[datetime, str]]] = {}
    for op in directory.operations:
        starts.setdefault(op.case_id, []).append((op.start, op.op_id))
    for ops in starts.values():
        ops.sort()
    hits: list[RuleHit] = []
    for event in events:
        # An access made through an approved workflow (a supervisor's approval of the
        # operation, a fingerprinted dissemination) is supervised work, not a violation.
        if event.assigned or not event.case_id or event.workflow:
            continue
        if event.user in directory.spans and directory.assigned(
            event.user, event.case_id, event.time
        ):
            continue
        for rule in chosen:
            if event.kind not in rule.kinds or event.action not in rule.actions:
                continue
            # An attempt the guard refused is still an attempt: say so, and raise it.
            act = event.action if event.allowed else f"{event.action} (refused)"
            if rule.window is None:
                detail = f"{act} of {event.kind} of unassigned case {event.case_id}"
            else:
                ahead = _operation_ahead(starts.get(event.case_id, []), event.time, rule.window)
                if ahead is None:
                    continue
                hours = (ahead[0] - event.time).total_seconds() / 3600
                detail = (
                    f"{act} of {event.kind} of unassigned case {event.case_id}, "
                    f"{hours:.1f} h before operation {ahead[1]}"
                )
            hits.append(
                RuleHit(
                    rule.rule_id,
                    rule.description,
                    event.user,
                    event.time,
                    event.event_id,
                    event.case_id,
                    detail,
                    event.allowed,
                    rule.lane == "immediate" and event.allowed,
                    rule.weight if event.allowed else rule.refused_weight,
                )
            )
    return hits


def _operation_ahead(
    ops: list[tuple[datetime, str]], when: datetime, window: timedelta
) -> tuple[datetime, str] | None:
    """The first operation starting after `when` and at most `window` later."""
    i = bisect_left(ops, (when, "\uffff"))  # operations starting at `when` have begun
    while i < len(ops) and ops[i][0] <= when:
        i += 1
    if i < len(ops) and ops[i][0] - when <= window:
        return ops[i]
    return None
