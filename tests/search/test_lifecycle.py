"""The index follows the store: new reports are indexed by the pipeline's stage, expired
ones leave it in the expiry's transaction, and saved searches notify of new matches the
user may see — on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, func, select, text

from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard.identity import label_material
from kizashi.oversight import run_expiry
from kizashi.oversight.retention import add_months
from kizashi.pipeline import Worker
from kizashi.pipeline.queue import Item
from kizashi.pipeline.stages import StageContext, search_run
from kizashi.search import (
    SearchQuery,
    list_saved,
    list_search_notices,
    notify_saved,
    reindex_all,
    save_search,
    search,
)
from kizashi.store.tables import reports
from kizashi.store.tables_resolve import entity_members
from kizashi.store.tables_search import search_docs, search_notices
from tests.search.conftest import World
from tests.triage.seed import NOW, ingest, purchase

PURPOSE = "investigation of threats"


def _docs(engine: Engine, *where: object) -> set[tuple[str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(select(search_docs.c.kind, search_docs.c.ref_id).where(*where))
        return {(r.kind, r.ref_id) for r in rows}


def _fts_in_step(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        docs = connection.execute(select(func.count()).select_from(search_docs)).scalar_one()
        fts = connection.execute(text("SELECT count(*) FROM search_fts")).scalar_one()
        orphans = connection.execute(
            text("SELECT count(*) FROM search_fts WHERE rowid NOT IN (SELECT seq FROM search_docs)")
        ).scalar_one()
    assert (fts, orphans) == (docs, 0)


def test_expiry_removes_the_index_rows_of_what_expires(world: World, engine: Engine) -> None:
    with engine.begin() as connection:
        reindex_all(connection, now=NOW)
        (sato_report,) = connection.execute(
            select(entity_members.c.report_id)
            .where(entity_members.c.entity_id == world.seeded.bystander)
            .distinct()
        ).scalars()
        latest = connection.execute(select(func.max(reports.c.received_at))).scalar_one()
    assert ("report", sato_report) in _docs(engine)
    assert ("person", world.seeded.bystander) in _docs(engine)
    with engine.connect() as connection:
        body = connection.execute(
            select(search_docs.c.body).where(search_docs.c.ref_id == sato_report)
        ).scalar_one()
    assert "佐藤花子" in body and "木炭" in body  # sealed text, indexed while it lives
    run = run_expiry(world.guard, world.users["admin"], dry_run=False, as_of=add_months(latest, 13))
    assert run.reports == 1
    assert run.rooms["search"]["report_documents"] == 1
    assert run.rooms["search"]["entity_documents_deleted"] == 1
    assert _docs(engine, search_docs.c.ref_id.in_([sato_report, world.seeded.bystander])) == set()
    with engine.connect() as connection:
        leftovers = connection.execute(
            select(func.count()).where(search_docs.c.body.like("%佐藤%"))
        ).scalar_one()
    assert leftovers == 0
    _fts_in_step(engine)
    # Yamada's documents stay, and are still found.
    assert ("person", world.seeded.offender) in _docs(engine)


def _new_purchase(engine: Engine, settings: Settings, tx: str, desk: str) -> str:
    (report_id,) = ingest(
        engine,
        settings,
        "purchase",
        [
            purchase(
                tx,
                "ケミカルB/池袋店",
                "2026-11-20T10:00:00+09:00",
                "硝酸カリウム 1kg",
                "potassium_nitrate",
                1,
                "kg",
                "ヤマダ タロウ",
                "090-1234-5678",
            )
        ],
        "retailer:test",
    )
    with engine.begin() as connection:
        label_material(connection, "report", report_id, desk=desk)
    return report_id


def test_a_saved_search_notifies_of_new_matches_the_user_may_see(
    world: World, engine: Engine, settings: Settings
) -> None:
    analyst = world.users["analyst"]
    with engine.begin() as connection:
        reindex_all(connection, now=NOW)
    saved = save_search(world.guard, analyst, "山田の動き", SearchQuery("yamada"), PURPOSE)
    with engine.connect() as connection:
        assert [s["id"] for s in list_saved(connection, analyst)] == [saved["id"]]
    assert notify_saved(world.guard)["notices"] == 0  # nothing new yet
    seen = _new_purchase(engine, settings, "T-NEW-1", "lone-offender")
    hidden = _new_purchase(engine, settings, "T-NEW-2", "tokuryu")
    unrelated = ingest(
        engine,
        settings,
        "purchase",
        [
            purchase(
                "T-NEW-3",
                "ホームセンターA/大塚店",
                "2026-11-20T11:00:00+09:00",
                "BBQ用 木炭 3kg",
                None,
                3,
                "kg",
                "鈴木 一郎",
                "080-9999-0000",
            )
        ],
        "retailer:test",
    )
    # The pipeline's stage indexes them, in its transaction.
    with engine.begin() as connection:
        summary = search_run(
            connection,
            [Item(n, r, "purchase", 0) for n, r in enumerate([seen, hidden, *unrelated])],
            StageContext(now=NOW, as_of=NOW),
        )
    assert summary["reports"] == 3
    assert notify_saved(world.guard) == {"checked": 1, "notices": 1}
    notices = list_search_notices(world.guard, analyst, PURPOSE)
    assert [(n["item"]["kind"], n["item"]["id"]) for n in notices] == [("report", seen)]
    assert notices[0]["saved_search"] == "山田の動き"
    # Checked once: a second run makes nothing new; the hidden one never became a notice.
    assert notify_saved(world.guard)["checked"] == 0
    with engine.connect() as connection:
        refs = set(connection.execute(select(search_notices.c.ref_id)).scalars())
    assert refs == {seen}
    # The search finds the new report too, and never the hidden one.
    found = {i["id"] for i in search(world.guard, analyst, SearchQuery("yamada"), PURPOSE).items}
    assert seen in found and hidden not in found


def test_the_worker_notifies_after_its_pass(
    world: World, engine: Engine, settings: Settings
) -> None:
    save_search(world.guard, world.users["analyst"], "phone", SearchQuery("09012345678"), PURPOSE)
    seen = _new_purchase(engine, settings, "T-NEW-4", "lone-offender")
    worker = Worker(engine, settings, clock=FixedClock(NOW), hooks=(), name="search-test")
    worker.drain()
    notices = list_search_notices(world.guard, world.users["analyst"], PURPOSE)
    assert seen in {n["item"]["id"] for n in notices}
