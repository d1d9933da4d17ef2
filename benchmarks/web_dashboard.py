"""The dashboard's read of flagged signals, before and after migration 0024, on a kept store.

    PYTHONPATH=src:. nice .venv/bin/python benchmarks/web_dashboard.py \
        --store /tmp/kizashi-web-1m/sqlite-10000-1000000 [--runs 30]
    PYTHONPATH=src:. nice .venv/bin/python benchmarks/web_dashboard.py \
        --store /tmp/kizashi-web-pg/postgresql-10000-1000000 \
        --postgres-url postgresql+psycopg://root@127.0.0.1:5432/kz_bench_store_10000_1000000

The store is one that ``benchmarks/web.py --store`` seeded (``--store`` is its data
directory; on PostgreSQL with the URL of its database) (10,000 alerts and a million bulk
reports). ``flagged_signals`` of the default period (the last 30 days, Asia/Tokyo) is run
``--runs`` times in turn with the read as it was before 0024 (every flagged signal joined
to its report and windowed by the report's time), so the load of others weighs on both
alike; both must give the same rows. Prints p50/p95 ms of each, their ratio, the load
average and the plan of the new read (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on
PostgreSQL), alerts opened per day counted as before and now (``opened_per_day``), and the
time of ``latest_flagged`` (what an empty period reads: the newest signals first, and all of them). Only reads: the store is not changed (it must already be at 0024).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import percentile, say
from sqlalchemy import Connection, Engine, and_, case, event, func, select, text

from kizashi.config import load_settings
from kizashi.store import alerts, make_engine, reports, signals
from kizashi.store.tables import compartment_items, material_labels
from kizashi.web.dashboard import (
    LATEST_PROBE,
    day_bounds,
    days_between,
    flagged_signals,
    latest_flagged,
    opened_per_day,
    period_start,
)

TOKYO = ZoneInfo("Asia/Tokyo")


def as_before(connection: Connection, since: datetime, until: datetime) -> list[Any]:
    """``dashboard.flagged_signals`` as it was at migration 0023."""
    at = func.coalesce(reports.c.occurred_at, reports.c.received_at)
    held = select(compartment_items.c.ref).where(compartment_items.c.kind == "report")
    query = (
        select(
            signals.c.category,
            reports.c.channel,
            reports.c.handling_code,
            material_labels.c.desk_id,
            reports.c.occurred_at,
            reports.c.received_at,
        )
        .join(reports, reports.c.id == signals.c.report_id)
        .outerjoin(
            material_labels,
            and_(
                material_labels.c.resource_type == "report",
                material_labels.c.resource_id == reports.c.id,
            ),
        )
        .where(signals.c.flagged.is_(True), material_labels.c.case_id.is_(None))
        .where(reports.c.id.not_in(held), at >= since, at <= until)
    )
    return list(connection.execute(query))


def opened_as_before(connection: Connection, bounds: list[datetime]) -> dict[str, list[int]]:
    """``dashboard.opened_per_day`` as it was: one SUM(CASE) per day."""
    column = alerts.c.opened_at
    sums = [
        func.sum(case((and_(column >= start, column < end), 1), else_=0))
        for start, end in pairwise(bounds)
    ]
    query = (
        select(alerts.c.desk_id, *sums)
        .where(column >= bounds[0], column < bounds[-1])
        .group_by(alerts.c.desk_id)
    )
    return {str(row[0]): [int(n or 0) for n in row[1:]] for row in connection.execute(query)}


def plan(engine: Engine, since: datetime, until: datetime) -> list[str]:
    """The backend's plan of the new read, with these bounds."""
    captured: list[Any] = []
    with engine.connect() as connection:

        def grab(_c: Any, _cur: Any, statement: str, parameters: Any, *_: Any) -> None:
            captured.append((statement, parameters))

        event.listen(connection, "before_cursor_execute", grab)
        flagged_signals(connection, since, until)
        event.remove(connection, "before_cursor_execute", grab)
        statement, parameters = captured[-1]
        raw = connection.connection.driver_connection
        assert raw is not None
        cursor = raw.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            return [str(row[-1]) for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", parameters)
        return [str(row[0]) for row in cursor.fetchall()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a kept store's data directory")
    parser.add_argument("--postgres-url", help="its PostgreSQL database (default: SQLite)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--period", default="30d")
    args = parser.parse_args()
    settings = load_settings(data_dir=args.store, database_url=args.postgres_url)
    engine = make_engine(settings)
    now = datetime.now(UTC)
    since = period_start(args.period, now, TOKYO)
    with engine.connect() as connection:
        total = connection.execute(text("SELECT count(*) FROM reports")).scalar_one()
        flagged = connection.execute(
            select(func.count()).select_from(signals).where(signals.c.flagged.is_(True))
        ).scalar_one()
    say(f"{engine.dialect.name}: {total:,} reports, {flagged:,} flagged signals")
    new_ms: list[float] = []
    old_ms: list[float] = []
    rows = 0
    for n in range(args.runs + 3):  # three warm-ups of each
        with engine.connect() as connection:
            start = time.perf_counter()
            new = flagged_signals(connection, since, now)
            took_new = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            old = as_before(connection, since, now)
            took_old = (time.perf_counter() - start) * 1000
        if sorted(r.at for r in new) != sorted(r.occurred_at or r.received_at for r in old):
            raise SystemExit("the new read and the old one disagree")
        rows = len(new)
        if n >= 3:
            new_ms.append(took_new)
            old_ms.append(took_old)
    new_ms.sort()
    old_ms.sort()
    one, five, fifteen = os.getloadavg()
    say(f"{args.period} window: {rows:,} flagged signals; {args.runs} runs each, interleaved")
    say(
        f"  before 0024 (join, report time): p50 {percentile(old_ms, 50):7.1f}  p95 {percentile(old_ms, 95):7.1f} ms"
    )
    say(
        f"  after (signals.report_at):       p50 {percentile(new_ms, 50):7.1f}  p95 {percentile(new_ms, 95):7.1f} ms"
    )
    say(f"  ratio p50 before / after: {percentile(old_ms, 50) / percentile(new_ms, 50):.1f}")
    say(f"  load average {one:.1f} / {five:.1f} / {fifteen:.1f}")
    bounds = day_bounds(days_between(since, now, TOKYO), TOKYO)
    per_day_new: list[float] = []
    per_day_old: list[float] = []
    for _ in range(args.runs):
        with engine.connect() as connection:
            start = time.perf_counter()
            counted = opened_per_day(connection, bounds)
            per_day_new.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            if opened_as_before(connection, bounds) != counted:
                raise SystemExit("alerts opened per day: the new count and the old one disagree")
            per_day_old.append((time.perf_counter() - start) * 1000)
    per_day_new.sort()
    per_day_old.sort()
    say(
        f"  alerts opened per day: one SUM(CASE) per day p50 {percentile(per_day_old, 50):.1f} ms, "
        f"one CASE per alert p50 {percentile(per_day_new, 50):.1f} ms"
    )
    # An empty period's "no data" note: the newest flagged signal per group, first among the
    # newest LATEST_PROBE flagged signals (down the index), and over all of them (what the
    # page reads only when the user may count none of the first), in turn.
    probed, everything = [], []
    for _ in range(max(5, args.runs // 3)):
        with engine.connect() as connection:
            start = time.perf_counter()
            probe = latest_flagged(connection, now, limit=LATEST_PROBE)
            probed.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            full = latest_flagged(connection, now)
            everything.append((time.perf_counter() - start) * 1000)
        newest = {(r.channel, r.handling_code, r.desk): r.at for r in full.rows}
        if any(newest.get((r.channel, r.handling_code, r.desk)) != r.at for r in probe.rows):
            raise SystemExit("latest_flagged: a group's newest signal differs in the probe")
    probed.sort()
    everything.sort()
    say(
        f"  latest_flagged (empty period only): newest {LATEST_PROBE:,} first p50 "
        f"{percentile(probed, 50):.1f} / p95 {percentile(probed, 95):.1f} ms "
        f"({len(probe.rows)} groups, complete: {probe.complete}); every flagged signal p50 "
        f"{percentile(everything, 50):.1f} / p95 {percentile(everything, 95):.1f} ms "
        f"({len(full.rows)} groups)"
    )
    say("plan of the new read:")
    for line in plan(engine, since, now):
        say(f"  {line}")
    engine.dispose()


if __name__ == "__main__":
    main()
