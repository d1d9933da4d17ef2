"""Where `kizashi link`'s time goes: one linkage of N synthetic records under cProfile.

    nice -n 10 env PYTHONPATH=src python benchmarks/link_profile.py --records 30000

The records are ``benchmarks/link.py``'s. Prints the wall seconds of normalising
(``feature_table``: the parallel workers, whose own profile is not collected — the main
process waits) and of the rest (``link_rows``: training, prediction, decisions,
clustering), then the functions with the largest cumulative time. The shares of wall time
are what to compare; on a loaded machine the seconds themselves are inflated.
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
    args = parser.parse_args()

    from benchmarks.link import make_records

    from kizashi.resolve.frame import feature_table
    from kizashi.resolve.link import link_rows
    from kizashi.resolve.model import LinkConfig

    records, _ = make_records(args.records)
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    table = feature_table(records, "id")
    normalised = time.perf_counter()
    link_rows(table, engine="duckdb", config=LinkConfig(), explain=False)
    profile.disable()
    done = time.perf_counter()
    total = done - started
    print(f"{len(records)} records: {total:.1f} s")
    print(f"  normalising: {normalised - started:.1f} s ({(normalised - started) / total:.0%})")
    print(f"  linking:     {done - normalised:.1f} s ({(done - normalised) / total:.0%})")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":  # the normalising workers import this module again
    main()
