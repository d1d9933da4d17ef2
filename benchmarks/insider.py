"""Throughput of insider analytics on one synthetic 60-day log of 300 officers.

    .venv/bin/python benchmarks/insider.py [--seed 1] [--repeat 3]

Reported, median of ``--repeat`` runs, in access events per second of the log:

* **features**: per-user-day feature extraction (one Python pass over the events);
* **baselines**: own-history and peer z-scores (numpy, per day);
* **scoring**: river HalfSpaceTrees streamed over every user-day, and the z-sum reference;
* **rules**: the need-to-know rules over every event;
* **detect**: the whole chain including alert selection under the budget.

Generation time is reported once; it is not part of analytics.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from kizashi.guard.insider import baselines, scorer
from kizashi.guard.insider.evaluate import detect
from kizashi.guard.insider.features import extract
from kizashi.guard.insider.rules import evaluate_rules
from kizashi.guard.insider.synth import generate


def median_seconds(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    began = time.perf_counter()
    log = generate(args.seed)
    n = len(log.events)
    print(
        f"generated {n} events, {len(log.directory.officers)} officers, {log.days} days "
        f"in {time.perf_counter() - began:.1f} s"
    )
    d = log.directory
    t_feat, table = median_seconds(lambda: extract(log.events, d, log.start, log.days), args.repeat)
    t_base, base = median_seconds(lambda: baselines.compute(table, d), args.repeat)
    t_hst, _ = median_seconds(lambda: scorer.score(table, base, kind="hst"), args.repeat)
    t_zsum, _ = median_seconds(lambda: scorer.score(table, base, kind="zsum"), args.repeat)
    t_rules, _ = median_seconds(lambda: evaluate_rules(log.events, d), args.repeat)
    t_all, _ = median_seconds(lambda: detect(log.events, d, log.start, log.days), args.repeat)
    user_days = int(table.active.sum())
    print(f"median of {args.repeat}; {user_days} active user-days")
    print("| step | seconds | events/s |")
    print("|---|---|---|")
    for name, seconds in (
        ("features", t_feat),
        ("baselines", t_base),
        ("scoring (hst)", t_hst),
        ("scoring (zsum)", t_zsum),
        ("rules", t_rules),
        ("detect (all)", t_all),
    ):
        print(f"| {name} | {seconds:.2f} | {n / seconds:,.0f} |")


if __name__ == "__main__":
    main()
