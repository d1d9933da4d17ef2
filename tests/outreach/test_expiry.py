"""Expiry forgets what outreach derived from an expired approach report: its reading, the
approacher's names, identifiers and report list (an approacher left with nothing goes), the
triage finding and alert that counted it, and a consultation's tie to it; a held report
stays (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.errors import NotFoundError
from kizashi.guard import Guard, User
from kizashi.guard.identity import issue_token
from kizashi.guard.identity.service import create_user
from kizashi.outreach import ActivityIn, approacher_view, list_approachers
from kizashi.outreach.registry import record_activity
from kizashi.oversight import place_hold, run_expiry
from kizashi.oversight.retention import add_months
from kizashi.store import transaction
from kizashi.store.tables import reports
from kizashi.store.tables_outreach import approach_readings, approachers, outreach_activities
from kizashi.store.tables_triage import alerts, findings
from tests.outreach.world import NOW, PURPOSE, World, build

API_PURPOSE = "outreach case 2026-017: checking the approacher"


def _admin(engine: Engine) -> User:
    with transaction(engine) as connection:
        return create_user(connection, "adm-ito", role="admin")


def _expire(engine: Engine, guard: Guard, admin: User) -> None:
    with engine.connect() as connection:
        latest = max(connection.execute(select(reports.c.received_at)).scalars())
    run_expiry(guard, admin, dry_run=False, as_of=add_months(latest, 40))


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, engine=engine, clock=FixedClock(NOW))
    with TestClient(app, base_url="http://127.0.0.1") as made:
        yield made


def _api(client: TestClient, engine: Engine, path: str) -> object:
    with transaction(engine) as connection:
        token = issue_token(connection, "es-analyst", now=NOW)
    headers = {"Authorization": f"Bearer {token}", "X-Kizashi-Purpose": API_PURPOSE}
    answer = client.get(path, headers=headers)
    return answer.status_code, answer.json()


def test_an_expired_report_leaves_the_approacher_and_its_alert(
    world: World, engine: Engine, client: TestClient
) -> None:
    admin = _admin(engine)
    tsc, km = world.reports["tsc"], world.reports["km"]
    with transaction(engine) as connection:
        consultation = record_activity(
            connection,
            world.companies["tsc"],
            ActivityIn(
                kind="consultation",
                held_at=NOW,
                officers=["es-analyst"],
                attendees=["佐藤 健一"],
                topics="接近の相談",
                report_id=tsc,
            ),
            now=NOW,
        )
    es = world.users["es-analyst"]
    [before] = list_approachers(world.guard, es, PURPOSE)
    assert tsc in before["reports"] and "Viktor Halloran" in before["names"]
    for held in (km, world.reports["benign"]):  # legal holds keep these two
        place_hold(world.guard, admin, "report", held, reason="appeal pending")

    _expire(engine, world.guard, admin)

    [after] = list_approachers(world.guard, es, PURPOSE)
    assert after["entity_id"] == world.approacher
    assert after["reports"] == [km] and after["names"] == ["ヴィクトル・ハロラン"]
    assert "v.halloran@eldania-embassy.example.com" not in _dump(after["identifiers"])
    assert after["companies"] == [world.companies["km"]] and after["finding_id"] is None
    view = approacher_view(world.guard, es, PURPOSE, world.approacher)
    status, api = _api(client, engine, f"/api/v1/approachers/{world.approacher}")
    assert status == 200 and [r["report_id"] for r in view["timeline"]] == [km]
    for shown in (view, api):
        assert tsc not in _dump(shown) and "Viktor Halloran" not in _dump(shown)
    with engine.connect() as connection:
        assert set(connection.execute(select(approach_readings.c.report_id)).scalars()) == {
            km,
            world.reports["benign"],
        }
        # One company is below alert: the finding that quoted both reports is gone.
        assert connection.execute(select(findings)).all() == []
        quoted = connection.execute(
            select(alerts.c.summary, alerts.c.explanation).where(
                alerts.c.entity_id == world.approacher
            )
        ).all()
        assert all(tsc not in _dump(tuple(a)) for a in quoted)
        assert "ESC-TWO-COMPANIES" not in _dump([tuple(a) for a in quoted])
        tie = connection.execute(
            select(outreach_activities.c.report_id).where(
                outreach_activities.c.id == consultation["id"]
            )
        ).scalar_one()
    assert tie is None


def test_an_approacher_with_only_expired_reports_goes(
    engine: Engine, settings: Settings, guard: Guard, client: TestClient
) -> None:
    world = build(engine, settings, guard, second_company=False)
    admin = _admin(engine)
    es = world.users["es-analyst"]
    assert [a["entity_id"] for a in list_approachers(guard, es, PURPOSE)] == [world.approacher]
    place_hold(guard, admin, "report", world.reports["benign"], reason="appeal pending")

    _expire(engine, guard, admin)

    assert list_approachers(guard, es, PURPOSE) == []
    with pytest.raises(NotFoundError):
        approacher_view(guard, es, PURPOSE, world.approacher)
    status, _ = _api(client, engine, f"/api/v1/approachers/{world.approacher}")
    assert status == 404
    with engine.connect() as connection:
        assert connection.execute(select(approachers)).all() == []
        assert connection.execute(select(findings)).all() == []


def test_a_held_report_keeps_its_approacher(
    world: World, engine: Engine, settings: Settings
) -> None:
    admin = _admin(engine)
    for report_id in world.reports.values():
        place_hold(world.guard, admin, "report", report_id, reason="appeal pending")
    with engine.connect() as connection:
        kept = connection.execute(select(approachers)).one()._mapping
    _expire(engine, world.guard, admin)
    with engine.connect() as connection:
        after = connection.execute(select(approachers)).one()._mapping
        assert connection.execute(select(findings.c.withdrawn_at)).scalars().all() == [None]
    assert dict(after) == dict(kept)
