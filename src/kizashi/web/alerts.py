"""The alert queue's reads and writes, over the triage contract tables.

A small query layer for the pages; writes go through the triage room's lifecycle
(:mod:`kizashi.triage.lifecycle`: transitions, events, outcomes), after the page has decided
`write` on the alert. The queue pages with a keyset on (sort key, id), so a page costs the
same at the first alert and the ten-thousandth.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from sqlalchemy import Connection, func, select, tuple_

from kizashi.casework.domain import MAX_REASON_CHARS
from kizashi.errors import InputError, NotFoundError
from kizashi.guard import Resource, User
from kizashi.guard.policy import ResourceKind
from kizashi.http import query_problems
from kizashi.store import alert_events, alerts, entities
from kizashi.store.tables import users
from kizashi.store.tables_triage import ALERT_STATES
from kizashi.triage import folded_alerts, lifecycle
from kizashi.triage.query import ID_PATTERN, AlertQuery

OPEN_STATES = ("new", "in_review")
SORTS = ("score", "newest", "oldest")
Sort = Literal["score", "newest", "oldest"]

# The queue page's own words, mapped to the API's (GET /api/v1/alerts, triage's AlertQuery)
# here and nowhere else; a value outside them is refused (422 naming the field), as the API
# refuses one outside its declaration. The parameters of the same names (desk, category,
# entity_id, min_score, limit) are read under the API's declaration itself.
STATUS_WORDS: dict[str, str | None] = {
    "open": "open",
    "new": "new",
    "in_review": "in_review",
    "confirmed": "confirmed",
    "dismissed": "dismissed",
    "all": None,  # the API's default: every status
}
SORT_WORDS: dict[str, str] = {"score": "-score", "newest": "-opened_at", "oldest": "opened_at"}
ASSIGNEES = ("me", "none")  # the page's own filter: the API has none
PAGE_ONLY = frozenset({"status", "sort", "after", "assignee", "bulk"})
QUEUE_FIELDS = PAGE_ONLY | frozenset(AlertQuery.model_fields)
_BULK = re.compile(r"^[a-z]+-\d+-\d+$")
_ID = re.compile(ID_PATTERN)
DECISIONS = ("confirmed", "dismissed")

# One alert is decided on the guard's one loader (kizashi.guard.policy.load_alerts, through
# kizashi.triage.access.visible_alerts), as the API decides it. A desk's alerts taken
# together are desk material (DESK-1 / DESK-2):
ALERT_KIND: ResourceKind = "alert"


def desk_resource(desk: str) -> Resource:
    """Every alert of a desk, as one resource: for counts and for the queue's desk filter
    (which desks' queries run at all); each alert shown is still decided on its own."""
    return Resource(ALERT_KIND, f"desk:{desk}", desk=desk, handling_code="TLP:AMBER")


@dataclass(frozen=True)
class AlertFilter:
    desks: tuple[str, ...]
    status: str = "open"  # open, new, in_review, confirmed, dismissed, all
    category: str | None = None
    assignee: str | None = None  # a user id, or "none" for unassigned
    sort: Sort = "score"
    after: str | None = None  # cursor from the previous page
    limit: int = 50
    entity_id: str | None = None  # the API's filters of the same names (triage's AlertQuery)
    min_score: float | None = None


@dataclass(frozen=True)
class QueueQuery:
    """The queue page's query: in the page's words, and the same query in the API's."""

    api: AlertQuery
    status: str
    sort: Sort
    assignee: str | None  # "me", "none" or None
    after: str | None  # the page's cursor ("<sort key>~<alert id>")
    bulk: str | None


def _problem(field: str, msg: str) -> dict[str, Any]:
    return {"loc": ("query", field), "msg": msg, "type": "value_error", "input": None}


def read_queue_query(params: Mapping[str, str]) -> tuple[QueueQuery | None, list[dict[str, Any]]]:
    """The queue page's query string read: the page's words checked and mapped to the API's,
    the rest under the API's declaration. Either the query, or the problems (each naming its
    field) with nothing read; an empty value is a parameter not given (the page's forms send
    every field). Unknown and repeated parameters are for the caller (``query_problems``)."""
    given = {k: v for k, v in params.items() if v != ""}
    problems: list[dict[str, Any]] = []
    status = given.get("status", "open")
    if status not in STATUS_WORDS:
        problems.append(_problem("status", f"not one of {', '.join(STATUS_WORDS)}"))
    sort = given.get("sort", "score")
    if sort not in SORT_WORDS:
        problems.append(_problem("sort", f"not one of {', '.join(SORT_WORDS)}"))
    assignee = given.get("assignee")
    if assignee is not None and assignee not in ASSIGNEES:
        problems.append(_problem("assignee", f"not one of {', '.join(ASSIGNEES)}"))
    bulk = given.get("bulk")
    if bulk is not None and (len(bulk) > 40 or not _BULK.match(bulk)):
        problems.append(_problem("bulk", "not a bulk action's result"))
    after = given.get("after")
    last_id: str | None = None
    if after is not None and sort in SORT_WORDS:
        raw, _, last_id = after.rpartition("~")
        if len(after) > 200 or not raw or not _ID.match(last_id) or not _cursor_key(sort, raw):
            problems.append(_problem("after", "not this page's cursor for its sort"))
    api = {k: v for k, v in given.items() if k not in PAGE_ONLY and k in AlertQuery.model_fields}
    if STATUS_WORDS.get(status):
        api["status"] = str(STATUS_WORDS[status])
    api["sort"] = SORT_WORDS.get(sort, "-score")
    if last_id:
        api["after"] = last_id
    try:
        query = AlertQuery.of(api)
    except ValidationError as exc:
        problems += [{**e, "loc": ("query", *e["loc"])} for e in exc.errors()]
    if problems:
        return None, problems
    return QueueQuery(query, status, sort, assignee, after, bulk), []  # type: ignore[arg-type]


def queue_query(params: Any) -> QueueQuery:
    """The queue page's query (a request's ``QueryParams``), or its refusal: a 422 naming
    each field, an unknown or repeated parameter named as the API names one."""
    problems = query_problems(params, QUEUE_FIELDS, frozenset())
    query, wrong = read_queue_query(params)
    if problems or query is None:
        raise RequestValidationError(problems + wrong)
    return query


def _cursor_key(sort: str, raw: str) -> bool:
    try:
        float(raw) if sort == "score" else datetime.fromisoformat(raw)
    except ValueError:
        return False
    return True


def _cursor(sort: Sort, row: dict[str, Any]) -> str:
    value = row["score"] if sort == "score" else row["opened_at"].astimezone(UTC).isoformat()
    return f"{value}~{row['id']}"


def _sort_column(sort: Sort) -> Any:
    return alerts.c.score if sort == "score" else alerts.c.opened_at


def _after(sort: Sort, cursor: str) -> Any:
    raw, _, last_id = cursor.rpartition("~")
    if not raw or not last_id:
        raise InputError("bad page cursor")
    try:
        value: Any = float(raw) if sort == "score" else datetime.fromisoformat(raw)
    except ValueError:
        raise InputError("bad page cursor") from None
    # A row-value comparison, so the index (desk_id, status, score) serves the range.
    key = tuple_(_sort_column(sort), alerts.c.id)
    return key > (value, last_id) if sort == "oldest" else key < (value, last_id)


def _statuses(status: str) -> tuple[str, ...]:
    if status == "open":
        return OPEN_STATES
    if status == "all":
        return ALERT_STATES
    return (status,)


def _page_keys(connection: Connection, where: AlertFilter) -> list[Any]:
    """The page's (sort key, id) rows: one small indexed query per desk and status, merged.

    One query over all desks and states would sort every open alert before the LIMIT
    applies; with desk and status fixed, the index on (desk_id, status, score) yields rows
    in score order and each query stops after a page.
    """
    column = _sort_column(where.sort)
    descending = where.sort != "oldest"
    found: list[Any] = []
    for desk in where.desks:
        for status in _statuses(where.status):
            query = select(alerts.c.id, column.label("key")).where(
                alerts.c.desk_id == desk, alerts.c.status == status
            )
            query = _narrowed(query, where)
            if where.assignee == "none":
                query = query.where(alerts.c.assignee_id.is_(None))
            elif where.assignee:
                query = query.where(alerts.c.assignee_id == where.assignee)
            if where.after:
                query = query.where(_after(where.sort, where.after))
            order = (column.desc(), alerts.c.id.desc()) if descending else (column, alerts.c.id)
            found.extend(connection.execute(query.order_by(*order).limit(where.limit + 1)))
    found.sort(key=lambda r: (r.key, r.id), reverse=descending)
    return found[: where.limit + 1]


def _matching(query: Any, where: AlertFilter) -> Any:
    query = query.where(
        alerts.c.desk_id.in_(where.desks), alerts.c.status.in_(_statuses(where.status))
    )
    query = _narrowed(query, where)
    if where.assignee == "none":
        query = query.where(alerts.c.assignee_id.is_(None))
    elif where.assignee:
        query = query.where(alerts.c.assignee_id == where.assignee)
    if where.after:
        query = query.where(_after(where.sort, where.after))
    return query


def _narrowed(query: Any, where: AlertFilter) -> Any:
    if where.category:
        query = query.where(alerts.c.category == where.category)
    if where.entity_id:
        query = query.where(alerts.c.entity_id == where.entity_id)
    if where.min_score is not None:
        query = query.where(alerts.c.score >= where.min_score)
    return query


def count_alerts(connection: Connection, where: AlertFilter) -> int:
    """How many alerts the filter matches (from its cursor on, when it has one), before the
    guard decides any of them: what the desks hold, not what one reader is shown."""
    if not where.desks:
        return 0
    query = _matching(select(func.count()).select_from(alerts), where)
    return int(connection.execute(query).scalar_one())


def matching_alerts(connection: Connection, where: AlertFilter, limit: int) -> list[Any] | None:
    """Every alert the filter matches (from its cursor on, when it has one), with what the
    guard's alert loader needs (id, entity, desk, handling code), or None when more than
    ``limit`` match: for the queue's counts of what its reader is shown, and of what a
    stated purpose would show."""
    if not where.desks:
        return []
    columns = (alerts.c.id, alerts.c.entity_id, alerts.c.desk_id, alerts.c.handling_code)
    found = list(connection.execute(_matching(select(*columns), where).limit(limit + 1)))
    return None if len(found) > limit else found


def list_alerts(
    connection: Connection, where: AlertFilter
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of the queue and the cursor of the next (None on the last page)."""
    if not where.desks:
        return [], None
    keys = _page_keys(connection, where)
    more = len(keys) > where.limit
    ids = [k.id for k in keys[: where.limit]]
    if not ids:
        return [], None
    rows = rows_by_id(connection, ids)
    next_cursor = _cursor(where.sort, rows[-1]) if more and rows else None
    return rows, next_cursor


def rows_by_id(connection: Connection, ids: list[str]) -> list[dict[str, Any]]:
    """The queue's rows (alert, subject label, assignee's name) of ``ids``, in that order:
    the page's rows, and the rows the live queue updates (the same template draws both)."""
    assignee = users.alias("assignee")
    query = (
        select(
            alerts,
            entities.c.label.label("entity_label"),
            entities.c.kind.label("entity_kind"),
            assignee.c.name.label("assignee_name"),
        )
        .join(entities, entities.c.id == alerts.c.entity_id)
        .outerjoin(assignee, assignee.c.id == alerts.c.assignee_id)
        .where(alerts.c.id.in_(ids))
    )
    by_id = {row.id: dict(row._mapping) for row in connection.execute(query)}
    return [by_id[i] for i in ids if i in by_id]


def categories(connection: Connection, desks: tuple[str, ...]) -> list[str]:
    query = (
        select(alerts.c.category)
        .where(alerts.c.desk_id.in_(desks), alerts.c.category.is_not(None))
        .distinct()
        .order_by(alerts.c.category)
    )
    return [str(c) for c in connection.execute(query).scalars()]


def get_alert(connection: Connection, alert_id: str) -> dict[str, Any] | None:
    row = connection.execute(select(alerts).where(alerts.c.id == alert_id)).first()
    return dict(row._mapping) if row is not None else None


def alerts_of_entity(connection: Connection, entity_id: str) -> list[dict[str, Any]]:
    query = select(alerts).where(alerts.c.entity_id == entity_id).order_by(alerts.c.score.desc())
    return [dict(row._mapping) for row in connection.execute(query)]


def events_of(connection: Connection, alert_id: str) -> list[dict[str, Any]]:
    """The alert's history, with that of the alerts folded into it (their subjects merged
    into its subject): one person, one history."""
    folded = folded_alerts(connection, alert_id)
    query = (
        select(alert_events, users.c.name.label("user_name"))
        .outerjoin(users, users.c.id == alert_events.c.user_id)
        .where(alert_events.c.alert_id.in_([alert_id, *folded]))
        .order_by(alert_events.c.at, alert_events.c.id)
    )
    return [dict(row._mapping) for row in connection.execute(query)]


class ReviewRefusedError(InputError):
    """A review or assignment the page refuses, with the catalogue id that says why
    (``problem_<code>``): the officer reads it in the page's language, the log in English."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def next_open_alert(
    connection: Connection, desks: tuple[str, ...], after: str
) -> dict[str, Any] | None:
    """The next alert to work after deciding ``after``: the highest-scored open alert of the
    officer's desks, assigned to nobody else (the queue's own order)."""
    if not desks:
        return None
    query = (
        select(alerts.c.id, alerts.c.score)
        .where(
            alerts.c.desk_id.in_(desks),
            alerts.c.status.in_(OPEN_STATES),
            alerts.c.id != after,
        )
        .order_by(alerts.c.score.desc(), alerts.c.id.desc())
        .limit(1)
    )
    row = connection.execute(query).first()
    return None if row is None else {"id": row.id, "score": row.score}


def _open_row(connection: Connection, alert_id: str) -> Any:
    row = connection.execute(select(alerts).where(alerts.c.id == alert_id)).first()
    if row is None:
        raise NotFoundError(f"no alert {alert_id}")
    if row.status not in OPEN_STATES:
        raise ReviewRefusedError("decided", "this alert has been decided already")
    return row


def _into_review(connection: Connection, row: Any, user: User, now: datetime) -> Any:
    """A new alert that an officer takes up is in review (the triage lifecycle's first step)."""
    if row.status != "new":
        return row
    lifecycle.review(connection, row, user, "in_review", None, now)
    return connection.execute(select(alerts).where(alerts.c.id == row.id)).first()


def assign(
    connection: Connection, alert_id: str, assignee_id: str, user: User, *, now: datetime
) -> None:
    """Give an open alert to an officer of its desk (triage's lifecycle: event, checks); a new
    alert goes into review. The caller has decided `write` on the alert."""
    row = _open_row(connection, alert_id)
    lifecycle.assign(connection, row, user, assignee_id, None, now)
    _into_review(connection, row, user, now)


def review(
    connection: Connection, alert_id: str, decision: str, reason: str, user: User, *, now: datetime
) -> None:
    """Confirm or dismiss an open alert, with a reason, through triage's lifecycle (which also
    records the outcome that rule precision is measured from). Humans decide."""
    if decision not in DECISIONS:
        raise ReviewRefusedError("decision", f"decision must be one of {', '.join(DECISIONS)}")
    row = _open_row(connection, alert_id)
    reason = reason.replace("\r\n", "\n").strip()  # a textarea's CRLF counts as one
    if len(reason) < lifecycle.MIN_REASON:
        if decision == "dismissed":
            raise ReviewRefusedError("dismissal_reason", "a dismissal needs a reason")
        raise ReviewRefusedError("decision_reason", "a decision needs a reason")
    if len(reason) > MAX_REASON_CHARS:
        raise ReviewRefusedError(
            "reason_long", f"a reason has at most {MAX_REASON_CHARS} characters"
        )
    row = _into_review(connection, row, user, now)
    lifecycle.review(connection, row, user, decision, reason, now)


def desk_status_counts(connection: Connection) -> list[tuple[str, str, int]]:
    query = select(alerts.c.desk_id, alerts.c.status, func.count()).group_by(
        alerts.c.desk_id, alerts.c.status
    )
    return [(str(d), str(s), int(n)) for d, s, n in connection.execute(query)]


def decided_between(
    connection: Connection, since: datetime, until: datetime
) -> list[tuple[str, str, int]]:
    """Decided alerts per desk and outcome, last changed in [since, until]."""
    query = (
        select(alerts.c.desk_id, alerts.c.status, func.count())
        .where(alerts.c.status.in_(DECISIONS))
        .where(alerts.c.updated_at >= since, alerts.c.updated_at <= until)
        .group_by(alerts.c.desk_id, alerts.c.status)
    )
    return [(str(d), str(s), int(n)) for d, s, n in connection.execute(query)]


def desk_members(connection: Connection, desk: str) -> list[tuple[str, str]]:
    query = (
        select(users.c.id, users.c.name)
        .where(users.c.desk_id == desk, users.c.active.is_(True))
        .order_by(users.c.name)
    )
    return [(str(i), str(n)) for i, n in connection.execute(query)]
