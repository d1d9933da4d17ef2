"""Bulk seeding of a large store for the benchmarks: a million reports in minutes, not hours.

The product's own intake runs at ~3,000 reports/s on this VM (docs/benchmarks.md), so a
million reports through the pipeline would take most of an hour before anything is measured.
This module writes them the way the product leaves them, faster, and nothing here is used
by the product:

- every row is made by intake's own ``Preparer`` (validation, grading, natural key, free
  text, mentions) and written by intake's own bulk writer (``intake.bulk.insert_batch``:
  ``reports``, ``mentions`` and ``report_payloads`` sealed under one key per batch), so the
  rows are exactly intake's; the trigger on ``reports`` queues each one in
  ``pipeline_queue`` and the batch is then marked done there, as the worker leaves it;
- each report with free text gets the detector's ``signals`` row (a score, its top
  category, ``flagged`` for about 3 in 100, as a calibrated detector over ordinary posts
  would), written straight, not scored (the scanner is the slow part);
- each report gets its search document from the search room's own ``body`` (folded text,
  mentions, names with readings) and writer (``search.index._write``: ``search_docs`` and,
  on SQLite, the FTS5 trigram table), as the pipeline's ``search`` stage writes it.

What it leaves out: the reports are not resolved into entities (no ``entity_members`` for
them; the web benchmark's entities come from tests/web/seeding.py) and not routed (posts and
purchases match no routing rule, as in the shipped ``report_routing.yaml``).

The mix is seven posts for three purchase records (``_common.MIX``), spread evenly over the
``days`` before ``now``. A few reports are planted for the search benchmark: one post by
the phone ``090-4321-0042`` and about ten purchases by 山田 太郎 (every 100,000th row).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from _common import MAKERS, SOURCES, split_rows
from sqlalchemy import Connection, Engine, func, select, text, update

from kizashi.detect.store import NOT_FREE_TEXT
from kizashi.ids import new_ids
from kizashi.intake.bulk import insert_batch
from kizashi.intake.prepare import PreparedReport, Preparer
from kizashi.intake.readers import RawRow
from kizashi.intake.repository import add_counts, finish_run, start_run
from kizashi.search.index import _write
from kizashi.search.terms import body
from kizashi.store import reports, signals
from kizashi.store.tables_pipeline import pipeline_queue

CATEGORIES = ("threat", "recruitment", "weapon", "activity")
PLANTED_PHONE = "090-4321-0042"
PLANTED_NAME = "山田 太郎"
PLANTED_EVERY = 100_000
FLAGGED_PER_HUNDRED = 3


@dataclass
class Filled:
    reports: int = 0
    mentions: int = 0
    signals: int = 0
    docs: int = 0
    seconds: float = 0.0


def _rows(channel: str, count: int, now: datetime, days: int, seed: int) -> Iterator[RawRow]:
    """``count`` rows of ``channel``, their times spread evenly over the ``days`` before now."""
    rng = random.Random(f"{seed}:{channel}")
    make = MAKERS[channel]
    start = now - timedelta(days=days)
    step = timedelta(days=days) / max(count, 1)
    field = "posted_at" if channel == "sns_post" else "purchased_at"
    for i in range(count):
        record = make(i, rng, start)
        record[field] = (start + step * i).isoformat()
        if channel == "sns_post" and i == 4242:
            record["text"] += f" 連絡は {PLANTED_PHONE} まで"
        if channel == "purchase" and i % PLANTED_EVERY == 42:
            record["buyer_name"], record["buyer_name_kana"] = PLANTED_NAME, "ヤマダ タロウ"
        record["received_at"] = record[field]  # received when it happened (a live feed)
        raw = orjson.dumps(record).decode()
        yield RawRow(i + 1, i + 1, raw, record, None)


def _signal_rows(stored: list[PreparedReport], rng: random.Random, now: datetime) -> list[Any]:
    rows = []
    for r in stored:
        if not r.text or r.channel in NOT_FREE_TEXT:
            continue  # the detector scores free text only (not a purchase's item line)
        category = rng.choice(CATEGORIES)
        flagged = rng.randrange(100) < FLAGGED_PER_HUNDRED
        score = round(rng.uniform(0.5, 0.99) if flagged else rng.uniform(0.0, 0.49), 4)
        rows.append(
            {
                "id": None,
                "report_id": r.id,
                "detector": "text",
                "model_version": "bench-bulk-1",
                "category": category,
                "score": score,
                "scores": {category: score},
                "flagged": flagged,
                "evidence": [],
                "protected": [],
                "created_at": r.received_at,
                "report_at": r.occurred_at or r.received_at,
            }
        )
    for row, signal_id in zip(rows, new_ids(len(rows)), strict=True):
        row["id"] = signal_id
    return rows


def _docs(stored: list[PreparedReport], now: datetime) -> list[dict[str, Any]]:
    # As search.index._report_docs makes them: the text, then every mention (kind, value).
    return [
        {
            "kind": "report",
            "ref_id": r.id,
            "channel": r.channel,
            "desk_id": None,
            "category": None,
            "occurred_at": r.occurred_at or r.received_at,
            "body": body([("text", r.text), *((m.kind, m.value) for m in r.mentions)]),
            "indexed_at": now,
        }
        for r in stored
    ]


def _batch(
    connection: Connection,
    channel: str,
    prepared: list[PreparedReport],
    rng: random.Random,
    now: datetime,
    filled: Filled,
) -> None:
    for r, report_id in zip(prepared, new_ids(len(prepared)), strict=True):
        r.id = report_id
    run_id = start_run(connection, channel, "bench:bulk")
    insert_batch(connection, prepared, run_id, None, None)
    add_counts(connection, run_id, rows_read=len(prepared), rows_stored=len(prepared))
    finish_run(connection, run_id, "completed")
    rows = _signal_rows(prepared, rng, now)
    if rows:
        connection.execute(signals.insert(), rows)
    connection.execute(
        update(pipeline_queue)
        .where(
            pipeline_queue.c.report_id.in_(
                select(reports.c.id).where(reports.c.ingest_run_id == run_id)
            )
        )
        .values(stage="done", state="done", attempts=1, done_at=now, worker="bench-bulk")
    )
    filled.docs += _write(connection, _docs(prepared, now))
    filled.reports += len(prepared)
    filled.mentions += sum(len(r.mentions) for r in prepared)
    filled.signals += len(rows)


def fill(
    engine: Engine,
    count: int,
    *,
    now: datetime,
    days: int = 365,
    batch: int = 20_000,
    seed: int = 15,
    progress: Callable[[str], None] = lambda _line: None,
) -> Filled:
    """Write ``count`` reports (with mentions, payloads, signals, queue rows, search docs)."""
    filled = Filled()
    started = time.perf_counter()
    rng = random.Random(seed)
    for channel, n in split_rows(count).items():
        preparer = Preparer(channel, UTC, default_source=SOURCES[channel], now=now)
        pending: list[PreparedReport] = []
        for row in _rows(channel, n, now, days, seed):
            prepared = preparer.prepare(row)
            if not isinstance(prepared, PreparedReport):
                raise ValueError(f"bulk row {row.row} of {channel}: {prepared.first()}")
            pending.append(prepared)
            if len(pending) == batch:
                with engine.begin() as connection:
                    _batch(connection, channel, pending, rng, now, filled)
                pending = []
                rate = filled.reports / (time.perf_counter() - started)
                progress(f"  {filled.reports:,} reports ({rate:,.0f}/s)")
        if pending:
            with engine.begin() as connection:
                _batch(connection, channel, pending, rng, now, filled)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    filled.seconds = time.perf_counter() - started
    return filled


def count_reports(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(reports)).scalar_one())
