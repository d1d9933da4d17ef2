"""Web UI benchmarks: server-side render time of every page, and the queue at 10,000 alerts.

    .venv/bin/python benchmarks/web.py [--quick] [--runs N] [--alerts N] [--postgres-url URL]

In process: the app of ``kizashi serve`` (``create_app``) behind Starlette's TestClient, over
a fresh store seeded as the web tests seed it (tests/web/seeding.py: the 山田 太郎 story of
five linked reports, a deconflicted subject, flagged posts, and filler alerts). Each page is
requested ``--runs`` times after three warm-up requests, signed in, with the guard deciding
and the audit log committing every access as in production; the figure is the time from
request to complete response (p50 and p95, ms). Target: p95 < 300 ms for every page, and
for the queue (first page and a page deep in the keyset) with 10,000 open alerts.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
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
from fastapi.testclient import TestClient
from tests.web.conftest import sign_in
from tests.web.seeding import seed

from kizashi.api import create_app
from kizashi.config import load_settings
from kizashi.store import make_engine, upgrade

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


def run(
    backend: str, url: str | None, alerts: int, posts: int, runs: int, tmp: Path
) -> list[tuple[str, float, float]]:
    settings = load_settings(data_dir=tmp / f"data-{backend}-{alerts}", database_url=url)
    engine = make_engine(settings)
    upgrade(engine)
    started = time.perf_counter()
    seeded = seed(engine, settings, fillers=alerts, posts=posts)
    say(
        f"  seeded {alerts} filler alerts and {posts} flagged posts in {time.perf_counter() - started:.1f} s"
    )
    rows = []
    with TestClient(create_app(settings, engine=engine), base_url="http://127.0.0.1") as client:
        sign_in(client, "analyst")
        pages = [
            ("dashboard", "/ui/"),
            ("queue, first page", "/ui/alerts"),
            ("queue, page 40", deep_queue_url(client, 40)),
            ("queue, filtered", "/ui/alerts?category=threat&sort=newest"),
            ("alert + entity page", f"/ui/alerts/{seeded.main_alert}"),
            ("entity page", f"/ui/entities/{seeded.main_entity}"),
            ("report page", f"/ui/reports/{seeded.reports['garage']}"),
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
    engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and alerts (a smoke run)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--postgres-url", default=DEFAULT_PG_ADMIN_URL)
    args = parser.parse_args()
    runs, alerts = (5, 500) if args.quick else (args.runs, args.alerts)
    reason = pg_reachable(args.postgres_url)
    say(f"machine: {machine(None if reason else args.postgres_url)}")
    worst: list[float] = []
    with temp_dir() as tmp:
        for backend in ("sqlite", "postgresql"):
            for count in (40, alerts):
                if backend == "postgresql" and reason:
                    say(f"postgresql: skipped ({reason})")
                    break
                say(f"{backend}, {count} filler alerts, {runs} runs per page")
                if backend == "sqlite":
                    rows = run(backend, None, count, args.posts, runs, tmp)
                else:
                    with pg_database(args.postgres_url) as url:
                        rows = run(backend, url, count, args.posts, runs, tmp)
                say(f"  {'page':<24} {'p50 ms':>8} {'p95 ms':>8}")
                for label, p50, p95 in rows:
                    say(f"  {label:<24} {p50:8.1f} {p95:8.1f}  {verdict(p95 < TARGET_MS)}")
                    worst.append(p95)
    say(
        f"worst p95 {max(worst):.1f} ms; median of p95s {median(worst):.1f} ms; target < {TARGET_MS:.0f} ms: "
        f"{verdict(max(worst) < TARGET_MS)}"
    )


if __name__ == "__main__":
    main()
