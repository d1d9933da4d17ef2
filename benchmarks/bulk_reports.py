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
from _common import MAKERS, MIX, SOURCES, split_rows
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
    run_id = start_run(connection, channel, "bench:bulk", now=now)
    insert_batch(connection, prepared, run_id, None, None)
    add_counts(connection, run_id, rows_read=len(prepared), rows_stored=len(prepared))
    finish_run(connection, run_id, "completed", now=now)
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
    analyze: bool = True,
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
    if analyze:
        _analyze(engine)
    filled.seconds = time.perf_counter() - started
    return filled


def _analyze(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))


# A new id for the k-th copy of a row: a UUID (version 7, variant 8) drawn from an md5 of
# the row's id and k, so that a rerun makes the same ids. Not time-ordered, as a UUIDv7
# made now would be; nothing measured sorts bulk rows by id.
def _copy_id(column: str) -> str:
    h = f"md5({column} || '~' || CAST(:k AS text))"
    return (
        f"substr({h}, 1, 8) || '-' || substr({h}, 9, 4) || '-7' || substr({h}, 14, 3) || "
        f"'-8' || substr({h}, 18, 3) || '-' || substr({h}, 21, 12)"
    )


def replicate(
    engine: Engine,
    count: int,
    *,
    now: datetime,
    days: int = 365,
    template: int = 50_000,
    seed: int = 15,
    progress: Callable[[str], None] = lambda _line: None,
) -> Filled:
    """PostgreSQL only: ``template`` reports written by ``fill`` (intake's preparer and
    writer, the search room's indexer), then the rest up to ``count`` as copies of them
    made by the server in SQL (``INSERT .. SELECT``), 10 to 50 times faster than ``fill``
    on this VM, with the same tables and indexes filled.

    The k-th copy of a report has a new id, ``external_id`` suffixed ``~k``, its times (and
    its signals' ``report_at``, its search document's ``occurred_at``) moved later by k
    parts of the gap between two template reports, so the copies fill the same 365 days
    evenly; its mentions, sealed payload (the same ciphertext, under the same batch key),
    signal (same category, score and flag: 3 in 100 flagged) and search document (the same
    folded body, so a common word matches as often) are copies of the original's; its
    ``pipeline_queue`` row is written done (the enqueue trigger is disabled for the copies'
    inserts and enabled again). The planted reports (the phone, 山田 太郎) are not copied,
    so the searches for them find as many as in a store seeded by ``fill`` alone."""
    if engine.dialect.name != "postgresql":
        raise ValueError("replicate: PostgreSQL only (use fill on SQLite)")
    started = time.perf_counter()
    before = {r[0] for r in _run_ids(engine)}
    filled = fill(
        engine, min(template, count), now=now, days=days, seed=seed, progress=progress,
        analyze=False,
    )  # fmt: skip
    remaining = count - filled.reports
    if remaining <= 0:
        _analyze(engine)
        filled.seconds = time.perf_counter() - started
        return filled
    runs = sorted({r[0] for r in _run_ids(engine)} - before)
    gap = timedelta(days=days) / split_rows(template)["sns_post"]
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE UNLOGGED TABLE bench_bulk_template AS "
                "SELECT r.id, row_number() OVER (ORDER BY r.id) AS n FROM reports r "
                "WHERE r.ingest_run_id = ANY(:runs) AND r.id NOT IN "
                "(SELECT report_id FROM mentions WHERE value IN (:phone, :name))"
            ),
            {"runs": runs, "phone": PLANTED_PHONE, "name": PLANTED_NAME},
        )
        eligible = int(
            connection.execute(text("SELECT count(*) FROM bench_bulk_template")).scalar_one()
        )
    copies = -(-remaining // eligible)
    progress(f"  template: {filled.reports:,} reports; {remaining:,} copies of {eligible:,}")
    # The trigram GIN index took nearly all of a copy's time (70 s a copy at first, 4 min at
    # the end): dropped for the copies and built once after them, as a restore would.
    trigram = _drop_trigram_index(engine)
    for k in range(1, copies + 1):
        n = min(eligible, remaining)
        shift = gap * k / (copies + 1)
        with engine.begin() as connection:
            _copy(connection, k, n, shift, now)
        remaining -= n
        filled.reports += n
        rate = filled.reports / (time.perf_counter() - started)
        progress(f"  {filled.reports:,} reports ({rate:,.0f}/s)")
    if trigram is not None:
        built = time.perf_counter()
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
            connection.execute(text(trigram))
        progress(f"  trigram index built again in {time.perf_counter() - built:,.0f} s")
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE bench_bulk_template"))
        filled.mentions = int(
            connection.execute(text("SELECT count(*) FROM mentions")).scalar_one()
        )
        filled.signals = int(connection.execute(text("SELECT count(*) FROM signals")).scalar_one())
        filled.docs = int(connection.execute(text("SELECT count(*) FROM search_docs")).scalar_one())
    _analyze(engine)
    filled.seconds = time.perf_counter() - started
    return filled


def _drop_trigram_index(engine: Engine) -> str | None:
    """Drop the search documents' trigram index (migration 0018) and return the statement
    that creates it again, or None when there is none."""
    with engine.begin() as connection:
        definition = connection.execute(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_search_docs_body_trgm'")
        ).scalar_one_or_none()
        if definition is not None:
            connection.execute(text("DROP INDEX ix_search_docs_body_trgm"))
    return None if definition is None else str(definition)


def _run_ids(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(text("SELECT id FROM ingest_runs")))


def _copy(connection: Connection, k: int, n: int, shift: timedelta, now: datetime) -> None:
    """The k-th copy of the first ``n`` template reports and of what hangs off them."""
    runs = {c: start_run(connection, c, f"bench:bulk-copy-{k}", now=now) for c in MIX}
    p = {
        "k": k,
        "n": n,
        "shift": shift,
        "now": now,
        "post": runs["sns_post"],
        "other": runs["purchase"],
    }
    connection.execute(
        text(
            "CREATE TEMP TABLE bench_copy ON COMMIT DROP AS "
            f"SELECT id AS orig, {_copy_id('id')} AS id FROM bench_bulk_template WHERE n <= :n"
        ),
        p,
    )
    connection.execute(text("CREATE INDEX ON bench_copy (orig)"))
    connection.execute(text("ANALYZE bench_copy"))
    connection.execute(text("ALTER TABLE reports DISABLE TRIGGER reports_enqueue"))
    connection.execute(
        text(
            "INSERT INTO reports (id, channel, schema_version, source, external_id, "
            "received_at, occurred_at, reliability, credibility, handling_code, purpose, "
            "legal_basis, language, submitted_by, organisation, ingest_run_id, raw_sha256, "
            "body_sha256) "
            "SELECT c.id, r.channel, r.schema_version, r.source, "
            "r.external_id || '~' || CAST(:k AS text), r.received_at + :shift, "
            "r.occurred_at + :shift, r.reliability, r.credibility, r.handling_code, r.purpose, "
            "r.legal_basis, r.language, r.submitted_by, r.organisation, "
            "CASE r.channel WHEN 'sns_post' THEN :post ELSE :other END, r.raw_sha256, "
            "r.body_sha256 FROM bench_copy c JOIN reports r ON r.id = c.orig"
        ),
        p,
    )
    connection.execute(text("ALTER TABLE reports ENABLE TRIGGER reports_enqueue"))
    connection.execute(
        text(
            "INSERT INTO pipeline_queue (report_id, channel, stage, state, attempts, "
            "enqueued_at, done_at, worker) "
            "SELECT c.id, r.channel, 'done', 'done', 1, :now, :now, 'bench-bulk' "
            "FROM bench_copy c JOIN reports r ON r.id = c.orig ORDER BY c.id"
        ),
        p,
    )
    connection.execute(
        text(
            "INSERT INTO mentions (id, report_id, kind, path, value, normalized, qualifier, "
            f"quantity, unit) SELECT {_copy_id('m.id')}, c.id, m.kind, m.path, m.value, "
            "m.normalized, m.qualifier, m.quantity, m.unit "
            "FROM bench_copy c JOIN mentions m ON m.report_id = c.orig"
        ),
        p,
    )
    connection.execute(
        text(
            "INSERT INTO report_payloads (report_id, key_id, raw, body, text, text_length) "
            "SELECT c.id, p.key_id, p.raw, p.body, p.text, p.text_length "
            "FROM bench_copy c JOIN report_payloads p ON p.report_id = c.orig"
        ),
        p,
    )
    connection.execute(
        text(
            "INSERT INTO signals (id, report_id, detector, model_version, category, score, "
            "scores, flagged, evidence, protected, created_at, rule_versions, report_at) "
            f"SELECT {_copy_id('s.id')}, c.id, s.detector, s.model_version, s.category, "
            "s.score, s.scores, s.flagged, s.evidence, s.protected, s.created_at + :shift, "
            "s.rule_versions, s.report_at + :shift "
            "FROM bench_copy c JOIN signals s ON s.report_id = c.orig"
        ),
        p,
    )
    connection.execute(
        text(
            "INSERT INTO search_docs (kind, ref_id, channel, desk_id, category, occurred_at, "
            "body, indexed_at) SELECT d.kind, c.id, d.channel, d.desk_id, d.category, "
            "d.occurred_at + :shift, d.body, :now "
            "FROM bench_copy c JOIN search_docs d ON d.ref_id = c.orig AND d.kind = 'report'"
        ),
        p,
    )
    stored = connection.execute(
        text("SELECT r.channel, count(*) FROM bench_copy c JOIN reports r ON r.id = c.orig "
             "GROUP BY r.channel")
    ).all()  # fmt: skip
    for channel, rows in stored:
        add_counts(connection, runs[channel], rows_read=rows, rows_stored=rows)
    for run_id in runs.values():
        finish_run(connection, run_id, "completed", now=now)


def count_reports(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(reports)).scalar_one())
