"""GET /api/v1/alerts/stream: an urgent alert the worker opens reaches the desk's subscriber
at once, as a server-sent event decided by the guard for that subscriber and logged; a user
of another desk is told nothing."""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard.identity import create_user, issue_token
from kizashi.pipeline import Worker
from kizashi.store import alerts
from kizashi.store.tables import audit_entries
from tests.conftest import frozen_now
from tests.pipeline.helpers import NOW, history, sse_events, threat


def test_the_desk_follows_its_alerts_live_and_only_its_own(
    sqlite_engine: Engine, sqlite_settings: Settings
) -> None:
    engine, settings = sqlite_engine, sqlite_settings
    history(engine, settings)
    worker = Worker(engine, settings, clock=FixedClock(NOW), hooks=(), name="test")
    worker.drain()
    with engine.begin() as connection:
        create_user(connection, "cc", role="command_centre", desk="lone-offender")
        create_user(connection, "eco", role="analyst", desk="economic-security")
        tokens = {name: issue_token(connection, name, now=frozen_now()) for name in ("cc", "eco")}
    client = TestClient(create_app(settings, engine=engine))
    received: dict[str, str] = {}

    def follow(name: str) -> None:
        with client.stream(
            "GET",
            "/api/v1/alerts/stream?timeout=12",
            headers={"Authorization": f"Bearer {tokens[name]}"},
        ) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            received[name] = "".join(response.iter_text())

    threads = [threading.Thread(target=follow, args=(n,)) for n in ("cc", "eco")]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # both subscribed
    threat(engine, settings)
    worker.drain()
    for thread in threads:
        thread.join(30)
    with engine.connect() as connection:
        alert_id = connection.execute(select(alerts.c.id)).scalar_one()
        logged = list(
            connection.execute(
                select(audit_entries.c.actor, audit_entries.c.action).where(
                    audit_entries.c.resource_id == alert_id
                )
            )
        )
    [(kind, data)] = sse_events(received["cc"])
    assert kind == "urgent" and data["action"] == "opened"
    assert data["alert"]["id"] == alert_id
    assert data["alert"]["urgent"] == "urgent-threat-named-target"
    assert sse_events(received["eco"]) == []
    assert any(action == "list" for _, action in logged)  # the guard decided, and logged it


def test_a_subscriber_that_comes_back_gets_what_changed_while_away(
    sqlite_engine: Engine, sqlite_settings: Settings
) -> None:
    from kizashi.guard import Guard, open_audit_log
    from kizashi.store.tables_triage import alert_events
    from kizashi.triage import AlertFeed, AlertFilter
    from kizashi.triage.lifecycle import assign, review

    engine, settings = sqlite_engine, sqlite_settings
    history(engine, settings)
    threat(engine, settings)
    Worker(engine, settings, clock=FixedClock(NOW), hooks=(), name="test").drain()
    with engine.begin() as connection:
        cc = create_user(connection, "cc", role="command_centre", desk="lone-offender")
        row = connection.execute(select(alerts)).one()
        assign(connection, row, cc, "cc", None, NOW)
        review(connection, row, cc, "in_review", None, NOW)
        events = list(connection.execute(select(alert_events.c.id).order_by(alert_events.c.id)))
    [opened, *later] = [e.id for e in events]
    assert len(later) == 2
    guard = Guard(engine, open_audit_log(settings, engine), clock=lambda: NOW)
    where = AlertFilter(desks=("lone-offender",))

    resumed = AlertFeed(engine, where, after=opened).poll(guard, cc, "")
    assert [e["event_id"] for e in resumed] == later  # after the last one received, in order
    assert AlertFeed(engine, where).poll(guard, cc, "") == []  # a new subscriber: from now on
    assert AlertFeed(engine, where, after="not-an-event").poll(guard, cc, "") == []
    elsewhere = AlertFilter(desks=("economic-security",))
    assert AlertFeed(engine, elsewhere, after=opened).poll(guard, cc, "") == []
