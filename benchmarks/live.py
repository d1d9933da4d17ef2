"""The live pipeline: cost per report as the store grows, throughput against the scanner
alone, and latency from the API's 201 to the alert in ``GET /api/v1/alerts``.

    # per-report worker time at each store size, and the worker against `kizashi scan` alone
    .venv/bin/python benchmarks/live.py cost --stored 20000,100000,400000 --new 500 --rounds 3
    # the same with the stores' own accounts posting again (the stores' scenario seed)
    .venv/bin/python benchmarks/live.py cost --stored 20000,200000 --seed 20261101
    # kizashi serve (worker in-process) over a store of 100,000 reports on SQLite,
    # 20 reports/s through the API for 300 s
    .venv/bin/python benchmarks/live.py latency --stored 100000 --rate 20 --seconds 300
    # one and two `kizashi worker` processes drain reports ingested in bulk: reports/s
    .venv/bin/python benchmarks/live.py backlog --postgres postgresql+psycopg://root@127.0.0.1/test \\
        --stored 100000 --workers 1,2 --reports 2000 --rounds 3
    # the same on PostgreSQL (a schema of its own, made if missing): serve --no-worker and two
    # `kizashi worker` processes, 100 reports/s
    .venv/bin/python benchmarks/live.py latency --postgres postgresql+psycopg://root@127.0.0.1/test \\
        --stored 100000 --workers 2 --rate 100 --senders 8 --seconds 300

Stores are built once in bulk and kept under --stores (see live_store.py); every run works
on a copy of a SQLite store. The machine is shared, so every figure is a ratio or has its
baseline beside it, measured in the same process, interleaved, medians over rounds:

- cost: per round, --new fresh reports of a mixed stream are ingested (not timed) and the
  worker drains them through every stage; the scanner alone (`scan_texts`, what `kizashi
  scan` runs) scores the texts of the same reports, before or after the worker (alternating),
  each with a cold cache. Worker time is wall and CPU (the worker is one thread: CPU seconds
  are its one-core cost while other engineers' tests share the machine).
- latency: a platform posts reports one at a time through `POST /api/v1/reports/sns_post`
  at --rate per second (mixed posts; every --threat-every-th a dated threat from an account
  of its own, which must open an urgent alert); an officer's client lists
  `GET /api/v1/alerts?sort=-opened_at` every --poll seconds; a threat's latency is from its
  201 to the first listing that shows its alert.
- backlog: the clock starts when `kizashi worker` writes {"ready": true, "workers": N}
  (every worker follows the queue, warm), over the reports waiting then.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import live_store  # noqa: E402

THREAT = "来週の日曜、駅前の演説会で候補者を56すから覚悟しとけ"


def _cold_scanner() -> None:
    """Empty the scanner's cache of recent texts (each timing starts cold)."""
    from kizashi.detect.scanner import _scorer

    _scorer(True)._cache.clear()


def _texts(engine: Any, ids: list[str]) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from kizashi.detect.store import NOT_FREE_TEXT
    from kizashi.store import reports
    from kizashi.store.payloads import with_payloads

    with engine.connect() as connection:
        found = connection.execute(
            select(reports.c.id, reports.c.channel).where(reports.c.id.in_(ids))
        )
        return [
            (r.id, p.text)
            for r, p in with_payloads(connection, found, ("text",))
            if p.text and r.channel not in NOT_FREE_TEXT
        ]


