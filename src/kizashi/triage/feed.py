"""The alert feed: what changed on the alerts a user may see, for server-sent events.

``GET /api/v1/alerts/stream`` and the desk queue's live updates in the UI read this, the
triage room's one read model of alerts: the same filters as :func:`~kizashi.triage.access.
list_alerts` (the user's own desk by default), the same list columns, and every change is
decided by the guard for this subscriber and logged before it is sent — a user is never
told of an alert they may not list.

Changes are the rows of ``alert_events`` (opened, rescored, assigned, reviewed). Their ids
are time-ordered (UUIDv7) but a writer may commit a little after a later id was committed
elsewhere, so each poll reads back a window of the last ``WINDOW_MS`` and remembers what it
already sent: nothing is missed and nothing is sent twice. :func:`follow_feed` turns a
feed into server-sent events (the API's stream and the UI's). A subscriber that comes back
(a browser's ``EventSource`` reconnects with ``Last-Event-ID``) resumes after the last event
it received, if that is at most ``RESUME_MS`` older than the newest: what changed while it
was away is sent then, not lost.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol

import orjson
from sqlalchemy import Engine, select
from starlette.concurrency import run_in_threadpool

from kizashi.guard import AuditWriteError, Guard, User
from kizashi.ids import id_timestamp_ms
from kizashi.store.tables_resolve import entities
from kizashi.store.tables_triage import alert_events, alerts
from kizashi.triage.access import LIST_COLUMNS, AlertFilter, _filtered, _out
from kizashi.triage.resources import alert_resources

WINDOW_MS = 30_000
MAX_EVENTS = 500
RESUME_MS = 10 * 60_000


def _floor_id(ms: int) -> str:
    """The smallest UUIDv7 string of millisecond ``ms`` (every id of that ms sorts after)."""
    h = f"{max(ms, 0):012x}"
    return f"{h[:8]}-{h[8:12]}-0000-0000-000000000000"


def _resume_ms(after: str | None, newest_ms: int) -> int | None:
    """The millisecond of event id ``after`` if a subscriber may resume from it."""
    if not after:
        return None
    try:
        ms = id_timestamp_ms(after)
    except ValueError:
        return None  # not an event id: a fresh subscription
    return ms if 0 <= newest_ms - ms <= RESUME_MS else None


class AlertFeed:
    """One subscriber's position in the stream of alert changes."""

    def __init__(
        self, engine: Engine, where: AlertFilter | None = None, *, after: str | None = None
    ) -> None:
        self.engine = engine
        self.where = where or AlertFilter()
        self.seen: dict[str, int] = {}  # event id -> its millisecond
        with engine.connect() as connection:
            newest = connection.execute(
                select(alert_events.c.id).order_by(alert_events.c.id.desc()).limit(1)
            ).scalar()
        self.newest_ms = id_timestamp_ms(str(newest)) if newest else 0
        resume = _resume_ms(after, self.newest_ms)
        if after is not None and resume is not None:
            # Coming back: everything after the last event received is still to be sent.
            self.newest_ms = resume
            for event_id in self._window():
                if event_id <= after:
                    self.seen[event_id] = id_timestamp_ms(event_id)
            return
        # What happened before the subscription is the queue's business (GET /alerts), not
        # the stream's: remember the last window as sent.
        for event_id in self._window():
            self.seen[event_id] = id_timestamp_ms(event_id)

    def _window(self) -> list[str]:
        with self.engine.connect() as connection:
            return list(
                connection.execute(
                    select(alert_events.c.id)
                    .where(alert_events.c.id >= _floor_id(self.newest_ms - WINDOW_MS))
                    .order_by(alert_events.c.id)
                    .limit(MAX_EVENTS)
                ).scalars()
            )

    def poll(self, guard: Guard, user: User, purpose: str) -> list[dict[str, Any]]:
        """The changes since the last poll that the guard lets ``user`` see (decisions
        logged before anything is returned)."""
        with self.engine.connect() as connection:
            events = list(
                connection.execute(
                    select(alert_events)
                    .where(alert_events.c.id >= _floor_id(self.newest_ms - WINDOW_MS))
                    .order_by(alert_events.c.id)
                    .limit(MAX_EVENTS)
                )
            )
            fresh = [e for e in events if e.id not in self.seen]
            for event in fresh:
                ms = id_timestamp_ms(event.id)
                self.seen[event.id] = ms
                self.newest_ms = max(self.newest_ms, ms)
            horizon = self.newest_ms - 2 * WINDOW_MS
            self.seen = {k: v for k, v in self.seen.items() if v >= horizon}
            if not fresh:
                return []
            ids = sorted({e.alert_id for e in fresh})
            query = (
                select(*LIST_COLUMNS)
                .join(entities, entities.c.id == alerts.c.entity_id)
                .where(alerts.c.id.in_(ids))
            )
            rows = {row.id: row for row in connection.execute(_filtered(query, user, self.where))}
            ordered = [rows[i] for i in ids if i in rows]
            resources = alert_resources(connection, ordered)
        if not ordered:
            return []
        decisions = guard.decide_many(user, "list", resources, purpose)  # logged first
        allowed = {row.id: row for row, d in zip(ordered, decisions, strict=True) if d.allowed}
        return [
            {
                "event_id": event.id,
                "action": event.action,
                "at": event.at.isoformat(),
                "alert": _out(allowed[event.alert_id]),
            }
            for event in fresh
            if event.alert_id in allowed
        ]


STREAM_POLL_SECONDS = 0.5
STREAM_HEARTBEAT_SECONDS = 15.0


def sse(event: str, data: Any, event_id: str | None = None) -> str:
    """One server-sent event (``data`` as one line of JSON)."""
    head = f"id: {event_id}\n" if event_id else ""
    return f"{head}event: {event}\ndata: {orjson.dumps(data).decode()}\n\n"


class Subscriber(Protocol):
    """What the stream needs of the HTTP request: whether its client has gone."""

    async def is_disconnected(self) -> bool: ...


async def follow_feed(
    request: Subscriber,
    poll: Callable[[], list[dict[str, Any]]],
    *,
    timeout: float | None = None,
) -> AsyncIterator[str]:
    """Server-sent events from a feed: each change as ``alert`` (``urgent`` for an urgent
    alert opened), a comment as heartbeat, until the client leaves or ``timeout``."""
    started = time.monotonic()
    beat = started
    yield "retry: 2000\n: following alerts\n\n"
    while not await request.is_disconnected():
        try:
            items = await run_in_threadpool(poll)  # the server's pool, not asyncio's few
        except AuditWriteError:
            yield sse("error", {"detail": "the audit log cannot be written; stream closed"})
            return
        for item in items:
            urgent = item["alert"].get("urgent") and item["action"] == "opened"
            yield sse("urgent" if urgent else "alert", item, item["event_id"])
        now = time.monotonic()
        if timeout is not None and now - started >= timeout:
            return
        if now - beat >= STREAM_HEARTBEAT_SECONDS:
            beat = now
            yield ": heartbeat\n\n"
        await asyncio.sleep(STREAM_POLL_SECONDS)
