"""Expiry at scale: N reports on PostgreSQL, most past their retention, expired in one run.

    .venv/bin/python benchmarks/oversight.py [--reports N] [--postgres-url URL]

A fresh database is migrated; N sns_post reports are written directly (an ingest run, one
data key per 5,000 reports as intake seals them, each report with its sealed payload, two
mentions, a signal — flagged for one in ten — and the pipeline's queue row that the
reports trigger adds). 80 % of the batches were received 24 months before the run (past
the 6 or 18 months of sns-nothing and flagged), 20 % a month before; in each old batch 10
reports are under a legal hold, so their batch key is destroyed only after they are
re-sealed. Then ``kizashi.oversight.expire`` runs for real: planning, tombstones, reseal,
key destruction and every room's hook, in one transaction.

Baseline, in the same process: writing those rows (the bulk inserts above). The figure is
expiry time / write time, and reports expired per second.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "src"))

from _common import DEFAULT_PG_ADMIN_URL, machine, pg_database, pg_reachable, say  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from kizashi.config import load_settings  # noqa: E402
from kizashi.ids import new_id  # noqa: E402
from kizashi.oversight.expiration import expire  # noqa: E402
from kizashi.oversight.retention import add_months, default_schedules  # noqa: E402
from kizashi.store import make_engine, upgrade  # noqa: E402
from kizashi.store.payloads import Sealer, body_bytes  # noqa: E402
from kizashi.store.tables import (  # noqa: E402
    ingest_runs,
    mentions,
    payload_keys,
    report_payloads,
    reports,
)
from kizashi.store.tables_oversight import report_expiries, retention_holds  # noqa: E402
from kizashi.store.tables_signals import signals  # noqa: E402

BATCH = 5000
NOW = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)


def _write(engine: Any, total: int) -> float:
    rng = random.Random(18)
    run_id = new_id()
    started = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(
            insert(ingest_runs).values(
                id=run_id,
                channel="sns_post",
                input_name="bench",
                started_at=NOW,
                status="completed",
                rows_read=total,
                rows_stored=total,
                rows_duplicate=0,
                rows_conflicting=0,
                rows_quarantined=0,
            )
        )
    for batch_no, start in enumerate(range(0, total, BATCH)):
        old = batch_no % 5 != 4
        received = add_months(NOW, -24 if old else -1)
        sealer = Sealer()
        rows, payloads, found, flagged, held = [], [], [], [], []
        for i in range(start, min(total, start + BATCH)):
            rid = new_id()
            text = f"post {i}: 大塚で会おう {rng.random():.6f}"
            body = {"platform": "x", "post_id": str(i), "text": text, "account_handle": f"u{i}"}
            rows.append(
                {
                    "id": rid,
                    "channel": "sns_post",
                    "schema_version": 1,
                    "source": "platform:x",
                    "external_id": str(i),
                    "received_at": received,
                    "reliability": "F",
                    "credibility": "6",
                    "handling_code": "TLP:GREEN",
                    "purpose": "公開情報の収集 (collection of publicly available information)",
                    "legal_basis": "警察法第2条 — publicly available information",
                    "ingest_run_id": run_id,
                    "raw_sha256": "0" * 64,
                    "body_sha256": "0" * 64,
                }
            )
            payloads.append(sealer.payload_row(rid, str(body), body_bytes(body), text))
            for kind, value in (("account", f"u{i}"), ("place", "大塚")):
                found.append(
                    {
                        "id": new_id(),
                        "report_id": rid,
                        "kind": kind,
                        "path": "text",
                        "value": value,
                        "normalized": value,
                    }
                )
            if i % 10 == 0:
                flagged.append(rid)
            if old and i - start < 10:
                held.append(rid)
        with engine.begin() as connection:
            connection.execute(payload_keys.insert(), [sealer.key_row(NOW)])
            connection.execute(insert(reports), rows)
            connection.execute(insert(report_payloads), payloads)
            connection.execute(insert(mentions), found)
            connection.execute(
                insert(signals),
                [
                    {
                        "id": new_id(),
                        "report_id": rid,
                        "detector": "text",
                        "model_version": "bench",
                        "category": "threat",
                        "score": 0.9,
                        "scores": {"threat": 0.9},
                        "flagged": True,
                        "evidence": [],
                        "protected": [],
                        "created_at": NOW,
                        "report_at": received,  # no occurred_at: the report's time
                    }
                    for rid in flagged
                ],
            )
            if held:
                connection.execute(
                    insert(retention_holds),
                    [
                        {
                            "id": new_id(),
                            "kind": "report",
                            "ref": rid,
                            "reason": "bench hold",
                            "placed_by": "bench",
                            "placed_at": NOW,
                        }
                        for rid in held
                    ],
                )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--postgres-url", default=DEFAULT_PG_ADMIN_URL)
    args = parser.parse_args()
    problem = pg_reachable(args.postgres_url)
    if problem:
        say(f"PostgreSQL not reachable: {problem}")
        raise SystemExit(2)
    say(f"machine: {machine(args.postgres_url)}")
    with pg_database(args.postgres_url) as url, tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(load_settings(data_dir=Path(tmp), database_url=url))
        upgrade(engine)
        write = _write(engine, args.reports)
        say(f"wrote {args.reports:,} reports (with payloads, mentions, signals) in {write:.1f} s")
        started = time.perf_counter()
        run = expire(engine, default_schedules(), as_of=NOW, now=NOW, actor="bench", dry_run=False)
        took = time.perf_counter() - started
        with engine.connect() as connection:
            tombstones = connection.execute(
                select(func.count()).select_from(report_expiries)
            ).scalar_one()
        say(
            f"expired {run.reports:,} reports ({tombstones:,} tombstones, {run.held:,} held, "
            f"{run.resealed:,} re-sealed, {run.keys_destroyed:,} keys destroyed) in {took:.1f} s"
        )
        say(f"hooks: {run.rooms}")
        say(
            f"| {args.reports:,} | {run.reports:,} | {took:.1f} s | "
            f"{run.reports / took:,.0f}/s | {took / write:.2f} |"
        )
        engine.dispose()


if __name__ == "__main__":
    main()
