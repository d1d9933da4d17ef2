"""An open alert follows its subject's records when they are merged into another entity.

A judgement or a re-grouping can merge the entity an alert is about into another one (issue
12: judgements act live). The alert would stay on the merged-away id: an empty subject, risk
0, and the person's risk opening a second alert on the entity their records went to — the
desk would work the same person twice. So when triage scores an entity:

- with no open alert of its own, the newest open alert of an entity merged into it is
  carried over: same alert, same history and assignee, now about the entity the records are
  in, with a ``merged`` event that says from where (:func:`carry`);
- with an open alert (or once one was carried), every other open alert of an entity merged
  into it is folded in (:func:`fold`): the survivor takes the higher risk, the other's
  reasons and history (its events stay on it and are read with the survivor's), and keeps
  its assignee if it has one, else takes the other's; the other is closed as ``folded``,
  pointing at the survivor — not dismissed, as no person decided it.

A decided (confirmed or dismissed) alert is never moved, folded or reopened: the decision
was about what the analyst saw then. Every step is an alert event, on both alerts.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from kizashi.store.tables_resolve import entities
from kizashi.store.tables_triage import alerts
from kizashi.triage.store import OPEN_STATES, event

FOLDED = "folded"


def open_alerts_merged_into(
    connection: Connection, survivors: Collection[str]
) -> dict[str, list[Any]]:
    """For each of ``survivors``, the open alerts of entities merged into it (directly or
    through a chain of merges), oldest first.

    Read by the index on ``entities.merged_into`` from the survivors backwards, then the
    alerts by their entity: the cost follows the entities scored, not the open alerts (a
    look-up over every open alert cost ~24 ms a pass at 10,000 open alerts)."""
    wanted = set(survivors)
    came_from: dict[str, str] = {}  # merged-away entity -> the survivor it ended in
    frontier = {s: s for s in wanted}
    while frontier:
        step: dict[str, str] = {}
        for chunk in _chunks(sorted(frontier)):
            merged = connection.execute(
                select(entities.c.id, entities.c.merged_into).where(
                    entities.c.merged_into.in_(chunk)
                )
            )
            for row in merged:
                gone = str(row.id)
                if gone not in came_from and gone not in wanted:
                    step[gone] = frontier[str(row.merged_into)]
        came_from.update(step)
        frontier = step
    found: dict[str, list[Any]] = {}
    rows = [
        row
        for chunk in _chunks(sorted(came_from))
        for row in connection.execute(
            select(alerts).where(alerts.c.entity_id.in_(chunk), alerts.c.status.in_(OPEN_STATES))
        )
    ]
    for row in sorted(rows, key=lambda r: (r.opened_at, r.id)):
        found.setdefault(came_from[str(row.entity_id)], []).append(row)
    return found


def _chunks(ids: list[str], size: int = 500) -> list[list[str]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def carry(connection: Connection, alert: Any, survivor: str, now: datetime) -> Any:
    """Re-point ``alert`` to ``survivor``, record it, and return the row as it is now."""
    connection.execute(
        update(alerts).where(alerts.c.id == alert.id).values(entity_id=survivor, updated_at=now)
    )
    event(
        connection,
        str(alert.id),
        "merged",
        now,
        reason="the subject's records were merged into another entity",
        details={"from_entity": str(alert.entity_id), "to_entity": survivor},
    )
    return connection.execute(select(alerts).where(alerts.c.id == alert.id)).one()


def folded_reason(survivor_id: str) -> str:
    """The closed reason of an alert folded into ``survivor_id`` (the page translates it)."""
    return f"folded into alert #{survivor_id}"


def fold(connection: Connection, survivor: Any, other: Any, now: datetime) -> Any:
    """Fold the open alert ``other`` into the open alert ``survivor``; return the survivor's
    row as it is now. Both must be open (a decided alert is never folded)."""
    if survivor.status not in OPEN_STATES or other.status not in OPEN_STATES:
        raise ValueError("only open alerts are folded")
    explanation = dict(survivor.explanation or {})
    theirs = other.explanation or {}
    folded = [*explanation.get("folded", []), *theirs.get("folded", [])]
    folded.append(
        {
            "alert_id": str(other.id),
            "entity_id": str(other.entity_id),
            "score": other.score,
            "summary": other.summary,
            "categories": list(theirs.get("categories", [])),
            "rules": list(theirs.get("rules", [])),
            "contributions": list(theirs.get("contributions", [])),
        }
    )
    explanation["folded"] = folded
    for key in ("categories", "rules"):
        if key in explanation or key in theirs:
            merged = list(explanation.get(key, []))
            merged += [v for v in theirs.get(key, []) if v not in merged]
            explanation[key] = merged
    score = max(survivor.score, other.score)
    # The alert's own account of its risk (the page's "risk R at T from N kinds of signal")
    # now covers both: the signals counted together, and the higher scoring's risk and time —
    # else the page said 106.5 from one post under a risk of 129.3 (found on the demo).
    kinds = dict(explanation.get("signal_kinds") or {})
    for kind, count in (theirs.get("signal_kinds") or {}).items():
        kinds[kind] = kinds.get(kind, 0) + count
    if kinds:
        explanation["signal_kinds"] = kinds
    if other.score > survivor.score:
        for key in ("score", "as_of"):
            if key in theirs:
                explanation[key] = theirs[key]
    assignee = survivor.assignee_id or other.assignee_id
    connection.execute(
        update(alerts)
        .where(alerts.c.id == survivor.id)
        .values(
            score=score,
            explanation=explanation,
            assignee_id=assignee,
            urgent=survivor.urgent or other.urgent,
            updated_at=now,
        )
    )
    reason = folded_reason(str(survivor.id))
    connection.execute(
        update(alerts)
        .where(alerts.c.id == other.id)
        .values(
            status=FOLDED,
            folded_into=survivor.id,
            closed_at=now,
            closed_reason=reason,
            closed_by=None,
            updated_at=now,
        )
    )
    details = {
        "from_alert": str(other.id),
        "into_alert": str(survivor.id),
        "from_entity": str(other.entity_id),
        "to_entity": str(survivor.entity_id),
        "score_before": survivor.score,
        "score_after": score,
        "folded_score": other.score,
        "assignee_id": assignee,
        "previous_assignee_id": survivor.assignee_id,
    }
    event(
        connection,
        str(survivor.id),
        "merged",
        now,
        reason=f"alert #{other.id} folded in: its subject's records were merged into this one",
        details=details,
    )
    event(
        connection,
        str(other.id),
        FOLDED,
        now,
        reason=reason,
        from_status=other.status,
        to_status=FOLDED,
        details=details,
    )
    return connection.execute(select(alerts).where(alerts.c.id == survivor.id)).one()


def folded_alerts(connection: Connection, alert_id: str) -> list[str]:
    """Ids of the alerts folded into ``alert_id``, directly or through one another (by the
    index on ``folded_into``)."""
    found: list[str] = []
    frontier = [alert_id]
    while frontier:
        step = sorted(
            str(i)
            for i in connection.execute(
                select(alerts.c.id).where(alerts.c.folded_into.in_(frontier))
            ).scalars()
        )
        step = [i for i in step if i not in found and i != alert_id]
        found += step
        frontier = step
    return found
