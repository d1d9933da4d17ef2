"""The live stages read what their new reports touch through an index, never a whole table.

Every statement a stage runs on a few new reports is captured with its parameters and
explained by SQLite (``EXPLAIN QUERY PLAN``, on a store without statistics, as a new store
is): no plan may scan a table that grows with the store, nor search the reports by their
channel alone (``channel = ?`` beside ``id IN (…)`` made SQLite walk every purchase in the
store for each batch: the purchases stage's cost grew 4.4x from 20k to 400k reports).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from sqlalchemy import Engine, event

from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.pipeline import STAGES, Worker
from kizashi.purchases.service import purchase_rules_for_reports
from tests.outreach.world import approach, ingest
from tests.pipeline.helpers import NOW, buyers, history, threat

# Tables that grow with the store (a scan of a small table of desks or rules is fine).
GROWING = (
    "reports",
    "report_payloads",
    "mentions",
    "signals",
    "entities",
    "entity_members",
    "resolve_records",
    "resolve_edges",
    "resolve_keys",
    "resolve_mentions",
    "purchase_firings",
    "risk_contributions",
    "alerts",
    "pipeline_queue",
    "material_labels",
    "search_docs",
)


@contextmanager
def statements(engine: Engine) -> Iterator[list[tuple[str, Sequence[Any]]]]:
    """Every SELECT, UPDATE and DELETE run through ``engine`` meanwhile, with its parameters."""
    seen: list[tuple[str, Sequence[Any]]] = []

    def record(conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: bool) -> None:
        if not many and sql.lstrip().split(None, 1)[0].upper() in {"SELECT", "UPDATE", "DELETE"}:
            seen.append((sql, tuple(params or ())))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def whole_table_reads(engine: Engine, seen: list[tuple[str, Sequence[Any]]]) -> list[str]:
    """The plans among ``seen`` that scan a growing table or search reports by channel."""
    bad = []
    with engine.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for sql, params in seen:
            for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall():
                detail = str(row[-1])
                words = detail.split()
                scans = words[:1] == ["SCAN"] and words[1] in GROWING
                if scans or "ix_reports_channel_received (channel=?)" in detail:
                    bad.append(f"{detail}  <-  {' '.join(sql.split())[:160]}")
    return bad


def test_the_purchases_stage_reads_its_buyers_reports_by_index(
    sqlite_engine: Engine, sqlite_settings: Settings
) -> None:
    history(sqlite_engine, sqlite_settings)
    buyers(sqlite_engine, sqlite_settings, 0, 30)
    worker = Worker(sqlite_engine, sqlite_settings, clock=FixedClock(NOW), hooks=(), name="t")
    assert worker.drain().parked == 0
    new = buyers(sqlite_engine, sqlite_settings, 100, 3)
    assert worker.drain().parked == 0
    with statements(sqlite_engine) as seen, sqlite_engine.begin() as connection:
        _, touched = purchase_rules_for_reports(connection, new, now=NOW)
    assert touched and seen
    assert whole_table_reads(sqlite_engine, seen) == []


def test_every_live_stage_reads_by_index(sqlite_engine: Engine, sqlite_settings: Settings) -> None:
    history(sqlite_engine, sqlite_settings)
    buyers(sqlite_engine, sqlite_settings, 0, 30)
    worker = Worker(sqlite_engine, sqlite_settings, clock=FixedClock(NOW), hooks=(), name="t")
    assert worker.drain().parked == 0
    buyers(sqlite_engine, sqlite_settings, 100, 3)
    threat(sqlite_engine, sqlite_settings)
    # an approach report: the outreach stage runs only on its channels
    body = approach("KM-2026-001", "テスト工業", "materials", "食事に誘われ、技術資料を求められた")
    ingest(sqlite_engine, sqlite_settings, "company_approach", body, "company:test")
    by_stage: dict[str, list[tuple[str, Sequence[Any]]]] = {}

    def capture(stage: Any) -> Any:
        def run(connection: Any, items: Any, context: Any) -> dict[str, Any]:
            with statements(sqlite_engine) as seen:
                out: dict[str, Any] = stage.run(connection, items, context)
            by_stage.setdefault(stage.name, []).extend(seen)
            return out

        return replace(stage, run=run)

    stages = tuple(capture(s) for s in STAGES)
    live = Worker(
        sqlite_engine, sqlite_settings, clock=FixedClock(NOW), hooks=(), name="t", stages=stages
    )
    assert live.drain().parked == 0
    assert set(by_stage) == {s.name for s in STAGES}
    found = {name: whole_table_reads(sqlite_engine, seen) for name, seen in by_stage.items()}
    assert found == {s.name: [] for s in STAGES}
