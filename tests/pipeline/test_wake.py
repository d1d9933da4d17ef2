"""An in-process worker is woken by a report stored through its engine (`kizashi serve`: the
API's insert), not only by its poll; and a pass claims only at stages where work waits, so an
idle SQLite worker takes no write lock against the API's inserts."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import Engine, event, select, text, update

from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.pipeline import STAGES, Worker
from kizashi.pipeline.queue import claim, waiting_stages
from kizashi.pipeline.wake import LocalWake, PollWaiter
from kizashi.store import pipeline_queue, transaction
from kizashi.store.tables import reports
from tests.pipeline.helpers import NOW, history, threat

NAMES = [stage.name for stage in STAGES]


def test_a_report_stored_through_the_engine_wakes_the_worker_after_its_commit(
    sqlite_engine: Engine, sqlite_settings: Settings
) -> None:
    wake = LocalWake(sqlite_engine)
    try:
        with sqlite_engine.connect() as connection:  # a read wakes nobody
            connection.execute(select(reports.c.id)).all()
        assert not wake.event.is_set()
        threat(sqlite_engine, sqlite_settings)
        assert wake.event.is_set()
    finally:
        wake.close()


def test_an_insert_that_rolls_back_wakes_nobody(
    sqlite_engine: Engine, sqlite_settings: Settings
) -> None:
    history(sqlite_engine, sqlite_settings, posts=2)
    wake = LocalWake(sqlite_engine)
    try:
        with pytest.raises(RuntimeError), transaction(sqlite_engine) as connection:
            # Intake's insert as the database sees it (no row: the request fails anyway).
            connection.execute(text("INSERT INTO reports SELECT * FROM reports WHERE 0"))
            raise RuntimeError("the request failed after the insert")
        assert not wake.event.is_set()
    finally:
        wake.close()


def test_a_woken_waiter_returns_and_forgets_the_wake_up(sqlite_engine: Engine) -> None:
    wake = LocalWake(sqlite_engine)
    waiter = PollWaiter(threading.Event(), poll_seconds=60.0, wake=wake)
    wake.event.set()  # a report came while the worker was busy
    waiter.wait(60.0)  # returns at once: the wake-up is kept until the worker waits
    assert not wake.event.is_set()
    waiter.close()
    # Closed: the engine no longer tells it anything.
    assert not event.contains(sqlite_engine, "after_cursor_execute", wake._executed)


def test_waiting_stages_names_the_stages_where_reports_wait(
    engine: Engine, settings: Settings
) -> None:
    with engine.connect() as connection:
        assert waiting_stages(connection, NAMES) == set()
    first = threat(engine, settings, n=1, handle="a1")
    threat(engine, settings, n=2, handle="a2")
    with transaction(engine) as connection:
        connection.execute(
            update(pipeline_queue).where(pipeline_queue.c.report_id == first).values(stage="route")
        )
    with engine.connect() as connection:
        assert waiting_stages(connection, NAMES) == {"detect", "route"}


def _claims(engine: Engine) -> tuple[list[str], Any]:
    """The claims a worker makes: SQLite's write (it takes the store's write lock),
    PostgreSQL's row locks (FOR UPDATE SKIP LOCKED)."""
    seen: list[str] = []

    def record(_c: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        flat = " ".join(statement.split()).upper()
        if flat.startswith("UPDATE PIPELINE_QUEUE SET WORKER") or (
            "FROM PIPELINE_QUEUE" in flat and "SKIP LOCKED" in flat
        ):
            seen.append(flat)

    event.listen(engine, "before_cursor_execute", record)
    return seen, record


def test_an_idle_pass_claims_nothing_and_a_busy_one_claims_where_work_is(
    engine: Engine, settings: Settings
) -> None:
    history(engine, settings, posts=8)
    worker = Worker(engine, settings, clock=FixedClock(NOW), hooks=(), name="test")
    worker.drain()
    seen, record = _claims(engine)
    try:
        idle = worker.run_once()
        assert idle.total == 0 and seen == []  # no claim: no write lock, no row lock
        threat(engine, settings)
        busy = worker.run_once()
        # Carried from stage to stage within the one pass: every stage that applies to a
        # post ran on it, once; the purchases and outreach stages (other channels) were not
        # even claimed at.
        skipped = {"purchases", "outreach"}
        assert busy.moved == {name: int(name not in skipped) for name in NAMES}
        assert len(seen) == len(NAMES) - len(skipped)
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_claim_on_postgresql_writes_nothing_until_the_cursor_moves(
    engine: Engine, settings: Settings
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's claim is a write by design (it takes the store's write lock)")
    threat(engine, settings)
    with transaction(engine) as connection:
        [item] = claim(connection, "detect", 10, "w1")
        row = connection.execute(
            select(pipeline_queue.c.worker, pipeline_queue.c.stage).where(
                pipeline_queue.c.seq == item.seq
            )
        ).one()
        assert row.stage == "detect" and row.worker is None
        # Another worker skips the locked row.
        with engine.connect() as other, other.begin():
            assert claim(other, "detect", 10, "w2") == []
