"""Outreach over HTTP: a desk's dashboard through the API is the page's read model, decided
by the guard (BRIEF-1 / BRIEF-2) and logged before anything is served."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard import AuditWriteError
from kizashi.guard.identity import issue_token
from kizashi.store import transaction
from kizashi.store.tables import audit_entries
from tests.outreach.world import NOW, World

ASCII_PURPOSE = "outreach case 2026-017: the desk dashboard"  # a header is ASCII


@pytest.fixture
def client(engine: Engine, settings: Settings, world: World) -> Iterator[TestClient]:
    app = create_app(settings, engine=engine, clock=FixedClock(NOW))
    with TestClient(app, base_url="http://127.0.0.1") as made:
        yield made


def _headers(engine: Engine, name: str) -> dict[str, str]:
    with transaction(engine) as connection:
        token = issue_token(connection, name, now=NOW)
    return {"Authorization": f"Bearer {token}", "X-Kizashi-Purpose": ASCII_PURPOSE}


def _briefing_decisions(engine: Engine) -> list[tuple[str, str, str, str]]:
    """(actor, desk, effect, rule) of every decision on a desk's statistics, in log order."""
    query = (
        select(
            audit_entries.c.actor,
            audit_entries.c.resource_id,
            audit_entries.c.effect,
            audit_entries.c.leaf,
        )
        .where(audit_entries.c.resource_type == "briefing")
        .order_by(audit_entries.c.seq)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [(r.actor, r.resource_id, r.effect, _rule(json.loads(r.leaf))) for r in rows]


def _rule(leaf: dict[str, Any]) -> str:
    return str(leaf["context"]["rule"])


def test_a_country_desk_reads_its_dashboard_as_its_page_counts_it(
    client: TestClient, engine: Engine, world: World
) -> None:
    answer = client.get("/api/v1/outreach/desks/fa-russia", headers=_headers(engine, "ru-analyst"))
    assert answer.status_code == 200
    view = answer.json()
    assert view["desk_id"] == "fa-russia" and view["approaches"] == 2
    assert view["months"] == ["2026-10", "2026-11"]
    assert view["by_stage"]["payment"] == [1, 0] and view["by_stage"]["grievances"] == [0, 1]
    assert view["by_sector"] == {"materials": [0, 1], "semiconductor": [1, 0]}
    assert [a["entity_id"] for a in view["approachers"]] == [world.approacher]
    assert "東都セミコンダクター" not in answer.text  # counts, never the companies' names
    assert _briefing_decisions(engine)[-1][1:] == ("fa-russia", "allow", "BRIEF-1")


def test_another_desks_dashboard_is_refused_with_403_and_the_refusal_is_logged(
    client: TestClient, engine: Engine, world: World
) -> None:
    refused = client.get("/api/v1/outreach/desks/fa-russia", headers=_headers(engine, "cn-analyst"))
    assert refused.status_code == 403 and "BRIEF-2" in refused.text
    assert "approachers" not in refused.text
    missing = client.get("/api/v1/outreach/desks/no-such-desk", headers=_headers(engine, "es-lead"))
    assert missing.status_code == 404
    decisions = _briefing_decisions(engine)
    assert decisions[-2][1:] == ("fa-russia", "deny", "BRIEF-2")
    assert decisions[-1][1:] == ("no-such-desk", "deny", "MISSING-1")
    partner = client.get(
        "/api/v1/outreach/desks/economic-security", headers=_headers(engine, "partner-tsc")
    )
    assert partner.status_code == 403


def test_the_dashboard_is_not_served_when_the_audit_log_cannot_be_written(
    client: TestClient, engine: Engine, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = _headers(engine, "ru-analyst")

    def broken(_entry: object) -> object:
        raise AuditWriteError("disk full")

    audit = client.app.state.audit  # type: ignore[attr-defined]
    monkeypatch.setattr(audit, "append", broken)
    monkeypatch.setattr(audit, "append_many", broken)
    answer = client.get("/api/v1/outreach/desks/fa-russia", headers=headers)
    assert answer.status_code == 503 and "by_stage" not in answer.text


def test_the_route_is_described_in_openapi(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert set(paths["/api/v1/outreach/desks/{desk_id}"]) == {"get"}


def test_a_follow_up_due_before_the_visit_is_refused_naming_the_field(
    client: TestClient, engine: Engine, world: World
) -> None:
    """qa16: a follow-up due a month before the visit was stored (overdue from birth)."""
    url = f"/api/v1/companies/{world.companies['tsc']}/activities"
    visit = {
        "kind": "visit",
        "held_at": "2026-11-19T10:00:00+09:00",
        "officers": ["es-analyst"],
        "topics": "接近の手口の説明",
        "follow_up": "再訪",
    }
    headers = _headers(engine, "es-analyst")
    early = client.post(
        url, headers=headers, json={**visit, "follow_up_due": "2026-10-19T10:00:00+09:00"}
    )
    assert early.status_code == 422, early.text
    [problem] = early.json()["problems"]
    assert (
        problem["field"] == "follow_up_due" and "before the activity was held" in problem["reason"]
    )
    # the same day (what the page's date field sends: midnight) is a follow-up, not an error
    same_day = client.post(
        url, headers=headers, json={**visit, "follow_up_due": "2026-11-19T00:00:00+09:00"}
    )
    assert same_day.status_code == 201, same_day.text
