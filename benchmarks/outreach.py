"""The cost of reading an approach narrative into stages, as a ratio to tokenizing it.

    .venv/bin/python benchmarks/outreach.py [--repeat 5]

``read_approach`` is ``kizashi.text.views`` (Sudachi tokens and decoded views) plus detect's
rule engine over the stage lexicon. The plain baseline is ``views`` alone on the same texts
(the narratives of the evaluation set), timed in the same process, interleaved, medians:
the ratio says what the stage rules add on top of reading the text at all, whatever load
the machine is under.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from kizashi.outreach import read_approach
from kizashi.outreach.evaluation import load_eval
from kizashi.text import views


def _seconds(func: Callable[[str], object], texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        func(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = [item.text for item in load_eval()]
    read_approach(texts[0])  # load the dictionary and the lexicon
    plain, staged = [], []
    for _ in range(args.repeat):
        plain.append(_seconds(views, texts))
        staged.append(_seconds(read_approach, texts))
    base, ours = statistics.median(plain), statistics.median(staged)
    print(f"{len(texts)} narratives, {args.repeat} interleaved runs, medians")
    print(f"views() alone      {len(texts) / base:,.0f} texts/s")
    print(f"read_approach()    {len(texts) / ours:,.0f} texts/s")
    print(f"ratio read_approach / views = {ours / base:.2f}")


if __name__ == "__main__":
    main()