def cost(args: argparse.Namespace) -> None:
    from kizashi.clock import FixedClock, system_clock
    from kizashi.config import load_settings
    from kizashi.demo.clock import PERIOD_END
    from kizashi.detect import scan_texts
    from kizashi.pipeline import Worker
    from kizashi.store import make_engine, upgrade

    sizes = [int(s) for s in args.stored.split(",")]
    stores = {size: live_store.build(args.stores, size) for size in sizes}
    # --seed: the stream's scenario; the stores' own seed draws the same accounts again (the
    # common case: an account posting again), the default (the next seed) other ones.
    stream = live_store.fresh_stream(args.seed)
    results = []
    with tempfile.TemporaryDirectory(prefix="kizashi-live-") as tmp:
        for size in sizes:
            work = live_store.working_copy(stores[size], Path(tmp))
            settings = load_settings(
                data_dir=work, database_url=None, pipeline_batch_size=args.batch
            )
            engine = make_engine(settings)
            upgrade(engine)  # a store kept from an older schema
            if args.as_built:
                print(f"{size:>7} stored: as built by this tree {live_store.as_built(engine)}")
            resolved: dict[str, int] = {}  # what the resolve stage said, summed (its summary)
            worker = Worker(
                engine,
                settings,
                # --clock wall: the worker stamps by the wall clock (as in service, later than
                # the stores' links), still scoring as of the scenario's end.
                clock=system_clock if args.clock == "wall" else FixedClock(PERIOD_END),
                as_of=PERIOD_END,
                hooks=(),
                name="bench",
                stages=_counting(resolved),
            )
            worker.warm_up()
            rounds: list[dict[str, float]] = []
            stage_ms: dict[str, list[float]] = {}
            stage_cpu: dict[str, list[float]] = {}
            for number in range(args.rounds + 1):  # the first round warms the caches up
                batch = [next(stream) for _ in range(args.new)]
                ids = live_store.ingest(engine, settings, batch)
                texts = _texts(engine, ids)

                def run_worker(worker: Any = worker) -> tuple[float, float, Any]:
                    _cold_scanner()
                    wall, cpu = time.perf_counter(), time.process_time()
                    result = worker.drain()
                    return time.perf_counter() - wall, time.process_time() - cpu, result

                def run_scan(texts: list[tuple[str, str]] = texts) -> tuple[float, float]:
                    _cold_scanner()
                    wall, cpu = time.perf_counter(), time.process_time()
                    scan_texts(texts)
                    return time.perf_counter() - wall, time.process_time() - cpu

                if number % 2:
                    scan_wall, scan_cpu = run_scan()
                    worker_wall, worker_cpu, result = run_worker()
                else:
                    worker_wall, worker_cpu, result = run_worker()
                    scan_wall, scan_cpu = run_scan()
                moved = result.moved.get("route", 0)
                assert moved == len(ids) and result.parked == 0, (moved, len(ids), result)
                if number == 0:
                    continue
                for name, seconds in result.stage_seconds.items():
                    stage_ms.setdefault(name, []).append(seconds * 1000 / moved)
                    cpu = result.stage_cpu[name] * 1000 / moved
                    stage_cpu.setdefault(name, []).append(cpu)
                rounds.append(
                    {
                        "worker_wall_ms": worker_wall * 1000 / moved,
                        "worker_cpu_ms": worker_cpu * 1000 / moved,
                        "scan_wall_ms": scan_wall * 1000 / moved,
                        "scan_cpu_ms": scan_cpu * 1000 / moved,
                    }
                )
            engine.dispose()
            row: dict[str, Any] = {"stored": size}
            for key in rounds[0]:
                row[key] = statistics.median(r[key] for r in rounds)
            row["ratio_wall"] = statistics.median(
                r["worker_wall_ms"] / r["scan_wall_ms"] for r in rounds
            )
            row["ratio_cpu"] = statistics.median(
                r["worker_cpu_ms"] / r["scan_cpu_ms"] for r in rounds
            )
            row["stages_ms"] = {k: round(statistics.median(v), 2) for k, v in stage_ms.items()}
            row["stages_cpu_ms"] = {k: round(statistics.median(v), 2) for k, v in stage_cpu.items()}
            row["resolve"] = dict(resolved)  # every round, the warm-up included
            results.append(row)
            print(
                f"{size:>7} stored: worker {row['worker_wall_ms']:.2f} ms/report wall "
                f"({1000 / row['worker_wall_ms']:.0f}/s), {row['worker_cpu_ms']:.2f} ms CPU "
                f"({1000 / row['worker_cpu_ms']:.0f}/s on one core); scan alone "
                f"{row['scan_wall_ms']:.3f} ms wall, {row['scan_cpu_ms']:.3f} ms CPU; "
                f"worker/scan {row['ratio_wall']:.1f}x wall, {row['ratio_cpu']:.1f}x CPU",
                flush=True,
            )
            print(f"         per stage, ms/report wall: {row['stages_ms']}", flush=True)
            print(f"         per stage, ms/report CPU:  {row['stages_cpu_ms']}", flush=True)
            print(f"         resolve stage, summed: {row['resolve']}", flush=True)
    base = results[0]
    for row in results:
        print(
            f"per-report time at {row['stored']} / at {base['stored']}: "
            f"{row['worker_wall_ms'] / base['worker_wall_ms']:.2f}x wall, "
            f"{row['worker_cpu_ms'] / base['worker_cpu_ms']:.2f}x CPU"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


def _counting(into: dict[str, int]) -> tuple[Any, ...]:
    """The declared stages, the resolve stage's summary (records attached to identical
    twins, components re-clustered) summed into ``into``."""
    from dataclasses import replace

    from kizashi.pipeline.stages import STAGES

    def wrap(stage: Any) -> Any:
        def run(connection: Any, items: Any, context: Any) -> dict[str, Any]:
            out: dict[str, Any] = stage.run(connection, items, context)
            for key, value in out.items():
                if isinstance(value, int):
                    into[key] = into.get(key, 0) + value
            return out

        return replace(stage, run=run)

    return tuple(wrap(s) if s.name == "resolve" else s for s in STAGES)


# ---- latency ---------------------------------------------------------------------------


def _kizashi() -> list[str]:
    return [str(Path(sys.executable).with_name("kizashi"))]


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


RUN = f"{time.time_ns() % 10**10:x}"  # ids of one run never collide with an earlier run's


def _post_record(
    n: int, record: dict[str, Any] | None, now: datetime, threat: bool
) -> dict[str, Any]:
    if threat or record is None:
        return {
            "platform": "x",
            "post_id": f"lat-{RUN}-threat-{n}",
            "account_handle": f"lat_{RUN}_threat_{n}",
            "text": THREAT,
            "posted_at": now.isoformat(),
        }
    body = {k: record[k] for k in ("platform", "account_handle", "text") if k in record}
    body["post_id"] = f"lat-{RUN}-{n}-{record.get('post_id', n)}"
    body["posted_at"] = now.isoformat()
    if record.get("display_name"):
        body["display_name"] = record["display_name"]
    return body


def latency(args: argparse.Namespace) -> None:
    import httpx

    args.database_url = None
    if args.postgres:
        args.database_url = live_store.postgres_url(args.postgres, f"{args.schema}_{args.stored}")
    store = live_store.build(args.stores, args.stored, args.database_url)
    tokens = live_store.manifest(store)["tokens"]
    posts = (r for c, r in live_store.fresh_stream() if c == "sns_post")
    with tempfile.TemporaryDirectory(prefix="kizashi-latency-") as tmp:
        work = live_store.working_copy(store, Path(tmp))
        live_store.upgrade(work, args.database_url)  # a store kept from an older schema
        env = {
            **os.environ,
            "KIZASHI_DATA_DIR": str(work),
            "KIZASHI_DATABASE_URL": args.database_url or "",
            "KIZASHI_LOG_LEVEL": "WARNING",
        }
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(Path(tmp) / "serve.log", "wb")  # noqa: SIM115
        processes = [
            subprocess.Popen(
                [*_kizashi(), "serve", "--port", str(port)]
                + (["--no-worker"] if args.workers else []),
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        ]
        if args.workers:
            processes.append(
                subprocess.Popen(
                    [*_kizashi(), "worker", "--processes", str(args.workers)],
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=log,
                )
            )
            print(f"workers: {_ready_line(processes[-1])}", flush=True)  # all warm
        try:
            _measure(args, base, tokens, posts, httpx)
        finally:
            for process in reversed(processes):
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
            log.close()
            print("server log tail:", (Path(tmp) / "serve.log").read_text("utf-8")[-1500:])


@dataclass
class Traffic:
    """What :func:`drive` saw: per threat (by its account handle) the wall-clock times it was
    sent, answered 201 and first listed among the officer's new alerts (``listed`` missing if
    never), with the post's id; every POST's status and duration; the sending's length."""

    threats: dict[str, dict[str, Any]]
    statuses: list[int]
    post_seconds: list[float]
    elapsed: float


def drive(
    args: argparse.Namespace,
    base: str,
    tokens: dict[str, str],
    posts: Any,
    httpx: Any,
    started: Any = None,
) -> Traffic:
    """Post the stream at ``args.rate`` from ``args.senders`` threads for ``args.seconds``
    (a threat every ``args.threat_every``), list the officer's new alerts every
    ``args.poll`` s, and wait up to 60 s for every threat's alert. ``started`` is called
    once the poller runs, just before the senders (benchmarks/live_profile.py starts its
    samplers there). Wall clock (``time.time``) throughout: every process is on this host."""
    platform = {"Authorization": f"Bearer {tokens['bench-platform']}"}
    officer = {"Authorization": f"Bearer {tokens['bench-cc']}"}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    time.sleep(args.settle)  # the worker warms up (the scorer's models) before following
    threats: dict[str, dict[str, Any]] = {}
    statuses: list[int] = []
    post_seconds: list[float] = []
    stop = threading.Event()
    lock = threading.Lock()

    def poll() -> None:
        with httpx.Client(base_url=base, headers=officer, timeout=30) as client:
            while not stop.is_set():
                answer = client.get(
                    "/api/v1/alerts", params={"sort": "-opened_at", "limit": 25, "status": "new"}
                )
                now = time.time()
                if answer.status_code == 200:
                    with lock:
                        for item in answer.json()["items"]:
                            found = threats.get(item.get("entity_label"))
                            if found is not None and "listed" not in found:
                                found["listed"] = now
                stop.wait(args.poll)

    def send(offset: int) -> None:
        client = httpx.Client(base_url=base, headers=platform, timeout=60)
        n = offset
        begun = time.monotonic()
        while not stop.is_set():
            pause = begun + n / args.rate - time.monotonic()  # sender i posts i, i + senders…
            if pause > 0:
                time.sleep(pause)
            if time.monotonic() - begun >= args.seconds:
                break
            threat = n % args.threat_every == 0
            with lock:
                record = None if threat else next(posts)
            body = _post_record(n, record, datetime.now(UTC), threat)
            sent = time.time()
            answer = client.post("/api/v1/reports/sns_post", json=body)
            done = time.time()
            with lock:
                statuses.append(answer.status_code)
                post_seconds.append(done - sent)
                if threat and answer.status_code == 201:
                    threats[body["account_handle"]] = {
                        "sent": sent,
                        "answered": done,
                        "post_id": body["post_id"],
                    }
            n += args.senders
        client.close()

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    if started is not None:
        started()
    senders = [threading.Thread(target=send, args=(i,), daemon=True) for i in range(args.senders)]
    began = time.monotonic()
    for thread in senders:
        thread.start()
    for thread in senders:
        thread.join()
    elapsed = time.monotonic() - began
    wait_until = time.monotonic() + 60
    while time.monotonic() < wait_until and any("listed" not in t for t in threats.values()):
        time.sleep(0.5)
    stop.set()
    poller.join(10)
    return Traffic(threats, statuses, post_seconds, elapsed)


def _measure(
    args: argparse.Namespace, base: str, tokens: dict[str, str], posts: Any, httpx: Any
) -> None:
    traffic = drive(args, base, tokens, posts, httpx)
    statuses, post_seconds, elapsed = traffic.statuses, traffic.post_seconds, traffic.elapsed
    sent = {h: t["answered"] for h, t in traffic.threats.items()}
    seen = {h: t["listed"] for h, t in traffic.threats.items() if "listed" in t}
    latencies = sorted(seen[h] - sent[h] for h in seen)
    total = len(statuses)
    print(
        f"sent {total} reports in {elapsed:.0f} s ({total / elapsed:.1f}/s; "
        f"{sum(1 for s in statuses if s == 201)} answered 201), {len(sent)} threats; "
        f"POST median {statistics.median(post_seconds) * 1000:.0f} ms, "
        f"p95 {_pct(post_seconds, 95) * 1000:.0f} ms"
    )
    if not latencies:
        print("no alert seen")
        return
    print(
        f"201 -> alert listed: n={len(latencies)} of {len(sent)} (missing {len(sent) - len(seen)}), "
        f"p50 {_pct(latencies, 50):.2f} s, p95 {_pct(latencies, 95):.2f} s, "
        f"p99 {_pct(latencies, 99):.2f} s, max {latencies[-1]:.2f} s "
        f"(poll every {args.poll} s)"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "rate": args.rate,
                    "seconds": args.seconds,
                    "sent": total,
                    "threats": len(sent),
                    "seen": len(seen),
                    "p50": _pct(latencies, 50),
                    "p95": _pct(latencies, 95),
                    "p99": _pct(latencies, 99),
                    "max": latencies[-1],
                },
                indent=1,
            )
        )


