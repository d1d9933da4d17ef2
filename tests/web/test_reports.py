from __future__ import annotations

from sqlalchemy import Engine

from kizashi.guard.identity_cases import assign_case, create_case, label_material
from kizashi.store import transaction
from tests.web.seeding import Seeded


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
