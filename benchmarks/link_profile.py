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
        "calls, normalising most of all)",
    )
    args = parser.parse_args()

    from benchmarks.link import make_records

    from kizashi.resolve.frame import feature_table
    from kizashi.resolve.link import link_rows
    from kizashi.resolve.model import LinkConfig

    records, _ = make_records(args.records)
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
    if not args.no_profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":  # the normalising workers import this module again
    main()
