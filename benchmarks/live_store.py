"""Stores for the live pipeline's benchmark, built in bulk, and the fresh reports fed to them.

A store of N reports is the demo's scenario (posts of many accounts with their display
names, purchases at the demo's retailers, partner reports, patrol notes, tips, listings —
the planted cases among them) scaled to N, ingested in bulk through intake (not the API one
by one) and brought up to date by the pipeline's batch backfill (`pipeline run --batch`,
which also trains the linkage model). Built stores are kept under a directory and reused
(a SQLite store is copied for each run, so every run starts from the same store).

The fresh stream is the same scenario drawn with another seed, its ids made unique, its
channels shuffled together: a mixed stream of the demo's proportions (≈ 78 % posts, 20 %
purchases, the rest partner reports, patrol notes, tips and listings).
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CHANNELS = ("sns_post", "purchase", "partner_report", "patrol_note", "public_tip", "listing")
DEMO_SIZE = 25_586  # reports of the demo scenario at scale 1 (its seized messages left out)
SEED = 20261101
ID_KEYS = ("external_id", "post_id", "transaction_id", "report_ref", "note_ref", "tip_ref")
ID_KEYS += ("listing_id",)


def scenario(size: int, seed: int) -> dict[str, list[dict[str, Any]]]:
    from kizashi.demo.scenario import build_scenario

    records = build_scenario(seed, scale=max(size, 1) / DEMO_SIZE).records
    return {channel: list(records.get(channel, [])) for channel in CHANNELS}


def fresh_stream(seed: int = SEED + 1) -> Iterator[tuple[str, dict[str, Any]]]:
    """Endless mixed reports, unique ids, in a shuffled order (channel, record)."""
    generation = 0
    while True:
        drawn = scenario(20_000, seed + generation)
        mix = [(c, r) for c, recs in drawn.items() for r in recs]
        random.Random(seed + generation).shuffle(mix)
        for n, (channel, record) in enumerate(mix):
            record = dict(record)
            for key in ID_KEYS:
                if key in record:
                    record[key] = f"f{generation}.{n}-{record[key]}"
            yield channel, record
        generation += 1


def rows(records: list[dict[str, Any]]) -> list[Any]:
    from kizashi.intake import RawRow

    return [
        RawRow(i + 1, i + 1, json.dumps(r, ensure_ascii=False), r, None)
        for i, r in enumerate(records)
    ]


def ingest(engine: Any, settings: Any, batch: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Ingest (channel, record) pairs in bulk; the stored report ids."""
    from kizashi.intake import ingest_batch

    by_channel: dict[str, list[dict[str, Any]]] = {}
    for channel, record in batch:
        by_channel.setdefault(channel, []).append(record)
    ids: list[str] = []
    for channel, records in by_channel.items():
        for start in range(0, len(records), 2000):
            summary = ingest_batch(
                engine,
                settings,
                channel,
                rows(records[start : start + 2000]),
                "bench",
                default_source="bench",
            )
            ids += [str(i.id) for i in summary.items if i.id]
    return ids


def users(engine: Any) -> dict[str, str]:
    """A command-centre officer and a platform partner, with API tokens."""
    from kizashi.guard.identity import create_user, issue_token, sync_desks
    from kizashi.store import transaction

    with transaction(engine) as connection:
        sync_desks(connection)
        create_user(connection, "bench-cc", role="command_centre", desk="lone-offender")
        create_user(
            connection,
            "bench-platform",
            role="partner_submitter",
            organisation="partner:bench-platform",
        )
        now = datetime.now(UTC)
        return {
            name: issue_token(connection, name, now=now) for name in ("bench-cc", "bench-platform")
        }


def build(root: Path, size: int, database_url: str | None = None, seed: int = SEED) -> Path:
    """The data directory of a store of ``size`` reports (built once, then reused)."""
    from kizashi.clock import FixedClock
    from kizashi.config import load_settings
    from kizashi.demo.clock import PERIOD_END
    from kizashi.intake import ingest_rows
    from kizashi.pipeline import run_backfill
    from kizashi.store import make_engine, upgrade

    backend = "pg" if database_url else "sqlite"
    target = root / f"store-{backend}-{size}-{seed}"
    ready = target / "READY.json"
    if ready.exists():
        return target
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    settings = load_settings(data_dir=target, database_url=database_url)
    engine = make_engine(settings)
    upgrade(engine)
    tokens = users(engine)
    started = time.perf_counter()
    records = scenario(size, seed)
    for channel, recs in records.items():
        ingest_rows(engine, settings, channel, rows(recs), f"bench-{channel}")
    ingested = time.perf_counter() - started

    def progress(stage: str, result: dict[str, Any]) -> None:
        print(f"    {size}: backfill {stage} in {result.get('seconds')} s", flush=True)

    print(f"    {size}: {sum(map(len, records.values()))} reports ingested in {ingested:.0f} s")
    summary = run_backfill(
        engine, clock=FixedClock(PERIOD_END), as_of=PERIOD_END, progress=progress
    )
    engine.dispose()
    ready.write_text(
        json.dumps(
            {
                "size": size,
                "reports": sum(map(len, records.values())),
                "ingest_seconds": round(ingested, 1),
                "backfill": summary,
                "tokens": tokens,
                "database_url": database_url,
            },
            default=str,
            indent=1,
        )
    )
    return target


def postgres_url(server: str, schema: str) -> str:
    """A URL whose connections use ``schema`` (made if missing) on the server at ``server``."""
    from sqlalchemy import create_engine, text

    engine = create_engine(server)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    engine.dispose()
    separator = "&" if "?" in server else "?"
    return f"{server}{separator}options=-csearch_path%3D{schema}"


def working_copy(store: Path, into: Path) -> Path:
    """A copy of a SQLite store's data directory (a PostgreSQL store is used in place)."""
    if json.loads((store / "READY.json").read_text())["database_url"]:
        return store
    target = into / store.name
    shutil.copytree(store, target)
    return target


def upgrade(work: Path, database_url: str | None) -> None:
    """Bring a kept store to the current schema (its copy, or a PostgreSQL schema in place)."""
    from kizashi.config import load_settings
    from kizashi.store import make_engine
    from kizashi.store import upgrade as to_head

    engine = make_engine(load_settings(data_dir=work, database_url=database_url))
    to_head(engine)
    engine.dispose()


def as_built(engine: Any) -> dict[str, Any]:
    """Bring a store built by an older tree to what this tree's build leaves (issue 12, live19),
    without building it again (400k took 33 minutes): the risk marks of every entity, which
    a full triage run writes since live19 (the build ends with one; before, it dropped them),
    and every entity document's count of leavings (migration 0031; the build's search stage
    runs after its last re-clustering, so each document is built at its entity's count).
    Timed, and the marks counted."""
    from sqlalchemy import func, select, text

    from kizashi.store import transaction
    from kizashi.store.tables_triage import risk_marks
    from kizashi.triage.gather import mark_all

    started = time.perf_counter()
    with transaction(engine) as connection:
        mark_all(connection)
        connection.execute(
            text(
                "UPDATE search_docs SET members_left = (SELECT e.members_left FROM entities e "
                "WHERE e.id = search_docs.ref_id) WHERE kind != 'report'"
            )
        )
        marks = connection.execute(select(func.count()).select_from(risk_marks)).scalar()
    return {"marks": marks, "seconds": round(time.perf_counter() - started, 1)}


def manifest(store: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((store / "READY.json").read_text())
    return loaded
