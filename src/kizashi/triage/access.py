"""Alerts through the guard: list, read, assign, review — the in-process service of API, CLI, UI.

Every function takes the :class:`~kizashi.guard.Guard`, the acting user and the stated
purpose. The guard's decision is logged before anything is read out (an audit failure
raises :class:`~kizashi.guard.AuditWriteError` and nothing is served). A hidden alert and
a missing one raise the same :class:`NotFoundError`; a refusal the user may know about
(a missing purpose) raises :class:`ForbiddenError` with the rule.

Lists use keyset pagination over an index (desk, score, id) or (desk, opened_at, id), so a
page costs the same at the 10,000th alert as at the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Connection, and_, or_, select

from kizashi.clock import iso
from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.guard import Decision, Guard, User, decide
from kizashi.resolve.read import merged_end
from kizashi.store.tables_resolve import entities
from kizashi.store.tables_triage import alert_events, alerts
from kizashi.triage import lifecycle
from kizashi.triage.carry import folded_alerts
from kizashi.triage.resources import alert_resources, missing_alert
from kizashi.triage.store import event

T = TypeVar("T")
SORTS = ("-score", "score", "-opened_at", "opened_at", "-updated_at", "updated_at")
STATUSES = ("new", "in_review", "confirmed", "dismissed", "folded")
OPEN = "open"  # a status filter meaning new or in_review


@dataclass(frozen=True)
class AlertFilter:
    status: str | None = None  # one of STATUSES, or "open"
    desk: str | None = None  # default: the user's own desk
    category: str | None = None
    entity_id: str | None = None
    min_score: float | None = None
    sort: str = "-score"
    after: str | None = None  # the id of the last alert of the previous page
    limit: int = 50
    # Several desks at once (the UI's queue follows every desk the user may list); when set,
    # ``desk`` narrows it further and the user's own desk is no default.
    desks: tuple[str, ...] | None = None


def refusal(decision: Decision, what: str = "alert") -> Exception:
    if decision.conceal:
        return NotFoundError(f"no such {what}")
    return ForbiddenError(f"{decision.reason} (rule {decision.rule})")


LIST_COLUMNS = (
    alerts.c.id,
    alerts.c.entity_id,
    entities.c.label.label("entity_label"),
    entities.c.kind.label("entity_kind"),
    alerts.c.desk_id,
    alerts.c.category,
    alerts.c.score,
    alerts.c.status,
    alerts.c.assignee_id,
    alerts.c.routing_rule,
    alerts.c.summary,
    alerts.c.handling_code,
    alerts.c.region,
    alerts.c.opened_at,
    alerts.c.updated_at,
    alerts.c.urgent,
)


def _filtered(query: Any, user: User, where: AlertFilter) -> Any:
    if where.sort not in SORTS:
        raise InputError(f"sort must be one of {', '.join(SORTS)}")
    if where.status not in (None, OPEN, *STATUSES):
        raise InputError(f"status must be one of {OPEN}, {', '.join(STATUSES)}")
    if where.desks is not None:
        chosen = [d for d in where.desks if not where.desk or d == where.desk]
        query = query.where(alerts.c.desk_id.in_(chosen))
    elif desk := where.desk or user.desk:
        query = query.where(alerts.c.desk_id == desk)
    if where.status == OPEN:
        query = query.where(alerts.c.status.in_(("new", "in_review")))
    elif where.status:
        query = query.where(alerts.c.status == where.status)
    if where.category:
        query = query.where(alerts.c.category == where.category)
    if where.entity_id:
        query = query.where(alerts.c.entity_id == where.entity_id)
    if where.min_score is not None:
        query = query.where(alerts.c.score >= where.min_score)
    return query


def _page_query(user: User, where: AlertFilter, anchor: Any | None) -> Any:
    column = alerts.c[where.sort.lstrip("-")]
    descending = where.sort.startswith("-")
    query = select(*LIST_COLUMNS).join(entities, entities.c.id == alerts.c.entity_id)
    query = _filtered(query, user, where)
    if anchor is not None:
        value = getattr(anchor, column.name)
        beyond = column < value if descending else column > value
        tie = alerts.c.id < anchor.id if descending else alerts.c.id > anchor.id
        query = query.where(or_(beyond, and_(column == value, tie)))
    order = (column.desc(), alerts.c.id.desc()) if descending else (column.asc(), alerts.c.id.asc())
    return query.order_by(*order).limit(where.limit)


def _out(row: Any) -> dict[str, Any]:
    # Column keys are SQLAlchemy's quoted_name (a str subclass JSON encoders may refuse).
    return {str(key): iso(value) for key, value in row._mapping.items()}


def decide_alerts(
    guard: Guard, user: User, action: str, rows: Sequence[Any], purpose: str
) -> list[Decision]:
    """Decide (and log) alert rows (``id``, ``entity_id``, ``desk_id``, ``handling_code``)
    on the one alert resource (:func:`kizashi.guard.policy.load_alerts`): every surface
    that lists or shows alerts (API, stream, web queue, entity and alert pages) asks this."""
    if not rows:
        return []
    with guard.engine.connect() as connection:
        resources = alert_resources(connection, list(rows))
    return guard.decide_many(user, action, resources, purpose)


def visible_alerts(
    guard: Guard, user: User, rows: Sequence[T], purpose: str, action: str = "list"
) -> list[T]:
    """The rows the user may `action` (default: list), in order; hidden ones left out."""
    decisions = decide_alerts(guard, user, action, rows, purpose)
    return [row for row, d in zip(rows, decisions, strict=True) if d.allowed]


@dataclass(frozen=True)
class Foreseen:
    """What a list of alerts will show its reader, foreseen by the pure policy."""

    shown: frozenset[str]  # the ids the reader may `action`
    needing_purpose: int  # how many more a stated purpose would show (PURPOSE-1, told openly)


def foreseen_alerts(
    guard: Guard, user: User, rows: Sequence[Any], purpose: str, action: str = "list"
) -> Foreseen:
    """Which of ``rows`` the reader may `action`, and how many a stated purpose would add,
    by the pure policy on the one alert resource — **nothing is logged**: a count is no
    access to any alert (the rows a page lists are decided and logged by
    :func:`visible_alerts`), and a desk lead's visit must not leave a refusal per hidden
    alert for insider analytics to read (as a case page counts material it asks a purpose
    for). The queue's total says what its reader is shown, not what the desk holds."""
    if not rows:
        return Foreseen(frozenset(), 0)
    with guard.engine.connect() as connection:
        resources = alert_resources(connection, list(rows))
    now, config = guard.now(), guard.config
    shown: set[str] = set()
    asked = 0
    for row, resource in zip(rows, resources, strict=True):
        verdict = decide(user, action, resource, purpose, now=now, config=config)
        if verdict.allowed:
            shown.add(str(row.id))
        elif verdict.rule == "PURPOSE-1" and not verdict.conceal:
            asked += 1
    return Foreseen(frozenset(shown), asked)


