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

Each batch's payloads (the submission verbatim, the body, the text) are sealed under one
fresh data key (:mod:`kizashi.store.payloads`) and written to ``report_payloads`` for the
reports stored; ``reports`` holds only provenance and hashes.

Both run inside the caller's transaction (one per batch): the batch's rows, mentions,
quarantined rows and run counters commit together or not at all.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Connection

from kizashi.ids import new_ids
from kizashi.intake.prepare import PreparedReport
from kizashi.store.payloads import NONCE_BYTES, PAYLOAD_COLUMNS, Sealer

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


def sqlite_timestamp(value: datetime) -> str:
    """A UTC datetime as SQLAlchemy's SQLite DATETIME stores it: 'YYYY-MM-DD HH:MM:SS.ffffff'."""
    # isoformat of an aware time ends in its offset (+00:00 here): cut it off.
    return value.isoformat(" ", "microseconds")[:26]


def _rows(
    batch: Sequence[PreparedReport],
    run_id: str,
    submitted_by: str | None,
    organisation: str | None,
    sqlite: bool,
) -> list[tuple[Any, ...]]:
    # Most rows of a batch share their received_at (the time of intake): format it once.
    last_received: datetime | None = None
    received_value: Any = None
    rows = []
    for r in batch:
        occurred: Any = r.occurred_at
        if r.received_at is not last_received:
            last_received = r.received_at
            received_value = sqlite_timestamp(last_received) if sqlite else last_received
        if sqlite and occurred is not None:
            occurred = sqlite_timestamp(occurred)
        rows.append(
            (
                r.id,
                r.channel,
                r.schema_version,
                r.source,
                r.external_id,
                received_value,
                occurred,
                r.reliability,
                r.credibility,
                r.handling_code,
                r.purpose,
                r.legal_basis,
                r.language,
                submitted_by,
                organisation,
                run_id,
                r.raw_sha256,
                r.body_sha256,
            )
        )
    return rows


def _payload_rows(sealer: Sealer, stored: Sequence[PreparedReport]) -> list[tuple[Any, ...]]:
    """Rows of ``report_payloads``, sealed as :meth:`Sealer.payload_tuple` seals them, in one
    pass: each report's plaintext (its body's bytes, its text's) is sealed as soon as it is
    made and dropped, rather than kept for the whole batch beside the sealed rows; the
    batch's nonces come from the OS in one call, three per report, none used twice."""
    dumps, non_str_keys = orjson.dumps, orjson.OPT_NON_STR_KEYS
    size = NONCE_BYTES
    nonces = os.urandom(3 * size * len(stored))
    encrypt, key_id = sealer.encrypt, sealer.key_id
    rows = []
    at = 0
    for r in stored:
        report_id, read, text = r.id, r.read, r.text
        raw = read.raw_bytes
        # A stored row read as UTF-8 decoded cleanly, so its bytes are its text's (and
        # its text need not be decoded at all, see RawRow.raw).
        if raw is None or read.encoding != "utf-8":
            raw = read.raw.encode("utf-8", "surrogatepass")
        n_raw = nonces[at : at + size]
        n_body = nonces[at + size : at + 2 * size]
        n_text = nonces[at + 2 * size : at + 3 * size]
        at += 3 * size
        rid = report_id.encode()  # the associated data _aad() makes: "<report id>/<field>"
        rows.append(
            (
                report_id,
                key_id,
                n_raw + encrypt(n_raw, raw, rid + b"/raw"),
                n_body + encrypt(n_body, dumps(r.body, option=non_str_keys), rid + b"/body"),
                n_text + encrypt(n_text, text.encode("utf-8", "surrogatepass"), rid + b"/text"),
                len(text),
            )
        )
    return rows


def _mention_rows(stored: Sequence[PreparedReport]) -> list[tuple[Any, ...]]:
    # A Mention is a tuple in the table's column order after (id, report_id): splice it in
    # whole (a loop with the report's id read once beats a comprehension that unpacks it).
    ids = iter(new_ids(sum([len(r.mentions) for r in stored])))
    rows: list[tuple[Any, ...]] = []
    add = rows.append
    for r in stored:
        report_id = r.id
        for mention in r.mentions:
            add((next(ids), report_id, *mention))
    return rows


