"""Subject access, correction notes and the rules in force through the API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard.identity import create_user, issue_token, sync_desks
from kizashi.triage import run_triage
from tests.conftest import frozen_now
from tests.triage.seed import NOW, seed


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "X-Kizashi-Purpose": "subject access request"}


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine=engine, clock=FixedClock(NOW))) as test_client:
        yield test_client


def test_sar_correction_and_rules_over_http(
    engine: Engine, settings: Settings, client: TestClient
) -> None:
    seeded = seed(engine, settings)
    run_triage(engine, now=NOW)
    with engine.begin() as connection:
        sync_desks(connection)
        create_user(connection, "cc", role="command_centre", desk="lone-offender")
        create_user(connection, "an", role="analyst", desk="lone-offender")
        create_user(connection, "adm", role="admin")
        create_user(connection, "ov", role="oversight_officer")
        tokens = {
            n: issue_token(connection, n, now=frozen_now()) for n in ("cc", "an", "adm", "ov")
        }
    request = {
        "ref": "SAR-1",
        "requester": "the person, in writing",
        "legal_basis": "個人情報保護法 第76条",
        "identifiers": {"person": ["山田 太郎"]},
    }
    refused = client.post("/api/v1/oversight/sar", json=request, headers=auth(tokens["an"]))
    assert refused.status_code == 403 and "SAR-3" in refused.text
    made = client.post("/api/v1/oversight/sar", json=request, headers=auth(tokens["ov"]))
    assert made.status_code == 200, made.text
    assert (
        client.post("/api/v1/oversight/sar/SAR-1/export", headers=auth(tokens["an"])).status_code
        == 403
    )
    exported = client.post("/api/v1/oversight/sar/SAR-1/export", headers=auth(tokens["adm"]))
    assert exported.status_code == 200, exported.text
    assert seeded.reports["garage"] in {r["id"] for r in exported.json()["reports"]}
    assert "吉川" not in exported.text

    note = seeded.reports["note"]
    before = client.get(f"/api/v1/reports/{note}", headers=auth(tokens["cc"])).json()
    assert before["corrections"] == []
    added = client.post(
        f"/api/v1/reports/{note}/corrections",
        json={"note": "It was a tent pole.", "reason": "follow-up check"},
        headers=auth(tokens["cc"]),
    )
    assert added.status_code == 201, added.text
    after = client.get(f"/api/v1/reports/{note}", headers=auth(tokens["cc"])).json()
    assert [c["note"] for c in after["corrections"]] == ["It was a tent pole."]
    assert {k: v for k, v in after.items() if k != "corrections"} == {
        k: v for k, v in before.items() if k != "corrections"
    }

    rules = client.get(
        "/api/v1/oversight/rules", params={"at": NOW.isoformat()}, headers=auth(tokens["ov"])
    )
    assert rules.status_code == 200, rules.text
    assert {v["kind"] for v in rules.json()["in_force"]} >= {"risk", "routing", "urgent"}
    assert client.get("/api/v1/oversight/rules", headers=auth(tokens["an"])).status_code == 403


def test_signed_exports_over_http(engine: Engine, settings: Settings, client: TestClient) -> None:
    from kizashi.guard.audit import key_path, read_verifier, verifier_path
    from kizashi.oversight import verify

    seeded = seed(engine, settings)
    run_triage(engine, now=NOW)
    with engine.begin() as connection:
        sync_desks(connection)
        create_user(connection, "adm", role="admin")
        create_user(connection, "ov", role="oversight_officer")
        tokens = {n: issue_token(connection, n, now=frozen_now()) for n in ("adm", "ov")}
    request = {
        "ref": "SAR 2 東京",
        "requester": "the person, in writing",
        "legal_basis": "個人情報保護法 第76条",
        "identifiers": {"person": ["山田 太郎"]},
    }
    assert client.post("/api/v1/oversight/sar", json=request, headers=auth(tokens["ov"])).is_success
    signed = client.post(
        "/api/v1/oversight/sar/SAR 2 東京/export",
        params={"signed": "true", "lang": "en"},
        headers=auth(tokens["adm"]),
    )
    verifier = read_verifier(verifier_path(key_path(settings)))
    assert signed.status_code == 200, signed.text
    assert signed.headers["content-type"] == "application/zip"
    assert "SAR%202%20%E6%9D%B1%E4%BA%AC" in signed.headers["content-disposition"]
    checked = verify(signed.content, verifier)
    assert checked["kind"] == "subject_access_export" and checked["ref"] == "SAR 2 東京"
    again = client.post(
        "/api/v1/oversight/sar/SAR 2 東京/export",
        params={"signed": "true"},
        headers=auth(tokens["adm"]),
    )
    assert again.status_code in (400, 422) and "once" in again.text
    access = client.get(
        "/api/v1/oversight/access",
        params={"entity": seeded.offender, "signed": "true"},
        headers=auth(tokens["ov"]),
    )
    assert access.status_code == 200, access.text
    assert verify(access.content, verifier)["ref"] == f"entity:{seeded.offender}"
    refused = client.get(
        "/api/v1/oversight/access",
        params={"entity": seeded.offender, "signed": "true"},
        headers=auth(tokens["adm"]),
    )
    assert refused.status_code == 403 and "OVERSIGHT-2" in refused.text
