"""Bulk writes of a batch of reports and their mentions, at the speed of the driver.

Intake's hot path writes thousands of rows per second, so it talks to the DB-API driver
directly where SQLAlchemy would only add per-row work (parameter processing, type
decorators), and uses what each backend does fastest:

- SQLite: one ``executemany`` of plain tuples, ``INSERT ... ON CONFLICT DO NOTHING`` on
  (source, external_id). Timestamps are written in the text form SQLAlchemy's SQLite
  ``DATETIME`` writes (a test pins that they are the same), so reads are unchanged.
- PostgreSQL: ``COPY`` into a temporary staging table, then one ``INSERT ... SELECT ... ORDER
  BY id ON CONFLICT DO NOTHING RETURNING id``: COPY is PostgreSQL's fastest way in, and the
  statement keeps the unique key's exactly-once rule (the first row of a key in the file
  wins, as ids are made in row order). Mentions of the stored reports are then copied
  straight into ``mentions``.

The rows themselves (``reports`` tuples, mention rows, sealed payloads) are made as each
report is prepared (:mod:`kizashi.intake.batch_rows`); here they are only sent. Each batch's
payloads (the submission verbatim, the body, the text) are sealed under one fresh data key
(:mod:`kizashi.store.payloads`) and written to ``report_payloads`` for the reports stored;
``reports`` holds only provenance and hashes.

Both run inside the caller's transaction (one per batch): the batch's rows, mentions,
quarantined rows and run counters commit together or not at all.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from kizashi.intake.batch_rows import BatchRows, sqlite_timestamp
from kizashi.store.payloads import PAYLOAD_COLUMNS

__all__ = ["MENTION_COLUMNS", "REPORT_COLUMNS", "SMALL_BATCH", "insert_batch", "sqlite_timestamp"]

REPORT_COLUMNS = (
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
    "raw_sha256",
    "body_sha256",
)
MENTION_COLUMNS = (
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
_REPORTS = ", ".join(REPORT_COLUMNS)
_MENTIONS = ", ".join(MENTION_COLUMNS)
_KEY = "ON CONFLICT (source, external_id) DO NOTHING"

_PAYLOADS = ", ".join(PAYLOAD_COLUMNS)
_KEYS = "INSERT INTO payload_keys (id, key, kind, created_at) VALUES "

_SQLITE_REPORTS = (
    f"INSERT INTO reports ({_REPORTS}) VALUES ({', '.join('?' * len(REPORT_COLUMNS))}) {_KEY}"
)
_SQLITE_MENTIONS = f"INSERT INTO mentions ({_MENTIONS}) VALUES ({', '.join('?' * 9)})"
_SQLITE_PAYLOADS = (
    f"INSERT INTO report_payloads ({_PAYLOADS}) VALUES ({', '.join('?' * len(PAYLOAD_COLUMNS))})"
)
_SQLITE_KEY = _KEYS + "(?, ?, ?, ?)"

_STAGE = "kizashi_stage_reports"
_PG_STAGE = (
    f"CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGE} (LIKE reports INCLUDING DEFAULTS) "
    "ON COMMIT DELETE ROWS"
)
_PG_COPY_STAGE = f"COPY {_STAGE} ({_REPORTS}) FROM STDIN"
_PG_MOVE = f"INSERT INTO reports ({_REPORTS}) SELECT {_REPORTS} FROM {_STAGE} ORDER BY id {_KEY}"
# Which staged rows went in, asked only when some did not: most batches are all new, and
# RETURNING would send every id of every batch back to be read into Python.
_PG_MOVED = f"SELECT s.id FROM {_STAGE} s JOIN reports r ON r.id = s.id"
_PG_COPY_MENTIONS = f"COPY mentions ({_MENTIONS}) FROM STDIN"
# A batch this small (the API's one report a request) goes in by INSERT … VALUES: staging it
# costs a COPY, an INSERT … SELECT and a TRUNCATE of the temporary table (a new file for it
# on the server, each time) where one statement does; its mentions and payloads go by one
# prepared statement each (``executemany``).
SMALL_BATCH = 8
_PG_VALUES_ROW = f"({', '.join(['%s'] * len(REPORT_COLUMNS))})"
_PG_MENTION = f"INSERT INTO mentions ({_MENTIONS}) VALUES ({', '.join(['%s'] * 9)})"
_PG_PAYLOAD = (
    f"INSERT INTO report_payloads ({_PAYLOADS}) VALUES ({', '.join(['%s'] * len(PAYLOAD_COLUMNS))})"
)
_PG_COPY_PAYLOADS = f"COPY report_payloads ({_PAYLOADS}) FROM STDIN"
_PG_KEY = _KEYS + "(%s, %s, %s, %s)"


def _stored_only(
    batch: BatchRows, stored_ids: set[str]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The mention and payload rows of the reports that went in (their report id is second
    in a mention row, first in a payload row)."""
    return (
        [row for row in batch.mention_rows if row[1] in stored_ids],
        [row for row in batch.payload_rows if row[0] in stored_ids],
    )