def insert_batch(
    connection: Connection,
    batch: Sequence[PreparedReport],
    run_id: str,
    submitted_by: str | None,
    organisation: str | None,
) -> set[str] | None:
    """Insert the batch's reports (ids already set) and the mentions of those stored.

    Returns the ids of the reports stored, or None when every report of the batch was.
    """
    driver = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        return _insert_postgresql(connection, driver, batch, run_id, submitted_by, organisation)
    cursor = driver.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(
            _SQLITE_REPORTS, _rows(batch, run_id, submitted_by, organisation, sqlite=True)
        )
        inserted = cursor.rowcount
        stored_ids: set[str] | None = None
        stored: Sequence[PreparedReport] = batch
        if inserted != len(batch):
            # Which rows went in: only ids made for this batch can be found under them.
            ids = [r.id for r in batch]
            stored_ids = set()
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                cursor.execute(f"SELECT id FROM reports WHERE id IN ({marks})", chunk)
                stored_ids.update(row[0] for row in cursor.fetchall())
            stored = [r for r in batch if r.id in stored_ids]
        mention_rows = _mention_rows(stored)
        if mention_rows:
            cursor.executemany(_SQLITE_MENTIONS, mention_rows)
        if stored:
            sealer = Sealer()
            created = sqlite_timestamp(stored[0].received_at)
            cursor.execute(_SQLITE_KEY, (sealer.key_id, sealer.key, sealer.kind, created))
            cursor.executemany(_SQLITE_PAYLOADS, _payload_rows(sealer, stored))
        return stored_ids
    finally:
        cursor.close()


def _insert_postgresql(
    connection: Connection,
    driver: Any,
    batch: Sequence[PreparedReport],
    run_id: str,
    submitted_by: str | None,
    organisation: str | None,
) -> set[str] | None:
    if len(batch) <= SMALL_BATCH:
        return _insert_postgresql_small(driver, batch, run_id, submitted_by, organisation)
    info = connection.connection.info
    with driver.cursor() as cursor:
        if not info.get("kizashi_stage_reports"):
            cursor.execute(_PG_STAGE)
            info["kizashi_stage_reports"] = True
        with cursor.copy(_PG_COPY_STAGE) as copy:
            for row in _rows(batch, run_id, submitted_by, organisation, sqlite=False):
                copy.write_row(row)
        cursor.execute(_PG_MOVE)
        stored_ids: set[str] | None = None
        stored: Sequence[PreparedReport] = batch
        if cursor.rowcount != len(batch):
            cursor.execute(_PG_MOVED)
            stored_ids = {row[0] for row in cursor.fetchall()}
            stored = [r for r in batch if r.id in stored_ids]
        # The staging rows are not needed any more (and a second batch in this transaction
        # must not see them); ON COMMIT DELETE ROWS would only clear them at commit.
        cursor.execute(f"TRUNCATE {_STAGE}")
        mention_rows = _mention_rows(stored)
        if mention_rows:
            with cursor.copy(_PG_COPY_MENTIONS) as copy:
                for row in mention_rows:
                    copy.write_row(row)
        if stored:
            sealer = Sealer()
            cursor.execute(_PG_KEY, (sealer.key_id, sealer.key, sealer.kind, stored[0].received_at))
            with cursor.copy(_PG_COPY_PAYLOADS) as copy:
                for row in _payload_rows(sealer, stored):
                    copy.write_row(row)
    return stored_ids


def _insert_postgresql_small(
    driver: Any,
    batch: Sequence[PreparedReport],
    run_id: str,
    submitted_by: str | None,
    organisation: str | None,
) -> set[str] | None:
    """A small batch without the staging table (see ``SMALL_BATCH``); the same rules: rows
    in id order (= row order), the first row of a key wins, ``ON CONFLICT DO NOTHING``."""
    rows = _rows(batch, run_id, submitted_by, organisation, sqlite=False)
    values = ", ".join([_PG_VALUES_ROW] * len(rows))
    with driver.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO reports ({_REPORTS}) VALUES {values} {_KEY} RETURNING id",
            [value for row in rows for value in row],
        )
        inserted = {row[0] for row in cursor.fetchall()}
        stored_ids: set[str] | None = None
        stored: Sequence[PreparedReport] = batch
        if len(inserted) != len(batch):
            stored_ids = inserted
            stored = [r for r in batch if r.id in stored_ids]
        mention_rows = _mention_rows(stored)
        if mention_rows:
            cursor.executemany(_PG_MENTION, mention_rows)
        if stored:
            sealer = Sealer()
            cursor.execute(_PG_KEY, (sealer.key_id, sealer.key, sealer.kind, stored[0].received_at))
            cursor.executemany(_PG_PAYLOAD, _payload_rows(sealer, stored))
    return stored_ids
