"""Storage of ingest runs, reports, mentions and quarantined rows.

One batch is one transaction: its reports, their mentions, its quarantined rows and the run's
counters are written together or not at all. Reports are inserted with ON CONFLICT DO NOTHING
on (source, external_id), so a re-run, or a run killed mid-file and started again, stores
every row exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, tuple_, update

from kizashi.ids import new_id, new_ids
from kizashi.intake import bulk
from kizashi.intake.prepare import PreparedReport, RowProblem, sha256_text
from kizashi.store import ingest_runs, quarantine, reports

# Keep every statement under SQLite's 32,766 bound parameters (reports have 23 columns).
_LOOKUP_CHUNK = 400


@dataclass
class BatchOutcome:
    stored: list[PreparedReport]
    duplicates: list[tuple[PreparedReport, str]]  # (report, id of the identical stored one)
    conflicts: list[tuple[PreparedReport, str]]  # (report, id of the stored one it conflicts with)


def _insert(connection: Connection, table: Any) -> Any:
    # Imported here: a SQLite run need not load the PostgreSQL dialect (and the reverse).
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table)


_INSERT_RUN = ingest_runs.insert()


def start_run(
    connection: Connection,
    channel: str,
    input_name: str,
    *,
    now: datetime,
    completed_rows: int | None = None,
) -> str:
    """A new ingest run, ``running`` with no rows counted; or, given ``completed_rows``, a run
    written whole in the transaction that stores its rows (an API batch, all or nothing):
    ``completed`` with that many rows read and stored, so that the usual batch (every row
    new) costs one statement instead of three (see :func:`correct_counts` for the others)."""
    run_id = new_id()
    done = completed_rows is not None
    connection.execute(
        _INSERT_RUN,  # built once: its values as parameters, not a statement per call
        {
            "id": run_id,
            "channel": channel,
            "input_name": input_name,
            "started_at": now,
            "finished_at": now if done else None,
            "rows_read": completed_rows or 0,
            "rows_stored": completed_rows or 0,
            "rows_duplicate": 0,
            "rows_conflicting": 0,
            "rows_quarantined": 0,
            "status": "completed" if done else "running",
        },
    )
    return run_id


def correct_counts(connection: Connection, run_id: str, *, stored: int, duplicates: int) -> None:
    """Set a completed run's counts when not every row of its batch was new (repeats)."""
    connection.execute(
        update(ingest_runs)
        .where(ingest_runs.c.id == run_id)
        .values(rows_stored=stored, rows_duplicate=duplicates)
    )


def finish_run(connection: Connection, run_id: str, status: str, *, now: datetime) -> None:
    connection.execute(
        update(ingest_runs).where(ingest_runs.c.id == run_id).values(status=status, finished_at=now)
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


def store_reports(
    connection: Connection,
    batch: Sequence[PreparedReport],
    run_id: str,
    *,
    submitted_by: str | None = None,
    organisation: str | None = None,
) -> BatchOutcome:
    """Insert a batch; sort out which rows were new, repeats, or conflicting repeats.

    Rows are inserted with ON CONFLICT DO NOTHING (see :mod:`kizashi.intake.bulk`). When every
    row went in (the usual case) there is nothing to sort out; otherwise the keys of the rows
    that did not are looked up: a row whose key is held by another report with the same
    content is a repeat of it, one with different content a conflict.
    """
    if not batch:
        return BatchOutcome([], [], [])
    # Ids are made here, per batch, in row order: one new_ids() call instead of one per row.
    for report, report_id in zip(batch, new_ids(len(batch)), strict=True):
        report.id = report_id
    stored_ids = bulk.insert_batch(connection, batch, run_id, submitted_by, organisation)
    if stored_ids is None:
        return BatchOutcome(list(batch), [], [])
    stored: list[PreparedReport] = []
    duplicates: list[tuple[PreparedReport, str]] = []
    conflicts: list[tuple[PreparedReport, str]] = []
    existing = _existing(
        connection, [(r.source, r.external_id) for r in batch if r.id not in stored_ids]
    )
    for report in batch:
        if report.id in stored_ids:
            stored.append(report)
            continue
        stored_id, stored_sha = existing[(report.source, report.external_id)]
        if stored_sha == report.body_sha256:
            duplicates.append((report, stored_id))
        else:
            conflicts.append((report, stored_id))
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
    *,
    now: datetime,
) -> int:
    """Keep bad rows verbatim with their reasons; a row already quarantined is not added twice."""
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
            "raw_bytes": p.raw_bytes,
            "encoding": p.encoding,
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