def backlog(args: argparse.Namespace) -> None:
    """`kizashi worker` processes drain a backlog ingested in bulk: their reports/s, for each
    number of processes in --workers, interleaved over --rounds (medians)."""
    from kizashi.config import load_settings
    from kizashi.store import make_engine, upgrade

    args.database_url = None
    if args.postgres:
        args.database_url = live_store.postgres_url(args.postgres, f"{args.schema}_{args.stored}")
    store = live_store.build(args.stores, args.stored, args.database_url)
    counts = [int(n) for n in str(args.workers).split(",")]
    rates: dict[int, list[float]] = {n: [] for n in counts}
    with tempfile.TemporaryDirectory(prefix="kizashi-backlog-") as tmp:
        work = live_store.working_copy(store, Path(tmp))
        settings = load_settings(data_dir=work, database_url=args.database_url)
        engine = make_engine(settings)
        upgrade(engine)  # a store kept from an older schema
        stream = live_store.fresh_stream(seed=int(time.time()) % 10**6)  # fresh ids
        for _ in range(args.rounds):
            for processes in counts:
                ids = live_store.ingest(
                    engine, settings, [next(stream) for _ in range(args.reports)]
                )
                rate = _drain_with(work, args.database_url, engine, processes, len(ids))
                rates[processes].append(rate)
                print(f"  {processes} worker(s): {rate:.0f} reports/s", flush=True)
        engine.dispose()
    base = statistics.median(rates[counts[0]])
    for processes in counts:
        rate = statistics.median(rates[processes])
        print(
            f"{processes} worker process(es): {rate:.0f} reports/s (median of {args.rounds}), "
            f"{rate / base:.2f}x {counts[0]} ({args.stored} stored, "
            f"{'PostgreSQL' if args.database_url else 'SQLite'})"
        )


