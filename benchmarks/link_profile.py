"""Where `kizashi link`'s time goes: one linkage of N synthetic records under cProfile.

    nice -n 10 env PYTHONPATH=src python benchmarks/link_profile.py --records 30000

The records are ``benchmarks/link.py``'s. Prints the wall and CPU seconds (this process,
DuckDB's threads included) of normalising (``feature_table``: in this process up to 200,000
records) and of the rest (``link_rows``: training, prediction, decisions, clustering), then
the functions with the largest cumulative time. On a loaded machine wall seconds are
inflated several times (a niced process waits for a core); CPU seconds are the steadier
figure. cProfile's overhead inflates Python's many small calls (normalising most of all):
``--no-profile`` times the stages without it.

Phase by phase against plain splink (each side its own process, as ``benchmarks/link.py``
runs them; stdout to /dev/null)::

    env PYTHONPATH=src python benchmarks/link_profile.py --records 1000000 --no-profile --cli
    env PYTHONPATH=src python benchmarks/link_profile.py --records 1000000 --no-profile --plain

``--cli`` runs the command's own function (``kizashi link FILE --id-field id``: reading,
normalising, linking, writing the JSONL); ``--plain`` runs the benchmark's plain splink
process (``benchmarks/link.py --plain``) with splink's phases timed: reading and the
DataFrame, the prior, u, EM, prediction, clustering, writing.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import threading
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
    parser.add_argument(
        "--cli", action="store_true", help="run `kizashi link FILE --id-field id` itself"
    )
    parser.add_argument(
        "--plain", action="store_true", help="run the benchmark's plain splink process instead"
    )
    args = parser.parse_args()

    from benchmarks.link import make_records, write_csv

    from kizashi.resolve import frame
    from kizashi.resolve.link import link_rows
    from kizashi.resolve.model import LinkConfig

    records, _ = make_records(args.records)
    # As `kizashi link FILE` reads it: a CSV through Arrow, not a list of dicts in memory.
    path = Path(tempfile.mkdtemp(prefix="kizashi-profile-")) / "records.csv"
    write_csv(records, path)
    del records
    stages: dict[str, list[float]] = {}
    sampler = _Sampler()
    if args.no_profile:
        _time_stages(stages, sampler)
    profile = cProfile.Profile()
    sampler.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    if not args.no_profile:
        profile.enable()
    if args.cli or args.plain:
        _whole_process(path, plain=args.plain)
    else:
        source = frame.read_csv(str(path))
        table = frame.feature_table(source, "id")
        del source
    normalised, cpu_normalised = time.perf_counter(), time.process_time()
    if not (args.cli or args.plain):
        link_rows(table, engine="duckdb", config=LinkConfig(), explain=False)
    profile.disable()
    done, cpu_done = time.perf_counter(), time.process_time()
    total = done - started
    print(
        f"{args.records} records: {total:.1f} s (CPU {cpu_done - cpu_started:.1f} s), "
        f"peak resident {sampler.peak / 1e6:.0f} MB (sampled every 10 ms)"
    )
    if not (args.cli or args.plain):
        print(
            f"  normalising: {normalised - started:.1f} s ({(normalised - started) / total:.0%}), "
            f"CPU {cpu_normalised - cpu_started:.1f} s"
        )
        print(
            f"  linking:     {done - normalised:.1f} s ({(done - normalised) / total:.0%}), "
            f"CPU {cpu_done - cpu_normalised:.1f} s"
        )
    for name, (wall, cpu, peak, start) in stages.items():
        if start < 0:  # never called on this side
            continue
        print(
            f"    {name:<34} {wall:6.1f} s, CPU {cpu:5.1f} s, "
            f"resident {start / 1e6:4.0f} MB at the start, peak {peak / 1e6:4.0f} MB"
        )
    if not args.no_profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


def _whole_process(path: Path, *, plain: bool) -> None:
    """What one process of ``benchmarks/link.py`` runs, its output to /dev/null: the
    command ``kizashi link FILE --id-field id`` or the plain splink baseline."""
    import io

    with open(os.devnull, "wb") as sink:
        saved, sys.stdout = sys.stdout, io.TextIOWrapper(sink, encoding="utf-8")
        try:
            if plain:
                from benchmarks.link import plain_main

                plain_main(path)
            else:
                from kizashi.resolve.cli import link as link_command

                link_command(str(path), id_field="id")
            sys.stdout.flush()
        finally:
            sys.stdout = saved


class _Sampler(threading.Thread):
    """This process's resident memory every 10 ms: the peak overall, and since ``reset``."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        import psutil  # type: ignore[import-untyped]

        self.process = psutil.Process()
        self.peak = 0.0
        self.window = 0.0

    def run(self) -> None:
        while True:
            rss = float(self.process.memory_info().rss)
            self.peak = max(self.peak, rss)
            self.window = max(self.window, rss)
            time.sleep(0.01)

    def reset(self) -> float:
        before = self.window
        self.window = float(self.process.memory_info().rss)
        return before


def _time_stages(stages: dict[str, list[float]], sampler: _Sampler) -> None:
    """Wrap the stages of ``link_rows`` (and splink's two training steps) to add up their wall
    and CPU seconds (this process, DuckDB's threads included) into ``stages``, with the peak
    resident memory seen while each ran."""
    from typing import Any

    from splink.internals.linker_components.training import LinkerTraining

    from kizashi.resolve import link

    def wrap(owner: Any, name: str, label: str) -> None:
        inner = getattr(owner, name)
        # wall, CPU, peak and resident memory at the first call; printed in the order wrapped
        total = stages.setdefault(label, [0.0, 0.0, 0.0, -1.0])

        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            outer = sampler.reset()
            if total[3] < 0:
                total[3] = sampler.window
            out = inner(*args, **kwargs)
            if hasattr(out, "__next__"):  # a generator: time it to the end
                out = list(out)
            total[0] += time.perf_counter() - wall
            total[1] += time.process_time() - cpu
            peak = sampler.reset()
            total[2] = max(total[2], peak)
            sampler.window = max(outer, peak)
            return out

        setattr(owner, name, timed)

    from splink.internals.linker_components.clustering import LinkerClustering
    from splink.internals.linker_components.inference import LinkerInference

    from kizashi.resolve import baseline, cli, frame

    wrap(baseline, "plain_clusters", "plain splink (plain_clusters)")
    wrap(
        LinkerTraining,
        "estimate_probability_two_random_records_match",
        "  of which the prior (deterministic rules)",
    )
    wrap(LinkerInference, "predict", "  of which splink's predict")
    wrap(
        LinkerClustering,
        "cluster_pairwise_predictions_at_threshold",
        "  of which splink's clustering",
    )
    wrap(cli, "write_jsonl", "writing (write_jsonl)")
    wrap(frame, "read_csv", "reading the CSV (read_csv)")
    wrap(frame, "feature_table", "normalising (feature_table)")
    wrap(link, "_distinct", "identical records (_distinct)")
    wrap(link, "fit", "training (fit)")
    wrap(LinkerTraining, "estimate_u_using_random_sampling", "  of which u by random sampling")
    wrap(LinkerTraining, "estimate_parameters_using_expectation_maximisation", "  of which EM")
    wrap(link, "predict", "prediction (predict)")
    wrap(link, "decide_batch", "decisions (decide_batch)")
    wrap(link, "_rule_decisions", "identity rules (_rule_decisions)")
    wrap(link, "cluster", "clustering (cluster)")


if __name__ == "__main__":  # the normalising workers import this module again
    main()
