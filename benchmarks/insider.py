"""Throughput of insider analytics on a 300-officer access log.

    .venv/bin/python benchmarks/insider.py [--seed 1] [--repeat 3]
    .venv/bin/python benchmarks/insider.py --log /tmp/worlds/w201/events.jsonl --repeat 1

Without ``--log``, the project's own generator (seed ``--seed``, 60 days, ≈ 280,000 events);
with it, any log in the documented format (a world-B seed: 120 days, ≈ 1.2 M events).
Reported, median of ``--repeat`` runs, in seconds and access events per second:

* **features**: per-user-day feature extraction with its context (one Python pass);
* **baselines**: own and peer expectations blended per day (numpy);
* **scoring (surprise)**: the per-feature surprise scorer (the default);
* **scoring (hst)**: river HalfSpaceTrees, the evaluation's reference, for scale;
* **rules**: the need-to-know rules over every event;
* **detect**: the whole chain as ``insiders run`` calls it (features, baselines, surprise,
  rules, risk and the queue under the budget); the issue's target is ≤ 30 s for 1 M events.

Generating or reading the log is reported once; it is not part of analytics.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from kizashi.insider import baselines, scorer
from kizashi.insider.evaluate import detect
from kizashi.insider.events import AccessEvent, Directory
from kizashi.insider.features import extract
from kizashi.insider.rules import evaluate_rules

CPU: list[float] = []  # median CPU seconds of this process, one per call, in call order


def median_seconds(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall seconds of `fn` (its median CPU seconds go to `CPU`, in call order)."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    CPU.append(statistics.median(cpu))
    return statistics.median(times), result


def load(args: argparse.Namespace) -> tuple[list[AccessEvent], Directory, date, int]:
    began = time.perf_counter()
    if args.log is not None:
        from kizashi.insider.logfile import read_log

        labelled = read_log(args.log)
        found = (list(labelled.events), labelled.directory, labelled.start, labelled.days)
        what = f"read {args.log}"
    else:
        from kizashi.insider.synth import generate

        log = generate(args.seed)
        found = (list(log.events), log.directory, log.start, log.days)
        what = f"generated seed {args.seed}"
    events, directory, _, days = found
    print(
        f"{what}: {len(events)} events, {len(directory.officers)} officers, {days} days "
        f"in {time.perf_counter() - began:.1f} s"
    )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--log", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-hst", action="store_true", help="skip the HST reference")
    args = parser.parse_args()
    events, d, start, days = load(args)
    n = len(events)
    t_feat, table = median_seconds(lambda: extract(events, d, start, days), args.repeat)
    t_base, base = median_seconds(lambda: baselines.compute(table, d), args.repeat)
    t_surprise, _ = median_seconds(lambda: scorer.score(table, base, kind="surprise"), args.repeat)
    steps = [("features", t_feat), ("baselines", t_base), ("scoring (surprise)", t_surprise)]
    if not args.no_hst:
        t_hst, _ = median_seconds(lambda: scorer.score(table, base, kind="hst"), args.repeat)
        steps.append(("scoring (hst, reference)", t_hst))
    t_rules, _ = median_seconds(lambda: evaluate_rules(events, d), args.repeat)
    t_all, _ = median_seconds(lambda: detect(events, d, start, days), args.repeat)
    steps += [("rules", t_rules), ("detect (all)", t_all)]
    print(f"median of {args.repeat}; {int(table.active.sum())} active user-days")
    # On a shared machine wall time measures the neighbours too; CPU time of this process
    # is what the chain costs (it is single-threaded apart from numpy).
    # Steps are listed in the order they were timed.
    cpu = {name: c for (name, _), c in zip(steps, CPU, strict=True)}
    print("| step | wall s | CPU s | events per CPU s |")
    print("|---|---|---|---|")
    for name, seconds in steps:
        print(f"| {name} | {seconds:.2f} | {cpu[name]:.2f} | {n / max(cpu[name], 1e-9):,.0f} |")
    per_m = 1e6 / n
    print(
        f"detect (all) per million events: {t_all * per_m:.1f} s wall, "
        f"{cpu['detect (all)'] * per_m:.1f} s CPU"
    )


if __name__ == "__main__":
    main()