def _drain_with(
    work: Path, database_url: str | None, engine: Any, processes: int, total: int
) -> float:
    from kizashi.pipeline import status

    env = {
        **os.environ,
        "KIZASHI_DATA_DIR": str(work),
        "KIZASHI_DATABASE_URL": database_url or "",
        "KIZASHI_LOG_LEVEL": "WARNING",
    }
    worker = subprocess.Popen(
        [*_kizashi(), "worker", "--processes", str(processes)], env=env, stdout=subprocess.PIPE
    )
    try:
        # The clock starts when every worker follows the queue (warm), not when the first
        # one moves a report: the rate is that of all of them, not a lower bound.
        warming = time.monotonic()
        ready = _ready_line(worker)
        started, first = time.monotonic(), status(engine)["stages"][-1]["waiting"]
        print(f"  {ready} after {started - warming:.1f} s warming; {first} waiting", flush=True)
        waiting = first
        while waiting:
            time.sleep(0.25)
            waiting = status(engine)["stages"][-1]["waiting"]
        return first / (time.monotonic() - started)
    finally:
        worker.terminate()
        worker.wait(30)


def _ready_line(worker: subprocess.Popen[bytes]) -> dict[str, Any]:
    """Wait for `kizashi worker`'s {"ready": true, "workers": N} line on its stdout."""
    assert worker.stdout is not None
    for line in worker.stdout:
        if line.strip().startswith(b"{"):
            record: dict[str, Any] = json.loads(line)
            if record.get("ready"):
                return record
    raise RuntimeError(f"kizashi worker exited before it was ready ({worker.wait()})")


