"""The live linker's merged reads and locks (issue 12, twelfth run) answer what the separate
statements answered: the term frequencies read up front, the reports already linked found
in the read of their mentions, the store's lock taken before the keys in one statement."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event, func, select, text

from kizashi.resolve import link_reports, resolve_store
from kizashi.resolve.locks import lock_shared_and_keys
from kizashi.resolve.repository import read_reports
from kizashi.resolve.store_model import frequency_lookup, latest_model
from kizashi.store.tables_resolve import entity_members, resolve_records, resolve_term_frequencies
from tests.resolve.partitions import forget_links


def _counting(engine: Engine) -> list[str]:
    sent: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    return sent


def test_frequencies_read_up_front_answer_as_one_by_one(mixed_store: Engine) -> None:
    resolve_store(mixed_store)
    with mixed_store.connect() as connection:
        _run, model = latest_model(connection)
        assert not model.tf  # the live path's model: frequencies stay in the store
        stored = connection.execute(
            select(
                resolve_term_frequencies.c.column,
                resolve_term_frequencies.c.value,
                resolve_term_frequencies.c.frequency,
            ).limit(6)
        ).all()
        assert stored
        asked = [(str(r.column), str(r.value)) for r in stored]
        asked += [(asked[0][0], "no such value"), ("no such column", asked[0][1])]
        one_by_one = frequency_lookup(connection, model)
        expected = {pair: one_by_one(*pair) for pair in asked}
        assert expected[asked[0]] == pytest.approx(float(stored[0].frequency))
        assert expected[(asked[0][0], "no such value")] is None
        sent = _counting(mixed_store)
        up_front = frequency_lookup(connection, model, asked)
        assert len(sent) == 1  # every pair in one statement
        assert {pair: up_front(*pair) for pair in asked} == expected
        assert len(sent) == 1  # and answered from memory
        up_front(asked[0][0], "asked later")
        assert len(sent) == 2  # a pair not asked for is read when it is asked


def test_reports_linked_already_are_found_in_the_read_of_their_mentions(
    mixed_store: Engine, now: datetime
) -> None:
    resolve_store(mixed_store)
    with mixed_store.connect() as connection:
        members = select(entity_members.c.report_id).distinct()
        linked_before = set(connection.execute(members).scalars())
        everything = [
            str(r) for r in connection.execute(select(resolve_records.c.report_id)).scalars()
        ]
    ids = sorted(set(everything))
    assert linked_before and set(ids) <= linked_before
    with mixed_store.connect() as connection:
        found: set[str] = set()
        assert list(read_reports(connection, ids, linked=found)) == []
        assert found == set(ids)
    forgotten = forget_links(mixed_store, shuffle=False)
    with mixed_store.begin() as connection:
        link_reports(connection, forgotten[:5], now=now)
    with mixed_store.connect() as connection:
        found = set()
        read = list(read_reports(connection, forgotten[:8], linked=found))
        assert found == set(forgotten[:5]) & _with_members(connection, forgotten[:5])
        assert {r.report_id for records, _ in read for r in records} <= set(forgotten[5:8])
    stats: dict[str, int] = {}
    with mixed_store.begin() as connection:
        rows = _rows(connection)
        results = link_reports(connection, forgotten[:5], now=now, stats=stats, skip_linked=True)
        assert results == [] and stats["already"] == len(found)
        assert _rows(connection) == rows  # nothing written for them


def _with_members(connection: Connection, report_ids: list[str]) -> set[str]:
    query = select(entity_members.c.report_id).where(entity_members.c.report_id.in_(report_ids))
    return {str(r) for r in connection.execute(query).scalars()}


def _rows(connection: Connection) -> tuple[int, int]:
    return (
        connection.execute(select(func.count()).select_from(entity_members)).scalar_one(),
        connection.execute(select(func.count()).select_from(resolve_records)).scalar_one(),
    )


def test_the_store_lock_is_taken_before_any_key(mixed_store: Engine) -> None:
    """While a batch run holds the store alone, a live batch waits for it holding no key:
    taken in the other order, two workers and a waiting run could deadlock."""
    if mixed_store.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers by itself")
    outcome: dict[str, Any] = {}

    def live() -> None:
        try:
            with mixed_store.connect() as connection, connection.begin():
                lock_shared_and_keys(connection, ["k-2", "k-1"])
                outcome["locked"] = True
        except BaseException as error:  # reported below, in the test's thread
            outcome["error"] = error

    with mixed_store.connect() as run, mixed_store.connect() as probe:
        run.begin()
        schema = str(run.execute(text("SELECT current_schema()")).scalar())
        store = "SELECT pg_advisory_xact_lock(hashtext('kizashi.resolve:' || current_schema()))"
        run.execute(text(store))
        worker = threading.Thread(target=live)
        worker.start()
        for _ in range(3000):  # until the live batch is seen waiting (bounded, not timed)
            if _waiting(probe) or not worker.is_alive():
                break
            time.sleep(0.01)
        assert worker.is_alive() and _waiting(probe) == 1
        with probe.begin():  # the keys are free while it waits
            for key in ("k-1", "k-2"):
                name = f"kizashi.resolve.key:{schema}:{key}"
                assert probe.execute(
                    text("SELECT pg_try_advisory_xact_lock(hashtextextended(:n, 0))"), {"n": name}
                ).scalar()
        run.rollback()
        worker.join(timeout=60)
    assert not worker.is_alive() and outcome == {"locked": True}


def _waiting(connection: Connection) -> int:
    """Sessions waiting for this schema's store lock (its bigint key as two 32-bit halves)."""
    with connection.begin():
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
