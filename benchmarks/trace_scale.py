"""Leak attribution at scale (issue 20): issuing to 50 recipients, finding among 10,000 products.

    nice python benchmarks/trace_scale.py [--products 10000] [--finds 20] [--out FILE]

Issue: a 1080p still is registered and issued to 50 recipients with ``issue_file`` (what
``kizashi trace issue`` runs), with and without the blind layer. Find: the store holds
``--products`` issued stills — five real 1080p stills issued to 50 recipients, the rest small
stills (crops of scikit-image's photos and rendered CCTV frames in many variations) with one
copy each, so that the shortlist index has as many entries as a busy installation — and
``--finds`` leaks of the real stills under the issue's attacks are traced with ``find``.
Every time is reported as a ratio to the median of a JPEG encode + decode (quality 90) of the
same 1080p frame, measured in the same process before and after (load from others cancels).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import skimage.data

sys.path.insert(0, str(Path(__file__).resolve().parent))
from trace_attacks import ISSUE_ATTACKS
from trace_setup import INSPECT, PURPOSE, jpeg_round_trip, open_bench, png, stills

from kizashi.ids import new_id
from kizashi.store import transaction
from kizashi.store.tables_trace import trace_copies, trace_index, trace_products
from kizashi.trace import TraceService, find
from kizashi.trace.image_index import SCHEME, original_views, pack
from kizashi.trace.synthetic import cctv_frame

CPU_BASE: list[float] = []  # CPU seconds of the JPEG round trips (beside their wall time)


def baseline(frame: np.ndarray[Any, Any], repeats: int = 7) -> float:
    times, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        jpeg_round_trip(frame)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU_BASE.append(statistics.median(cpu))
    return statistics.median(times)


def fillers(count: int, seed: int = 5) -> Any:
    """Small, varied stills: crops of photos (any orientation) and CCTV frames."""
    rng = np.random.default_rng(seed)
    photos = []
    for name in (
        "astronaut",
        "coffee",
        "chelsea",
        "rocket",
        "camera",
        "hubble_deep_field",
        "immunohistochemistry",
        "motorcycle_left",
        "page",
        "text",
        "brick",
        "grass",
        "gravel",
        "colorwheel",
        "retina",
        "cat",
        "horse",
        "moon",
    ):
        try:
            array = getattr(skimage.data, name)()
        except Exception:
            continue
        if array.dtype != np.uint8:
            array = (255 * (array.astype(np.float32) / max(1, array.max()))).astype(np.uint8)
        photos.append(
            cv2.cvtColor(array, cv2.COLOR_GRAY2BGR) if array.ndim == 2 else array[..., 2::-1]
        )
    photos += [cctv_frame(seed=1000 + n, width=960, height=540) for n in range(12)]
    for number in range(count):
        if True:
            photo = photos[number % len(photos)]
            h, w = photo.shape[:2]
            ch, cw = int(h * rng.uniform(0.3, 0.9)), int(w * rng.uniform(0.3, 0.9))
            y, x = int(rng.integers(0, h - ch + 1)), int(rng.integers(0, w - cw + 1))
            image = cv2.resize(np.ascontiguousarray(photo[y : y + ch, x : x + cw]), (480, 320))
            if rng.random() < 0.5:
                image = np.ascontiguousarray(image[:, ::-1])
        yield image


def load_fillers(bench: Any, count: int) -> float:
    start = time.perf_counter()
    now = datetime.now(UTC)
    batch_products, batch_index, batch_copies = [], [], []

    def flush() -> None:
        with transaction(bench.engine) as connection:
            connection.execute(trace_products.insert(), batch_products)
            connection.execute(trace_index.insert(), batch_index)
            connection.execute(trace_copies.insert(), batch_copies)
        batch_products.clear()
        batch_index.clear()
        batch_copies.clear()

    recipient = bench.lead.id
    for image in fillers(count):
        pid = new_id()
        data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()
        batch_products.append(
            {
                "id": pid,
                "kind": "image",
                "title": "filler",
                "filename": "filler.jpg",
                "media_type": "image/jpeg",
                "original": data,
                "original_sha256": "-",
                "desk_id": "tokuryu",
                "case_id": None,
                "compartment_id": None,
                "handling_code": None,
                "operation": None,
                "scheme": "ss-luma-v2",
                "params": {"blind": False},
                "created_by": recipient,
                "created_at": now,
            }
        )
        batch_index.append(
            {
                "product_id": pid,
                "page": 0,
                "scheme": SCHEME,
                "height": image.shape[0],
                "width": image.shape[1],
                "views": pack(original_views(image)),
            }
        )
        batch_copies.append(
            {
                "id": new_id(),
                "product_id": pid,
                "recipient_id": recipient,
                "issued_by": recipient,
                "issued_at": now,
                "fingerprint": {"scheme": "ss-luma-v2"},
                "content_sha256": "-",
                "audit_seq": None,
            }
        )
        if len(batch_products) >= 500:
            flush()
    if batch_products:
        flush()
    return time.perf_counter() - start


def _ratio(times: list[float], jpeg: float) -> float | None:
    return round(statistics.median(times) / jpeg, 1) if times else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--finds", type=int, default=20)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--skip-issue-timing", action="store_true")
    parser.add_argument(
        "--without-blind",
        action="store_true",
        help="issue the traced stills without the blind layer (a quicker check of find)",
    )
    parser.add_argument(
        "--issue-only", action="store_true", help="only the issue timings (PNG and JPEG originals)"
    )
    args = parser.parse_args()
    rng = np.random.default_rng(9)
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="kizashi-trace-scale-") as tmp:
        bench = open_bench(Path(tmp), 50)
        frames = stills()
        no_blind = TraceService(
            bench.engine,
            bench.service.guard,
            bench.service.key,
            params=dataclasses.replace(
                bench.service.params,
                blind=dataclasses.replace(bench.service.params.blind, enabled=False),
            ),
        )
        issue: dict[str, list[float]] = {
            "with_blind": [],
            "without_blind": [],
            "jpeg_original_without_blind": [],
            "jpeg_original_with_blind": [],
            "baseline": [],
        }
        if args.issue_only:
            for name in ("cctv", "astronaut"):
                original = cv2.imencode(".jpg", frames[name], [cv2.IMWRITE_JPEG_QUALITY, 92])[1]
                for label, service in (
                    ("jpeg_original_without_blind", no_blind),
                    ("jpeg_original_with_blind", bench.service),
                ):
                    issue["baseline"].append(baseline(frames[name]))
                    start = time.perf_counter()
                    service.issue_file(
                        bench.lead,
                        original.tobytes(),
                        f"{name}.jpg",
                        bench.recipients,
                        purpose=PURPOSE,
                        compartment="op-bench",
                    )
                    issue[label].append(time.perf_counter() - start)
                    issue["baseline"].append(baseline(frames[name]))
                    print(f"issue {name}.jpg {label}: {issue[label][-1]:.1f}s", file=sys.stderr)
            jpeg = statistics.median(issue["baseline"])
            print(
                json.dumps(
                    {k: [round(x, 2) for x in v] for k, v in issue.items() if k != "baseline"}
                    | {"jpeg_round_trip_s": round(jpeg, 4)}
                    | {f"{k}_ratio": _ratio(v, jpeg) for k, v in issue.items() if k != "baseline"},
                    indent=1,
                )
            )
            return
        issued: dict[str, dict[str, bytes]] = {}
        issue_cpu: dict[str, list[float]] = {}  # CPU seconds of both issuing threads
        for name in ("cctv", "astronaut"):
            frame = frames[name]
            configs = (("with_blind", bench.service), ("without_blind", no_blind))
            if args.without_blind:
                configs = (("without_blind", no_blind),)
            for position, (label, service) in enumerate(
                configs[:1] if args.skip_issue_timing else configs
            ):
                issue["baseline"].append(baseline(frame))
                start, start_cpu = time.perf_counter(), time.process_time()
                _, copies = service.issue_file(
                    bench.lead,
                    png(frame),
                    f"{name}.png",
                    bench.recipients,
                    purpose=PURPOSE,
                    compartment="op-bench",
                )
                issue[label].append(time.perf_counter() - start)
                issue_cpu.setdefault(label, []).append(time.process_time() - start_cpu)
                print(
                    f"issue {name} {label}: {issue[label][-1]:.1f}s cpu {issue_cpu[label][-1]:.1f}s",
                    file=sys.stderr,
                    flush=True,
                )
                issue["baseline"].append(baseline(frame))
                if position == 0:  # the copies traced below
                    issued[name] = {c.recipient: c.content for c in copies}
            print(f"issued {name}", file=sys.stderr, flush=True)
        for name in ("coffee", "chelsea", "rocket"):
            _, copies = (no_blind if args.without_blind else bench.service).issue_file(
                bench.lead,
                png(frames[name]),
                f"{name}.png",
                bench.recipients,
                purpose=PURPOSE,
                compartment="op-bench",
            )
            issued[name] = {c.recipient: c.content for c in copies}
        filler_count = max(0, args.products - 7)
        report["filler_seconds"] = round(load_fillers(bench, filler_count), 1)
        print(f"{filler_count} fillers loaded", file=sys.stderr, flush=True)
        finds, finds_cpu, base, right = [], [], [], 0
        attacks = list(ISSUE_ATTACKS.items())
        names = list(issued)
        for trial in range(args.finds):
            name = names[trial % len(names)]
            attack_name, attack = attacks[trial % len(attacks)]
            leaker = bench.recipients[int(rng.integers(0, 50))]
            copy = cv2.imdecode(np.frombuffer(issued[name][leaker], np.uint8), cv2.IMREAD_COLOR)
            leak = png(attack(copy, rng))
            base.append(baseline(frames[name]))
            start, start_cpu = time.perf_counter(), time.process_time()
            result = find(bench.service, bench.inspector, leak, "leak.png", purpose=INSPECT)
            finds.append(time.perf_counter() - start)
            finds_cpu.append(time.process_time() - start_cpu)
            base.append(baseline(frames[name]))
            right += result["named"] == [leaker]
            print(
                f"find {trial} {attack_name}: {finds[-1]:.2f}s cpu {finds_cpu[-1]:.2f}s named={result['named']} "
                f"truth={leaker}",
                file=sys.stderr,
                flush=True,
            )
    ordered = sorted(finds)
    p95 = ordered[max(0, int(np.ceil(0.95 * len(ordered))) - 1)]
    jpeg = statistics.median(base + issue["baseline"])
    report.update(
        {
            "products": args.products,
            "jpeg_round_trip_s": round(jpeg, 4),
            "find_p50_s": round(statistics.median(finds), 2),
            "find_p95_s": round(p95, 2),
            "find_p95_ratio": round(p95 / jpeg, 1),
            "find_named_right": f"{right}/{len(finds)}",
            "jpeg_round_trip_cpu_s": round(statistics.median(CPU_BASE), 4),
            "find_cpu_p50_s": round(statistics.median(finds_cpu), 2),
            "find_cpu_p95_s": round(
                sorted(finds_cpu)[max(0, int(np.ceil(0.95 * len(finds_cpu))) - 1)], 2
            ),
            "find_cpu_p95_ratio": round(
                sorted(finds_cpu)[max(0, int(np.ceil(0.95 * len(finds_cpu))) - 1)]
                / statistics.median(CPU_BASE),
                1,
            ),
            "issue50_with_blind_s": [round(x, 2) for x in issue["with_blind"]],
            "issue50_without_blind_s": [round(x, 2) for x in issue["without_blind"]],
            "issue50_with_blind_ratio": _ratio(issue["with_blind"], jpeg),
            "issue50_without_blind_ratio": _ratio(issue["without_blind"], jpeg),
            # CPU of both threads over one thread's round trip: twice the wall ratio an idle
            # two-core machine would show (the copies are made on two threads).
            "issue50_cpu_s": {k: [round(x, 2) for x in v] for k, v in issue_cpu.items()},
            "issue50_cpu_ratio": {
                k: round(statistics.median(v) / statistics.median(CPU_BASE), 1)
                for k, v in issue_cpu.items()
            },
        }
    )
    print(json.dumps(report, indent=1))
    if args.out:
        args.out.write_text(json.dumps(report, indent=1), "utf-8")


if __name__ == "__main__":
    main()
