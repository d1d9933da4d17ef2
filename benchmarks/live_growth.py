"""What grows with the store in the live worker's per-report work: counters and a profile.

For each store size (built by ``live_store.build``, copied), the same fresh reports (one
stream, the same seed for every size) are ingested and drained by the worker; a warm-up
round first, then one measured round under counters and, with ``--profile``, cProfile.
The counters are taken by wrapping the resolve and triage functions the stages call (the
product is not changed):

- resolve: candidates a new record meets (``Candidates.of``), the sizes of the blocks its
  keys reach (stored records per key), the records and edges of each component re-clustered,
  the memberships written;
- triage: entities re-scored, the reports read for them (``contributing_reports``), the
  members behind them.

    PYTHONPATH=src .venv/bin/python benchmarks/live_growth.py --stores /tmp/live16/stores \
        --stored 20000,100000 --new 500 --profile
    # accounts of the stores posting again (the stores' own scenario seed)
    PYTHONPATH=src .venv/bin/python benchmarks/live_growth.py --stores /tmp/live16/stores \
        --stored 20000,100000 --new 500 --seed 20261101
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import live_store


def _dist(values: list[int]) -> str:
    if not values:
        return "n=0"
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return (
        f"n={len(values)} sum={sum(values)} mean={statistics.mean(values):.1f} "
        f"p50={statistics.median(values):.0f} p90={p90} max={max(values)}"
    )


class Counters:
    """Wraps the functions whose work may grow with the store; counts while ``on``."""

    def __init__(self) -> None:
        self.on = False
        self.lists: dict[str, list[int]] = defaultdict(list)
        self.cpu: Counter[str] = Counter()

    def timed(self, name: str, owner: Any, attribute: str, count: Any = None) -> None:
        original = getattr(owner, attribute)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.thread_time()
            out = original(*args, **kwargs)
            if self.on:
                self.cpu[name] += time.thread_time() - started
                if count is not None:
                    for key, value in count(args, kwargs, out).items():
                        self.lists[key].extend(value if isinstance(value, list) else [value])
            return out

        setattr(owner, attribute, wrapper)

    def install(self) -> None:
        from kizashi.resolve import candidates as candidates_module
        from kizashi.resolve import components, incremental
        from kizashi.triage import gather, service

        def blocks(args: Any, kwargs: Any, out: Any) -> dict[str, Any]:
            self_, keys, _own = args
            sizes = [len(self_._stored_by_key.get(k, ())) for k in set(keys)]
            profiles = {
                tuple(sorted((k, v) for k, v in c["features"].items() if k != "unique_id" and v))
                for c in out
            }
            return {
                "candidates per record": len(out),
                "distinct candidate profiles per record": len(profiles),
                "stored records per key": sizes,
            }

        self.timed("Candidates.of", candidates_module.Candidates, "of", blocks)

        original_init = candidates_module.Candidates.__init__

        def init(self_: Any, connection: Any, keys: Any, **kwargs: Any) -> None:
            started = time.thread_time()
            keys = list(keys)
            original_init(self_, connection, keys, **kwargs)
            if self.on:
                self.cpu["Candidates read"] += time.thread_time() - started
                self.lists["keys a pass"].append(len(set(keys)))
                self.lists["stored candidates a pass"].append(len(self_._rows))
                rows = getattr(self_, "rows_read", None)  # (the code before live16: no count)
                if rows is not None:
                    self.lists["stored (key, record) rows read a pass"].append(rows)

        candidates_module.Candidates.__init__ = init  # type: ignore[method-assign]

        def records(args: Any, kwargs: Any, out: Any) -> dict[str, Any]:
            return {"records of re-clustered components a pass": len(out)}

        self.timed("component_records", components, "component_records", records)

        def edges(args: Any, kwargs: Any, out: Any) -> dict[str, Any]:
            return {"edges of re-clustered components a pass": len(out)}

        self.timed("edges_among", components, "edges_among", edges)
        self.timed("judgement_pairs", components, "judgement_pairs")
        self.timed("cluster", components, "cluster")

        def written(args: Any, kwargs: Any, out: Any) -> dict[str, Any]:
            return {"entities touched by re-clustering a pass": len(set().union(*out.values()))}

        self.timed("write_clusters", components, "write_clusters", written)

        def reclustered(args: Any, kwargs: Any, out: Any) -> dict[str, Any]:
            return {"components re-clustered a pass": len(set(args[2]))}

        self.timed("recluster_components", incremental, "recluster_components", reclustered)
        self.timed("_attach", incremental, "_attach")

        def linked(args: Any, kwargs: Any, out: Any) -> dict[str, Any]:
            return {"entities a report touched": [len(r.entities) for r in out]}

        self.timed("link_reports", incremental, "link_reports", linked)

        def contributing(args: Any, kwargs: Any, out: Any) -> dict[str, Any]:
            return {
                "triage entities a pass": len(args[1]),
                "contributing reports a pass": len(out),
            }

        self.timed("contributing_reports", service, "contributing_reports", contributing)
        self.timed("subject_entities", service, "subject_entities")
        self.timed("text_contributions", service, "text_contributions")
        self.timed("report_contributions", service, "report_contributions")
        self.timed("firing_contributions", service, "firing_contributions")
        self.timed("save_contributions", service, "save_contributions")
        self.timed("entity_addresses", service, "entity_addresses")
        _ = gather


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stores", type=Path, required=True)
    parser.add_argument("--stored", default="20000,100000")
    parser.add_argument("--new", type=int, default=500)
    parser.add_argument("--warm", type=int, default=200)
    parser.add_argument(
        "--seed",
        type=int,
        default=live_store.SEED + 1,
        help="the stream's scenario seed; the stores' own (20261101): their accounts again",
    )
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--sort", default="tottime", help="pstats sort key (cumulative, …)")
    parser.add_argument("--only", default="", help="profile rows whose path matches this")
    args = parser.parse_args()

    from kizashi.clock import FixedClock
    from kizashi.config import load_settings
    from kizashi.demo.clock import PERIOD_END
    from kizashi.pipeline import Worker
    from kizashi.store import make_engine, upgrade

    counters = Counters()
    counters.install()
    for size in (int(s) for s in args.stored.split(",")):
        store = live_store.build(args.stores, size)
        stream = live_store.fresh_stream(args.seed)  # the same reports for every size
        with tempfile.TemporaryDirectory(prefix="kizashi-growth-") as tmp:
            work = live_store.working_copy(store, Path(tmp))
            settings = load_settings(data_dir=work, database_url=None)
            engine = make_engine(settings)
            upgrade(engine)
            worker = Worker(
                engine, settings, clock=FixedClock(PERIOD_END), as_of=PERIOD_END, hooks=()
            )
            worker.warm_up()
            live_store.ingest(engine, settings, [next(stream) for _ in range(args.warm)])
            worker.drain()
            ids = live_store.ingest(engine, settings, [next(stream) for _ in range(args.new)])
            counters.lists.clear()
            counters.cpu.clear()
            counters.on = True
            profiler = cProfile.Profile() if args.profile else None
            cpu = time.process_time()
            if profiler:
                profiler.enable()
            result = worker.drain()
            if profiler:
                profiler.disable()
            cpu = time.process_time() - cpu
            counters.on = False
            assert result.parked == 0, result
            engine.dispose()
        n = len(ids)
        print(f"== {size} stored: {n} new reports, worker CPU {cpu * 1000 / n:.2f} ms/report")
        stages = {k: round(v * 1000 / n, 3) for k, v in result.stage_cpu.items()}
        print(f"   stage CPU ms/report: {stages}")
        for name, seconds in sorted(counters.cpu.items(), key=lambda kv: -kv[1]):
            print(f"   {name:<28} {seconds * 1000 / n:.3f} ms/report")
        for name, values in counters.lists.items():
            print(f"   {name:<44} {_dist(values)}")
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(
                *([args.only] if args.only else []), args.top
            )
            print(out.getvalue())


if __name__ == "__main__":
    main()
