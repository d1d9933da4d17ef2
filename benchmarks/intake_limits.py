"""The plain-code limits that `kizashi ingest` is measured against.

A limit is what a competent programmer would write to put the same rows into the same tables
(the store's real schema: same indexes, constraints and triggers, made by `kizashi init`)
with the same batch size and one transaction per batch, doing the same per-row work that
cannot be skipped: parse the JSON line, hash the raw line and the canonical body (sha256),
derive the external id from the natural key, read the event time and convert it to UTC,
normalise the mentions (NFKC + case folding, cached as kizashi caches them) and give every
row and mention a UUIDv7 id, and seal the row's payload (the line verbatim, the body, the text)
with AES-256-GCM under one fresh data key per batch into `report_payloads`, as the store
requires. What a limit does NOT do is what kizashi adds on top: validating
every field against the channel schema, grading defaults, quarantine, conflict detection,
routing at ingest and the run's bookkeeping. The ratio kizashi/limit therefore says how much
of the machine that extra work and kizashi's own overhead take.

- SQLite: `sqlite3` `executemany` of plain tuples (the same pragmas as kizashi's engine).
- PostgreSQL: psycopg 3 `COPY ... FROM STDIN` straight into `reports`, `report_payloads` and
  `mentions` (no conflict handling at all: the fastest way in that PostgreSQL has).

Used by benchmarks/intake.py (as a subprocess, like `kizashi ingest`); runnable alone:

    .venv/bin/python benchmarks/intake_limits.py DATA_DIR_OR_PG_URL sns_post=FILE.jsonl ...
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

BATCH = 2_000

# What the limit knows of the two benchmark channels, written out by hand as plain code would.
_NATURAL = {"sns_post": ("platform", "post_id"), "purchase": ("retailer", "transaction_id")}
_TIME = {"sns_post": "posted_at", "purchase": "purchased_at"}
_TEXT = {"sns_post": "text", "purchase": "item"}
# (kind, field, qualifier field, quantity field, unit field)
_MENTIONS: dict[str, tuple[tuple[str, str, str | None, str | None, str | None], ...]] = {
    "sns_post": (
        ("account", "account_handle", "platform", None, None),
        ("person", "display_name", None, None, None),
    ),
    "purchase": (
        ("person", "buyer_name", None, None, None),
        ("person", "buyer_name_kana", None, None, None),
        ("phone", "buyer_phone", None, None, None),
        ("email", "buyer_email", None, None, None),
        ("address", "buyer_address", None, None, None),
        ("payment_token", "payment_token_hash", None, None, None),
        ("organisation", "retailer", None, None, None),
        ("substance", "substance", None, "quantity", "unit"),
    ),
}
_GRADING = ("C", "3", "TLP:AMBER", "bench", "bench")

REPORT_COLUMNS = (
    "id, channel, schema_version, source, external_id, received_at, occurred_at, reliability, "
    "credibility, handling_code, purpose, legal_basis, language, submitted_by, organisation, "
    "ingest_run_id, raw_sha256, body_sha256"
)
PAYLOAD_COLUMNS = "report_id, key_id, raw, body, text, text_length"
KEY_COLUMNS = "id, key, kind, created_at"
MENTION_COLUMNS = "id, report_id, kind, path, value, normalized, qualifier, quantity, unit"


@lru_cache(maxsize=65_536)
def _key(kind: str, value: str) -> str:
    folded = unicodedata.normalize("NFKC", value).casefold()
    if kind == "phone":
        return "".join(ch for ch in folded if ch.isdigit())
    return folded.lstrip("@") if kind == "account" else folded.replace(" ", "")


def _ids(count: int) -> list[str]:
    """UUIDv7 strings for a batch (one clock read per batch, as kizashi.ids.new_ids does)."""
    head = (time.time_ns() // 1_000_000) << 80 | 0x7 << 76 | 0b10 << 62
    noise = os.urandom(8 * count)
    out = []
    for i in range(count):
        h = f"{head | i << 40 | int.from_bytes(noise[8 * i : 8 * i + 5], 'big'):032x}"
        out.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return out


class Batch:
    """One batch's rows: reports, the data key, sealed payloads, mentions."""

    def __init__(self) -> None:
        self.reports: list[tuple[Any, ...]] = []
        self.payloads: list[tuple[Any, ...]] = []
        self.mentions: list[tuple[Any, ...]] = []
        self.key: tuple[Any, ...] = ()


