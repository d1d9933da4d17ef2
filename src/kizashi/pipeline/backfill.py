"""``kizashi pipeline run --batch``: every stage's batch form, in the declared order.

For a store filled before the worker ran (a migration from files, a model change): each
stage runs over the whole store through its room's batch service (``--engine spark`` for
the rooms with a Spark path), then every report that was waiting when the run began is
marked done, since each stage has covered it. Reports ingested during the run stay queued
for the worker, which handles them incrementally (every stage is idempotent, so a report
both covered and queued is processed without changing anything).

On PostgreSQL the run ends with ``ANALYZE`` of the store's tables: after a bulk load the
planner's statistics still describe the empty store, and the live path's per-report lookups
(a report's mentions, an entity's members) then pick plans that cost tens of milliseconds
instead of one until autovacuum catches up (measured: 93 → 30 ms a report on a store of
100,000 just filled).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from kizashi.clock import Clock, system_clock
from kizashi.pipeline import queue
from kizashi.pipeline.stages import STAGES, StageContext
from kizashi.store import transaction


def run_backfill(
    engine: Engine,
    *,
    clock: Clock = system_clock,
    as_of: datetime | None = None,
    options: dict[str, Any] | None = None,
    progress: Callable[[str, dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Run each stage's batch form over the store; returns a summary per stage."""
    with engine.connect() as connection:
        waiting = queue.pending_seqs(connection)
    now = clock()
    context = StageContext(now=now, as_of=as_of or now, options=dict(options or {}))
    out: dict[str, Any] = {"stages": {}}
    for stage in STAGES:
        started = time.perf_counter()
        result = stage.backfill(engine, context)
        result["seconds"] = round(time.perf_counter() - started, 2)
        out["stages"][stage.name] = result
        if progress:
            progress(stage.name, result)
    with transaction(engine) as connection:
        queue.mark_done(connection, waiting, "backfill", clock())
    out["covered"] = len(waiting)
    if engine.dialect.name == "postgresql":
        analyze(engine)
    return out


def analyze(engine: Engine) -> None:
    """Fresh planner statistics for every table of the store (in its schema only)."""
    from kizashi.store.tables import metadata

    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            connection.exec_driver_sql(f'ANALYZE "{table.name}"')
        connection.commit()
