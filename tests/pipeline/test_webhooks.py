"""A desk's webhook (a duty-phone gateway) gets the urgent alert's id and summary, never
personal data; a failing gateway is retried with back-off and every attempt is recorded.
The gateway is a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from kizashi.clock import ManualClock
from kizashi.config import Settings
from kizashi.errors import SchemaError
from kizashi.pipeline import Worker, load_hooks
from kizashi.store import alerts, webhook_deliveries
from tests.pipeline.helpers import NOW, THREAT, history, threat


class Gateway(ThreadingHTTPServer):
    def __init__(self, failures: int) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.failures = failures
        self.received: list[dict[str, Any]] = []
        self.raw: list[bytes] = []


class Handler(BaseHTTPRequestHandler):
    server: Gateway

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        self.server.raw.append(body)
        if self.server.failures > 0:
            self.server.failures -= 1
            self.send_response(503)
        else:
            self.server.received.append(json.loads(body))
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    server = Gateway(failures=2)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_an_urgent_alert_pages_the_desk_without_personal_data(
    engine: Engine, settings: Settings, gateway: Gateway, tmp_path: Path
) -> None:
    hooks_file = tmp_path / "webhooks.yaml"
    hooks_file.write_text(
        "version: 1\nhooks:\n"
        "  - id: duty-phone\n    desk: lone-offender\n"
        f"    url: http://127.0.0.1:{gateway.server_port}/page\n    events: [urgent]\n",
        "utf-8",
    )
    config = settings.model_copy(update={"webhooks_file": hooks_file})
    history(engine, config)
    clock = ManualClock(NOW)
    worker = Worker(engine, config, clock=clock, name="test")
    worker.drain()
    threat(engine, config, handle="angry56")
    worker.drain()  # opens the alert and queues the call; the first attempt fails
    for _ in range(3):
        clock.advance(timedelta(minutes=5))  # past the back-off
        worker.deliver()
    with engine.connect() as connection:
        [alert] = connection.execute(select(alerts)).all()
        [delivery] = connection.execute(select(webhook_deliveries)).all()
    assert delivery.state == "delivered" and delivery.attempts == 3
    assert delivery.last_status == 204 and delivery.hook_id == "duty-phone"
    [sent] = gateway.received
    assert sent["alert_id"] == alert.id and sent["urgent_rule"] == "urgent-threat-named-target"
    assert sent["desk"] == "lone-offender" and "threat" in sent["summary"]
    for body in gateway.raw:  # never a handle, a name or the text
        text = body.decode("utf-8")
        assert "angry56" not in text and THREAT not in text and "56す" not in text
    worker.drain()  # nothing new: nothing sent again
    worker.deliver()
    assert len(gateway.received) == 1


def test_a_hook_file_with_a_mistake_is_refused_with_where(tmp_path: Path) -> None:
    bad = tmp_path / "webhooks.yaml"
    bad.write_text("version: 1\nhooks:\n  - id: x\n    desk: d\n    url: ftp://x\n", "utf-8")
    with pytest.raises(SchemaError, match=r"hooks\[0\] \(x\): url must be http"):
        load_hooks(bad)
    assert load_hooks() == ()  # none ship enabled
