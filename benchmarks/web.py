"""Web UI benchmarks: server-side render time of every page, at 10,000 alerts and 1,000,000 reports.

    nice .venv/bin/python benchmarks/web.py [--quick] [--runs N] [--alerts N] [--postgres-url URL]
    nice .venv/bin/python benchmarks/web.py --reports 1000000 --store /tmp/kizashi-web-1m \
        [--backends sqlite]          # the store is seeded once, then reused by later runs

In process: the app of ``kizashi serve`` (``create_app``) behind Starlette's TestClient, over
a fresh store seeded as the web tests seed it (tests/web/seeding.py: the 山田 太郎 story of
five linked reports, a deconflicted subject, flagged posts, and filler alerts). Each page is
requested ``--runs`` times after three warm-up requests, signed in, with the guard deciding
and the audit log committing every access as in production; the figure is the time from
request to complete response (p50 and p95, ms). Target: p95 < 300 ms for every page, and
for the queue (first page and a page deep in the keyset) with 10,000 open alerts.

``--reports N`` adds N reports (posts and purchase records, with mentions, sealed payloads,
signals, pipeline rows and search documents) through the bulk seeder
(``benchmarks/bulk_reports.py``: intake's own preparer and writer, the search room's own
indexer). ``--store DIR`` keeps the seeded SQLite store in DIR (PostgreSQL: the database
``kz_bench_store_<alerts>_<reports>`` next to ``--postgres-url``), what was seeded in
``DIR/<backend>-<alerts>-<reports>/seeded.json``; a later run with the same DIR measures it again without
seeding (its audit log grows by every page read). The load average is printed with the
figures: the VM is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import (
    DEFAULT_PG_ADMIN_URL,
    machine,
    median,
    percentile,
    pg_database,
    pg_reachable,
    say,
    temp_dir,
    verdict,
)
from bulk_reports import count_reports, fill
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.web.conftest import sign_in
from tests.web.seeding import Seeded, seed

from kizashi.api import create_app
from kizashi.config import Settings, load_settings
from kizashi.search import index_reports
from kizashi.store import make_engine, transaction, upgrade

TARGET_MS = 300.0
NEXT = re.compile(r'data-testid="next-page" href="([^"]+)"')


def timings(client: TestClient, url: str, runs: int) -> list[float]:
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    found = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        found.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    return sorted(found)


def deep_queue_url(client: TestClient, pages: int) -> str:
    url = "/ui/alerts"
    for _ in range(pages):
        found = NEXT.search(client.get(url).text)
        if not found:
            break
        url = found.group(1).replace("&amp;", "&")
    return url


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f}"


def seeded_store(
    settings: Settings, engine: Engine, alerts: int, posts: int, reports: int, marker: Path | None
) -> Seeded:
    """The store seeded as the web tests seed it plus ``reports`` bulk reports; reused when
    ``marker`` (a JSON of what was seeded) exists."""
    if marker is not None and marker.exists():
        upgrade(engine)  # a migration written since it was seeded (e.g. a new index)
        seeded = Seeded(**json.loads(marker.read_text("utf-8")))
        say(f"  reusing the store of {marker} ({count_reports(engine):,} reports)")
        return seeded
    upgrade(engine)
    now = datetime.now(UTC)
    started = time.perf_counter()
    seeded = seed(engine, settings, fillers=alerts, posts=posts, now=now)
    with transaction(engine) as connection:  # the pipeline's search stage would have
        index_reports(connection, list(seeded.reports.values()), now=now)
    say(
        f"  seeded {alerts} filler alerts and {posts} flagged posts in "
        f"{time.perf_counter() - started:.1f} s"
    )
    if reports:
        filled = fill(engine, reports, now=now, progress=say)
        say(
            f"  bulk: {filled.reports:,} reports, {filled.mentions:,} mentions, "
            f"{filled.signals:,} signals, {filled.docs:,} search documents in "
            f"{filled.seconds:.0f} s ({filled.reports / filled.seconds:,.0f} reports/s)"
        )
    if marker is not None:
        marker.write_text(json.dumps(asdict(seeded), ensure_ascii=False), "utf-8")
    return seeded


def run(
    settings: Settings,
    engine: Engine,
    alerts: int,
    posts: int,
    reports: int,
    runs: int,
    marker: Path | None,
) -> list[tuple[str, float, float]]:
    seeded = seeded_store(settings, engine, alerts, posts, reports, marker)
    say(f"  measuring ({load()})")
    rows = []
    with TestClient(create_app(settings, engine=engine), base_url="http://127.0.0.1") as client:
        sign_in(client, "analyst")
        pages = [
            ("dashboard", "/ui/"),
            ("queue, first page", "/ui/alerts"),
            ("queue, page 40", deep_queue_url(client, 40)),
            ("queue, filtered", "/ui/alerts?category=threat&sort=newest"),
            ("queue, oldest first", "/ui/alerts?sort=oldest"),
            ("alert + entity page", f"/ui/alerts/{seeded.main_alert}"),
            ("entity page", f"/ui/entities/{seeded.main_entity}"),
            ("report page", f"/ui/reports/{seeded.reports['garage']}"),
            ("pipeline", "/ui/pipeline"),
            ("search, phone", "/ui/search?q=090-4321-0042"),
            ("search, kana name", "/ui/search?q=ヤマダ+タロウ"),
            ("search, kanji name", "/ui/search?q=山田太郎"),
            ("search, common word", "/ui/search?q=ラーメン"),
        ]
        for label, page in pages:
            found = timings(client, page, runs)
            rows.append((label, percentile(found, 50), percentile(found, 95)))
        client.cookies.clear()
        sign_in(client, "partner-otsuka")
        for label, page in (
            ("partner portal", "/ui/partner"),
            ("partner form", "/ui/partner/new/partner_report"),
        ):
            found = timings(client, page, runs)
            rows.append((label, percentile(found, 50), percentile(found, 95)))
        client.cookies.clear()
        sign_in(client, "inspector")
        for label, page in (
            ("inspection", "/ui/inspection"),
            ("audit entry + proof", "/ui/inspection/audit/5"),
        ):
            found = timings(client, page, runs)
            rows.append((label, percentile(found, 50), percentile(found, 95)))
    say(f"  measured ({load()})")
    return rows


def pg_store(admin_url: str, name: str) -> str:
    """The database ``name`` next to ``admin_url`` (created when missing): a kept store."""
    import psycopg
    from _common import _libpq

    with psycopg.connect(_libpq(admin_url), autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", (name,)).first():
            conn.execute(f'create database "{name}"')
    _scheme, rest = admin_url.split("://", 1)
    head, _, _db = rest.rpartition("/")
    return f"postgresql+psycopg://{head}/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and alerts (a smoke run)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--reports", type=int, default=0, help="bulk reports to add")
    parser.add_argument("--store", type=Path, help="keep (or reuse) the seeded store here")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres-url", default=DEFAULT_PG_ADMIN_URL)
    args = parser.parse_args()
    runs, alerts = (5, 500) if args.quick else (args.runs, args.alerts)
    backends = args.backends.split(",")
    reason = pg_reachable(args.postgres_url) if "postgresql" in backends else "not asked for"
    say(f"machine: {machine(None if reason else args.postgres_url)}")
    # A kept store is measured at the asked size only; a fresh one at 40 alerts too.
    counts = (alerts,) if args.store else (40, alerts)
    worst: list[float] = []
    with temp_dir() as tmp:
        for backend in backends:
            for count in counts:
                if backend == "postgresql" and reason:
                    say(f"postgresql: skipped ({reason})")
                    break
                say(
                    f"{backend}, {count} filler alerts, {args.reports:,} bulk reports, "
                    f"{runs} runs per page"
                )
                marker = None
                data_dir = tmp / f"data-{backend}-{count}"
                if args.store:
                    data_dir = args.store / f"{backend}-{count}-{args.reports}"
                    data_dir.mkdir(parents=True, exist_ok=True)
                    marker = data_dir / "seeded.json"
                if backend == "sqlite":
                    settings = load_settings(data_dir=data_dir)
                    engine = make_engine(settings)
                    rows = run(settings, engine, count, args.posts, args.reports, runs, marker)
                    engine.dispose()
                elif args.store:
                    url = pg_store(args.postgres_url, f"kz_bench_store_{count}_{args.reports}")
                    settings = load_settings(data_dir=data_dir, database_url=url)
                    engine = make_engine(settings)
                    rows = run(settings, engine, count, args.posts, args.reports, runs, marker)
                    engine.dispose()
                else:
                    with pg_database(args.postgres_url) as url:
                        settings = load_settings(data_dir=data_dir, database_url=url)
                        engine = make_engine(settings)
                        rows = run(settings, engine, count, args.posts, args.reports, runs, None)
                        engine.dispose()
                say(f"  {'page':<24} {'p50 ms':>8} {'p95 ms':>8}")
                for label, p50, p95 in rows:
                    say(f"  {label:<24} {p50:8.1f} {p95:8.1f}  {verdict(p95 < TARGET_MS)}")
                    worst.append(p95)
    say(
        f"worst p95 {max(worst):.1f} ms; median of p95s {median(worst):.1f} ms; "
        f"target < {TARGET_MS:.0f} ms: {verdict(max(worst) < TARGET_MS)}"
    )


if __name__ == "__main__":
    main()
