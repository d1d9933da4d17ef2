"""Where a report's time goes on PostgreSQL, from the API's POST to the alert listed.

    .venv/bin/python benchmarks/live_profile.py --stores /tmp/live/stores \\
        --postgres postgresql+psycopg://root@127.0.0.1/test --schema live15 \\
        --stored 20000 --workers 2 --rate 100 --senders 8 --seconds 30

Runs `kizashi serve --no-worker` and N worker processes (this file's ``workers`` command:
the product's ``run_processes`` and ``Worker``, with each stage's claim and commit
timestamped into a JSONL trace per process), posts a mixed stream at --rate with a threat
every --threat-every reports, lists the officer's alerts every --poll seconds, and samples
``pg_stat_activity`` every 50 ms (by ``application_name``: the API's backends and the
workers'). For each threat it splits the time from the POST to its alert listed into:

- post: the POST itself (sent → 201);
- wait: 201 → the detect claim that took it; of which ``behind``: the part of that wait
  during which every worker was inside a pass (queued behind the previous pass), the rest
  being the gather pause or the wake-up;
- pass: the detect claim → the commit of the triage stage that opened its alert (the
  stages of its pass before the alert); of which ``claims``: time inside the claim
  statements of those stages (lock waits on the queue);
- locks: of the pass, the resolve stage taking its key and component locks (waiting for
  another worker's resolve to commit);
- listed: that commit → the first listing that showed the alert (the poll);
- total: 201 → listed (the benchmark's latency, as benchmarks/live.py measures it).

The workers' CPU a report (``time.thread_time`` by stage) and the load (``uptime``) are
printed beside it. Wall clock (``time.time``) throughout: every process is on this host.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import live  # noqa: E402
import live_store  # noqa: E402


def _with_app(url: str, name: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}application_name={name}"


# -- the workers' side (a child process of the benchmark) ----------------------------------


def workers(args: argparse.Namespace) -> None:
    """`kizashi worker --processes N`, with each pass and stage timestamped."""
    from kizashi.pipeline import cli as pipeline_cli
    from kizashi.pipeline import queue
    from kizashi.pipeline import worker as worker_module
    from kizashi.pipeline.processes import run_processes

    trace_dir = Path(args.trace)
    original_claim = queue.claim
    original_stage = worker_module.Worker._stage
    original_once = worker_module.Worker.run_once
    state: dict[str, Any] = {}

    def out() -> Any:
        if "file" not in state:
            state["file"] = open(trace_dir / f"worker-{os.getpid()}.jsonl", "a")  # noqa: SIM115
        return state["file"]

    def claim(connection: Any, stage: str, limit: int, worker: str) -> list[Any]:
        began = time.time()
        items = original_claim(connection, stage, limit, worker)
        state["claim"] = (began, time.time(), [i.seq for i in items])
        return items

    def stage_run(self: Any, stage: Any, held: Any = None) -> Any:
        state.pop("claim", None)
        state["locks"] = 0.0
        began, cpu = time.time(), time.thread_time()
        result = original_stage(self, stage, held)
        claimed = state.pop("claim", None)
        if claimed is not None:
            state["stages"].append(
                {
                    "stage": stage.name,
                    "began": began,
                    "claim_began": claimed[0],
                    "claimed": claimed[1],
                    "seqs": claimed[2],
                    "committed": time.time(),
                    "cpu": time.thread_time() - cpu,
                    "locks": state["locks"],  # resolve's key and component locks taken
                }
            )
        return result

    def run_once(self: Any) -> Any:
        state["stages"] = []
        began = time.time()
        result = original_once(self)
        if result.total:
            record = {"pid": os.getpid(), "began": began, "ended": time.time()}
            record["stages"] = state["stages"]
            out().write(json.dumps(record) + "\n")
            out().flush()
        return result

    from kizashi.resolve import incremental

    original_keys = incremental.lock_shared_and_keys
    original_components = incremental.lock_components

    def lock_keys(connection: Any, keys: Any) -> None:
        began = time.time()
        original_keys(connection, keys)
        state["locks"] = state.get("locks", 0.0) + time.time() - began

    def lock_components(connection: Any, current: Any, first: Any) -> Any:
        began = time.time()
        try:
            return original_components(connection, current, first)
        finally:
            state["locks"] = state.get("locks", 0.0) + time.time() - began

    incremental.lock_shared_and_keys = lock_keys  # type: ignore[assignment]
    incremental.lock_components = lock_components  # type: ignore[assignment]
    queue.claim = claim  # type: ignore[assignment]
    worker_module.queue.claim = claim  # type: ignore[attr-defined]
    worker_module.Worker._stage = stage_run  # type: ignore[method-assign]
    worker_module.Worker.run_once = run_once  # type: ignore[method-assign]
    run_processes(args.workers, pipeline_cli._follow, announce=pipeline_cli._announce)


# -- the benchmark ---------------------------------------------------------------------------


def _sample_activity(
    url: str, stop: threading.Event, into: Counter[str], count: list[int], backends: dict[int, str]
) -> None:
    """Every 50 ms: the API's and the workers' backends by state and wait (a lock wait also
    names the statement that waits); ``backends``: every pid seen, by application."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    query = text(
        "SELECT pid, application_name, state, coalesce(wait_event_type, '') AS wt,"
        " coalesce(wait_event, '') AS we, left(query, 70) AS query FROM pg_stat_activity"
        " WHERE application_name LIKE 'live15p_%' AND pid <> pg_backend_pid()"
    )
    with engine.connect() as connection:
        while not stop.is_set():
            for row in connection.execute(query):
                backends[row.pid] = row.application_name
                key = f"{row.application_name} | {row.state} | {row.wt}:{row.we}"
                if row.wt == "Lock":
                    key += f" | {' '.join(row.query.split())}"
                into[key] += 1
            connection.rollback()
            count[0] += 1
            stop.wait(0.05)
    engine.dispose()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _process_cpu(api: int, follow: int, backends: dict[int, str]) -> dict[str, float]:
    """CPU seconds so far of the API process, the worker processes and their backends."""
    import psutil

    try:
        children = [c.pid for c in psutil.Process(follow).children(recursive=True)]
    except psutil.Error:
        children = []
    out = {"api": _cpu_seconds(api), "workers": sum(map(_cpu_seconds, [follow, *children]))}
    for pid, name in backends.items():
        key = f"pg {name.removeprefix('live15p_')}"
        out[key] = out.get(key, 0.0) + _cpu_seconds(pid)
    return out