def list_alerts(guard: Guard, user: User, where: AlertFilter, purpose: str) -> dict[str, Any]:
    """One page of alerts the user may see, and the cursor of the next page (or None)."""
    if not 1 <= where.limit <= 500:
        raise InputError("limit must be between 1 and 500")
    with guard.engine.connect() as connection:
        anchor = None
        if where.after:
            # The cursor is the last alert of the previous page, under the same filters.
            anchor = connection.execute(
                _filtered(select(alerts), user, where).where(alerts.c.id == where.after)
            ).first()
            if anchor is None:
                return {"items": [], "next_after": None}
        page = list(connection.execute(_page_query(user, where, anchor)))
        resources = alert_resources(connection, [*page, *([anchor] if anchor else [])])
    decisions = guard.decide_many(user, "list", resources, purpose)  # logged before serving
    if anchor is not None and not decisions.pop().allowed:
        # A hidden alert's position must not be learnt by paging from it.
        return {"items": [], "next_after": None}
    items = [_out(row) for row, d in zip(page, decisions, strict=True) if d.allowed]
    next_after = page[-1].id if len(page) == where.limit else None
    return {"items": items, "next_after": next_after}


def _decide(guard: Guard, user: User, alert_id: str, action: str, purpose: str) -> None:
    """Load, decide and log; raise unless allowed. No connection is held while the guard
    writes the audit log (SQLite allows one writer)."""
    with guard.engine.connect() as connection:
        row = connection.execute(select(alerts).where(alerts.c.id == alert_id)).first()
        resource = (
            alert_resources(connection, [row])[0] if row is not None else missing_alert(alert_id)
        )
    decision = guard.decide(user, action, resource, purpose)
    if not decision.allowed:
        raise refusal(decision)


