"""/healthz answers while the process runs; /readyz only while it can do its work."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.store import downgrade, pipeline_queue
from tests.ops.conftest import GARAGE


def _failing(response: object) -> dict[str, str]:
    body = response.json()  # type: ignore[attr-defined]
    return {c["name"]: c["detail"] for c in body["checks"] if not c["ok"]}


def test_healthz_and_readyz_answer_on_a_fresh_store(client: TestClient) -> None:
    live = client.get("/healthz")
    assert live.status_code == 200 and live.json()["status"] == "ok"
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert [c["name"] for c in ready.json()["checks"]] == [
        "store",
        "migrations",
        "audit_log",
        "pipeline_lag",
    ]


def _refuse_head_updates(engine: Engine) -> None:
    """Make the audit log unwritable as a read-only or full store would (no append can lock
    and move the head)."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql(
                "CREATE TRIGGER read_only_head BEFORE UPDATE ON audit_head "
                "BEGIN SELECT RAISE(ABORT, 'read-only store'); END"
            )
        else:
            connection.exec_driver_sql(
                "CREATE FUNCTION read_only_head() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'read-only store'; END $$"
            )
            connection.exec_driver_sql(
                "CREATE TRIGGER read_only_head BEFORE UPDATE ON audit_head "
                "FOR EACH ROW EXECUTE FUNCTION read_only_head()"
            )


def test_readyz_fails_when_the_audit_log_is_not_writable(
    client: TestClient, engine: Engine, officer_token: str
) -> None:
    headers = {"Authorization": f"Bearer {officer_token}"}
    stored = client.post("/api/v1/reports/partner_report", json=GARAGE, headers=headers)
    assert stored.status_code == 201, stored.text
    size_before = client.app.state.audit.size  # type: ignore[attr-defined]
    assert client.get("/readyz").status_code == 200
    assert client.app.state.audit.size == size_before  # type: ignore[attr-defined]  # probing appends nothing
    _refuse_head_updates(engine)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "not ready"
    assert set(_failing(response)) == {"audit_log"}
    assert "cannot be written" in _failing(response)["audit_log"]
    assert client.get("/healthz").status_code == 200  # alive, but not to be sent traffic
    # and indeed a read is refused (fail closed), as readiness predicted
    refused = client.get(f"/api/v1/reports/{stored.json()['id']}", headers=headers)
    assert refused.status_code == 503


def test_readyz_fails_when_the_store_is_behind_the_code(
    engine: Engine, settings: Settings, clock: FixedClock
) -> None:
    with TestClient(create_app(settings, engine=engine, clock=clock)) as client:
        downgrade(engine, "-1")
        response = client.get("/readyz")
    assert response.status_code == 503
    assert _failing(response) == {"migrations": "not at the newest migration"}


def test_readyz_fails_when_the_pipeline_falls_behind(
    engine: Engine, settings: Settings, officer_token: str
) -> None:
    app = create_app(settings, engine=engine)
    with TestClient(app) as client:
        headers = {"Authorization": f"Bearer {officer_token}"}
        stored = client.post("/api/v1/reports/partner_report", json=GARAGE, headers=headers)
        assert stored.status_code == 201, stored.text
    with engine.connect() as connection:
        enqueued = connection.execute(select(pipeline_queue.c.enqueued_at)).scalar_one()
    bound = settings.ready_max_lag_seconds
    for waited, code in ((bound - 5, 200), (bound + 5, 503)):
        app.state.clock = FixedClock(enqueued + timedelta(seconds=waited))
        with TestClient(app) as client:
            response = client.get("/readyz")
        assert response.status_code == code, response.text
    assert set(_failing(response)) == {"pipeline_lag"}
