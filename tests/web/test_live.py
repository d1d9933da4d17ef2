"""The desk's queue, live: an urgent alert the worker opens reaches the officer's open pages
at once, as the queue row and a banner that says why, decided by the guard for that officer
and logged; an officer of another desk is told nothing. The alert's page explains it too."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard.identity import create_user
from kizashi.pipeline import Worker
from kizashi.store import alerts
from kizashi.store.tables import audit_entries
from tests.pipeline.helpers import NOW, history, sse_events, threat
from tests.web.conftest import sign_in
from tests.web.seeding import FAST, PASSWORD


@pytest.fixture
def live(sqlite_engine: Engine, sqlite_settings: Settings) -> Iterator[tuple[Any, Worker]]:
    engine, settings = sqlite_engine, sqlite_settings
    history(engine, settings)
    worker = Worker(engine, settings, clock=FixedClock(NOW), hooks=(), name="test")
    worker.drain()
    with engine.begin() as connection:
        for name, role, desk in (
            ("watch", "command_centre", "lone-offender"),
            ("eco", "analyst", "economic-security"),
        ):
            create_user(connection, name, role=role, desk=desk, password=PASSWORD, parameters=FAST)
    app = create_app(settings, engine=engine, clock=FixedClock(NOW))
    yield app, worker


def test_an_urgent_alert_reaches_the_desk_live_with_its_why(
    live: tuple[Any, Worker], sqlite_engine: Engine, sqlite_settings: Settings
) -> None:
    app, worker = live
    clients = {name: TestClient(app, base_url="http://127.0.0.1") for name in ("watch", "eco")}
    for name, client in clients.items():
        sign_in(client, name)
    page = clients["watch"].get("/ui/alerts")
    assert 'data-stream="/ui/alerts/stream?desk=&amp;category="' in page.text
    assert "data-live-queue" in page.text
    received: dict[str, str] = {}

    def follow(name: str) -> None:
        with clients[name].stream("GET", "/ui/alerts/stream?timeout=8") as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            received[name] = "".join(response.iter_text())

    threads = [threading.Thread(target=follow, args=(n,)) for n in clients]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # both subscribed
    threat(sqlite_engine, sqlite_settings)
    worker.drain()
    for thread in threads:
        thread.join(30)
    with sqlite_engine.connect() as connection:
        alert_id = connection.execute(select(alerts.c.id)).scalar_one()
        decided = set(
            connection.execute(
                select(audit_entries.c.actor, audit_entries.c.action).where(
                    audit_entries.c.resource_id == alert_id
                )
            )
        )
    [(kind, data)] = sse_events(received["watch"])
    assert kind == "urgent" and data["alert"]["id"] == alert_id
    assert f'data-alert-id="{alert_id}"' in data["row"] and "緊急" in data["row"]
    banner = data["banner"]
    assert 'data-testid="urgent-banner"' in banner
    why = "日時・場所・保護対象者・公の催しを名指しした危害の予告"  # the rule's why, in Japanese
    assert why in banner
    assert "「56すから覚悟しとけ」" in banner  # what satisfied the intent condition, whole
    assert "しきい値" in banner  # it bypassed the threshold, and says so
    assert sse_events(received["eco"]) == []
    assert any(action == "list" for _, action in decided)  # decided for the subscriber, logged

    alert_page = clients["watch"].get(f"/ui/alerts/{alert_id}")
    assert (
        'data-testid="urgent-box"' in alert_page.text
        and "「56すから覚悟しとけ」" in alert_page.text
    )
    # Every part that made it urgent is named, not only the first: the week, the place, the event.
    for part in ("「来週」", "「日曜」", "「駅前」", "「演説会」"):
        assert part in alert_page.text


def test_the_stream_needs_a_signed_in_officer(live: tuple[Any, Worker]) -> None:
    app, _ = live
    client = TestClient(app, base_url="http://127.0.0.1")
    response = client.get("/ui/alerts/stream?timeout=1", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/ui/login")
