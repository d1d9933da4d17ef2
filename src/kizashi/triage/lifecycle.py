"""An alert's lifecycle: new → in_review → confirmed | dismissed, every step with who and why.

A closed alert can be reopened (back to in_review) with a reason. An alert folded into
another by triage (its subject merged into that one's, :mod:`kizashi.triage.carry`) is
closed for good: the work goes on on the alert it was folded into. Closing stores an outcome
(confirmed or dismissed, the reason, the rules and categories that raised it, the score) so
that ``outcome_report`` can tell how often each rule's alerts were confirmed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from kizashi.errors import InputError
from kizashi.guard import User
from kizashi.ids import new_id
from kizashi.store.tables import users
from kizashi.store.tables_triage import alert_outcomes, alerts
from kizashi.triage.store import event

TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"in_review"}),
    "in_review": frozenset({"confirmed", "dismissed"}),
    "confirmed": frozenset({"in_review"}),
    "dismissed": frozenset({"in_review"}),
    "folded": frozenset(),
}
CLOSED = frozenset({"confirmed", "dismissed"})
MIN_REASON = 3


class TransitionError(InputError):
    """A review step the lifecycle does not allow (e.g. new → confirmed), or without a reason."""

    status = 409


def check_transition(current: str, target: str, reason: str | None) -> None:
    if current == "folded":
        raise TransitionError(
            "this alert was folded into another (its subject was merged): review that one"
        )
    if target not in TRANSITIONS or target == "folded":
        raise TransitionError(f"unknown status {target!r}; one of {', '.join(TRANSITIONS)}")
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(TRANSITIONS[current]))
        raise TransitionError(f"an alert that is {current} can only go to {allowed}, not {target}")
    if (target in CLOSED or current in CLOSED) and len((reason or "").strip()) < MIN_REASON:
        raise TransitionError(f"going from {current} to {target} needs a reason")


def review(
    connection: Connection, alert: Any, user: User, target: str, reason: str | None, now: datetime
) -> None:
    check_transition(alert.status, target, reason)
    closing = target in CLOSED
    connection.execute(
        update(alerts)
        .where(alerts.c.id == alert.id)
        .values(
            status=target,
            updated_at=now,
            closed_reason=reason if closing else None,
            closed_at=now if closing else None,
            closed_by=user.id if closing else None,
            assignee_id=alert.assignee_id or user.id,
        )
    )
    action = "reopened" if alert.status in CLOSED else target
    event(
        connection,
        alert.id,
        action,
        now,
        user_id=user.id,
        reason=reason,
        from_status=alert.status,
        to_status=target,
    )
    if closing:
        explanation = alert.explanation or {}
        connection.execute(
            insert(alert_outcomes).values(
                id=new_id(),
                alert_id=alert.id,
                outcome=target,
                reason=reason or "",
                user_id=user.id,
                rules=list(explanation.get("rules", [])),
                categories=list(explanation.get("categories", [])),
                score=alert.score,
                desk_id=alert.desk_id,
                decided_at=now,
            )
        )


def assign(
    connection: Connection, alert: Any, user: User, assignee: str, reason: str | None, now: datetime
) -> str:
    """Assign to a user of the alert's desk (by name or id); returns the assignee's id."""
    row = connection.execute(
        select(users.c.id, users.c.desk_id, users.c.active).where(
            (users.c.name == assignee) | (users.c.id == assignee)
        )
    ).first()
    if row is None or not row.active:
        raise InputError(f"no active user {assignee!r}")
    if row.desk_id != alert.desk_id:
        raise InputError(f"user {assignee!r} is not on desk {alert.desk_id}, which owns the alert")
    connection.execute(
        update(alerts).where(alerts.c.id == alert.id).values(assignee_id=row.id, updated_at=now)
    )
    event(
        connection,
        alert.id,
        "assigned",
        now,
        user_id=user.id,
        reason=reason,
        from_status=alert.status,
        to_status=alert.status,
        details={"assignee_id": row.id, "previous_assignee_id": alert.assignee_id},
    )
    return str(row.id)


def outcome_report(connection: Connection, *, desk: str | None = None) -> list[dict[str, Any]]:
    """Per rule (purchase rule, text category, report type): confirmed, dismissed, precision.

    The latest outcome of each alert counts (a reopened and re-closed alert once).
    """
    query = select(alert_outcomes).order_by(alert_outcomes.c.decided_at, alert_outcomes.c.id)
    if desk is not None:
        query = query.where(alert_outcomes.c.desk_id == desk)
    latest: dict[str, Any] = {}
    for row in connection.execute(query):
        latest[row.alert_id] = row
    tally: dict[str, dict[str, int]] = defaultdict(lambda: {"confirmed": 0, "dismissed": 0})
    for row in latest.values():
        for rule in [*row.rules, "*all*"]:
            tally[rule][row.outcome] += 1
    report = []
    for rule, counts in sorted(tally.items()):
        decided = counts["confirmed"] + counts["dismissed"]
        report.append(
            {
                "rule": rule,
                "confirmed": counts["confirmed"],
                "dismissed": counts["dismissed"],
                "precision": round(counts["confirmed"] / decided, 4) if decided else None,
            }
        )
    return report
