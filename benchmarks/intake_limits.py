"""The plain-code limits that `kizashi ingest` is measured against.

A limit is what a competent programmer would write to put the same rows into the same tables
(the store's real schema: same indexes, constraints and triggers, made by `kizashi init`)
with the same batch size and one transaction per batch, doing the same per-row work that
cannot be skipped: parse the JSON line, hash the raw line and the canonical body (sha256),
derive the external id from the natural key, read the event time and convert it to UTC,
normalise the mentions (NFKC + case folding, cached as kizashi caches them) and give every
row and mention a UUIDv7 id. What a limit does NOT do is what kizashi adds on top: validating
every field against the channel schema, grading defaults, quarantine, conflict detection,
routing at ingest and the run's bookkeeping. The ratio kizashi/limit therefore says how much
of the machine that extra work and kizashi's own overhead take.

- SQLite: `sqlite3` `executemany` of plain tuples (the same pragmas as kizashi's engine).
- PostgreSQL: psycopg 3 `COPY ... FROM STDIN` straight into `reports` and `mentions` (no
  conflict handling at all: the fastest way in that PostgreSQL has).

Used by benchmarks/intake.py (as a subprocess, like `kizashi ingest`); runnable alone:

    .venv/bin/python benchmarks/intake_limits.py DATA_DIR_OR_PG_URL sns_post=FILE.jsonl ...
"""

from __future__ import annotations

import hashlib
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
    "ingest_run_id, raw, raw_sha256, body, body_sha256, text"
)
MENTION_COLUMNS = "id, report_id, kind, path, value, normalized, qualifier, quantity, unit"


@lru_cache(maxsize=65_536)
def _key(kind: str, value: str) -> str:
    folded = unicodedata.normalize("NFKC", value).casefold()
    if kind == "phone":
        return "".join(ch for ch in folded if ch.isdigit())
    return folded.lstrip("@") if kind == "account" else folded.replace(" ", "")


def _ids(count: int) -> list[str]:
    """UUIDv7 strings for a batch (one clock read per batch, as kizashi.ids.new_ids does)."""
    import os

    head = (time.time_ns() // 1_000_000) << 80 | 0x7 << 76 | 0b10 << 62
    noise = os.urandom(8 * count)
    out = []
    for i in range(count):
        h = f"{head | i << 40 | int.from_bytes(noise[8 * i : 8 * i + 5], 'big'):032x}"
        out.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return out


def prepared_batches(
    path: Path, channel: str, source: str, run_id: str, sqlite_times: bool
) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """(report rows, mention rows) per batch of BATCH lines, the limit's per-row work."""
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
            reports: list[tuple[Any, ...]] = []
            mentions: list[tuple[Any, ...]] = []
            for report_id, raw in zip(ids, chunk, strict=True):
                body = orjson.loads(raw)
                canonical = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
                occurred = datetime.fromisoformat(body[when]).astimezone(UTC)
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
                        raw.decode(),
                        hashlib.sha256(raw).hexdigest(),
                        canonical.decode(),
                        hashlib.sha256(canonical).hexdigest(),
                        body[text_field],
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
            mention_rows = [(mid, *m) for mid, m in zip(_ids(len(mentions)), mentions, strict=True)]
            yield reports, mention_rows


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
    report_sql = f"insert into reports ({REPORT_COLUMNS}) values ({', '.join('?' * 21)})"
    mention_sql = f"insert into mentions ({MENTION_COLUMNS}) values ({', '.join('?' * 9)})"
    rows = 0
    start = time.perf_counter()
    for channel, (path, source) in files.items():
        run_id = _ids(1)[0]
        run = _run_row(run_id, channel, path)
        conn.execute(
            _RUN_SQL.format(", ".join("?" * 10)), (*run[:3], run[3].isoformat(" "), *run[4:])
        )
        for reports, mentions in prepared_batches(path, channel, source, run_id, True):
            conn.execute("begin")
            conn.executemany(report_sql, reports)
            conn.executemany(mention_sql, mentions)
            conn.execute("commit")
            rows += len(reports)
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
            for reports, mentions in prepared_batches(path, channel, source, run_id, False):
                with conn.cursor() as cur:
                    with cur.copy(f"COPY reports ({REPORT_COLUMNS}) FROM STDIN") as copy:
                        for row in reports:
                            copy.write_row(row)
                    with cur.copy(f"COPY mentions ({MENTION_COLUMNS}) FROM STDIN") as copy:
                        for row in mentions:
                            copy.write_row(row)
                conn.commit()
                rows += len(reports)
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