def _first_stored(batch: BatchRows, stored_ids: set[str] | None) -> datetime:
    """When the batch's data key was made: the received time of its first stored report."""
    if stored_ids is None:
        return batch.reports[0].received_at
    return next(r.received_at for r in batch.reports if r.id in stored_ids)


def insert_batch(connection: Connection, batch: BatchRows) -> set[str] | None:
    """Insert the batch's reports and the mentions and payloads of those stored.

    Returns the ids of the reports stored, or None when every report of the batch was.
    """
    driver = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        return _insert_postgresql(connection, driver, batch)
    cursor = driver.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(_SQLITE_REPORTS, batch.report_rows)
        stored_ids: set[str] | None = None
        mention_rows, payload_rows = batch.mention_rows, batch.payload_rows
        if cursor.rowcount != len(batch):
            # Which rows went in: only ids made for this batch can be found under them.
            ids = [r.id for r in batch.reports]
            stored_ids = set()
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                cursor.execute(f"SELECT id FROM reports WHERE id IN ({marks})", chunk)
                stored_ids.update(row[0] for row in cursor.fetchall())
            mention_rows, payload_rows = _stored_only(batch, stored_ids)
        if mention_rows:
            cursor.executemany(_SQLITE_MENTIONS, mention_rows)
        if payload_rows:
            sealer = batch.sealer
            created = sqlite_timestamp(_first_stored(batch, stored_ids))
            cursor.execute(_SQLITE_KEY, (sealer.key_id, sealer.key, sealer.kind, created))
            cursor.executemany(_SQLITE_PAYLOADS, payload_rows)
        return stored_ids
    finally:
        cursor.close()


def _insert_postgresql(connection: Connection, driver: Any, batch: BatchRows) -> set[str] | None:
    if len(batch) <= SMALL_BATCH:
        return _insert_postgresql_small(driver, batch)
    info = connection.connection.info
    with driver.cursor() as cursor:
        if not info.get("kizashi_stage_reports"):
            cursor.execute(_PG_STAGE)
            info["kizashi_stage_reports"] = True
        with cursor.copy(_PG_COPY_STAGE) as copy:
            for row in batch.report_rows:
                copy.write_row(row)
        cursor.execute(_PG_MOVE)
        stored_ids: set[str] | None = None
        mention_rows, payload_rows = batch.mention_rows, batch.payload_rows
        if cursor.rowcount != len(batch):
            cursor.execute(_PG_MOVED)
            stored_ids = {row[0] for row in cursor.fetchall()}
            mention_rows, payload_rows = _stored_only(batch, stored_ids)
        # The staging rows are not needed any more (and a second batch in this transaction
        # must not see them); ON COMMIT DELETE ROWS would only clear them at commit.
        cursor.execute(f"TRUNCATE {_STAGE}")
        if mention_rows:
            with cursor.copy(_PG_COPY_MENTIONS) as copy:
                for row in mention_rows:
                    copy.write_row(row)
        if payload_rows:
            sealer = batch.sealer
            created = _first_stored(batch, stored_ids)
            cursor.execute(_PG_KEY, (sealer.key_id, sealer.key, sealer.kind, created))
            with cursor.copy(_PG_COPY_PAYLOADS) as copy:
                for row in payload_rows:
                    copy.write_row(row)
    return stored_ids


def _insert_postgresql_small(driver: Any, batch: BatchRows) -> set[str] | None:
    """A small batch without the staging table (see ``SMALL_BATCH``); the same rules: rows
    in id order (= row order), the first row of a key wins, ``ON CONFLICT DO NOTHING``."""
    rows = batch.report_rows
    values = ", ".join([_PG_VALUES_ROW] * len(rows))
    with driver.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO reports ({_REPORTS}) VALUES {values} {_KEY} RETURNING id",
            [value for row in rows for value in row],
        )
        inserted = {row[0] for row in cursor.fetchall()}
        stored_ids: set[str] | None = None
        mention_rows, payload_rows = batch.mention_rows, batch.payload_rows
        if len(inserted) != len(batch):
            stored_ids = inserted
            mention_rows, payload_rows = _stored_only(batch, stored_ids)
        if mention_rows:
            cursor.executemany(_PG_MENTION, mention_rows)
        if payload_rows:
            sealer = batch.sealer
            created = _first_stored(batch, stored_ids)
            cursor.execute(_PG_KEY, (sealer.key_id, sealer.key, sealer.kind, created))
            cursor.executemany(_PG_PAYLOAD, payload_rows)
    return stored_ids
