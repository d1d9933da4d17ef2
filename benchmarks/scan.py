"""Throughput of ``kizashi scan`` on a 100,000-post mixed JA/EN corpus, with two baselines.

    .venv/bin/python benchmarks/scan.py [--scale 5.0] [--repeat 3] [--sample 3000]

The corpus is the demo scenario's posts at ``--scale`` (5.0 → 100,000 posts, Japanese with
English among them), written to a temporary JSONL file. Reported, median of ``--repeat``:

* **end to end**: ``kizashi scan FILE > /dev/null`` in a subprocess (JSON in, model load,
  cascade, JSON out), with 1 and 2 worker processes; peak RSS summed over the process tree;
  and once over the corpus's distinct texts only (repeats are what the scorer's memory of
  recent texts saves; the demo corpus repeats its templates more than a real feed might).
* **in process, on a ``--sample`` of the distinct texts, no memory**: the cascade; the embedding-on-every-post
  baseline (``Scorer(cascade=False)``: every post through views, rules and the embedding);
  a plain keyword list (substring match).
* single-post latency of the in-process scorer (the work ``POST /api/v1/detect`` does,
  without HTTP and auth), and where the cascade stopped each post.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import orjson
import psutil  # type: ignore[import-untyped]  # no type information installed

from kizashi.demo.scenario import DEFAULT_SEED, build_scenario
from kizashi.detect.scanner import scan_texts
from kizashi.detect.scorer import Scorer

KEYWORDS = ("殺す", "殺し", "死ね", "kill", "闇バイト", "即金", "日給", "受け子", "出し子",
            "薬莢", "爆弾", "銃", "火薬", "テレグラム", "telegram")  # fmt: skip
SCAN = "import typer; from kizashi.detect.cli import scan; typer.run(scan)"


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for p in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # a worker may exit between list and read
            total += p.memory_info().rss
    return total


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _end_to_end(path: Path, workers: int) -> tuple[float, int, float]:
    """Wall seconds, peak tree RSS (bytes) and CPU seconds of one ``kizashi scan`` run.

    CPU seconds are reported beside wall time because this machine is shared: under load
    the wall clock measures the neighbours as much as the scanner.
    """
    command = [sys.executable, "-c", SCAN, str(path), "--workers", str(workers)]
    cpu_before = _cpu_children()
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(command, stdout=sink)
        watched, peak = psutil.Process(process.pid), 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss(watched))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = process.wait()
        done.set()
        sampler.join()
    if code != 0:
        raise SystemExit(f"kizashi scan exited {code}")
    return time.perf_counter() - start, peak, _cpu_children() - cpu_before


def _median_rate(n: int, run: object, repeat: int) -> tuple[float, list[float]]:
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        rates.append(n / (time.perf_counter() - start))
    return statistics.median(rates), rates


def _fmt(rates: list[float]) -> str:
    return ", ".join(f"{r:,.0f}" for r in rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=3000)
    args = parser.parse_args()

    posts = build_scenario(DEFAULT_SEED, scale=args.scale).records["sns_post"]
    texts = [p["text"] for p in posts]
    latin = sum(t.isascii() for t in texts)
    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} cores, {len(texts):,} posts ({latin:,} ASCII-only)")  # fmt: skip
    distinct = list({p["text"]: p for p in posts}.values())
    print(
        f"{len(distinct):,} distinct texts ({1 - len(distinct) / len(posts):.0%} of posts repeat one)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "posts.jsonl"
        path.write_bytes(b"".join(orjson.dumps(p) + b"\n" for p in posts))
        unique = Path(tmp) / "distinct.jsonl"
        unique.write_bytes(b"".join(orjson.dumps(p) + b"\n" for p in distinct))
        for name, file, count, workers in (
            ("all posts", path, len(posts), 1),
            ("all posts", path, len(posts), 2),
            ("distinct texts only", unique, len(distinct), 1),
        ):
            runs = [_end_to_end(file, workers) for _ in range(args.repeat)]
            rates = [count / seconds for seconds, _, _ in runs]
            cpu_rates = [count / cpu for _, _, cpu in runs]
            peak = max(rss for _, rss, _ in runs) / 2**20
            print(f"end to end, {name}, {workers} worker(s): median {statistics.median(rates):,.0f} "
                  f"posts/s wall (runs: {_fmt(rates)}); {statistics.median(cpu_rates):,.0f} posts "
                  f"per CPU-second (runs: {_fmt(cpu_rates)}); peak RSS {peak:,.0f} MB; "
                  f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip

    # In process the comparison is of the scorers themselves: distinct texts, no memory of
    # earlier runs (cache_size=0), so repeats neither help the cascade nor the baseline.
    unique_texts = [p["text"] for p in distinct]
    sample = unique_texts[:: max(1, len(unique_texts) // args.sample)][: args.sample]
    cascade, everything = Scorer(cache_size=0), Scorer(cascade=False, cache_size=0)
    everything.score(sample[:50])  # load the dictionary, rules and the encoder once
    stages = collections.Counter(s.stage for s in cascade.score(sample))
    shares = ", ".join(f"{k} {v / len(sample):.1%}" for k, v in sorted(stages.items()))
    print(f"in process, {len(sample):,}-post sample; cascade stopped at: {shares}")
    results = {}
    for name, run in (
        ("cascade (shipped)", lambda: cascade.score(sample)),
        ("embedding on every post", lambda: everything.score(sample)),
        ("keyword list", lambda: [any(k in t.lower() for k in KEYWORDS) for t in sample]),
    ):
        median, rates = _median_rate(len(sample), run, args.repeat)
        results[name] = median
        print(f"  {name:<24} median {median:,.0f} posts/s (runs: {_fmt(rates)})")
    base = results["cascade (shipped)"]
    print(f"  ratio cascade / embedding-every-post: {base / results['embedding on every post']:.1f}x; "
          f"cascade / keyword list: {base / results['keyword list']:.3f}x")  # fmt: skip

    latencies = []
    for n, text in enumerate(sample[:1000]):
        start = time.perf_counter()
        scan_texts([(str(n), f"{text} #{n}")])  # never a remembered text
        latencies.append((time.perf_counter() - start) * 1000)
    latencies.sort()
    print(f"single post, in process: p50 {latencies[len(latencies) // 2]:.2f} ms, "
          f"p99 {latencies[int(len(latencies) * 0.99) - 1]:.2f} ms, max {latencies[-1]:.2f} ms")  # fmt: skip
    flagged = sum(any(k in t.lower() for k in KEYWORDS) for t in texts)
    print(f"keyword list flags {flagged:,} of {len(texts):,} posts ({flagged / len(texts):.1%})")
    print(
        f"peak RSS of this process {psutil.Process().memory_info().rss / 2**20:,.0f} MB (current)"
    )


if __name__ == "__main__":
    main()
