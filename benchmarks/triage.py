"""Triage benchmarks: the alert list at 10,000 alerts, and a triage run on the demo.

    .venv/bin/python benchmarks/triage.py [--quick] [--only list,demo] [--alerts N]
        [--requests N] [--scale S] [--runs N] [--postgres-url URL]

list: a fresh store per backend holds N alerts (default 10,000) over three desks, each alert
      about a person entity with a name and a phone (so the guard's compartment check has
      something to look up). A command-centre user pages through its desk's queue over HTTP
      in process (``GET /api/v1/alerts``, 50 per page, keyset cursor), in four sorts and with
      filters; every page is decided and logged by the guard. Figures: p50/p95 per page, and
      the same page as a bare SQL query in the same process (the ratio is what the guard,
      the audit log and the HTTP layer add).
demo: the demo scenario at --scale is built through the live pipeline (detection, linkage,
      purchase rules, triage); then the batch purchase rules and triage are timed: the first
      run after the pipeline and re-runs (nothing changes). Baseline: a bare read of the
      tables triage reads.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from _common import (  # noqa: E402
    DEFAULT_PG_ADMIN_URL,
    machine,
    median,
    percentile,
    pg_database,
    pg_reachable,
    say,
    temp_dir,
)

from kizashi.config import load_settings  # noqa: E402
from kizashi.store import make_engine, upgrade  # noqa: E402
from kizashi.store.payloads import Sealer, store_payloads  # noqa: E402

DESKS = ("lone-offender", "lone-offender", "lone-offender", "tokuryu", "economic-security")
STATUSES = ("new", "new", "in_review", "confirmed", "dismissed")
T0 = datetime(2026, 10, 1, tzinfo=UTC)


def fill_alerts(engine: Any, n: int, seed: int = 11) -> None:
    """n alerts, each about a person entity named in one report (with a name and a phone)."""
    from sqlalchemy import insert, text

    from kizashi.guard.identity import sync_desks
    from kizashi.ids import new_id
    from kizashi.store.tables import ingest_runs, mentions, reports
    from kizashi.store.tables_resolve import entities, entity_members
    from kizashi.store.tables_triage import alerts

    rng = random.Random(seed)
    with engine.begin() as connection:
        sync_desks(connection)
        run_id = new_id()
        connection.execute(
            insert(ingest_runs).values(
                id=run_id,
                channel="public_tip",
                input_name="bench",
                started_at=T0,
                status="completed",
            )
        )
        for start in range(0, n, 2000):
            rep, men, ent, mem, ale = [], [], [], [], []
            for i in range(start, min(n, start + 2000)):
                report_id, entity_id = new_id(), new_id()
                rep.append(
                    {
                        "id": report_id,
                        "channel": "public_tip",
                        "schema_version": 1,
                        "source": "bench",
                        "external_id": f"t{i}",
                        "received_at": T0,
                        "occurred_at": T0,
                        "reliability": "F",
                        "credibility": "6",
                        "handling_code": "TLP:AMBER",
                        "purpose": "bench",
                        "legal_basis": "bench",
                        "ingest_run_id": run_id,
                        "raw_sha256": "0" * 64,
                        "body_sha256": "0" * 64,
                    }
                )
                for kind, value in (("person", f"山田 太郎{i}"), ("phone", f"090{i:08d}")):
                    mention_id = new_id()
                    men.append(
                        {
                            "id": mention_id,
                            "report_id": report_id,
                            "kind": kind,
                            "path": f"subjects[0].{'name' if kind == 'person' else 'phone'}",
                            "value": value,
                            "normalized": value,
                        }
                    )
                    mem.append(
                        {
                            "mention_id": mention_id,
                            "entity_id": entity_id,
                            "report_id": report_id,
                            "match_weight": None,
                            "reasons": [],
                            "linked_at": T0,
                        }
                    )
                ent.append(
                    {
                        "id": entity_id,
                        "kind": "person",
                        "label": f"山田 太郎{i}",
                        "created_at": T0,
                        "updated_at": T0,
                    }
                )
                ale.append(
                    {
                        "id": new_id(),
                        "entity_id": entity_id,
                        "desk_id": rng.choice(DESKS),
                        "category": rng.choice(("threat", "precursor", "recruitment")),
                        "score": round(rng.uniform(40, 400), 1),
                        "status": rng.choice(STATUSES),
                        "routing_rule": "route-default",
                        "summary": f"alert {i}",
                        "explanation": {"contributions": []},
                        "handling_code": "TLP:AMBER",
                        "opened_at": T0 + timedelta(minutes=rng.randint(0, 40000)),
                        "updated_at": T0,
                    }
                )
            connection.execute(insert(reports), rep)
            store_payloads(connection, Sealer(), [(r["id"], "{}", b"{}", "tip") for r in rep], T0)
            connection.execute(insert(mentions), men)
            connection.execute(insert(entities), ent)
            connection.execute(insert(entity_members), mem)
            connection.execute(insert(alerts), ale)
    with engine.begin() as connection:
        # What autovacuum does after a bulk load: without statistics PostgreSQL plans the
        # keyset page as if the desk held one alert (measured: 25-70 ms a page, not 2-5 ms).
        connection.execute(text("ANALYZE"))


QUERIES = (
    "sort=-score",
    "sort=-score&status=open",
    "sort=-opened_at",
    "sort=opened_at&category=threat",
)


def bench_list(url: str | None, label: str, n: int, requests: int, tmp: Path) -> dict[str, Any]:
    from fastapi.testclient import TestClient
    from sqlalchemy import select

    from kizashi.api import create_app
    from kizashi.guard.identity import create_user, get_user, issue_token
    from kizashi.triage.access import AlertFilter, _page_query

    settings = load_settings(data_dir=tmp / f"list-{label}", database_url=url)
    engine = make_engine(settings)
    upgrade(engine)
    started = time.perf_counter()
    fill_alerts(engine, n)
    say(f"  [{label}] {n:,} alerts stored in {time.perf_counter() - started:.1f} s")
    with engine.begin() as connection:
        create_user(connection, "bench-cc", role="command_centre", desk="lone-offender")
        token = issue_token(connection, "bench-cc", now=datetime.now(UTC))
        user = get_user(connection, "bench-cc")
    headers = {"Authorization": f"Bearer {token}"}
    api: list[float] = []
    sql: list[float] = []
    pages = 0
    with TestClient(create_app(settings, engine=engine)) as client:
        while len(api) < requests:
            for query in QUERIES:
                after = None
                for _ in range(8):  # first page and seven deeper ones
                    path = f"/api/v1/alerts?limit=50&{query}" + (f"&after={after}" if after else "")
                    start = time.perf_counter()
                    response = client.get(path, headers=headers)
                    api.append(time.perf_counter() - start)
                    assert response.status_code == 200, response.text
                    body = response.json()
                    pages += 1
                    params = dict(p.split("=") for p in query.split("&"))
                    where = AlertFilter(
                        status=params.get("status"),
                        category=params.get("category"),
                        sort=params["sort"],
                        limit=50,
                    )
                    with engine.connect() as connection:
                        anchor = None
                        if after:
                            from kizashi.store.tables_triage import alerts

                            anchor = connection.execute(
                                select(alerts).where(alerts.c.id == after)
                            ).first()
                        start = time.perf_counter()
                        list(connection.execute(_page_query(user, where, anchor)))
                        sql.append(time.perf_counter() - start)
                    after = body["next_after"]
                    if after is None:
                        break
    engine.dispose()
    api.sort()
    sql.sort()
    return {
        "backend": label,
        "pages": pages,
        "p50_ms": percentile(api, 50) * 1000,
        "p95_ms": percentile(api, 95) * 1000,
        "sql_p50_ms": percentile(sql, 50) * 1000,
        "sql_p95_ms": percentile(sql, 95) * 1000,
    }


def bench_demo(scale: float, runs: int, tmp: Path) -> dict[str, Any]:
    from sqlalchemy import func, select

    from kizashi.demo import run
    from kizashi.demo.clock import PERIOD_END
    from kizashi.purchases import run_purchase_rules
    from kizashi.store.tables import mentions, reports
    from kizashi.store.tables_resolve import entity_members
    from kizashi.store.tables_signals import signals
    from kizashi.triage import run_triage

    started = time.perf_counter()
    context = run.run_demo(
        load_settings(data_dir=tmp / "demo-data"),
        tmp / "demo",
        seed=20261122,
        scale=scale,
        built_at=PERIOD_END,
    )
    say(
        f"  demo at scale {scale} built through the pipeline in "
        f"{time.perf_counter() - started:.1f} s"
    )
    found = {"offender": context.resolution.get("offender_entity")}
    engine = context.engine

    def once() -> tuple[float, Any]:
        start = time.perf_counter()
        run_purchase_rules(engine, now=PERIOD_END)
        summary = run_triage(engine, now=PERIOD_END, as_of=PERIOD_END, run_purchases=False)
        return time.perf_counter() - start, summary

    first, summary = once()
    reruns = [once()[0] for _ in range(runs)]
    bare = []
    for _ in range(runs):
        start = time.perf_counter()
        with engine.connect() as connection:
            for table in (reports, mentions, entity_members, signals):
                list(connection.execute(select(table)))
        bare.append(time.perf_counter() - start)
    with engine.connect() as connection:
        counts = {
            t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (reports, entity_members, signals)
        }
    return {
        "scale": scale,
        "counts": counts,
        "first_s": first,
        "rerun_s": median(reruns),
        "bare_read_s": median(bare),
        "top": summary.top[:3],
        "offender_first": summary.top[0]["entity_id"] == found["offender"],
        "alerts": summary.alerts,
        "contributions": summary.contributions,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="list,demo")
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=256)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres-url", default=DEFAULT_PG_ADMIN_URL)
    args = parser.parse_args()
    if args.quick:
        args.alerts, args.requests, args.scale, args.runs = 1000, 32, 0.05, 1
    only = set(args.only.split(","))
    say(f"machine: {machine(args.postgres_url)}")
    with temp_dir() as tmp:
        if "list" in only:
            say(f"alert list: {args.alerts:,} alerts, pages of 50, {args.requests} requests")
            results = [bench_list(None, "sqlite", args.alerts, args.requests, tmp)]
            reason = pg_reachable(args.postgres_url)
            if reason:
                say(f"  postgresql skipped: {reason}")
            else:
                with pg_database(args.postgres_url) as url:
                    results.append(bench_list(url, "postgresql", args.alerts, args.requests, tmp))
            for r in results:
                say(
                    f"  [{r['backend']}] {r['pages']} pages: API p50 {r['p50_ms']:.1f} ms, p95 "
                    f"{r['p95_ms']:.1f} ms; bare SQL p50 {r['sql_p50_ms']:.2f} ms, p95 "
                    f"{r['sql_p95_ms']:.2f} ms (API/SQL p95 ratio {r['p95_ms'] / r['sql_p95_ms']:.0f}x)"
                )
        if "demo" in only:
            say(f"triage on the demo (scale {args.scale}, {args.runs} re-runs)")
            d = bench_demo(args.scale, args.runs, tmp)
            say(
                f"  {d['counts']}: first run {d['first_s']:.2f} s, re-run (median) {d['rerun_s']:.2f} s, "
                f"bare read of reports/mentions/members/signals {d['bare_read_s']:.2f} s "
                f"(first/bare {d['first_s'] / d['bare_read_s']:.1f}x)"
            )
            say(
                f"  {d['contributions']} contributions, alerts {d['alerts']}; offender first: {d['offender_first']}"
            )
            say(f"  top: {d['top']}")


if __name__ == "__main__":
    main()