def _uptime() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[0:3].__str__()


def run(args: argparse.Namespace) -> None:
    import httpx

    url = live_store.postgres_url(args.postgres, f"{args.schema}_{args.stored}")
    store = live_store.build(args.stores, args.stored, url)
    tokens = live_store.manifest(store)["tokens"]
    live_store.upgrade(store, url)
    posts = (
        r for c, r in live_store.fresh_stream(seed=int(time.time()) % 10**6) if c == "sns_post"
    )
    print("load before:", _uptime(), flush=True)
    with tempfile.TemporaryDirectory(prefix="kizashi-profile-") as tmp:
        trace = Path(tmp) / "trace"
        trace.mkdir()
        env = {**os.environ, "KIZASHI_DATA_DIR": str(store), "KIZASHI_LOG_LEVEL": "WARNING"}
        port = live._free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(Path(tmp) / "serve.log", "wb")  # noqa: SIM115
        api = subprocess.Popen(
            [*live._kizashi(), "serve", "--port", str(port), "--no-worker"],
            env={**env, "KIZASHI_DATABASE_URL": _with_app(url, "live15p_api")},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        follow = subprocess.Popen(
            [sys.executable, __file__, "workers", f"--workers={args.workers}", f"--trace={trace}"],
            env={**env, "KIZASHI_DATABASE_URL": _with_app(url, "live15p_worker")},
            stdout=subprocess.PIPE,
            stderr=log,
        )
        try:
            print(f"workers: {live._ready_line(follow)}", flush=True)
            samples: Counter[str] = Counter()
            sampled = [0]
            backends: dict[int, str] = {}
            stop = threading.Event()
            sampler = threading.Thread(
                target=_sample_activity,
                args=(args.postgres, stop, samples, sampled, backends),
                daemon=True,
            )
            cpu: dict[str, dict[str, float]] = {}

            def begin() -> None:
                sampler.start()
                time.sleep(0.2)  # the sampler has seen the pooled backends
                cpu["before"] = _process_cpu(api.pid, follow.pid, backends)

            threats = _measure(args, base, tokens, posts, httpx, begin)
            cpu["after"] = _process_cpu(api.pid, follow.pid, backends)
            stop.set()
            sampler.join(5)
        finally:
            for process in (follow, api):
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
            log.close()
        print("load after:", _uptime(), flush=True)
        passes = [
            json.loads(line)
            for path in trace.glob("*.jsonl")
            for line in path.read_text().splitlines()
        ]
        _report(args, url, threats, passes, samples, sampled[0])
        reports = sum(len(s["seqs"]) for p in passes for s in p["stages"] if s["stage"] == "detect")
        print(
            f"CPU ms a report over the run ({reports} reports; backends first seen count from 0):"
        )
        for key, value in cpu["after"].items():
            spent = value - cpu["before"].get(key, 0.0)
            print(f"  {key:12s} {spent * 1000 / max(reports, 1):6.2f}")
        tail = (Path(tmp) / "serve.log").read_text("utf-8")[-800:]
        if "Traceback" in tail:
            print("server log tail:", tail)


def _measure(
    args: argparse.Namespace,
    base: str,
    tokens: dict[str, str],
    posts: Any,
    httpx: Any,
    started: Any,
) -> list[dict[str, Any]]:
    traffic = live.drive(args, base, tokens, posts, httpx, started)
    total = len(traffic.statuses)
    print(
        f"sent {total} in {traffic.elapsed:.0f} s ({total / traffic.elapsed:.1f}/s, "
        f"{traffic.statuses.count(201)} answered 201); POST median "
        f"{statistics.median(traffic.post_seconds) * 1000:.0f} ms, p95 "
        f"{live._pct(traffic.post_seconds, 95) * 1000:.0f} ms",
        flush=True,
    )
    return list(traffic.threats.values())


def _report(
    args: argparse.Namespace,
    url: str,
    threats: list[dict[str, Any]],
    passes: list[dict[str, Any]],
    samples: Counter[str],
    sampled: int,
) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        seq_of = dict(
            connection.execute(
                text(
                    "SELECT r.external_id, q.seq FROM reports r JOIN pipeline_queue q"
                    " ON q.report_id = r.id WHERE r.external_id = ANY(:ids)"
                ),
                {"ids": [f"x:{t['post_id']}" for t in threats]},
            ).all()
        )
    engine.dispose()
    claimed_at: dict[tuple[str, int], dict[str, Any]] = {}  # (stage, seq) -> stage record
    pass_of: dict[int, dict[str, Any]] = {}  # seq -> the pass whose detect claim took it
    for one in passes:
        for stage in one["stages"]:
            for seq in stage["seqs"]:
                claimed_at[(stage["stage"], seq)] = stage
                if stage["stage"] == "detect":
                    pass_of[seq] = one
    busy = sorted((p["began"], p["ended"], p["pid"]) for p in passes)
    pids = sorted({p["pid"] for p in passes})
    parts: dict[str, list[float]] = {k: [] for k in ("post", "wait", "behind", "pass", "claims")}
    parts["locks"] = []  # in the pass: taking resolve's key and component locks
    parts["listed"] = []
    parts["total"] = []
    for threat in threats:
        seq = seq_of.get(f"x:{threat['post_id']}")
        detect = claimed_at.get(("detect", seq)) if seq is not None else None
        triage = claimed_at.get(("triage", seq)) if seq is not None else None
        if detect is None or triage is None or "listed" not in threat:
            continue
        parts["post"].append(threat["answered"] - threat["sent"])
        parts["wait"].append(detect["claimed"] - threat["answered"])
        parts["behind"].append(
            _all_busy(busy, pids, threat["answered"], detect["claim_began"], pass_of[seq])
        )
        parts["pass"].append(triage["committed"] - detect["claimed"])
        stages = [
            claimed_at[(name, seq)]
            for name in ("detect", "resolve", "triage")
            if (name, seq) in claimed_at
        ]
        parts["claims"].append(sum(s["claimed"] - s["claim_began"] for s in stages))
        parts["locks"].append(claimed_at[("resolve", seq)]["locks"])
        parts["listed"].append(threat["listed"] - triage["committed"])
        parts["total"].append(threat["listed"] - threat["answered"])
    print(f"threats traced: {len(parts['total'])} of {len(threats)}")
    for name, values in parts.items():
        if values:
            print(
                f"  {name:7s} p50 {live._pct(values, 50):6.3f} s  p95 {live._pct(values, 95):6.3f} s"
                f"  p99 {live._pct(values, 99):6.3f} s  mean {statistics.fmean(values):6.3f} s"
            )
    sizes = [len(s["seqs"]) for p in passes for s in p["stages"] if s["stage"] == "detect"]
    lengths = [p["ended"] - p["began"] for p in passes]
    print(
        f"passes: {len(passes)}; detect batch p50 {live._pct(sizes, 50)} max {max(sizes)};"
        f" pass wall p50 {live._pct(lengths, 50):.3f} s p95 {live._pct(lengths, 95):.3f} s"
    )
    by_stage: dict[str, list[float]] = {}
    cpu: dict[str, float] = {}
    moved: Counter[str] = Counter()
    for one in passes:
        for stage in one["stages"]:
            by_stage.setdefault(stage["stage"], []).append(stage["committed"] - stage["began"])
            cpu[stage["stage"]] = cpu.get(stage["stage"], 0.0) + stage["cpu"]
            moved[stage["stage"]] += len(stage["seqs"])
    reports = max(moved["detect"], 1)
    print("per stage: wall p50 / p95 a batch, worker CPU ms a report (all reports through detect)")
    for name, values in by_stage.items():
        print(
            f"  {name:9s} {live._pct(values, 50):.3f} / {live._pct(values, 95):.3f} s,"
            f" CPU {cpu[name] * 1000 / reports:.2f} ms/report ({moved[name]} moved)"
        )
    print(f"  worker CPU total {sum(cpu.values()) * 1000 / reports:.2f} ms/report")
    print(f"pg_stat_activity: {sampled} samples; mean backends per sample by state and wait:")
    for key, n in samples.most_common(14):
        print(f"  {n / max(sampled, 1):5.2f}  {key}")


def _all_busy(
    busy: list[tuple[float, float, int]], pids: list[int], start: float, end: float, own: Any
) -> float:
    """Seconds of [start, end] during which every worker was inside a pass (not its own)."""
    if end <= start:
        return 0.0
    step = 0.01
    covered = 0.0
    t = start
    while t < end:
        inside = {pid for began, ended, pid in busy if began <= t < ended and began != own["began"]}
        if len(inside) >= len(pids):
            covered += step
        t += step
    return covered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    one = sub.add_parser("run")
    one.add_argument(
        "--stores", type=Path, default=Path(tempfile.gettempdir()) / "kizashi-live-stores"
    )
    one.add_argument("--postgres", default="postgresql+psycopg://root@127.0.0.1/test")
    one.add_argument("--schema", default="kz_bench_live")
    one.add_argument("--stored", type=int, default=20000)
    one.add_argument("--workers", type=int, default=2)
    one.add_argument("--rate", type=float, default=100.0)
    one.add_argument("--seconds", type=float, default=30.0)
    one.add_argument("--senders", type=int, default=8)
    one.add_argument("--threat-every", type=int, default=20)
    one.add_argument("--poll", type=float, default=0.2)
    one.add_argument("--settle", type=float, default=5.0)
    two = sub.add_parser("workers")
    two.add_argument("--workers", type=int, default=2)
    two.add_argument("--trace", required=True)
    args = parser.parse_args()
    {"run": run, "workers": workers}[args.what](args)


if __name__ == "__main__":
    main()
