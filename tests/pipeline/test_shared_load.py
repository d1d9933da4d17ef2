"""Two workers on PostgreSQL share the queue (FOR UPDATE SKIP LOCKED): each report goes
through each stage exactly once, and both workers take part. Also: a listening worker wakes
on the store's own NOTIFY channel."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select, text

from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.pipeline import STAGES, Worker
from kizashi.pipeline.wake import ListenWaiter, notify_channel
from kizashi.store import alert_events, alerts, make_engine, pipeline_queue, signals
from tests.pipeline.helpers import NOW, THREAT, history, ingest, post

pytestmark = pytest.mark.postgres

REPORTS = 120


@pytest.fixture
def settings(postgres_schema_url: str, tmp_path: object) -> Settings:
    from kizashi.config import load_settings

    return load_settings(
        data_dir=f"{tmp_path}/data", database_url=postgres_schema_url, pipeline_batch_size=8
    )


def test_two_workers_share_the_load_and_each_report_is_processed_once(
    engine: Engine, settings: Settings
) -> None:
    history(engine, settings)
    Worker(engine, settings, clock=FixedClock(NOW), hooks=(), name="warm-up").drain()
    texts = ("来週の日曜、駅前の演説会で候補者を56すから覚悟しとけ", "今日も平和な一日")
    ingest(
        engine,
        settings,
        "sns_post",
        [
            post(5000 + n, f"acct{n}", texts[n % 2], NOW - timedelta(minutes=n))
            for n in range(REPORTS)
        ],
    )
    engines = [make_engine(settings) for _ in range(2)]
    moved: dict[str, dict[str, int]] = {}
    barrier = threading.Barrier(2)

    def work(name: str, store: Engine) -> None:
        worker = Worker(store, settings, clock=FixedClock(NOW), hooks=(), name=name)
        barrier.wait()
        totals: dict[str, int] = {}
        while True:
            result = worker.run_once()
            for stage, n in result.moved.items():
                totals[stage] = totals.get(stage, 0) + n
            if result.total == 0:
                break
        moved[name] = totals

    threads = [
        threading.Thread(target=work, args=(f"w{i}", store)) for i, store in enumerate(engines)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    for store in engines:
        store.dispose()
    for stage in STAGES:  # every report through every stage that applies to a post, once
        applies = stage.applies is None or stage.applies("sns_post")
        assert moved["w0"][stage.name] + moved["w1"][stage.name] == REPORTS * applies, stage.name
    assert moved["w0"]["detect"] > 0 and moved["w1"]["detect"] > 0
    with engine.connect() as connection:
        states = dict(
            connection.execute(
                select(pipeline_queue.c.state, func.count()).group_by(pipeline_queue.c.state)
            ).all()
        )
        per_report = connection.execute(
            select(func.count()).select_from(signals).group_by(signals.c.report_id)
        ).scalars()
        opened = connection.execute(
            select(func.count()).select_from(alert_events).where(alert_events.c.action == "opened")
        ).scalar_one()
        alert_count = connection.execute(select(func.count()).select_from(alerts)).scalar_one()
    assert states == {"done": 40 + REPORTS}
    assert set(per_report) == {1}
    assert alert_count == REPORTS // 2 == opened  # one per threatening account, opened once


def test_a_listening_worker_wakes_on_its_own_store_channel(
    engine: Engine, settings: Settings
) -> None:
    stop = threading.Event()
    waiter = ListenWaiter(engine, stop, fallback_seconds=30)
    try:
        assert waiter.channel == notify_channel(engine)
        assert waiter.channel.startswith("kizashi_reports_kz_test_")
        woke = threading.Event()

        def wait() -> None:
            waiter.wait(30)
            woke.set()

        thread = threading.Thread(target=wait)
        thread.start()
        ingest(engine, settings, "sns_post", [post(1, "someone", "こんにちは", NOW)])
        assert woke.wait(10), "no NOTIFY on the store's channel"
        thread.join(5)
    finally:
        stop.set()
        waiter.close()


def test_the_trigger_notifies_only_while_a_worker_waits(engine: Engine, settings: Settings) -> None:
    """A notifying commit takes a database-wide lock until its commit record is flushed
    (PostgreSQL serialises them): the trigger notifies only while some worker's row in
    ``pipeline_listeners`` says it waits (migration 0026), and a waiter deletes its row
    when it wakes."""
    import psycopg
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    url = make_url(engine.url.render_as_string(hide_password=False)).set(drivername="postgresql")
    channel = notify_channel(engine)
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as listen:
        listen.execute(f'LISTEN "{channel}"')
        ingest(engine, settings, "sns_post", [post(1, "someone", "こんにちは", NOW)])
        assert not list(listen.notifies(timeout=0.5, stop_after=1))  # nobody waits: no NOTIFY
        Worker(engine, settings, clock=FixedClock(NOW), hooks=(), name="drain").drain()
        stop = threading.Event()
        waiter = ListenWaiter(engine, stop, fallback_seconds=30, name="waiting-worker")
        woke = threading.Event()
        thread = threading.Thread(target=lambda: (waiter.wait(30), woke.set()))
        try:
            thread.start()
            deadline = threading.Event()
            while not deadline.wait(0.05):  # the waiter has written its row
                with engine.connect() as connection:
                    if connection.execute(text("SELECT count(*) FROM pipeline_listeners")).scalar():
                        break
            ingest(engine, settings, "sns_post", [post(2, "someone", "こんばんは", NOW)])
            assert list(listen.notifies(timeout=10, stop_after=1))  # a worker waits: NOTIFY
            assert woke.wait(10)
            thread.join(5)
        finally:
            stop.set()
            waiter.close()
    with engine.connect() as connection:
        assert not connection.execute(text("SELECT count(*) FROM pipeline_listeners")).scalar()


def test_two_workers_re_scoring_one_entity_take_turns(engine: Engine, settings: Settings) -> None:
    """Two workers' triage stages reaching one entity (an account posting again) re-score it
    one after the other: the second waits for the first's commit, then reads what it wrote.
    Without triage's per-entity lock (live19) the second deleted the entity's old mark, which
    the first had replaced, and collided with the new one (a unique violation failing its
    whole batch into report-by-report runs)."""
    import time

    from kizashi.store import transaction
    from kizashi.triage import triage_reports

    history(engine, settings)
    worker = Worker(engine, settings, clock=FixedClock(NOW), hooks=(), name="w")
    worker.drain()
    [report_id] = ingest(
        engine, settings, "sns_post", [post(6000, "user1", THREAT, NOW - timedelta(minutes=1))]
    )
    worker.drain()  # the account's entity is scored and marked
    first = engine.connect()
    first.begin()
    assert triage_reports(first, [report_id], now=NOW).entities_scored > 0  # not committed
    failures: list[BaseException] = []

    def second() -> None:
        try:
            with transaction(engine) as connection:
                triage_reports(connection, [report_id], now=NOW)
        except BaseException as exc:  # reported below
            failures.append(exc)

    thread = threading.Thread(target=second)
    thread.start()
    with engine.connect() as watch:  # until the second is waiting on a lock the first holds
        for _ in range(600):
            waiting = watch.execute(
                select(func.count()).select_from(text("pg_locks")).where(text("NOT granted"))
            ).scalar()
            watch.rollback()
            if waiting or not thread.is_alive():
                break
            time.sleep(0.05)
    first.commit()
    first.close()
    thread.join(timeout=60)
    assert not thread.is_alive() and failures == []
