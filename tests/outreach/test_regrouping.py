"""An analyst's "same" judgement joins two spellings of one approacher live (qa16).

Resolve kept "Viktor Halloran" (one company) and "ビクトル・ハローラン" (another company, no
shared phone or e-mail) apart, so outreach held two approachers. When an analyst judges them
the same person, resolve merges the entities and names both for the live re-score; the
pipeline's ``follow_regrouping`` must then recompute the approacher: one row, both companies'
reports, ``ESC-TWO-COMPANIES``, and no row left on the merged-away entity (before, the old row
stood with its entity gone until a batch ``kizashi outreach run``).
"""

from __future__ import annotations

from sqlalchemy import Engine, select, update

from kizashi.config import Settings
from kizashi.guard import Guard
from kizashi.outreach import read_reports
from kizashi.pipeline.stages import StageContext, follow_regrouping
from kizashi.store import transaction
from kizashi.store.tables_outreach import approachers
from kizashi.store.tables_resolve import entity_members
from tests.outreach.world import KM, MATERIALS_TEXT, NOW, approach, build, ingest, link_approacher


def _rows(engine: Engine) -> dict[str, dict[str, object]]:
    with engine.connect() as connection:
        found = connection.execute(select(approachers)).mappings().all()
        return {str(r["entity_id"]): dict(r) for r in found}


def test_a_judgement_that_merges_two_spellings_makes_one_approacher_live(
    engine: Engine, settings: Settings, guard: Guard
) -> None:
    world = build(engine, settings, guard, second_company=False)
    other = ingest(
        engine,
        settings,
        "company_approach",
        approach(
            "KM-2026-031",
            KM,
            "materials",
            MATERIALS_TEXT,
            employee="中村 直樹",
            date="2026-11-02",
            approacher_name="ビクトル・ハローラン",
            approacher_affiliation="エルダニア共和国大使館",
        ),
        "company:km",
    )
    with transaction(engine) as c:
        apart = link_approacher(c, [other], "ビクトル・ハローラン")
        read_reports(c, [other], now=NOW)
    before = _rows(engine)
    assert set(before) == {world.approacher, apart}  # two approachers, one company each

    # What resolve's merge does to the store: the members move to the surviving entity
    # (the absorbed one keeps no member; resolve marks it merged).
    with transaction(engine) as c:
        c.execute(
            update(entity_members)
            .where(entity_members.c.entity_id == apart)
            .values(entity_id=world.approacher)
        )
        follow_regrouping(c, {world.approacher, apart}, StageContext(now=NOW, as_of=NOW))

    after = _rows(engine)
    assert set(after) == {world.approacher}  # no row on the merged-away entity
    joined = after[world.approacher]
    assert set(joined["reports"]) == {world.reports["tsc"], other}  # type: ignore[arg-type]
    assert len(joined["companies"]) == 2  # type: ignore[arg-type]
    assert "ESC-TWO-COMPANIES" in {f["rule"] for f in joined["fired"]}  # type: ignore[attr-defined]


def test_a_regrouping_of_no_approacher_changes_nothing(
    engine: Engine, settings: Settings, guard: Guard
) -> None:
    world = build(engine, settings, guard)
    before = _rows(engine)
    with transaction(engine) as c:
        follow_regrouping(c, {"not-an-approacher"}, StageContext(now=NOW, as_of=NOW))
    assert _rows(engine) == before and world.approacher in before
