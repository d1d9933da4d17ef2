"""After expiry through the API, no surface serves the expired report: its detail, the report
list, the entity timeline and the alert's explanation. Oversight's routes are guarded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard.identity import create_user, issue_token, sync_desks
from kizashi.oversight.retention import add_months
from kizashi.store.tables import reports
from kizashi.store.tables_triage import alerts
from kizashi.triage import run_triage
from tests.conftest import frozen_now
from tests.triage.seed import NOW, seed


def auth(token: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {token}",
        "X-Kizashi-Purpose": "threat assessment, desk review",
    }


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine=engine, clock=FixedClock(NOW))) as test_client:
        yield test_client


def test_after_expiry_no_surface_serves_the_report(
    engine: Engine, settings: Settings, client: TestClient
) -> None:
    seeded = seed(engine, settings)
    with engine.begin() as connection:
        sync_desks(connection)
        create_user(connection, "cc", role="command_centre", desk="lone-offender")
        create_user(connection, "adm", role="admin")
        create_user(connection, "ov", role="oversight_officer")
        tokens = {n: issue_token(connection, n, now=frozen_now()) for n in ("cc", "adm", "ov")}
    run_triage(engine, now=NOW)
    note = seeded.reports["note"]
    assert client.get(f"/api/v1/reports/{note}", headers=auth(tokens["cc"])).status_code == 200
    with engine.connect() as connection:
        latest = connection.execute(select(func.max(reports.c.received_at))).scalar_one()
        alert_id = connection.execute(select(alerts.c.id)).scalar_one()
    as_of = add_months(latest, 40).isoformat()
    refused = client.post(
        "/api/v1/oversight/expiry",
        json={"dry_run": False, "as_of": as_of},
        headers=auth(tokens["ov"]),
    )
    assert refused.status_code == 403
    dry = client.post(
        "/api/v1/oversight/expiry",
        json={"dry_run": True, "as_of": as_of},
        headers=auth(tokens["ov"]),
    ).json()
    assert note in {item["report_id"] for item in dry["listing"]}
    ran = client.post(
        "/api/v1/oversight/expiry",
        json={"dry_run": False, "as_of": as_of},
        headers=auth(tokens["adm"]),
    )
    assert ran.status_code == 200, ran.text
    assert ran.json()["reports"] == dry["reports"]
    cc = auth(tokens["cc"])
    assert client.get(f"/api/v1/reports/{note}", headers=cc).status_code == 404
    listed = client.get("/api/v1/reports?limit=500", headers=cc).json()
    assert note not in {item["id"] for item in listed["items"]}
    alert = client.get(f"/api/v1/alerts/{alert_id}", headers=cc)
    assert alert.status_code in (200, 404)
    assert note not in alert.text and "56す" not in alert.text
    entity = client.get(f"/api/v1/entities/{seeded.offender}", headers=cc)
    assert entity.status_code in (200, 404)
    assert note not in entity.text and "ガレージ" not in entity.text
    # oversight's own routes: the access report for oversight, purposes for everyone
    about = client.get(
        f"/api/v1/oversight/access?entity={seeded.offender}", headers=auth(tokens["ov"])
    )
    assert about.status_code in (200, 404)
    assert client.get("/api/v1/oversight/access?officer=cc", headers=cc).status_code == 403
    officer = client.get("/api/v1/oversight/access?officer=cc", headers=auth(tokens["ov"])).json()
    assert any(line["resource"]["id"] == note for line in officer["accesses"])
    ids = {p["id"] for p in client.get("/api/v1/oversight/purposes", headers=cc).json()["items"]}
    assert {"prevention", "investigation", "vetting"} <= ids
