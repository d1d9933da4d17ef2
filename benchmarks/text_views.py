"""Throughput of ``kizashi.text.views`` and ``kizashi.detect.detect_rules`` on the demo posts.

    .venv/bin/python benchmarks/text_views.py [--scale 1.0] [--repeat 3]

Builds the deterministic demo scenario (20,000 posts at scale 1.0), warms the tokenizer and
the rule files up, then times each function over all posts ``--repeat`` times on one core and
reports the median posts/s, plus the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable

from kizashi.demo.scenario import build_scenario
from kizashi.detect import detect_rules
from kizashi.text import views


def _rate(
    func: Callable[[str], object], texts: list[str], repeat: int
) -> tuple[float, list[float]]:
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            func(text)
        rates.append(len(texts) / (time.perf_counter() - start))
    return statistics.median(rates), rates


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    texts = [r["text"] for r in build_scenario(scale=args.scale).records["sns_post"]]
    detect_rules(texts[0])  # load the dictionary, the rules and the watch-list
    print(f"python {platform.python_version()} on {platform.machine()}, {len(texts)} posts")
    for name, func in (("views()", views), ("detect_rules()", detect_rules)):
        median, rates = _rate(func, texts, args.repeat)
        runs = ", ".join(f"{r:,.0f}" for r in rates)
        print(f"{name:<16} median {median:,.0f} posts/s  (runs: {runs})")
    print(f"peak RSS {_peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
