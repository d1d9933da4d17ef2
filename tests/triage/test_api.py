"""The alert and entity endpoints through the guard: desk visibility, lifecycle, audit first."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard import AuditWriteError
from kizashi.guard.identity import (
    add_item,
    add_member,
    create_compartment,
    create_user,
    issue_token,
    subject_key,
    sync_desks,
)
from kizashi.store.tables import audit_entries
from kizashi.store.tables_triage import alert_outcomes, alerts
from kizashi.triage import run_triage
from tests.conftest import frozen_now
from tests.triage.seed import NOW, Seeded, seed


@dataclass
class World:
    seeded: Seeded
    alert_id: str
    lead: str  # lone-offender command centre
    colleague: str  # lone-offender analyst
    other_desk: str  # economic-security analyst
    partner: str
    auditor: str


def auth(token: str, purpose: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if purpose:
        headers["X-Kizashi-Purpose"] = purpose
    return headers


@pytest.fixture
def world(engine: Engine, settings: Settings) -> World:
    seeded = seed(engine, settings)
    with engine.begin() as connection:
        sync_desks(connection)
        create_user(connection, "cc", role="command_centre", desk="lone-offender")
        create_user(connection, "ana", role="analyst", desk="lone-offender")
        create_user(connection, "eco", role="analyst", desk="economic-security")
        create_user(
            connection, "agent", role="partner_submitter", organisation="partner:otsuka-housing"
        )
        create_user(connection, "aud", role="auditor")
        tokens = {
            name: issue_token(connection, name, now=frozen_now())
            for name in ("cc", "ana", "eco", "agent", "aud")
        }
    run_triage(engine, now=NOW)
    with engine.connect() as connection:
        alert_id = connection.execute(select(alerts.c.id)).scalar_one()
    return World(
        seeded, alert_id, tokens["cc"], tokens["ana"], tokens["eco"], tokens["agent"], tokens["aud"]
    )


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    # The app's clock is the seed's fixed NOW: compartments and decay are judged at that time.
    with TestClient(create_app(settings, engine=engine, clock=FixedClock(NOW))) as test_client:
        yield test_client


def test_the_desk_sees_its_alert_others_get_404(client: TestClient, world: World) -> None:
    page = client.get("/api/v1/alerts", headers=auth(world.lead)).json()
    assert [a["id"] for a in page["items"]] == [world.alert_id]
    assert page["items"][0]["entity_label"] == "山田 太郎"
    detail = client.get(f"/api/v1/alerts/{world.alert_id}", headers=auth(world.colleague))
    assert detail.status_code == 200
    body = detail.json()
    assert body["explanation"]["routing"]["rule"] == "route-protected-person"
    assert {c["kind"] for c in body["explanation"]["contributions"]} == {
        "purchase_rule",
        "partner_report",
        "patrol_note",
        "text_signal",
    }
    assert [e["action"] for e in body["events"]] == ["opened"]
    assert body["subject_merged_into"] is None  # its subject is a live entity
    for token in (world.other_desk, world.partner, world.auditor):
        hidden = client.get(f"/api/v1/alerts/{world.alert_id}", headers=auth(token))
        assert hidden.status_code == 404
        missing = client.get(
            "/api/v1/alerts/01a20596-0000-7000-8000-000000000000", headers=auth(token)
        )
        assert missing.json()["detail"] == hidden.json()["detail"]
    mine = client.get("/api/v1/alerts", headers=auth(world.other_desk)).json()
    assert mine["items"] == []
    peek = client.get("/api/v1/alerts?desk=lone-offender", headers=auth(world.other_desk)).json()
    assert peek["items"] == []


def test_review_lifecycle_with_reasons_and_outcomes(
    client: TestClient, world: World, engine: Engine
) -> None:
    url = f"/api/v1/alerts/{world.alert_id}"
    early = client.post(
        f"{url}/review", json={"status": "confirmed", "reason": "obvious"}, headers=auth(world.lead)
    )
    assert early.status_code == 409
    assert (
        client.post(f"{url}/assign", json={"assignee": "eco"}, headers=auth(world.lead)).status_code
        == 422
    )
    assigned = client.post(
        f"{url}/assign", json={"assignee": "ana", "reason": "yours"}, headers=auth(world.lead)
    )
    assert assigned.status_code == 200
    assert (
        client.post(
            f"{url}/review", json={"status": "in_review"}, headers=auth(world.colleague)
        ).status_code
        == 200
    )
    no_reason = client.post(
        f"{url}/review", json={"status": "dismissed"}, headers=auth(world.colleague)
    )
    assert no_reason.status_code == 409
    refused = client.post(
        f"{url}/review", json={"status": "confirmed", "reason": "x"}, headers=auth(world.other_desk)
    )
    assert refused.status_code == 404
    done = client.post(
        f"{url}/review",
        json={"status": "confirmed", "reason": "purchases and garage confirmed by the desk"},
        headers=auth(world.colleague),
    ).json()
    assert done["status"] == "confirmed" and done["closed_reason"].startswith("purchases")
    assert [e["action"] for e in done["events"]] == ["opened", "assigned", "in_review", "confirmed"]
    assert all(e["user_id"] for e in done["events"][1:])
    with engine.connect() as connection:
        outcome = connection.execute(select(alert_outcomes)).one()
    assert outcome.outcome == "confirmed" and "combo-black-powder" in outcome.rules
    # Re-running triage neither reopens nor duplicates a reviewed alert.
    run_triage(engine, now=NOW + timedelta(hours=1))
    assert (
        len(client.get("/api/v1/alerts?status=confirmed", headers=auth(world.lead)).json()["items"])
        == 1
    )
    assert client.get("/api/v1/alerts?status=open", headers=auth(world.lead)).json()["items"] == []


def test_entity_timeline_joins_every_source(client: TestClient, world: World) -> None:
    page = client.get(f"/api/v1/entities/{world.seeded.offender}", headers=auth(world.lead)).json()
    assert page["channels"] == ["partner_report", "patrol_note", "purchase", "sns_post"]
    times = [t["at"] for t in page["timeline"]]
    assert times == sorted(times)
    assert page["risk"] > 40
    assert {c["kind"] for c in page["contributions"]} == {
        "purchase_rule",
        "partner_report",
        "patrol_note",
        "text_signal",
    }
    assert all(c["explanation"]["formula"] for c in page["contributions"])
    purchases = [t for t in page["timeline"] if t["channel"] == "purchase"]
    assert len(purchases) == 4 and all(t["contributions"] for t in purchases)
    assert (
        client.get(
            f"/api/v1/entities/{world.seeded.offender}", headers=auth(world.partner)
        ).status_code
        == 404
    )


def test_a_compartment_holding_the_person_seals_entity_and_alert(
    client: TestClient, world: World, engine: Engine
) -> None:
    start = NOW - timedelta(days=1)
    with engine.begin() as connection:
        create_compartment(
            connection,
            "op-kiri",
            desk="economic-security",
            valid_from=start,
            valid_until=start + timedelta(days=30),
        )
        add_member(connection, "op-kiri", "eco")
        add_item(connection, "op-kiri", "subject", subject_key("person", "山田太郎"))
    denied = client.get(f"/api/v1/entities/{world.seeded.offender}", headers=auth(world.lead))
    assert denied.status_code == 403 and "held by another desk" in denied.json()["detail"]
    assert (
        client.get(f"/api/v1/alerts/{world.alert_id}", headers=auth(world.lead)).status_code == 404
    )
    member = client.get(
        f"/api/v1/entities/{world.seeded.offender}",
        headers=auth(world.other_desk, "operation kiri: review"),
    )
    assert member.status_code == 200


def test_decisions_are_logged_and_reads_fail_closed(
    client: TestClient, world: World, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.get(f"/api/v1/alerts/{world.alert_id}", headers=auth(world.lead))
    client.get(f"/api/v1/alerts/{world.alert_id}", headers=auth(world.other_desk))
    with engine.connect() as connection:
        logged = [
            tuple(r)
            for r in connection.execute(
                select(
                    audit_entries.c.action, audit_entries.c.resource_type, audit_entries.c.effect
                )
            )
        ]
    assert logged[-2:] == [("read", "alert", "allow"), ("read", "alert", "deny")]

    def broken(_entry: object) -> object:
        raise AuditWriteError("disk full")

    audit = client.app.state.audit  # type: ignore[attr-defined]
    monkeypatch.setattr(audit, "append_many", broken)
    response = client.get(f"/api/v1/alerts/{world.alert_id}", headers=auth(world.lead))
    assert response.status_code == 503 and "山田" not in response.text
    assert client.get("/api/v1/alerts", headers=auth(world.lead)).status_code == 503


def test_bad_cursor_and_sort(client: TestClient, world: World) -> None:
    assert client.get("/api/v1/alerts?after=nonsense", headers=auth(world.lead)).status_code == 422
    unknown = client.get(f"/api/v1/alerts?after={world.seeded.offender}", headers=auth(world.lead))
    assert unknown.json() == {"items": [], "next_after": None}
    assert client.get("/api/v1/alerts?sort=name", headers=auth(world.lead)).status_code == 422


def test_a_report_in_a_compartment_leaves_the_timeline_with_its_contribution(
    client: TestClient, world: World, engine: Engine
) -> None:
    start = NOW - timedelta(days=1)
    with engine.begin() as connection:
        create_compartment(
            connection,
            "op-garage",
            desk="economic-security",
            valid_from=start,
            valid_until=start + timedelta(days=30),
        )
        add_item(connection, "op-garage", "report", world.seeded.reports["garage"])
    page = client.get(f"/api/v1/entities/{world.seeded.offender}", headers=auth(world.lead)).json()
    assert "partner_report" not in page["channels"]
    assert world.seeded.reports["garage"] not in {t["report_id"] for t in page["timeline"]}
    assert "partner_report" not in {c["kind"] for c in page["contributions"]}
