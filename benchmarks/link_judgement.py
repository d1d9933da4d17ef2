"""A judgement on the demo's store: how long "same" / "not the same" and undo take.

    .venv/bin/python benchmarks/link_judgement.py [--workspace var/demo] [--judgements 40]

Works on a copy of the demo workspace's SQLite store (``kizashi demo`` builds one; without
``--workspace`` a fresh demo is built at ``--scale``). Picks person records at random (seeded):
pairs in one entity are judged "not the same", pairs in two entities whose names share a
reading are judged "same"; each judgement is applied (``record_judgement``) and then undone
(``undo_judgement``), both timed (wall and CPU). Interleaved with them, the baseline: the
whole store re-clustered with its judgements (``recluster``: what a judgement cost before
judgements touched only their components). Prints p50 / p95 / max and the ratio of the
median judgement to the median whole-store re-clustering.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _timed(action: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float, float]:
    """What ``action`` returned, and its wall and CPU milliseconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action(*args, **kwargs)
    return result, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _store(args: argparse.Namespace, work: Path) -> Engine:
    from kizashi.config import load_settings
    from kizashi.demo.clock import PERIOD_END
    from kizashi.store import make_engine, upgrade

    if args.workspace is None:
        from kizashi.demo.run import run_demo

        started = time.perf_counter()
        run_demo(
            load_settings(data_dir=work),
            work / "demo",
            seed=7,
            scale=args.scale,
            built_at=PERIOD_END,
        )
        print(f"demo built at scale {args.scale} in {time.perf_counter() - started:.0f} s")
        source = work / "demo" / "kizashi.db"
    else:
        source = Path(args.workspace) / "kizashi.db"
    copy = work / "store"
    copy.mkdir()
    shutil.copy(source, copy / "kizashi.db")
    engine = make_engine(load_settings(data_dir=copy, database_url=None))
    upgrade(engine)
    return engine


def _pairs(engine: Engine, count: int, seed: int) -> list[tuple[str, str, str]]:
    """(left mention, right mention, verdict): half splits inside an entity, half joins."""
    from kizashi.store.tables_resolve import resolve_mentions, resolve_records

    with engine.connect() as connection:
        rows = connection.execute(
            select(resolve_records.c.id, resolve_records.c.entity_id, resolve_records.c.features)
        ).all()
        mention_of = {  # a judgement names mentions: one mention per record
            str(record_id): str(mention_id)
            for mention_id, record_id in connection.execute(
                select(resolve_mentions.c.mention_id, resolve_mentions.c.record_id)
            )
        }
    rng = random.Random(seed)
    by_entity: dict[str, list[str]] = {}
    by_name: dict[str, list[tuple[str, str]]] = {}
    for record_id, entity_id, features in rows:
        mention = mention_of.get(str(record_id))
        if mention is None:
            continue
        by_entity.setdefault(str(entity_id), []).append(mention)
        name = (features or {}).get("name_sorted")
        if name:
            by_name.setdefault(str(name), []).append((mention, str(entity_id)))
    inside = [ids for ids in by_entity.values() if len(ids) > 1]
    across = [members for members in by_name.values() if len({e for _, e in members}) > 1]
    out: list[tuple[str, str, str]] = []
    for n in range(count * 10):
        if len(out) >= count or not (inside or across):
            break
        if (n % 2 == 0 and inside) or not across:
            left, right = rng.sample(rng.choice(inside), 2)
            out.append((left, right, "not_same"))
            continue
        (left, a), (right, b) = rng.sample(rng.choice(across), 2)
        if a != b:
            out.append((left, right, "same"))
    return out


def _summary(name: str, times: list[float]) -> str:
    times = sorted(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    return (
        f"{name}: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
        f"max {times[-1]:.1f} ms ({len(times)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", help="a demo workspace (its kizashi.db is copied)")
    parser.add_argument("--scale", type=float, default=1.0, help="without --workspace")
    parser.add_argument("--judgements", type=int, default=40)
    parser.add_argument("--baseline-every", type=int, default=10)
    args = parser.parse_args()

    from kizashi.resolve import recluster, record_judgement, undo_judgement
    from kizashi.store.tables_resolve import resolve_records

    work = Path(tempfile.mkdtemp(prefix="kizashi-judge-"))
    engine = _store(args, work)
    with engine.connect() as connection:
        records = len(connection.execute(select(resolve_records.c.id)).all())
    pairs = _pairs(engine, args.judgements, seed=3)
    print(f"store: {records} person records; {len(pairs)} judgements")
    recluster(engine)  # warm: the model is read once per process
    judge_wall, judge_cpu, undo_wall, base_wall, base_cpu = [], [], [], [], []
    for n, (left, right, verdict) in enumerate(pairs):
        if n % args.baseline_every == 0:
            _, wall, cpu = _timed(recluster, engine)
            base_wall.append(wall)
            base_cpu.append(cpu)
        made, wall, cpu = _timed(
            record_judgement, engine, left, right, verdict, user_id="bench", reason="bench"
        )
        judge_wall.append(wall)
        judge_cpu.append(cpu)
        _, wall, _ = _timed(undo_judgement, engine, made, user_id="bench")
        undo_wall.append(wall)
    print(_summary("judgement, wall", judge_wall))
    print(_summary("judgement, CPU", judge_cpu))
    print(_summary("undo, wall", undo_wall))
    print(_summary("baseline: the whole store re-clustered, wall", base_wall))
    print(
        f"ratio median judgement / whole-store re-clustering: wall "
        f"{statistics.median(judge_wall) / statistics.median(base_wall):.3f}, CPU "
        f"{statistics.median(judge_cpu) / statistics.median(base_cpu):.3f}"
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
