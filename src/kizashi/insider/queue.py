"""The inspection desk's queue of insider alerts: every read decided by the guard first.

Only the inspection/internal-affairs desk may read insider alerts (rules ``INSIDER-1`` to
``INSIDER-4`` of the policy); nobody reads an alert about themselves. Everyone else gets
what they would get for any hidden resource: an empty list, and "no such insider alert"
for an id, whether it exists or not. Each read is logged before anything is returned.

Kept outside :mod:`kizashi.insider` so that reading the queue does not load the
analytics (river, numpy) into the API process.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from kizashi.errors import NotFoundError
from kizashi.guard.identity import User
from kizashi.guard.policy import Guard, Resource
from kizashi.store.tables import users
from kizashi.store.tables_guard import insider_alerts


def _record(row: Any, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": row.id,
        "user_id": row.user_id,
        "user": names.get(row.user_id, row.user_id),
        "day": row.day,
        "raised_at": row.raised_at.isoformat(),
        "score": row.score,
        "peer_group": row.peer_group,
        "status": row.status,
        "rules": row.rules,
        "features": row.features,
        "explanation": row.explanation,
        "explanation_ja": row.explanation_ja,
        "lane": row.lane,
        "assignee": names.get(row.assignee, row.assignee) if row.assignee else None,
        "reason": row.reason,
        "reviewed_at": row.reviewed_at.isoformat() if row.reviewed_at else None,
        "history": row.history or [],
        "run_id": row.run_id,
    }


def _read(connection: Connection, ids: list[str]) -> list[dict[str, Any]]:
    names = {r.id: r.name for r in connection.execute(select(users.c.id, users.c.name))}
    rows = connection.execute(
        select(insider_alerts)
        .where(insider_alerts.c.id.in_(ids))
        .order_by(insider_alerts.c.raised_at.desc(), insider_alerts.c.id)
    )
    return [_record(row, names) for row in rows]


def list_insider_alerts(
    guard: Guard,
    user: User,
    purpose: str,
    *,
    status: str | None = None,
    limit: int = 200,
    terminal: str = "",
) -> list[dict[str, Any]]:
    """The alerts `user` may read (newest first); [] for anyone but the inspection desk."""
    query = select(insider_alerts.c.id, insider_alerts.c.user_id).order_by(
        insider_alerts.c.raised_at.desc(), insider_alerts.c.id
    )
    if status is not None:
        query = query.where(insider_alerts.c.status == status)
    with guard.engine.connect() as connection:
        owners = connection.execute(query.limit(limit)).all()
    resources = [Resource("insider_alert", str(r.id), about_user=str(r.user_id)) for r in owners]
    visible = guard.visible(user, "list", resources, purpose, terminal=terminal)
    if not visible:
        return []
    with guard.engine.connect() as connection:
        return _read(connection, [r.id for r in visible])


def get_insider_alert(
    guard: Guard, user: User, alert_id: str, purpose: str, *, terminal: str = ""
) -> dict[str, Any]:
    """One alert with its explanation; NotFoundError if missing *or* not for this user."""
    decision = guard.check(user, "read", "insider_alert", alert_id, purpose, terminal=terminal)
    if decision.allowed:
        with guard.engine.connect() as connection:
            found = _read(connection, [alert_id])
        if found:
            return found[0]
    raise NotFoundError(f"no such insider alert: {alert_id}")
