"""Web UI benchmarks: server-side render time of every page, at 10,000 alerts and 1,000,000 reports.

    nice .venv/bin/python benchmarks/web.py [--quick] [--runs N] [--alerts N] [--postgres-url URL]
    nice .venv/bin/python benchmarks/web.py --reports 1000000 --store /tmp/kizashi-web-1m \
        [--backends sqlite] [--baseline]   # the store is seeded once, then reused

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
import contextlib
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
from bulk_reports import count_reports, fill, replicate
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
    settings: Settings,
    engine: Engine,
    alerts: int,
    posts: int,
    reports: int,
    marker: Path | None,
    template: int = 0,
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
        if template and engine.dialect.name == "postgresql":
            filled = replicate(engine, reports, now=now, template=template, progress=say)
        else:
            filled = fill(engine, reports, now=now, progress=say)
        say(
            f"  bulk: {filled.reports:,} reports, {filled.mentions:,} mentions, "
            f"{filled.signals:,} signals, {filled.docs:,} search documents in "
            f"{filled.seconds:.0f} s ({filled.reports / filled.seconds:,.0f} reports/s)"
        )
    if marker is not None:
        marker.write_text(json.dumps(asdict(seeded), ensure_ascii=False), "utf-8")
    return seeded


USERS = ("analyst", "partner-otsuka", "inspector")


def pages(client: TestClient, seeded: Seeded, user: str) -> list[tuple[str, str]]:
    if user == "partner-otsuka":
        return [
            ("partner portal", "/ui/partner"),
            ("partner form", "/ui/partner/new/partner_report"),
        ]
    if user == "inspector":
        return [("inspection", "/ui/inspection"), ("audit entry + proof", "/ui/inspection/audit/5")]
    return [
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


Row = tuple[str, float, float, float | None, float | None]


def run(
    settings: Settings,
    engine: Engine,
    alerts: int,
    posts: int,
    reports: int,
    runs: int,
    marker: Path | None,
    baseline: tuple[Settings, Engine] | None = None,
    template: int = 0,
) -> list[Row]:
    """p50/p95 of every page; with ``baseline`` (a small store: the story and 40 alerts), the
    same page of it requested in turn with each one of the big store, so that the load of
    others weighs on both alike (its p50/p95 come back too)."""
    seeded = seeded_store(settings, engine, alerts, posts, reports, marker, template)
    small = None
    if baseline is not None:
        say("  baseline store:")
        small = seeded_store(*baseline, 40, posts, 0, None)
    say(f"  measuring ({load()})")
    rows: list[Row] = []
    big_app = create_app(settings, engine=engine)
    small_app = create_app(*baseline[:1], engine=baseline[1]) if baseline else None
    for user in USERS:
        with TestClient(big_app, base_url="http://127.0.0.1") as client:
            sign_in(client, user)
            listed = pages(client, seeded, user)
            if small_app is None or small is None:
                for label, page in listed:
                    found = timings(client, page, runs)
                    rows.append((label, percentile(found, 50), percentile(found, 95), None, None))
                continue
            with TestClient(small_app, base_url="http://127.0.0.1") as other:
                sign_in(other, user)
                for (label, page), (_, small_page) in zip(
                    listed, pages(other, small, user), strict=True
                ):
                    found, base = interleaved(client, page, other, small_page, runs)
                    rows.append(
                        (
                            label,
                            percentile(found, 50),
                            percentile(found, 95),
                            percentile(base, 50),
                            percentile(base, 95),
                        )
                    )
    say(f"  measured ({load()})")
    return rows


def interleaved(
    client: TestClient, url: str, other: TestClient, other_url: str, runs: int
) -> tuple[list[float], list[float]]:
    for _ in range(3):
        assert client.get(url).status_code == 200, url
        assert other.get(other_url).status_code == 200, other_url
    found, base = [], []
    for _ in range(runs):
        for c, u, out in ((client, url, found), (other, other_url, base)):
            start = time.perf_counter()
            response = c.get(u)
            out.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, u
    return sorted(found), sorted(base)


def pg_store(admin_url: str, name: str) -> str:
    """The database ``name`` next to ``admin_url`` (created when missing): a kept store."""
    import psycopg
    from _common import _libpq

    with psycopg.connect(_libpq(admin_url), autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
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
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="interleave each page with the same page of a small fresh store (40 alerts)",
    )
    parser.add_argument("--postgres-url", default=DEFAULT_PG_ADMIN_URL)
    parser.add_argument(
        "--pg-store-name",
        help="PostgreSQL with --store: the kept database's name "
        "(default kz_bench_store_<alerts>_<reports>)",
    )
    parser.add_argument(
        "--template",
        type=int,
        default=0,
        help="PostgreSQL: bulk-seed this many reports, then copy them in SQL up to --reports "
        "(bulk_reports.replicate; 0: every report through the bulk seeder)",
    )
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
                    base = None
                    if args.baseline:
                        small = load_settings(data_dir=tmp / f"baseline-{backend}")
                        base = (small, make_engine(small))
                    rows = run(
                        settings, engine, count, args.posts, args.reports, runs, marker, base
                    )
                    engine.dispose()
                elif args.store:
                    name = args.pg_store_name or f"kz_bench_store_{count}_{args.reports}"
                    url = pg_store(args.postgres_url, name)
                    settings = load_settings(data_dir=data_dir, database_url=url)
                    engine = make_engine(settings)
                    with contextlib.ExitStack() as stack:
                        base = None
                        if args.baseline:  # a small store in a fresh database, dropped after
                            small_url = stack.enter_context(pg_database(args.postgres_url))
                            small = load_settings(
                                data_dir=tmp / f"baseline-{backend}", database_url=small_url
                            )
                            base = (small, make_engine(small))
                        rows = run(
                            settings, engine, count, args.posts, args.reports, runs, marker,
                            base, args.template,
                        )  # fmt: skip
                        if base is not None:
                            base[1].dispose()
                    engine.dispose()
                else:
                    with pg_database(args.postgres_url) as url:
                        settings = load_settings(data_dir=data_dir, database_url=url)
                        engine = make_engine(settings)
                        rows = run(settings, engine, count, args.posts, args.reports, runs, None)
                        engine.dispose()
                say(
                    f"  {'page':<24} {'p50 ms':>8} {'p95 ms':>8}          small p50 / p95, ratio p50"
                )
                for label, p50, p95, small50, small95 in rows:
                    line = f"  {label:<24} {p50:8.1f} {p95:8.1f}  {verdict(p95 < TARGET_MS):<6}"
                    if small50 is not None and small95 is not None:
                        line += f"  {small50:8.1f} / {small95:6.1f}  {p50 / small50:5.2f}"
                    say(line)
                    worst.append(p95)
    say(
        f"worst p95 {max(worst):.1f} ms; median of p95s {median(worst):.1f} ms; "
        f"target < {TARGET_MS:.0f} ms: {verdict(max(worst) < TARGET_MS)}"
    )


if __name__ == "__main__":
    main()
