"""The worker on SQLite and PostgreSQL: a dated threat becomes an urgent, explained alert by
itself; re-running a stage changes nothing; a failing report is parked and the loop goes on;
lag is shown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, select, update

from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard.identity import sync_desks
from kizashi.pipeline import STAGES, Stage, StageContext, Worker, status
from kizashi.pipeline.queue import Item, failed, retry
from kizashi.search import reindex_all
from kizashi.store import (
    alert_events,
    alerts,
    pipeline_queue,
    risk_contributions,
    signals,
    transaction,
)
from kizashi.store.tables import material_labels
from kizashi.store.tables_search import search_docs
from tests.pipeline.helpers import NOW, THREAT, count, history, ingest, threat


@pytest.fixture
def worker(engine: Engine, settings: Settings) -> Worker:
    history(engine, settings)
    made = Worker(engine, settings, clock=FixedClock(NOW), hooks=(), name="test")
    assert made.drain().parked == 0
    return made


def test_a_dated_threat_opens_an_urgent_explained_alert_by_itself(
    engine: Engine, settings: Settings, worker: Worker
) -> None:
    report_id = threat(engine, settings)
    result = worker.drain()
    # every stage that applies to a post, once (purchases and outreach are for other channels)
    skipped = {"purchases", "outreach"}
    assert result.moved == {stage.name: int(stage.name not in skipped) for stage in STAGES}
    with engine.connect() as connection:
        [alert] = connection.execute(select(alerts)).all()
        label = connection.execute(
            select(material_labels.c.desk_id).where(material_labels.c.resource_id == report_id)
        ).scalar()
    urgent = alert.explanation["urgent"]
    assert alert.urgent == "urgent-threat-named-target" and alert.status == "new"
    assert alert.desk_id == "lone-offender" and label == "lone-offender"
    assert urgent["bypassed_threshold"] is True and urgent["report_id"] == report_id
    assert {m["condition"] for m in urgent["matched"]} == {
        "intent to harm",
        "a time, a place, a protected person or a public event",
    }
    assert "threshold" in urgent["explanation"] and alert.summary.startswith("URGENT")
    assert THREAT in alert.explanation["contributions"][0]["summary"]
    lag = status(engine, FixedClock(NOW))
    assert all(s["waiting"] == 0 and s["failed"] == 0 for s in lag["stages"])


def test_running_a_stage_again_on_a_report_changes_nothing(
    engine: Engine, settings: Settings, worker: Worker
) -> None:
    report_id = threat(engine, settings)
    worker.drain()
    tables = (signals, risk_contributions, alerts, alert_events, material_labels, search_docs)
    before = [count(engine, t) for t in tables]
    with engine.connect() as connection:  # the report's own search document, as first written
        document = connection.execute(
            select(search_docs.c.body).where(search_docs.c.ref_id == report_id)
        ).scalar_one()
    # As after a crash between a stage's work and ... (impossible: they commit together), or
    # an operator's retry: the whole pipeline runs again on the report.
    with transaction(engine) as connection:
        connection.execute(
            update(pipeline_queue)
            .where(pipeline_queue.c.report_id == report_id)
            .values(stage="detect", state="pending")
        )
    again_result = worker.drain()
    assert again_result.moved["triage"] == again_result.moved["search"] == 1
    assert again_result.failures == 0  # (a second document for the report would fail here)
    assert [count(engine, t) for t in tables] == before
    with engine.connect() as connection:  # written over (an upsert on PostgreSQL), not twice
        again = connection.execute(
            select(search_docs.c.body).where(search_docs.c.ref_id == report_id)
        ).scalar_one()
    assert again == document


def _failing_on(report_id: str) -> tuple[Stage, ...]:
    """The stages, with a triage that fails on one report (and works on the others)."""
    real = next(s for s in STAGES if s.name == "triage")

    def explode(connection: Connection, items: Sequence[Item], context: StageContext) -> Any:
        if any(i.report_id == report_id for i in items):
            raise ValueError(f"cannot read report {report_id}")
        return real.run(connection, items, context)

    broken = Stage("triage", (), (), explode, real.backfill)
    return tuple(broken if s.name == "triage" else s for s in STAGES)


def test_a_report_that_fails_a_stage_is_parked_and_the_others_go_on(
    engine: Engine, settings: Settings, worker: Worker
) -> None:
    bad = threat(engine, settings, n=2000, handle="bad")
    good = threat(engine, settings, n=2001, handle="good")
    faulty = Worker(
        engine, settings, clock=FixedClock(NOW), hooks=(), name="faulty", stages=_failing_on(bad)
    )
    result = faulty.drain()
    assert result.parked == 1
    with engine.connect() as connection:
        [letter] = failed(connection)
        query = select(pipeline_queue.c.report_id, pipeline_queue.c.state)
        states = {row.report_id: row.state for row in connection.execute(query)}
    assert letter["report_id"] == bad and letter["failed_stage"] == "triage"
    assert f"ValueError: cannot read report {bad}" in letter["error"]
    assert letter["attempts"] == settings.pipeline_max_attempts
    assert states[bad] == "failed" and states[good] == "done"
    assert status(engine, FixedClock(NOW))["failed"] == 1
    with transaction(engine) as connection:
        assert retry(connection) == 1
    assert worker.drain().moved["triage"] == 1  # fixed: the real stage takes it from triage on
    assert count(engine, pipeline_queue, pipeline_queue.c.state != "done") == 0
    assert count(engine, alerts) == 2


def test_lag_grows_while_nobody_works_and_nothing_is_dropped(
    engine: Engine, settings: Settings, worker: Worker
) -> None:
    for n in range(5):
        threat(engine, settings, n=3000 + n, handle=f"h{n}")
    lag = {s["stage"]: s for s in status(engine, FixedClock(NOW))["stages"]}
    assert [lag[s.name]["waiting"] for s in STAGES] == [5] * len(STAGES)
    assert lag["detect"]["oldest_waiting_seconds"] is not None
    assert worker.drain().moved["route"] == 5
    assert count(engine, alerts) == 5


def test_the_live_path_concludes_what_a_full_run_concludes(
    engine: Engine, settings: Settings
) -> None:
    """Half a small demo scenario (posts, purchases, partner reports, patrol notes, tips)
    through the worker, then the other half incrementally: a full triage run afterwards finds
    nothing to change — the live path re-scores fewer entities (only what new reports are
    about) and reads fewer reports (only those that can contribute), never differently."""
    from kizashi.demo.clock import PERIOD_END
    from kizashi.demo.scenario import build_scenario
    from kizashi.triage import run_triage

    with transaction(engine) as connection:
        sync_desks(connection)
    records = build_scenario(5, scale=0.01).records
    channels = ("sns_post", "purchase", "partner_report", "patrol_note", "public_tip")
    worker = Worker(
        engine, settings, clock=FixedClock(PERIOD_END), as_of=PERIOD_END, hooks=(), name="t"
    )
    for half in (0, 1):
        for channel in channels:
            rows = records[channel]
            ingest(engine, settings, channel, rows[half::2])
        assert worker.drain().parked == 0
    opened = count(engine, alerts)
    assert opened > 0 and count(engine, risk_contributions) > 0
    full = run_triage(engine, as_of=PERIOD_END, now=PERIOD_END, run_purchases=False)
    assert (full.contributions_inserted, full.contributions_updated) == (0, 0)
    assert full.contributions_deleted == 0
    assert set(full.alerts) <= {"unchanged"} and count(engine, alerts) == opened
    # The search stage followed the new members only; a rebuild from every member gives the
    # same documents (a document is matched line by line: the same lines, the same date).
    live = _entity_documents(engine)
    with transaction(engine) as connection:
        reindex_all(connection, now=PERIOD_END)
    assert live == _entity_documents(engine)


def _entity_documents(engine: Engine) -> dict[str, tuple[Any, ...]]:
    from kizashi.store.tables_search import search_docs

    with engine.connect() as connection:
        rows = connection.execute(
            select(
                search_docs.c.ref_id,
                search_docs.c.kind,
                search_docs.c.body,
                search_docs.c.occurred_at,
                search_docs.c.desk_id,
                search_docs.c.category,
            ).where(search_docs.c.kind != "report")
        )
        return {r.ref_id: (r.kind, frozenset(r.body.split("\n")), *r[3:]) for r in rows}


def test_a_worker_behind_takes_larger_claims_only_on_postgresql(
    engine: Engine, settings: Settings
) -> None:
    from kizashi.pipeline.worker import BACKLOG_GROWTH

    made = Worker(engine, settings.model_copy(update={"pipeline_batch_size": 8}), hooks=())
    grows = engine.dialect.name == "postgresql"
    assert made.next_limit(8, 8) == (16 if grows else 8)  # a full claim: more wait
    assert made.next_limit(16, 16) == (32 if grows else 8)
    most = 8 * BACKLOG_GROWTH
    assert made.next_limit(most, most) == (most if grows else 8)  # never beyond
    assert made.next_limit(32, 31) == 8  # caught up: the configured batch again
    assert made.next_limit(8, 0) == 8


def test_a_worker_lets_the_next_batch_gather_only_while_reports_trickle_in(
    engine: Engine, settings: Settings
) -> None:
    from kizashi.pipeline.worker import PassResult

    made = Worker(
        engine,
        settings.model_copy(update={"pipeline_batch_size": 8, "pipeline_gather_seconds": 0.5}),
        hooks=(),
    )
    first = STAGES[0].name
    trickle = PassResult(moved={first: 3}, seconds=0.125)
    assert made.gather_wait(trickle) == 0.375  # what is left of the gather since it began
    assert made.gather_wait(PassResult(moved={first: 3}, seconds=0.75)) == 0.0
    assert made.gather_wait(PassResult(moved={first: 8}, seconds=0.01)) == 0.0  # behind
    assert made.gather_wait(PassResult(moved={first: 0, "triage": 2}, seconds=0.0)) == 0.5
