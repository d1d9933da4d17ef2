"""Pages answer like the API: concealment, deconfliction, purpose, fail-closed audit."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine, func, select

from kizashi.guard import AuditWriteError
from kizashi.store.tables import audit_entries, notifications
from tests.web.conftest import csrf_of
from tests.web.seeding import Seeded


def test_a_partner_sees_no_officer_page(as_user, seeded: Seeded) -> None:  # type: ignore[no-untyped-def]
    client = as_user("partner-otsuka")
    for url in (
        "/ui/alerts",
        f"/ui/alerts/{seeded.main_alert}",
        f"/ui/entities/{seeded.main_entity}",
        f"/ui/reports/{seeded.reports['garage']}",
        "/ui/inspection",
        "/ui/notices",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert 'data-kind="not_found"' in response.text and "山田" not in response.text
    assert client.get("/ui/", follow_redirects=False).headers["location"] == "/ui/partner"


def test_another_desks_alert_looks_like_a_missing_one(as_user, seeded: Seeded) -> None:  # type: ignore[no-untyped-def]
    client = as_user("analyst-b")
    hidden = client.get(f"/ui/alerts/{seeded.main_alert}")
    missing = client.get("/ui/alerts/01a2059a-0000-7000-8000-000000000000")
    assert hidden.status_code == missing.status_code == 404
    assert "山田" not in hidden.text
    assert hidden.text.replace(seeded.main_alert, "X") == missing.text.replace(
        "01a2059a-0000-7000-8000-000000000000", "X"
    )
    queue = client.get("/ui/alerts")
    assert "山田 太郎" not in queue.text
    # Desk B's own alert on a subject desk A's compartment holds is hidden from desk B as
    # the API hides it (one alert resource: the entity's compartments hold the alert too).
    assert "佐藤 次郎" not in queue.text and seeded.held_alert not in queue.text


def test_a_held_subject_is_deconflicted_and_its_desk_lead_told(
    as_user,
    seeded: Seeded,
    engine: Engine,  # type: ignore[no-untyped-def]
) -> None:
    client = as_user("analyst-b")
    # The alert on the held subject answers as a missing one (the API's answer)...
    alert = client.get(f"/ui/alerts/{seeded.held_alert}")
    assert alert.status_code == 404 and "佐藤" not in alert.text
    # ...and looking the subject up is deconflicted: refused, and its desk lead told.
    response = client.get(f"/ui/entities/{seeded.held_entity}")
    assert response.status_code == 403
    assert 'data-kind="deconflicted"' in response.text and "DECONFLICT-1" in response.text
    assert "倉庫" not in response.text  # nothing of the subject's reports
    with engine.connect() as connection:
        notices = list(connection.execute(select(notifications)))
    assert [n.desk_id for n in notices] == ["fa-terrorism"]
    lead = as_user("lead-a").get("/ui/notices")
    assert 'data-testid="notice-searcher">analyst-b<' in lead.text
    # A member of the compartment sees the subject, once they say why (held: sensitive).
    member = as_user("analyst-a")
    asked = member.get(f"/ui/entities/{seeded.held_entity}")
    assert asked.status_code == 403 and 'data-kind="purpose"' in asked.text
    shown = member.post(
        "/ui/purpose",
        data={
            "purpose": "op-kiku 対象者の動向確認",
            "csrf": csrf_of(asked.text),
            "back": f"/ui/entities/{seeded.held_entity}",
        },
    )
    # The subject is admitted, but an entity is what its reports say, and the one report
    # behind him is desk B's: with no readable report it answers as a missing id (the
    # API's answer too), without his name.
    assert shown.status_code == 404 and "佐藤" not in shown.text


def test_every_page_read_is_audited(as_user, seeded: Seeded, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    client = as_user("analyst")
    with engine.connect() as connection:
        before = connection.execute(select(func.max(audit_entries.c.seq))).scalar_one()
    assert client.get(f"/ui/alerts/{seeded.main_alert}").status_code == 200
    with engine.connect() as connection:
        rows = list(connection.execute(select(audit_entries).where(audit_entries.c.seq > before)))
    kinds = {(r.action, r.resource_type) for r in rows}
    assert {("read", "alert"), ("read", "subject"), ("read", "report")} <= kinds
    assert {r.actor for r in rows} == {rows[0].actor}


def test_no_audit_no_page(as_user, seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    client = as_user("analyst")
    guard = client.app.state.guard  # type: ignore[attr-defined]

    def broken(*_args: object, **_kwargs: object) -> None:
        raise AuditWriteError("disk full")

    monkeypatch.setattr(guard.audit, "append_many", broken)
    response = client.get(f"/ui/alerts/{seeded.main_alert}")
    assert response.status_code == 503 and "山田" not in response.text


def test_forms_need_the_session_token(as_user, seeded: Seeded) -> None:  # type: ignore[no-untyped-def]
    client = as_user("analyst")
    response = client.post(
        f"/ui/alerts/{seeded.main_alert}/review",
        data={"decision": "confirmed", "reason": "x", "csrf": "forged"},
    )
    assert response.status_code == 403 and 'data-kind="csrf"' in response.text


def test_sensitive_material_asks_for_a_purpose(as_user, seeded: Seeded, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    from kizashi.guard.identity import label_material
    from kizashi.store import transaction
    from tests.web.seeding import _ingest

    settings = as_user("analyst").app.state.settings  # type: ignore[attr-defined]
    report_id = _ingest(
        engine,
        settings,
        "patrol_note",
        {
            "officer_id": "P-1",
            "note_type": "patrol",
            "text": "秘匿の記録",
            "observed_at": "2026-11-20T10:00:00+09:00",
            "handling_code": "TLP:RED",
        },
        "unit:x",
    )
    with transaction(engine) as connection:
        label_material(connection, "report", report_id, desk="lone-offender")
    client = as_user("analyst")
    asked = client.get(f"/ui/reports/{report_id}")
    assert (
        asked.status_code == 403
        and 'data-kind="purpose"' in asked.text
        and "秘匿" not in asked.text
    )
    trivial = client.post(
        "/ui/purpose",
        data={"purpose": "捜査", "csrf": csrf_of(asked.text), "back": f"/ui/reports/{report_id}"},
    )
    assert trivial.status_code == 403
    stated = client.post(
        "/ui/purpose",
        data={
            "purpose": "案件2026-041の事実確認のため",
            "csrf": csrf_of(asked.text),
            "back": f"/ui/reports/{report_id}",
        },
    )
    assert stated.status_code == 200 and "秘匿の記録" in stated.text


def test_every_alert_in_the_queue_opens(as_user, seeded: Seeded) -> None:  # type: ignore[no-untyped-def]
    # One door: an alert listed in the queue opens, even when nothing behind its subject may
    # be read (the seeded fillers have no report at all): the alert vouches for its subject.
    client = as_user("analyst")
    listed = re.findall(r'href="/ui/alerts/([0-9a-f-]{36})"', client.get("/ui/alerts").text)
    assert len(set(listed)) > seeded.filler_alerts // 2
    refused = [a for a in dict.fromkeys(listed) if client.get(f"/ui/alerts/{a}").status_code != 200]
    assert refused == []
