"""Global search's matching against a plain ``LIKE`` scan of the same text (issue 15).

    nice python benchmarks/search.py [--docs 20000] [--rounds 30] [--postgres] [--out FILE]
    nice python benchmarks/search.py --store /tmp/kizashi-web-1m/sqlite-10000-1000000 --rounds 30

A fresh store (SQLite; ``--postgres``: a fresh database on the test server too) gets
``--docs`` documents in ``search_docs`` — each an ~80-character Japanese post, a person's
name with its readings, a phone number — written by the search room's own indexer (so
SQLite's FTS5 trigram table and PostgreSQL's ``pg_trgm`` index are filled as in use). The
same bodies go into a plain table with no index. Per query, the room's matching query
(:func:`kizashi.search.service.candidates`: the full-text match, the liveness check, newest
first, 200 at most) and ``SELECT seq FROM plain WHERE body LIKE '%term%' ORDER BY seq DESC
LIMIT 200`` run interleaved, in this process, ``--rounds`` times each; reported are both
medians and p95s and their ratios (search / LIKE): a ratio, so load from others cancels.
The guard's decisions about the candidates (one audit entry each) are not included: they
cost the same whatever finds the candidates.

``--store DIR``: measure a kept SQLite store instead (the one ``benchmarks/web.py --reports
1000000 --store ...`` seeded: a million reports' documents written by the bulk seeder, with
the planted phone and 山田 太郎); when DIR holds no store yet, ``--docs`` reports are
bulk-seeded into it first (``benchmarks/bulk_reports.py``). The plain table is made once and
kept there.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import _GIVEN, _SURNAMES, DEFAULT_PG_ADMIN_URL, _text_pool, machine, pg_database
from bulk_reports import fill as bulk_fill
from sqlalchemy import Engine, text

from kizashi.config import load_settings
from kizashi.search.index import _write
from kizashi.search.service import SearchQuery, candidates
from kizashi.search.terms import alternatives, body
from kizashi.store import make_engine, upgrade

# (label, query): a rare phone, a name typed in kana (matched by its reading), a name in
# kanji, a common word of the posts.
QUERIES = (
    ("phone", "090-4321-0042"),
    ("kana name", "ヤマダ タロウ"),
    ("kanji name", "山田太郎"),
    ("common word", "ラーメン"),
)


def plain(engine: Engine) -> None:
    """The same bodies in a table with no index (kept in a reused store)."""
    with engine.begin() as connection:
        connection.execute(
            text("CREATE TABLE IF NOT EXISTS bench_plain (seq INTEGER PRIMARY KEY, body TEXT)")
        )
        if connection.execute(text("SELECT count(*) FROM bench_plain")).scalar_one() == 0:
            connection.execute(text("INSERT INTO bench_plain SELECT seq, body FROM search_docs"))


def fill(engine: Engine, docs: int) -> float:
    rng = random.Random(15)
    texts = _text_pool()
    base = datetime(2026, 11, 1, tzinfo=UTC)
    rows = []
    for n in range(docs):
        name = rng.choice(_SURNAMES) + " " + rng.choice(_GIVEN)
        if n % 5000 == 42:
            name = "山田 太郎"
        phone = f"090-{4321 if n == 42 else rng.randrange(1000, 9999)}-{n % 10000:04d}"
        parts = [("text", rng.choice(texts)), ("person", name), ("phone", phone)]
        rows.append(
            {
                "kind": "report",
                "ref_id": f"{n:036d}",
                "channel": "sns_post",
                "desk_id": None,
                "category": None,
                "occurred_at": base + timedelta(minutes=n),
                "body": body(parts),
                "indexed_at": base,
            }
        )
    start = time.perf_counter()
    with engine.begin() as connection:
        for at in range(0, len(rows), 2000):
            _write(connection, rows[at : at + 2000])
        connection.execute(text("CREATE TABLE bench_plain (seq INTEGER PRIMARY KEY, body TEXT)"))
        connection.execute(text("INSERT INTO bench_plain SELECT seq, body FROM search_docs"))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE search_docs"))
            connection.execute(text("ANALYZE bench_plain"))
    return time.perf_counter() - start


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(engine: Engine, rounds: int) -> dict[str, Any]:
    plain = text("SELECT seq FROM bench_plain WHERE body LIKE :p ORDER BY seq DESC LIMIT 200")
    out: dict[str, Any] = {}
    with engine.connect() as connection:
        for label, query in QUERIES:
            term = alternatives(query)[0][0]
            found = len(candidates(connection, SearchQuery(query)))
            like_found = len(connection.execute(plain, {"p": f"%{term}%"}).all())
            searched, scanned = [], []
            for _ in range(rounds):
                start = time.perf_counter()
                candidates(connection, SearchQuery(query))
                searched.append(time.perf_counter() - start)
                start = time.perf_counter()
                connection.execute(plain, {"p": f"%{term}%"}).all()
                scanned.append(time.perf_counter() - start)
            out[label] = {
                "query": query,
                "found": found,
                "like_found": like_found,
                "search_median_ms": round(statistics.median(searched) * 1000, 2),
                "search_p95_ms": round(p95(searched) * 1000, 2),
                "like_median_ms": round(statistics.median(scanned) * 1000, 2),
                "like_p95_ms": round(p95(scanned) * 1000, 2),
                "median_ratio": round(statistics.median(searched) / statistics.median(scanned), 3),
                "p95_ratio": round(p95(searched) / p95(scanned), 3),
            }
    return out


def run_store(store: Path, docs: int, rounds: int) -> dict[str, Any]:
    settings = load_settings(data_dir=store)
    engine = make_engine(settings)
    upgrade(engine)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM search_docs")).scalar_one()
    seconds = 0.0
    if stored == 0:
        filled = bulk_fill(engine, docs, now=datetime.now(UTC))
        stored, seconds = filled.docs, filled.seconds
    plain(engine)
    one, five, fifteen = os.getloadavg()
    result: dict[str, Any] = {
        "backend": engine.dialect.name,
        "store": str(store),
        "docs": stored,
        "fill_seconds": round(seconds, 1),
        "load_average": [round(one, 1), round(five, 1), round(fifteen, 1)],
    }
    result["queries"] = measure(engine, rounds)
    engine.dispose()
    return result


def run(url: str | None, docs: int, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="kizashi-bench-search-") as tmp:
        settings = load_settings(data_dir=Path(tmp), database_url=url)
        engine = make_engine(settings)
        upgrade(engine)
        seconds = fill(engine, docs)
        result = {"backend": engine.dialect.name, "docs": docs, "fill_seconds": round(seconds, 1)}
        result["queries"] = measure(engine, rounds)
        engine.dispose()
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL")
    parser.add_argument("--pg-admin-url", default=DEFAULT_PG_ADMIN_URL)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--store", type=Path, help="a kept SQLite store (seeded when empty)")
    args = parser.parse_args()
    report: dict[str, Any] = {"machine": machine(args.pg_admin_url if args.postgres else None)}
    if args.store:
        args.store.mkdir(parents=True, exist_ok=True)
        report["sqlite"] = run_store(args.store, args.docs, args.rounds)
    else:
        report["sqlite"] = run(None, args.docs, args.rounds)
    if args.postgres:
        with pg_database(args.pg_admin_url) as url:
            report["postgresql"] = run(url, args.docs, args.rounds)
    text_out = json.dumps(report, ensure_ascii=False, indent=2)
    print(text_out)
    if args.out:
        args.out.write_text(text_out + "\n", "utf-8")


if __name__ == "__main__":
    main()
