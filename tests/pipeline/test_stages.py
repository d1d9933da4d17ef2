"""A stage a report's channel does nothing at is skipped: the stage before moves the
cursor past it (no claim, no transaction there), and the report still goes through every
stage that applies to it, once; the reads a pass shares are read once a pass."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event, select

from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.outreach.config import outreach_config
from kizashi.pipeline import STAGES, PassResult, Worker
from kizashi.pipeline.stages import next_stage
from kizashi.store import pipeline_queue
from kizashi.store.tables_signals import signals
from tests.outreach.world import approach, ingest
from tests.pipeline.helpers import NOW, buyers, count, history, threat

NAMES = [stage.name for stage in STAGES]


def test_the_next_stage_is_the_next_that_applies_to_the_channel() -> None:
    approach = sorted(outreach_config().channels)[0]
    assert next_stage("resolve") == "purchases"  # no channel: the declared order
    assert next_stage("resolve", "sns_post") == "triage"
    assert next_stage("resolve", "purchase") == "purchases"
    assert next_stage("triage", "sns_post") == "route"
    assert next_stage("triage", "purchase") == "route"
    assert next_stage("resolve", approach) == "triage"
    assert next_stage("triage", approach) == "outreach"
    assert next_stage("search", "sns_post") == "done"


def test_a_post_skips_purchases_and_outreach_and_a_purchase_does_not(
    engine: Engine, settings: Settings
) -> None:
    history(engine, settings, posts=8)
    worker = Worker(engine, settings, clock=FixedClock(NOW), hooks=(), name="test")
    worker.drain()
    post = threat(engine, settings)
    [bought] = buyers(engine, settings, 50, 1)
    body = approach("KM-2026-001", "テスト工業", "materials", "食事に誘われ、技術資料を求められた")
    approached = ingest(engine, settings, "company_approach", body, "company:test")
    result = worker.run_once()
    assert result.moved["detect"] == 3 and result.moved["search"] == 3
    assert result.moved["purchases"] == 1  # the purchase only
    assert result.moved["outreach"] == 1  # the approach only
    with engine.connect() as connection:
        states = dict(
            connection.execute(select(pipeline_queue.c.report_id, pipeline_queue.c.state)).all()
        )
    assert states[post] == states[bought] == states[approached] == "done"
    assert count(engine, signals, signals.c.report_id == post) == 1  # detect ran, once
    assert worker.run_once().total == 0


def test_a_pass_reads_the_desks_and_the_rules_in_force_once(
    engine: Engine, settings: Settings
) -> None:
    history(engine, settings, posts=8)
    worker = Worker(engine, settings, clock=FixedClock(NOW), hooks=(), name="test")
    worker.drain()
    seen: list[str] = []

    def record(_c: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()).upper())

    def run_once() -> PassResult:  # the worker's statements only (not the ingest's)
        event.listen(engine, "before_cursor_execute", record)
        try:
            return worker.run_once()
        finally:
            event.remove(engine, "before_cursor_execute", record)

    threat(engine, settings)
    assert run_once().moved["triage"] == 1
    assert run_once().total == 0
    threat(engine, settings, n=1001, handle="again")
    assert run_once().moved["route"] == 1  # the next pass reads them again
    # detect and triage recorded their rules, triage and route looked the desks up: once a
    # pass each, in the two passes that had work
    assert sum("FROM RULES_IN_FORCE" in s for s in seen) == 2
    assert sum(s == "SELECT DESKS.ID FROM DESKS" for s in seen) == 2


def test_the_bootstrap_linkage_run_stamps_by_the_workers_clock(
    engine: Engine, settings: Settings
) -> None:
    """The first resolve pass on a store without a model links the whole store once
    (``resolve_prepare``): its memberships and entities carry the worker's clock, as the
    live path's own do, not the wall clock (a mark compares them with the live path's)."""
    from kizashi.store.tables_resolve import entities, entity_members, resolve_runs

    history(engine, settings, posts=12)
    Worker(engine, settings, clock=FixedClock(NOW), hooks=(), name="test").drain()
    with engine.connect() as connection:
        linked = set(connection.execute(select(entity_members.c.linked_at)).scalars())
        made = set(connection.execute(select(entities.c.created_at)).scalars())
        runs = set(connection.execute(select(resolve_runs.c.started_at)).scalars())
    assert linked == made == runs == {NOW}
