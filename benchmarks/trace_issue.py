"""Issuing a still to 50 recipients: the copies as made now against as made before (issue 20).

    nice python benchmarks/trace_issue.py [--recipients 50] [--rounds 3]

A 1080p PNG still (the rendered CCTV frame and astronaut) is registered with the blind layer,
then its copies for ``--recipients`` recipients are made with ``PictureMaker.make_many``
(what ``kizashi trace issue`` runs after the guard's decisions) in two ways, interleaved and
in alternating order: ``before`` — the blind encoder's attention in onnxruntime and its
per-copy part by FFT (``fft-v1``, what copies issued on 2026-12-04 night record) — and
``now`` — both by FFT (``fft-v2``); both with kizashi's PNG writer (``png-sub-isal1``, the
same bytes in both; its faster filter and CRC apply to both). The preparation of the still
(its attention, its mask) is inside the timing.
Each timing (wall and CPU of both issuing threads) is divided by the median of JPEG encode +
decode (quality 90) round trips of the same frame measured just before and after it in the
same process, so that load from other processes cancels as far as it can; medians over
rounds; the load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from trace_setup import PURPOSE, jpeg_round_trip, open_bench, png, stills

from kizashi.trace.products import PictureMaker
from kizashi.trace.repository import get_product

SETTINGS = {
    "before": {"encoding": "png-sub-isal1", "blind_impl": "fft-v1"},
    "now": {"encoding": "png-sub-isal1", "blind_impl": "fft-v2"},
}


def baseline(frame: object, repeats: int = 7) -> tuple[float, float]:
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        jpeg_round_trip(frame)  # type: ignore[arg-type]
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recipients", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--issue-file",
        action="store_true",
        help="time the whole `issue_file` (register, guard, audit, copies) instead, as now only",
    )
    args = parser.parse_args()
    if args.issue_file:
        issue_file(args)
        return
    frames = stills()
    ratios: dict[str, dict[str, list[float]]] = {k: {"wall": [], "cpu": []} for k in SETTINGS}
    seconds: dict[str, list[float]] = {k: [] for k in SETTINGS}
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="kizashi-trace-issue-") as tmp:
        bench = open_bench(Path(tmp), 2)
        service = bench.service
        labels = [f"copy-{i:02d}" for i in range(args.recipients)]
        for round_ in range(args.rounds):
            for name in ("cctv", "astronaut"):
                added = service.add_product(
                    bench.lead,
                    png(frames[name]),
                    f"{name}.png",
                    purpose=PURPOSE,
                    compartment="op-bench",
                )
                with service.engine.connect() as connection:
                    product = get_product(connection, added["id"])
                order = list(SETTINGS) if round_ % 2 == 0 else list(SETTINGS)[::-1]
                for label in order:
                    before = baseline(frames[name])
                    start, start_cpu = time.perf_counter(), time.process_time()
                    impl = SETTINGS[label]["blind_impl"]
                    maker = PictureMaker(product, service.key, service.params, blind_impl=impl)
                    maker.make_many(labels, **SETTINGS[label])  # type: ignore[arg-type]
                    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
                    after = baseline(frames[name])
                    jpeg_wall = statistics.median([before[0], after[0]])
                    jpeg_cpu = statistics.median([before[1], after[1]])
                    ratios[label]["wall"].append(wall / jpeg_wall)
                    ratios[label]["cpu"].append(cpu / jpeg_cpu)
                    seconds[label].append(wall)
                    loads.append(os.getloadavg()[0])
                    print(
                        f"{name} {label}: {wall:.1f} s wall ({wall / jpeg_wall:.0f}x), "
                        f"{cpu:.1f} s CPU ({cpu / jpeg_cpu:.0f}x), load {loads[-1]:.1f}",
                        file=sys.stderr,
                        flush=True,
                    )
    report = {
        "recipients": args.recipients,
        "load_average_1min": [round(min(loads), 1), round(max(loads), 1)],
        **{
            label: {
                "wall_s_median": round(statistics.median(seconds[label]), 2),
                "wall_ratio_median": round(statistics.median(ratios[label]["wall"]), 1),
                "cpu_ratio_median": round(statistics.median(ratios[label]["cpu"]), 1),
            }
            for label in SETTINGS
        },
    }
    print(json.dumps(report, indent=1))


def issue_file(args: argparse.Namespace) -> None:
    """What `kizashi trace issue still.png --to ... (50)` runs, end to end, as now."""
    frames = stills()
    ratios: dict[str, list[float]] = {"wall": [], "cpu": []}
    seconds, loads = [], [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="kizashi-trace-issue-") as tmp:
        bench = open_bench(Path(tmp), args.recipients)
        for _round in range(args.rounds):
            for name in ("cctv", "astronaut"):
                data = png(frames[name])
                before = baseline(frames[name])
                start, start_cpu = time.perf_counter(), time.process_time()
                bench.service.issue_file(
                    bench.lead,
                    data,
                    f"{name}.png",
                    bench.recipients,
                    purpose=PURPOSE,
                    compartment="op-bench",
                )
                wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
                after = baseline(frames[name])
                ratios["wall"].append(wall / statistics.median([before[0], after[0]]))
                ratios["cpu"].append(cpu / statistics.median([before[1], after[1]]))
                seconds.append(wall)
                loads.append(os.getloadavg()[0])
                print(
                    f"{name} issue_file: {wall:.1f} s wall ({ratios['wall'][-1]:.0f}x), "
                    f"{cpu:.1f} s CPU ({ratios['cpu'][-1]:.0f}x), load {loads[-1]:.1f}",
                    file=sys.stderr,
                    flush=True,
                )
    report = {
        "recipients": args.recipients,
        "load_average_1min": [round(min(loads), 1), round(max(loads), 1)],
        "issue_file_now": {
            "wall_s_median": round(statistics.median(seconds), 2),
            "wall_ratio_median": round(statistics.median(ratios["wall"]), 1),
            "cpu_ratio_median": round(statistics.median(ratios["cpu"]), 1),
        },
    }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
