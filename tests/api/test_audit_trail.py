"""Every API access is in the audit log before anything is served; no log, no data."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from kizashi.guard import AuditWriteError
from kizashi.store.tables import audit_entries
from tests.api.conftest import Tokens, auth
from tests.api.test_reports import GARAGE


def _entries(engine: Engine) -> list[tuple[str, str, str, str]]:
    query = select(
        audit_entries.c.action,
        audit_entries.c.resource_type,
        audit_entries.c.resource_id,
        audit_entries.c.effect,
    ).order_by(audit_entries.c.seq)
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(query)]  # type: ignore[misc]


def test_writes_reads_lists_and_refusals_are_all_recorded(
    client: TestClient, tokens: Tokens, engine: Engine
) -> None:
    report_id = client.post(
        "/api/v1/reports/partner_report", json=GARAGE, headers=auth(tokens.partner_a)
    ).json()["id"]
    client.get(f"/api/v1/reports/{report_id}", headers=auth(tokens.officer))
    client.get(f"/api/v1/reports/{report_id}", headers=auth(tokens.partner_b))
    client.get("/api/v1/reports", headers=auth(tokens.officer))
    client.post("/api/v1/reports/patrol_note", json={}, headers=auth(tokens.partner_a))
    assert _entries(engine) == [
        ("write", "report", "new", "allow"),  # the guard's decision, logged first
        ("read", "report", report_id, "allow"),
        ("read", "report", report_id, "deny"),
        ("list", "report", report_id, "allow"),  # one decision per listed report
        ("write", "report", "new", "deny"),  # PARTNER-4: decided by the policy, not by hand
    ]


def test_a_read_fails_closed_when_the_audit_log_cannot_be_written(
    client: TestClient, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    report_id = client.post(
        "/api/v1/reports/partner_report", json=GARAGE, headers=auth(tokens.partner_a)
    ).json()["id"]

    def broken(_entry: object) -> object:
        raise AuditWriteError("disk full")

    audit = client.app.state.audit  # type: ignore[attr-defined]
    monkeypatch.setattr(audit, "append", broken)
    monkeypatch.setattr(audit, "append_many", broken)
    response = client.get(f"/api/v1/reports/{report_id}", headers=auth(tokens.officer))
    assert response.status_code == 503
    assert "山田" not in response.text


def test_a_japanese_purpose_is_recorded_as_written(
    client: TestClient, tokens: Tokens, engine: Engine
) -> None:
    """The purpose bar of the UI records 押収… as typed; the API's header must too (it was
    Latin-1 mojibake, æ¼å…, in the append-only log)."""
    report_id = client.post(
        "/api/v1/reports/partner_report", json=GARAGE, headers=auth(tokens.partner_a)
    ).json()["id"]
    purpose = "選挙演説会への脅威の評価"
    headers = {**auth(tokens.officer), "X-Kizashi-Purpose": purpose.encode()}
    assert client.get(f"/api/v1/reports/{report_id}", headers=headers).status_code == 200
    query = select(audit_entries.c.purpose).where(
        audit_entries.c.action == "read", audit_entries.c.resource_id == report_id
    )
    with engine.connect() as connection:
        assert connection.execute(query).scalars().all() == [purpose]
