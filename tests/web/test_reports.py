from __future__ import annotations

from sqlalchemy import Engine, select

from kizashi.config import Settings
from kizashi.guard.identity import assign_case, create_case, label_material
from kizashi.store import transaction
from kizashi.store.tables import audit_entries
from tests.web.conftest import csrf_of
from tests.web.seeding import Seeded, _ingest


def test_a_report_shows_its_provenance_and_grading(as_user, seeded: Seeded) -> None:  # type: ignore[no-untyped-def]
    page = as_user("analyst").get(f"/ui/reports/{seeded.reports['garage']}")
    assert page.status_code == 200
    assert 'data-testid="reliability">B — 通常は信頼できる<' in page.text
    assert 'data-testid="credibility">3 — 正しい可能性がある<' in page.text
    assert "partner:otsuka-housing" in page.text and "TLP:AMBER" in page.text
    assert '<mark title="activity.gunpowder_smell"' in page.text
    assert f"/ui/entities/{seeded.main_entity}" in page.text


def test_a_case_shows_its_material_to_those_assigned(
    as_user, seeded: Seeded, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as connection:
        create_case(connection, "2026-041", desk="lone-offender", title="演説会場への爆破予告")
        label_material(
            connection, "report", seeded.reports["post"], desk="lone-offender", case_ref="2026-041"
        )
        assign_case(connection, "2026-041", "analyst")
    page = as_user("analyst").get("/ui/cases/2026-041")
    assert page.status_code == 200 and "演説会場を爆破" in page.text
    # The same report is now case material: an officer of the desk not on the case sees nothing.
    assert as_user("analyst-b").get("/ui/cases/2026-041").status_code == 404
    assert as_user("analyst").get("/ui/cases/no-such-case").status_code == 404


def test_a_case_asks_for_a_purpose_instead_of_hiding_sensitive_material(
    as_user, seeded: Seeded, engine: Engine, settings: Settings
) -> None:  # type: ignore[no-untyped-def]
    # A TLP:RED tip: readable by the case's officers, once they state a purpose.
    red = _ingest(
        engine,
        settings,
        "public_tip",
        {
            "tip_ref": "TIP-777",
            "received_via": "phone_110",
            "text": "倉庫の裏で夜中に金属を削る音がする。",
            "subjects": [{"name": "山田 太郎"}],
            "handling_code": "TLP:RED",
        },
        "tips:110",
    )
    with transaction(engine) as connection:
        create_case(connection, "2026-077", desk="lone-offender", title="倉庫の薬品")
        for report_id in (seeded.reports["post"], red):
            label_material(
                connection, "report", report_id, desk="lone-offender", case_ref="2026-077"
            )
        assign_case(connection, "2026-077", "analyst")
    client = as_user("analyst")
    page = client.get("/ui/cases/2026-077")
    assert page.status_code == 200 and "演説会場を爆破" in page.text
    assert 'data-testid="needs-purpose">このほか 1 件の資料' in page.text
    assert "金属を削る音" not in page.text
    with engine.connect() as connection:
        denied = connection.execute(
            select(audit_entries.c.seq).where(
                audit_entries.c.resource_id == red, audit_entries.c.effect == "deny"
            )
        ).all()
    assert denied == []  # asked for, not refused: nothing for insider analytics to misread
    shown = client.post(
        "/ui/purpose",
        data={
            "purpose": "2026-077 倉庫の薬品の確認",
            "csrf": csrf_of(page.text),
            "back": "/ui/cases/2026-077",
        },
    )
    assert shown.status_code == 200 and "金属を削る音" in shown.text
    assert "needs-purpose" not in shown.text


def test_a_report_page_shows_its_correction_notes(as_user, seeded: Seeded, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    from kizashi.ids import new_id
    from kizashi.store.tables_oversight import report_corrections
    from tests.conftest import frozen_now

    garage = seeded.reports["garage"]
    assert 'data-testid="corrections"' not in as_user("analyst").get(f"/ui/reports/{garage}").text
    with transaction(engine) as connection:
        connection.execute(
            report_corrections.insert().values(
                id=new_id(),
                report_id=garage,
                note="音は隣家の工事によるものと判明。",
                reason="現地確認",
                author_id="someone",
                created_at=frozen_now(),
            )
        )
    page = as_user("analyst").get(f"/ui/reports/{garage}")
    assert 'data-testid="corrections"' in page.text
    assert "音は隣家の工事によるものと判明。" in page.text and "現地確認" in page.text
