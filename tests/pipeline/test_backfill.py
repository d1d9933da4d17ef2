"""``kizashi pipeline run --batch``: every stage's batch form over a store filled before any
worker ran; the queue is covered, the threat's urgent alert is open, a worker then finds
nothing to do; on PostgreSQL the planner's statistics are fresh afterwards."""

from __future__ import annotations

from sqlalchemy import Engine, select, text

from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.pipeline import Worker, run_backfill, status
from kizashi.store import alerts, pipeline_queue
from kizashi.store.tables_resolve import entity_members
from tests.pipeline.helpers import NOW, count, history, threat


def test_a_backfill_covers_the_queue_and_the_worker_finds_nothing_left(
    engine: Engine, settings: Settings
) -> None:
    history(engine, settings)
    threat(engine, settings)
    summary = run_backfill(engine, clock=FixedClock(NOW))
    assert summary["covered"] == 41 and list(summary["stages"]) == [
        "detect",
        "resolve",
        "purchases",
        "triage",
        "outreach",
        "route",
        "search",
    ]
    assert count(engine, pipeline_queue, pipeline_queue.c.state != "done") == 0
    assert count(engine, alerts, alerts.c.urgent == "urgent-threat-named-target") == 1
    assert status(engine, FixedClock(NOW))["done"] == 41
    worker = Worker(engine, settings, clock=FixedClock(NOW), hooks=(), name="after")
    assert worker.drain().total == 0
    # Every stage stamps by the backfill's clock (resolve's links too: a risk mark and a
    # search document compare them with the live path's).
    with engine.connect() as connection:
        linked = set(connection.execute(select(entity_members.c.linked_at)).scalars())
    assert linked == {NOW}
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            analysed = connection.execute(
                text(
                    "SELECT last_analyze FROM pg_stat_user_tables "
                    "WHERE relname = 'mentions' AND schemaname = current_schema()"
                )
            ).scalar()
        assert analysed is not None