def _pct(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--stores", type=Path, default=Path(tempfile.gettempdir()) / "kizashi-live-stores"
    )
    sub = parser.add_subparsers(dest="what", required=True)
    one = sub.add_parser("cost", help="per-report worker time by store size; worker vs scan")
    one.add_argument("--stored", default="2000,8000")
    one.add_argument("--new", type=int, default=500)
    one.add_argument("--rounds", type=int, default=3)
    one.add_argument("--batch", type=int, default=256, help="the worker's batch size")
    one.add_argument(
        "--seed",
        type=int,
        default=live_store.SEED + 1,
        help="the fresh stream's scenario seed; the stores' own (20261101): their accounts again",
    )
    one.add_argument(
        "--clock",
        choices=("fixed", "wall"),
        default="fixed",
        help="the worker's clock: the scenario's end (default) or the wall clock",
    )
    one.add_argument(
        "--as-built",
        action="store_true",
        help="bring each copy to what this tree's own build leaves (see live_store.as_built)",
    )
    one.add_argument("--json")
    two = sub.add_parser("latency", help="API 201 to the alert listed, at a sustained rate")
    two.add_argument("--stored", type=int, default=20000)
    two.add_argument("--postgres", default=None, help="a PostgreSQL server URL (default: SQLite)")
    two.add_argument("--schema", default="kz_bench_live", help="PostgreSQL schema prefix")
    two.add_argument(
        "--workers", type=int, default=0, help="kizashi worker processes (0: in serve)"
    )
    two.add_argument("--rate", type=float, default=20.0)
    two.add_argument("--seconds", type=float, default=60.0)
    two.add_argument("--senders", type=int, default=2)
    two.add_argument("--threat-every", type=int, default=20)
    two.add_argument("--poll", type=float, default=0.2)
    two.add_argument("--settle", type=float, default=10.0)
    two.add_argument("--json")
    three = sub.add_parser("backlog", help="worker processes drain a bulk backlog: reports/s")
    three.add_argument("--stored", type=int, default=20000)
    three.add_argument("--postgres", default=None, help="a PostgreSQL server URL (default: SQLite)")
    three.add_argument("--schema", default="kz_bench_live", help="PostgreSQL schema prefix")
    three.add_argument("--workers", default="1,2", help="numbers of processes to compare")
    three.add_argument("--reports", type=int, default=3000)
    three.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    args.stores.mkdir(parents=True, exist_ok=True)
    random.seed(1)
    {"cost": cost, "latency": latency, "backlog": backlog}[args.what](args)


if __name__ == "__main__":
    main()
