"""Where `kizashi link`'s time goes: one linkage of N synthetic records under cProfile.

    nice -n 10 env PYTHONPATH=src python benchmarks/link_profile.py --records 30000

The records are ``benchmarks/link.py``'s. Prints the wall and CPU seconds (this process,
DuckDB's threads included) of normalising (``feature_table``: in this process up to 200,000
records) and of the rest (``link_rows``: training, prediction, decisions, clustering), then
the functions with the largest cumulative time. On a loaded machine wall seconds are
inflated several times (a niced process waits for a core); CPU seconds are the steadier
figure. cProfile's overhead inflates Python's many small calls (normalising most of all):
``--no-profile`` times the stages without it.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=30_000)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--no-profile",
        action="store_true",
        help="time the stages without cProfile (whose overhead inflates Python's many small "
        "calls, normalising most of all): wall and CPU seconds per stage",
    )
    args = parser.parse_args()

    from benchmarks.link import make_records

    from kizashi.resolve.frame import feature_table
    from kizashi.resolve.link import link_rows
    from kizashi.resolve.model import LinkConfig

    records, _ = make_records(args.records)
    stages: dict[str, list[float]] = {}
    if args.no_profile:
        _time_stages(stages)
    profile = cProfile.Profile()
    started, cpu_started = time.perf_counter(), time.process_time()
    if not args.no_profile:
        profile.enable()
    table = feature_table(records, "id")
    normalised, cpu_normalised = time.perf_counter(), time.process_time()
    link_rows(table, engine="duckdb", config=LinkConfig(), explain=False)
    profile.disable()
    done, cpu_done = time.perf_counter(), time.process_time()
    total = done - started
    print(f"{len(records)} records: {total:.1f} s (CPU {cpu_done - cpu_started:.1f} s)")
    print(
        f"  normalising: {normalised - started:.1f} s ({(normalised - started) / total:.0%}), "
        f"CPU {cpu_normalised - cpu_started:.1f} s"
    )
    print(
        f"  linking:     {done - normalised:.1f} s ({(done - normalised) / total:.0%}), "
        f"CPU {cpu_done - cpu_normalised:.1f} s"
    )
    for name, (wall, cpu) in stages.items():
        print(f"    {name:<34} {wall:6.1f} s, CPU {cpu:5.1f} s")
    if not args.no_profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


def _time_stages(stages: dict[str, list[float]]) -> None:
    """Wrap the stages of ``link_rows`` (and splink's two training steps) to add up their wall
    and CPU seconds (this process, DuckDB's threads included) into ``stages``."""
    from typing import Any

    from splink.internals.linker_components.training import LinkerTraining

    from kizashi.resolve import link

    def wrap(owner: Any, name: str, label: str) -> None:
        inner = getattr(owner, name)
        total = stages.setdefault(label, [0.0, 0.0])  # printed in the order wrapped

        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            out = inner(*args, **kwargs)
            if hasattr(out, "__next__"):  # a generator: time it to the end
                out = list(out)
            total[0] += time.perf_counter() - wall
            total[1] += time.process_time() - cpu
            return out

        setattr(owner, name, timed)

    wrap(link, "_distinct", "identical records (_distinct)")
    wrap(link, "fit", "training (fit)")
    wrap(LinkerTraining, "estimate_u_using_random_sampling", "  of which u by random sampling")
    wrap(LinkerTraining, "estimate_parameters_using_expectation_maximisation", "  of which EM")
    wrap(link, "predict", "prediction (predict)")
    wrap(link, "decide_batch", "decisions (decide_batch)")
    wrap(link, "rule_edges", "identity rules (rule_edges)")
    wrap(link, "cluster", "clustering (cluster)")


if __name__ == "__main__":  # the normalising workers import this module again
    main()