def prepared_batches(
    path: Path, channel: str, source: str, run_id: str, sqlite_times: bool
) -> Iterator[Batch]:
    """The rows of each batch of BATCH lines: the limit's per-row work."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    natural, when, text_field = _NATURAL[channel], _TIME[channel], _TEXT[channel]
    specs = _MENTIONS[channel]
    received = datetime.now(UTC)
    received_value: Any = received.replace(tzinfo=None).isoformat(" ") if sqlite_times else received
    reliability, credibility, handling, purpose, basis = _GRADING
    with path.open("rb") as lines:
        while True:
            chunk = [line.rstrip(b"\r\n") for _, line in zip(range(BATCH), lines, strict=False)]
            if not chunk:
                return
            ids = _ids(len(chunk))
            batch = Batch()
            reports, mentions, payloads = batch.reports, batch.mentions, batch.payloads
            # One fresh AES-256-GCM data key per batch; each field sealed with a random nonce
            # and the report id and field name as associated data (kizashi.store.payloads).
            key, key_id = AESGCM.generate_key(bit_length=256), _ids(1)[0]
            batch.key = (key_id, key, "batch", received_value)
            encrypt = AESGCM(key).encrypt
            for report_id, raw in zip(ids, chunk, strict=True):
                body = orjson.loads(raw)
                canonical = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
                occurred = datetime.fromisoformat(body[when]).astimezone(UTC)
                text = body[text_field]
                sealed = []
                for name, data in (("raw", raw), ("body", canonical), ("text", text.encode())):
                    nonce = os.urandom(12)
                    sealed.append(nonce + encrypt(nonce, data, f"{report_id}/{name}".encode()))
                payloads.append((report_id, key_id, *sealed, len(text)))
                reports.append(
                    (
                        report_id,
                        channel,
                        1,
                        source,
                        ":".join(str(body[name]) for name in natural),
                        received_value,
                        occurred.replace(tzinfo=None).isoformat(" ") if sqlite_times else occurred,
                        reliability,
                        credibility,
                        handling,
                        purpose,
                        basis,
                        None,
                        None,
                        None,
                        run_id,
                        hashlib.sha256(raw).hexdigest(),
                        hashlib.sha256(canonical).hexdigest(),
                    )
                )
                for kind, name, qualifier, quantity, unit in specs:
                    value = body.get(name)
                    if value:
                        mentions.append(
                            (
                                report_id,
                                kind,
                                name,
                                value,
                                _key(kind, value),
                                body.get(qualifier) if qualifier else None,
                                body.get(quantity) if quantity else None,
                                body.get(unit) if unit else None,
                            )
                        )
            batch.mentions = [
                (mid, *m) for mid, m in zip(_ids(len(mentions)), mentions, strict=True)
            ]
            yield batch


def _run_row(run_id: str, channel: str, path: Path) -> tuple[Any, ...]:
    return (run_id, channel, str(path), datetime.now(UTC), 0, 0, 0, 0, 0, "running")


_RUN_SQL = (
    "insert into ingest_runs (id, channel, input_name, started_at, rows_read, rows_stored, "
    "rows_duplicate, rows_conflicting, rows_quarantined, status) values ({})"
)


def sqlite_executemany(db: Path, files: dict[str, tuple[Path, str]]) -> tuple[float, int]:
    """Seconds and rows: the limit on SQLite. ``files`` maps channel -> (path, source)."""
    conn = sqlite3.connect(db, isolation_level=None)
    for pragma in (
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "foreign_keys=ON",
        "cache_size=-65536",
        "temp_store=MEMORY",
    ):
        conn.execute(f"PRAGMA {pragma}")
    report_sql = f"insert into reports ({REPORT_COLUMNS}) values ({', '.join('?' * 18)})"
    key_sql = f"insert into payload_keys ({KEY_COLUMNS}) values (?, ?, ?, ?)"
    payload_sql = f"insert into report_payloads ({PAYLOAD_COLUMNS}) values ({', '.join('?' * 6)})"
    mention_sql = f"insert into mentions ({MENTION_COLUMNS}) values ({', '.join('?' * 9)})"
    rows = 0
    start = time.perf_counter()
    for channel, (path, source) in files.items():
        run_id = _ids(1)[0]
        run = _run_row(run_id, channel, path)
        conn.execute(
            _RUN_SQL.format(", ".join("?" * 10)), (*run[:3], run[3].isoformat(" "), *run[4:])
        )
        for batch in prepared_batches(path, channel, source, run_id, True):
            conn.execute("begin")
            conn.executemany(report_sql, batch.reports)
            conn.execute(key_sql, batch.key)
            conn.executemany(payload_sql, batch.payloads)
            conn.executemany(mention_sql, batch.mentions)
            conn.execute("commit")
            rows += len(batch.reports)
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed, rows


def postgres_copy(url: str, files: dict[str, tuple[Path, str]]) -> tuple[float, int]:
    """Seconds and rows: the limit on PostgreSQL (psycopg COPY, one transaction per batch)."""
    import psycopg

    rows = 0
    with psycopg.connect(url) as conn:
        start = time.perf_counter()
        for channel, (path, source) in files.items():
            run_id = _ids(1)[0]
            conn.execute(_RUN_SQL.format(", ".join(["%s"] * 10)), _run_row(run_id, channel, path))
            conn.commit()
            for batch in prepared_batches(path, channel, source, run_id, False):
                with conn.cursor() as cur:
                    cur.execute(
                        f"insert into payload_keys ({KEY_COLUMNS}) values (%s, %s, %s, %s)",
                        batch.key,
                    )
                    for table, columns, data in (
                        ("reports", REPORT_COLUMNS, batch.reports),
                        ("report_payloads", PAYLOAD_COLUMNS, batch.payloads),
                        ("mentions", MENTION_COLUMNS, batch.mentions),
                    ):
                        with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                            for row in data:
                                copy.write_row(row)
                conn.commit()
                rows += len(batch.reports)
        elapsed = time.perf_counter() - start
    return elapsed, rows


def main(argv: list[str]) -> None:
    """TARGET CHANNEL=FILE...: TARGET is a data directory (SQLite) or a PostgreSQL URL."""
    target, pairs = argv[0], [arg.split("=", 1) for arg in argv[1:]]
    chosen = {channel: (Path(file), f"limit:{channel}") for channel, file in pairs}
    if target.startswith("postgres"):
        seconds, count = postgres_copy(target.replace("+psycopg", ""), chosen)
    else:
        seconds, count = sqlite_executemany(Path(target) / "kizashi.db", chosen)
    print(orjson.dumps({"rows": count, "seconds": seconds}).decode())


if __name__ == "__main__":
    main(sys.argv[1:])
