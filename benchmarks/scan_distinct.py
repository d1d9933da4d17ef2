"""Throughput of the scorer on DISTINCT Japanese posts, as a ratio to a plain Sudachi pass.

    .venv/bin/python benchmarks/scan_distinct.py [--posts 20000] [--repeat 3] [--cli]

The posts are distinct Japanese texts nobody tuned on: the test split of RealPersonaChat
(casual chat lines, ``../shared/data``) mixed with the Japanese test items of the functional
suite (threats, lures, hard negatives), each used once. In one process, interleaved, median
of ``--repeat``:

* **baseline**: Sudachi (split mode C, the dictionary the views use) tokenising every post —
  the least a Japanese text detector has to do once per post;
* **scorer**: ``Scorer(cache_size=0).score`` on the same posts (no memory of repeats), which
  is what ``kizashi scan``, the API and the live pipeline call.

Both are reported in posts per wall second and per CPU second of this process, and as the
ratio scorer / Sudachi, so load from other processes on the machine cancels out; then the
same for the posts the gate passes only (each of them goes through views, rules and the
model: the worst case, a feed of nothing but suspicious posts). Peak RSS is the process's high-water mark. ``--cli`` also runs
``kizashi scan`` end to end on the same posts as JSONL (start-up, model load, JSON in and out)
and reports its wall time and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kizashi.detect.background import background_items
from kizashi.detect.dataset import functional_items
from kizashi.detect.gate import passes_gate
from kizashi.detect.scorer import Scorer
from kizashi.text.tokens import _tokenizer


def _posts(limit: int) -> list[str]:
    suite = [i["text"] for i in functional_items() if i["lang"] == "ja" and i["split"] == "test"]
    chat = [
        i["text"]
        for i in background_items()
        if i["functionality"] == "bg-realpersonachat_ja" and i["split"] == "test"
    ]
    posts = list(dict.fromkeys(suite + chat))
    return posts[:limit]


def _rate(n: int, run: object) -> tuple[float, float]:
    """Posts per wall second and per CPU second of this process."""
    start, cpu = time.perf_counter(), time.process_time()
    run()  # type: ignore[operator]
    return n / (time.perf_counter() - start), n / (time.process_time() - cpu)


def _runs(rates: list[float]) -> str:
    return f"median {statistics.median(rates):,.0f} (runs {', '.join(f'{r:,.0f}' for r in rates)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cli", action="store_true")
    args = parser.parse_args()

    posts = _posts(args.posts)
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; "
          f"{len(posts):,} distinct Japanese posts")  # fmt: skip
    tokenizer = _tokenizer()
    scorer = Scorer(cache_size=0)
    scorer.score(posts[:200])  # load dictionary, rules, gate, model and encoder once
    # Each round scores a fresh slice, so no run sees a text twice (views are pure but the
    # encoder and Sudachi keep internal buffers; distinct slices keep the comparison fair).
    chunk = len(posts) // args.repeat
    gated = [t for t in posts if passes_gate(t)]
    gchunk = len(gated) // args.repeat
    rows: dict[str, list[tuple[float, float]]] = {
        k: [] for k in ("sudachi", "scorer", "g-sudachi", "g-scorer")
    }
    for k in range(args.repeat):
        part = posts[k * chunk : (k + 1) * chunk]
        hard = gated[k * gchunk : (k + 1) * gchunk]
        rows["sudachi"].append(_rate(len(part), lambda p=part: [tokenizer.tokenize(t) for t in p]))
        rows["scorer"].append(_rate(len(part), lambda p=part: scorer.score(p)))
        rows["g-sudachi"].append(
            _rate(len(hard), lambda p=hard: [tokenizer.tokenize(t) for t in p])
        )
        rows["g-scorer"].append(_rate(len(hard), lambda p=hard: scorer.score(p)))
    stages: dict[str, int] = {}
    for s in scorer.score(posts[:chunk]):
        stages[s.stage] = stages.get(s.stage, 0) + 1
    for label, base, mine in (
        (f"all {len(posts):,} posts", "sudachi", "scorer"),
        (f"the {len(gated):,} posts the gate passes (worst case)", "g-sudachi", "g-scorer"),
    ):
        print(f"{label}:")
        for unit, i in (("wall", 0), ("CPU", 1)):
            b = [r[i] for r in rows[base]]
            m = [r[i] for r in rows[mine]]
            ratio = [x / y for x, y in zip(m, b, strict=True)]
            print(f"  posts per {unit} second: Sudachi {_runs(b)}; scorer {_runs(m)}")
            print(f"  ratio scorer / Sudachi ({unit}): {statistics.median(ratio):.2f} "
                  f"(runs {', '.join(f'{r:.2f}' for r in ratio)})")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    shares = ", ".join(f"{k} {v / chunk:.1%}" for k, v in sorted(stages.items()))
    print(f"cascade stopped at: {shares}; peak RSS {peak:,.0f} MB; "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    if args.cli:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "posts.jsonl"
            path.write_text("".join(json.dumps({"id": n, "text": t}, ensure_ascii=False) + "\n"
                                    for n, t in enumerate(posts)), "utf-8")  # fmt: skip
            command = [sys.executable, "-c",
                       "import typer; from kizashi.detect.cli import scan; typer.run(scan)",
                       str(path)]  # fmt: skip
            start = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            with open(os.devnull, "wb") as sink:
                subprocess.run(command, stdout=sink, check=True)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            rss = after.ru_maxrss / 1024
            print(f"kizashi scan end to end (incl. start-up): {len(posts) / wall:,.0f} posts/s "
                  f"wall, {len(posts) / cpu:,.0f} per CPU second; peak RSS {rss:,.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
