"""On PostgreSQL the live linker locks its blocking keys and components, not the store: a
second worker (or a judgement) elsewhere goes on; a batch run still waits for it."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, select, text

from kizashi.resolve import link_reports, resolve_store
from kizashi.store.tables_resolve import resolve_keys, resolve_records
from tests.resolve.partitions import forget_links


def _try(connection: Connection, name: str, *, shared: bool = False) -> bool:
    function = "pg_try_advisory_xact_lock_shared" if shared else "pg_try_advisory_xact_lock"
    return bool(
        connection.execute(
            text(f"SELECT {function}(hashtextextended(:n, 0))"), {"n": name}
        ).scalar()
    )


def _schema_lock(connection: Connection, *, shared: bool) -> bool:
    function = "pg_try_advisory_xact_lock_shared" if shared else "pg_try_advisory_xact_lock"
    query = f"SELECT {function}(hashtext('kizashi.resolve:' || current_schema()))"
    return bool(connection.execute(text(query)).scalar())


def test_a_live_batch_locks_its_keys_and_components_only(
    mixed_store: Engine, now: datetime
) -> None:
    if mixed_store.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers by itself")
    resolve_store(mixed_store)
    ids = forget_links(mixed_store, shuffle=False)
    with mixed_store.begin() as connection:
        link_reports(connection, ids[:-2], now=now)
    with mixed_store.connect() as first, mixed_store.connect() as second, first.begin():
        link_reports(first, ids[-2:], now=now)
        rows = first.execute(
            select(resolve_keys.c.key, resolve_records.c.component)
            .join(resolve_records, resolve_records.c.id == resolve_keys.c.record_id)
            .where(resolve_records.c.report_id.in_(ids[-2:]))
        ).all()
        assert rows
        # A component that holds records of other reports (one the batch joined); a new
        # record's own component is named after it and nobody else can reach it.
        joined = set(
            first.execute(
                select(resolve_records.c.component).where(
                    resolve_records.c.component.in_({c for _, c in rows}),
                    resolve_records.c.report_id.not_in(ids[-2:]),
                )
            ).scalars()
        )
        assert joined
        schema = str(first.execute(text("SELECT current_schema()")).scalar())
        with second.begin():
            assert _schema_lock(second, shared=True)  # another live batch goes on
            assert not _schema_lock(second, shared=False)  # a batch run waits
            for key, _ in rows:
                assert not _try(second, f"kizashi.resolve.key:{schema}:{key}")
            for component in joined:
                assert not _try(second, f"kizashi.resolve.component:{schema}:{component}")
            assert _try(second, f"kizashi.resolve.key:{schema}:no such key")
            assert _try(second, f"kizashi.resolve.component:{schema}:no such component")


def _store_lock_waiters(engine: Engine) -> int:
    """Sessions waiting for this schema's resolve lock (an advisory lock on a bigint key is
    listed as its high and low 32 bits)."""
    with engine.connect() as connection:
        return int(
            connection.execute(
                text(
                    "WITH k AS (SELECT hashtext('kizashi.resolve:' || current_schema())::bigint"
                    " AS v) SELECT count(*) FROM pg_locks, k WHERE locktype = 'advisory'"
                    " AND NOT granted AND classid::bigint = (k.v >> 32) & 4294967295"
                    " AND objid::bigint = k.v & 4294967295 AND objsubid = 1"
                )
            ).scalar_one()
        )


def test_a_batch_run_waits_for_a_live_batch_and_holds_the_store_until_it_ends(
    mixed_store: Engine,
) -> None:
    """Before: a batch run read the store, linked, then deleted and rewrote every table with
    no lock, so a record a worker linked in between was lost."""
    if mixed_store.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers by itself")
    resolve_store(mixed_store)
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["summary"] = resolve_store(mixed_store)
        except BaseException as error:  # reported below, in the test's thread
            outcome["error"] = error

    batch = threading.Thread(target=run)
    with mixed_store.connect() as live:
        live.begin()
        assert _schema_lock(live, shared=True)  # a live batch in flight
        batch.start()
        for _ in range(3000):  # until the run is seen waiting (bounded, not timed)
            if _store_lock_waiters(mixed_store) or not batch.is_alive():
                break
            time.sleep(0.01)
        assert batch.is_alive() and _store_lock_waiters(mixed_store) == 1
        live.rollback()
    batch.join(timeout=600)
    assert not batch.is_alive() and "error" not in outcome
    assert outcome["summary"].records > 0
    with mixed_store.connect() as second, second.begin():
        assert _schema_lock(second, shared=False)  # let go when the run ended


def test_a_failed_batch_run_lets_go_of_the_store(mixed_store: Engine) -> None:
    if mixed_store.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers by itself")
    with pytest.raises(ValueError):
        resolve_store(mixed_store, link_engine="no such engine")
    with mixed_store.connect() as second, second.begin():
        assert _schema_lock(second, shared=False)


def test_a_guessed_first_read_is_still_confirmed_under_the_locks(mixed_store: Engine) -> None:
    """The live batch passes the components it read before any component lock as a guess:
    they are locked without reading them again, but the answer always comes from a read
    made with everything in it locked — even when the guess was empty or stale."""
    if mixed_store.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers by itself")
    from kizashi.resolve.locks import lock_components

    answers = [{"c-1", "c-2"}, {"c-1", "c-2"}]  # the store as read under the locks
    calls: list[int] = []

    def current() -> set[str]:
        calls.append(len(calls))
        return answers[len(calls) - 1]

    with mixed_store.connect() as first, mixed_store.connect() as second, first.begin():
        # a stale guess (c-2 moved in meanwhile): locked, read, c-2 locked, read again
        assert lock_components(first, current, {"c-1"}) == {"c-1", "c-2"}
        assert len(calls) == 2
        with second.begin():
            schema = second.execute(text("SELECT current_schema()")).scalar()
            for name in ("c-1", "c-2"):
                assert not _try(second, f"kizashi.resolve.component:{schema}:{name}")
    calls.clear()
    answers[:] = [{"c-3"}, {"c-3"}]
    with mixed_store.connect() as first, first.begin():
        # an empty guess still reads once, and locks what that read found
        assert lock_components(first, current, set()) == {"c-3"}
        assert len(calls) == 2
    calls.clear()
    answers[:] = [set()]
    with mixed_store.connect() as first, first.begin():
        assert lock_components(first, current, set()) == set()
        assert len(calls) == 1  # nothing locked, nothing found: one read confirms it