def _row(connection: Connection, alert_id: str) -> Any:
    row = connection.execute(select(alerts).where(alerts.c.id == alert_id)).first()
    if row is None:
        raise NotFoundError("no such alert")
    return row


def _full(connection: Connection, row: Any) -> dict[str, Any]:
    data = _out(row)
    entity = connection.execute(
        select(entities.c.label, entities.c.kind).where(entities.c.id == row.entity_id)
    ).first()
    data["entity_label"] = entity.label if entity else None
    data["entity_kind"] = entity.kind if entity else None
    # A subject merged away (the entity it went to had an alert of its own): say where to.
    data["subject_merged_into"] = merged_end(connection, str(row.entity_id))
    # Alerts folded into this one (and into those, ...): their history is this one's too;
    # each event keeps its own alert_id.
    folded = folded_alerts(connection, str(row.id))
    data["folded_from"] = folded
    events = connection.execute(
        select(alert_events)
        .where(alert_events.c.alert_id.in_([str(row.id), *folded]))
        .order_by(alert_events.c.at, alert_events.c.id)
    )
    data["events"] = [_out(e) for e in events]
    return data


def get_alert(guard: Guard, user: User, alert_id: str, purpose: str) -> dict[str, Any]:
    """The alert with its explanation and every event, if the user may read it."""
    _decide(guard, user, alert_id, "read", purpose)
    with guard.engine.connect() as connection:
        return _full(connection, _row(connection, alert_id))


def assign_alert(
    guard: Guard, user: User, alert_id: str, assignee: str, reason: str | None, purpose: str
) -> dict[str, Any]:
    _decide(guard, user, alert_id, "write", purpose)
    with guard.engine.begin() as connection:
        lifecycle.assign(
            connection, _row(connection, alert_id), user, assignee, reason, guard.now()
        )
        return _full(connection, _row(connection, alert_id))


def review_alert(
    guard: Guard, user: User, alert_id: str, status: str, reason: str | None, purpose: str
) -> dict[str, Any]:
    """Move the alert along its lifecycle (see kizashi.triage.lifecycle)."""
    _decide(guard, user, alert_id, "write", purpose)
    with guard.engine.begin() as connection:
        lifecycle.review(connection, _row(connection, alert_id), user, status, reason, guard.now())
        return _full(connection, _row(connection, alert_id))


def record_alert_action(
    guard: Guard,
    user: User,
    alert_id: str,
    action: str,
    reason: str,
    purpose: str,
    *,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Record on the alert something done about it outside the review lifecycle (a request
    to a platform sent or answered, the poster identified and warned): an alert event with
    who, when and why; the status is unchanged."""
    if action not in ACTION_EVENTS:
        raise InputError(f"unknown alert action {action!r}; one of {', '.join(ACTION_EVENTS)}")
    if len(reason.strip()) < 3:
        raise InputError("say what was done")
    _decide(guard, user, alert_id, "write", purpose)
    with guard.engine.begin() as connection:
        row = _row(connection, alert_id)
        event(
            connection,
            alert_id,
            action,
            guard.now(),
            user_id=user.id,
            reason=reason.strip(),
            details=details,
        )
        return _full(connection, row)


# Events that record action taken about an alert (besides opened, assigned and reviews).
ACTION_EVENTS = ("platform_request", "platform_answer", "action_taken")
