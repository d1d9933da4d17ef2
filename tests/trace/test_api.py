"""The trace endpoints: register, issue, fetch one's own copy, trace (inspection only)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import timedelta

import cv2
import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard.identity import (
    add_member,
    create_compartment,
    create_user,
    issue_token,
    sync_desks,
)
from kizashi.store import transaction
from kizashi.store.tables_trace import trace_findings
from tests.conftest import frozen_now

PURPOSE = {"X-Kizashi-Purpose": "planning the Oyama search (case 123)"}


@pytest.fixture
def api(
    engine: Engine, settings: Settings, clock: FixedClock
) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    now = clock()
    headers: dict[str, dict[str, str]] = {}
    with transaction(engine) as connection:
        sync_desks(connection)
        create_compartment(
            connection,
            "op-x",
            desk="tokuryu",
            valid_from=now - timedelta(days=1),
            valid_until=now + timedelta(days=9),
        )
        for name, role, desk in (
            ("lead", "desk_lead", "tokuryu"),
            ("ann", "analyst", "tokuryu"),
            ("ben", "analyst", "tokuryu"),
            ("insp", "analyst", "inspection"),
        ):
            create_user(connection, name, role=role, desk=desk)
            token = issue_token(connection, name, now=frozen_now())
            headers[name] = {"Authorization": f"Bearer {token}", **PURPOSE}
        for name in ("lead", "ann", "ben"):
            add_member(connection, "op-x", name)
    with TestClient(create_app(settings, engine=engine, clock=clock)) as client:
        yield client, headers


def test_issue_fetch_and_trace_over_http(
    api: tuple[TestClient, dict[str, dict[str, str]]], photo: np.ndarray
) -> None:
    client, headers = api
    png = cv2.imencode(".png", photo)[1].tobytes()
    created = client.post(
        "/api/v1/trace/compartments/op-x/products",
        headers=headers["lead"],
        files={"file": ("still.png", png, "image/png")},
        data={"handling_code": "TLP:RED"},
    )
    assert created.status_code == 201, created.text
    product = created.json()["id"]
    issued = client.post(
        f"/api/v1/trace/products/{product}/issue",
        headers=headers["lead"],
        json={"recipients": ["ann", "ben"]},
    )
    assert issued.status_code == 201, issued.text
    copies = {c["recipient"]: c for c in issued.json()}
    own = client.get(copies["ann"]["url"], headers=headers["ann"])
    assert own.status_code == 200
    assert hashlib.sha256(own.content).hexdigest() == copies["ann"]["sha256"]
    assert client.get(copies["ann"]["url"], headers=headers["ben"]).status_code == 404
    leak = {"file": ("leak.png", own.content, "image/png")}
    assert client.post("/api/v1/trace/find", headers=headers["ben"], files=leak).status_code == 403
    found = client.post("/api/v1/trace/find", headers=headers["insp"], files=leak)
    assert found.status_code == 200, found.text
    assert found.json()["named"] == ["ann"]
    assert client.get("/api/v1/trace/leaks", headers=headers["insp"]).json() == []


def test_unknown_recipients_and_products_are_clear_errors(
    api: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    client, headers = api
    missing = "01234567-89ab-7def-8123-456789abcdef"
    answer = client.post(
        f"/api/v1/trace/products/{missing}/issue",
        headers=headers["lead"],
        json={"recipients": ["ann"]},
    )
    assert answer.status_code == 404
    created = client.post(
        "/api/v1/trace/compartments/op-x/products",
        headers=headers["lead"],
        files={"file": ("p.md", b"a {{b|c}} d", "text/markdown")},
    )
    assert created.status_code == 201, created.text
    answer = client.post(
        f"/api/v1/trace/products/{created.json()['id']}/issue",
        headers=headers["lead"],
        json={"recipients": ["nobody"]},
    )
    assert answer.status_code == 422
    assert "unknown recipient 'nobody'" in answer.json()["detail"]


def test_an_empty_leak_is_refused_naming_the_file_and_nothing_is_stored(
    api: tuple[TestClient, dict[str, dict[str, str]]], engine: Engine
) -> None:
    """Before: an empty (or blank) file was traced, 200, and a finding stored; a byte-order
    mark, zero-width or control characters alone are as blank (qa18's review)."""
    client, headers = api
    blank = (" \n\u3000\n", "\ufeff", "\ufeff \r\n", "\u200b\u200c\u200d\u2060", "\x00\x00\x07")
    for content in (b"", *(text.encode() for text in blank)):
        refused = client.post(
            "/api/v1/trace/find",
            headers=headers["insp"],
            files={"file": ("forwarded.txt", content, "text/plain")},
        )
        assert refused.status_code == 422, refused.text
        assert "forwarded.txt" in refused.text and "empty" in refused.text
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(trace_findings)).scalar() == 0
