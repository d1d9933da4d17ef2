"""Storage of ingest runs, reports, mentions and quarantined rows.

One batch is one transaction: its reports, their mentions, its quarantined rows and the run's
counters are written together or not at all. Reports are inserted with ON CONFLICT DO NOTHING
on (source, external_id), so a re-run, or a run killed mid-file and started again, stores
every row exactly once.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Dialect, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite

from kizashi.ids import new_id, new_ids
from kizashi.intake.prepare import PreparedReport, RowProblem, sha256_text
from kizashi.store import ingest_runs, mentions, quarantine, reports

# Keep every statement under SQLite's 32,766 bound parameters (reports have 23 columns).
_LOOKUP_CHUNK = 400


@dataclass
class BatchOutcome:
    stored: list[PreparedReport]
    duplicates: list[tuple[PreparedReport, str]]  # (report, id of the identical stored one)
    conflicts: list[tuple[PreparedReport, str]]  # (report, id of the stored one it conflicts with)


def _insert(connection: Connection, table: Any) -> Any:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def start_run(connection: Connection, channel: str, input_name: str) -> str:
    run_id = new_id()
    connection.execute(
        ingest_runs.insert().values(
            id=run_id,
            channel=channel,
            input_name=input_name,
            started_at=datetime.now(UTC),
            rows_read=0,
            rows_stored=0,
            rows_duplicate=0,
            rows_conflicting=0,
            rows_quarantined=0,
            status="running",
        )
    )
    return run_id


def finish_run(connection: Connection, run_id: str, status: str) -> None:
    connection.execute(
        update(ingest_runs)
        .where(ingest_runs.c.id == run_id)
        .values(status=status, finished_at=datetime.now(UTC))
    )


def add_counts(connection: Connection, run_id: str, **counts: int) -> None:
    connection.execute(
        update(ingest_runs)
        .where(ingest_runs.c.id == run_id)
        .values(
            {
                getattr(ingest_runs.c, name): getattr(ingest_runs.c, name) + n
                for name, n in counts.items()
            }
        )
    )


_REPORT_COLUMNS = (
    "id",
    "channel",
    "schema_version",
    "source",
    "external_id",
    "received_at",
    "occurred_at",
    "reliability",
    "credibility",
    "handling_code",
    "purpose",
    "legal_basis",
    "language",
    "submitted_by",
    "organisation",
    "ingest_run_id",
    "raw",
    "raw_sha256",
    "body",
    "body_sha256",
    "text",
)
_MENTION_COLUMNS = (
    "id",
    "report_id",
    "kind",
    "path",
    "value",
    "normalized",
    "qualifier",
    "quantity",
    "unit",
)


@dataclass(frozen=True)
class _HotStatements:
    """Driver-level SQL and the bind processors intake needs, made once per dialect.

    The hot inserts skip SQLAlchemy's per-row parameter processing: rows go to the DBAPI
    cursor's executemany as tuples (psycopg 3 pipelines them). Column types that need
    conversion (timestamps, JSON) use SQLAlchemy's own bind processors, so what is stored is
    exactly what a Core insert would have stored.
    """

    insert_report: str
    insert_mention: str
    to_datetime: Callable[[Any], Any]
    to_json: Callable[[Any], Any]


_hot: weakref.WeakKeyDictionary[Dialect, _HotStatements] = weakref.WeakKeyDictionary()


def _identity(value: Any) -> Any:
    return value


def _hot_statements(dialect: Dialect) -> _HotStatements:
    found = _hot.get(dialect)
    if found is not None:
        return found
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"

    def insert(table: Any, columns: tuple[str, ...], conflict: str) -> str:
        names = ", ".join(quote(name) for name in columns)
        marks = ", ".join(mark for _ in columns)
        return f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks}){conflict}"

    keys = f" ON CONFLICT ({quote('source')}, {quote('external_id')}) DO NOTHING"
    dt = reports.c.received_at.type.dialect_impl(dialect).bind_processor(dialect)
    js = reports.c.body.type.dialect_impl(dialect).bind_processor(dialect)
    made = _HotStatements(
        insert(reports, _REPORT_COLUMNS, keys),
        insert(mentions, _MENTION_COLUMNS, ""),
        dt or _identity,
        js or _identity,
    )
    _hot[dialect] = made
    return made


def _report_tuple(
    hot: _HotStatements,
    report: PreparedReport,
    run_id: str,
    submitted_by: str | None,
    organisation: str | None,
) -> tuple[Any, ...]:
    to_dt = hot.to_datetime
    occurred = report.occurred_at
    return (
        report.id,
        report.channel,
        report.schema_version,
        report.source,
        report.external_id,
        to_dt(report.received_at),
        None if occurred is None else to_dt(occurred),
        report.reliability,
        report.credibility,
        report.handling_code,
        report.purpose,
        report.legal_basis,
        report.language,
        submitted_by,
        organisation,
        run_id,
        report.raw,
        report.raw_sha256,
        hot.to_json(report.body),
        report.body_sha256,
        report.text,
    )


def store_reports(
    connection: Connection,
    batch: Sequence[PreparedReport],
    run_id: str,
    *,
    submitted_by: str | None = None,
    organisation: str | None = None,
) -> BatchOutcome:
    """Insert a batch; sort out which rows were new, repeats, or conflicting repeats.

    Rows are inserted with ON CONFLICT DO NOTHING. When the driver reports as many inserted
    rows as were sent (the usual case) every row is new; otherwise the batch's keys are looked
    up, and a row whose key is held by another id is a repeat of that stored report.
    """
    if not batch:
        return BatchOutcome([], [], [])
    # Ids are made here, per batch, in row order: one new_ids() call instead of one per row.
    for report, report_id in zip(batch, new_ids(len(batch)), strict=True):
        report.id = report_id
    hot = _hot_statements(connection.dialect)
    rows = [_report_tuple(hot, r, run_id, submitted_by, organisation) for r in batch]
    result = connection.exec_driver_sql(hot.insert_report, rows)
    stored: list[PreparedReport]
    duplicates: list[tuple[PreparedReport, str]] = []
    conflicts: list[tuple[PreparedReport, str]] = []
    if result.rowcount == len(batch):
        stored = list(batch)
    else:
        existing = _existing(connection, [(r.source, r.external_id) for r in batch])
        stored = []
        for report in batch:
            stored_id, stored_sha = existing[(report.source, report.external_id)]
            if stored_id == report.id:
                stored.append(report)
            elif stored_sha == report.body_sha256:
                duplicates.append((report, stored_id))
            else:
                conflicts.append((report, stored_id))
    found = [(r.id, m) for r in stored for m in r.mentions]
    if found:
        ids = new_ids(len(found))
        mention_rows = [
            (mid, rid, m.kind, m.path, m.value, m.normalized, m.qualifier, m.quantity, m.unit)
            for mid, (rid, m) in zip(ids, found, strict=True)
        ]
        connection.exec_driver_sql(hot.insert_mention, mention_rows)
    return BatchOutcome(stored, duplicates, conflicts)


def _existing(
    connection: Connection, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, str]]:
    found: dict[tuple[str, str], tuple[str, str]] = {}
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), _LOOKUP_CHUNK):
        chunk = unique[start : start + _LOOKUP_CHUNK]
        query = select(
            reports.c.source, reports.c.external_id, reports.c.id, reports.c.body_sha256
        ).where(tuple_(reports.c.source, reports.c.external_id).in_(chunk))
        for row in connection.execute(query):
            found[(row.source, row.external_id)] = (row.id, row.body_sha256)
    return found


def quarantine_rows(
    connection: Connection,
    problems: Iterable[RowProblem],
    run_id: str,
    channel: str,
    input_name: str,
) -> int:
    """Keep bad rows verbatim with their reasons; a row already quarantined is not added twice."""
    now = datetime.now(UTC)
    rows = [
        {
            "id": new_id(),
            "ingest_run_id": run_id,
            "channel": channel,
            "input_name": input_name,
            "row_number": p.row,
            "line_number": p.line,
            "field": p.first.field,
            "reason": p.first.reason,
            "errors": [{"field": f.field, "reason": f.reason} for f in p.problems],
            # PostgreSQL text cannot hold NUL; a garbage row may contain one. Escape it visibly.
            "raw": p.raw.replace("\x00", "\\x00"),
            "raw_sha256": sha256_text(p.raw),
            "created_at": now,
            "resolved": False,
        }
        for p in problems
    ]
    if not rows:
        return 0
    statement = _insert(connection, quarantine).on_conflict_do_nothing(
        index_elements=["channel", "input_name", "row_number", "raw_sha256"]
    )
    connection.execute(statement, rows)
    return len(rows)
