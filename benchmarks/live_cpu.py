"""CPU per report on PostgreSQL, this tree against another one (a ``git archive`` of the
code before), interleaved round by round: the API's POST and the worker following a stream.

    # the API: POST /api/v1/reports/sns_post in-process (TestClient), one report a request
    .venv/bin/python benchmarks/live_cpu.py post --before /tmp/before --rounds 3 --posts 300
    # one worker following reports stored one at a time at --rate per second (as the API
    # stores them), on a store built by live_store (the live benchmark's PostgreSQL store)
    .venv/bin/python benchmarks/live_cpu.py follow --before /tmp/before --rounds 2 \\
        --store /tmp/live/stores/store-pg-20000-20261101 --rate 40 --seconds 30
    # fixed batches: blocks of --passes passes, each after --batches reports stored one at a
    # time; the worker thread's CPU a pass and the statements a pass by the stage that sent
    # them (the queue's own apart); the first block is left out (first-use caches)
    .venv/bin/python benchmarks/live_cpu.py passes --before /tmp/before --rounds 2 \\
        --batches 4,4,16,4,16 --passes 15 --store /tmp/live/stores/store-pg-20000-20261101

Each round runs a child process per tree (this file, imported from that tree's ``src``), in
alternating order. A child reports, per report: its own CPU (``time.process_time``), split
into the app's and the client's (the client's thread time) for ``post``, the worker thread's
CPU for ``follow``; the CPU of the PostgreSQL backends that served it (``/proc`` of the pids
that ``pg_stat_activity`` lists under the child's ``application_name``); statements (SQL
sent by SQLAlchemy's cursor events; the bulk path's driver statements are not seen); for
``post``, pool check-outs. The machine is shared: CPU, not wall time, is the figure;
medians over rounds, and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SERVER = "postgresql+psycopg://root@127.0.0.1/test"
APP_NAME = "kizashi_live_cpu"


def _backend_cpu(engine: Any) -> float:
    """CPU seconds of the PostgreSQL backends serving this process's connections."""
    from sqlalchemy import text

    with engine.connect() as connection:
        pids = connection.execute(
            text("SELECT pid FROM pg_stat_activity WHERE application_name = :name"),
            {"name": APP_NAME},
        ).scalars()
        total = 0
        for pid in list(pids):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # the server is not on this machine, or the backend ended
                continue
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _url(schema: str) -> str:
    import live_store

    return f"{live_store.postgres_url(SERVER, schema)}&application_name={APP_NAME}"


def _statements(engine: Any, event_name: str = "before_cursor_execute") -> list[int]:
    """A running count of ``event_name`` (SQL statements; or "checkout": pool check-outs)."""
    from sqlalchemy import event

    count = [0]

    def seen(*_args: Any) -> None:
        count[0] += 1

    event.listen(engine, event_name, seen)
    return count


def child_post(args: argparse.Namespace) -> dict[str, Any]:
    import live
    import live_store
    from fastapi.testclient import TestClient

    from kizashi.api import create_app
    from kizashi.config import load_settings
    from kizashi.store import make_engine, upgrade

    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    settings = load_settings(data_dir=data, database_url=_url(args.schema), log_level="WARNING")
    engine = make_engine(settings)
    upgrade(engine)
    tokens_file = data / "tokens.json"
    if not tokens_file.exists():
        tokens_file.write_text(json.dumps(live_store.users(engine)))
    token = json.loads(tokens_file.read_text())["bench-platform"]
    source = (r for c, r in live_store.fresh_stream(args.seed) if c == "sns_post")
    bodies = [
        live._post_record(n, next(source), datetime.now(UTC), n % 20 == 0)
        for n in range(args.posts + 20)
    ]
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(settings, engine=engine)) as client:
        for body in bodies[:20]:  # warm: the pool, the prepared statements, the caches
            warm = client.post("/api/v1/reports/sns_post", json=body, headers=headers)
            assert warm.is_success, warm.text
        count, checkouts = _statements(engine), _statements(engine, "checkout")
        backend, client_cpu = _backend_cpu(engine), time.thread_time()
        cpu, wall = time.process_time(), time.perf_counter()
        for body in bodies[20:]:
            answer = client.post("/api/v1/reports/sns_post", json=body, headers=headers)
            assert answer.status_code == 201, answer.text
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        client_cpu = time.thread_time() - client_cpu
        checked_out = checkouts[0]  # (the first _backend_cpu call is one of them)
        backend = _backend_cpu(engine) - backend
    n = args.posts
    return {
        "cpu_ms": 1000 * cpu / n,
        "app_cpu_ms": 1000 * (cpu - client_cpu) / n,
        "client_cpu_ms": 1000 * client_cpu / n,
        "pg_backend_cpu_ms": 1000 * backend / n,
        "statements": count[0] / n,
        "checkouts": checked_out / n,
        "wall_ms": 1000 * wall / n,
    }


def child_follow(args: argparse.Namespace) -> dict[str, Any]:
    import live_store

    from kizashi.clock import FixedClock
    from kizashi.config import load_settings
    from kizashi.demo.clock import PERIOD_END
    from kizashi.pipeline import Worker
    from kizashi.store import make_engine

    store = Path(args.store)
    schema_url = live_store.manifest(store)["database_url"]
    settings = load_settings(
        data_dir=store, database_url=f"{schema_url}&application_name={APP_NAME}"
    )
    engine = make_engine(settings)
    feeder = make_engine(load_settings(data_dir=store, database_url=schema_url))
    worker = Worker(engine, settings, clock=FixedClock(PERIOD_END), as_of=PERIOD_END, hooks=())
    tally = {"cpu": 0.0, "moved": 0, "passes": 0}
    first = worker.stages[0].name
    run_once = worker.run_once

    def timed_pass() -> Any:
        began = time.thread_time()
        result = run_once()
        tally["cpu"] += time.thread_time() - began
        tally["moved"] += result.moved.get(first, 0)
        tally["passes"] += result.total > 0
        return result

    worker.run_once = timed_pass  # type: ignore[method-assign]
    worker.warm_up()
    worker.drain()  # what waits from before
    stream = live_store.fresh_stream(args.seed)
    stop = threading.Event()
    following = threading.Thread(target=worker.follow, args=(stop,), daemon=True)
    following.start()
    time.sleep(1.0)
    tally.update(cpu=0.0, moved=0, passes=0)
    count = _statements(engine)
    backend = _backend_cpu(feeder)
    started, sent = time.monotonic(), 0
    while time.monotonic() - started < args.seconds:
        pause = started + sent / args.rate - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        sent += len(live_store.ingest(feeder, settings, [next(stream)]))  # a repeat: not sent
    deadline = time.monotonic() + 120
    while tally["moved"] < sent and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.set()
    following.join(60)
    backend = _backend_cpu(feeder) - backend  # the worker's backends only (its own name)
    moved = max(int(tally["moved"]), 1)
    return {
        "sent": sent,
        "moved": moved,
        "per_pass": moved / max(int(tally["passes"]), 1),
        "worker_cpu_ms": 1000 * tally["cpu"] / moved,
        "pg_backend_cpu_ms": 1000 * backend / moved,
        "statements": count[0] / moved,
    }


def _stage_of(stages: list[str]) -> Any:
    """Which stage (or "queue") sent the statement running now: the innermost calling frame
    of the queue's module, else the stage whose ``run`` is on the stack, else "worker"."""
    import inspect

    def attribute() -> str:
        frame = inspect.currentframe()
        while frame is not None:
            module = frame.f_globals.get("__name__", "")
            if module == "kizashi.pipeline.queue":
                return "queue"
            name = frame.f_code.co_name
            if module == "kizashi.pipeline.stages" and name.endswith("_run"):
                stage = name[: -len("_run")]
                if stage in stages:
                    return stage
            frame = frame.f_back
        return "worker"

    return attribute


def child_passes(args: argparse.Namespace) -> dict[str, Any]:
    """Fixed batches: --batches reports stored one at a time, then one ``run_once``; per
    batch size the median of the worker thread's CPU a pass, and the statements a pass by
    the stage that sent them (the queue's own counted apart)."""
    import live_store
    from sqlalchemy import event

    from kizashi.clock import FixedClock
    from kizashi.config import load_settings
    from kizashi.demo.clock import PERIOD_END
    from kizashi.pipeline import Worker
    from kizashi.store import make_engine

    store = Path(args.store)
    schema_url = live_store.manifest(store)["database_url"]
    settings = load_settings(
        data_dir=store, database_url=f"{schema_url}&application_name={APP_NAME}"
    )
    engine = make_engine(settings)
    feeder = make_engine(load_settings(data_dir=store, database_url=schema_url))
    worker = Worker(engine, settings, clock=FixedClock(PERIOD_END), as_of=PERIOD_END, hooks=())
    worker.warm_up()
    worker.drain()  # what waits from before
    stream = live_store.fresh_stream(args.seed)
    attribute = _stage_of([s.name for s in worker.stages])
    by_stage: dict[str, int] = {}
    sql: dict[str, int] = {}

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        stage = attribute()
        by_stage[stage] = by_stage.get(stage, 0) + 1
        key = f"{stage}: {' '.join(statement.split())[:150]}"
        sql[key] = sql.get(key, 0) + 1

    event.listen(engine, "before_cursor_execute", seen)
    cpu: dict[int, list[float]] = {}
    stages: dict[int, dict[str, float]] = {}
    statements: dict[int, dict[str, int]] = {}
    for block, size in enumerate(int(b) for b in args.batches.split(",")):
        for _ in range(args.passes):
            for _ in range(size):
                live_store.ingest(feeder, settings, [next(stream)])
            by_stage.clear()
            began = time.thread_time()
            worker.run_once()
            spent = time.thread_time() - began
            if block == 0:
                continue  # the first block pays the first-use caches: left out
            cpu.setdefault(size, []).append(1000 * spent)
            total = statements.setdefault(size, {})
            for stage, n in by_stage.items():
                total[stage] = total.get(stage, 0) + n
            stages[size] = stages.get(size, 0.0) + 1
    out: dict[str, Any] = {}
    for size, values in cpu.items():
        out[f"cpu_ms_pass_{size}"] = statistics.median(values)
        passes = stages[size]
        out[f"statements_pass_{size}"] = sum(statements[size].values()) / passes
        for stage, n in sorted(statements[size].items()):
            out[f"statements_{size}_{stage}"] = n / passes
    if args.show_sql:
        for key, n in sorted(sql.items(), key=lambda kv: -kv[1])[:80]:
            print(f"{n:6d}  {key}", file=sys.stderr)
    return out


def _run_child(tree: Path, args: argparse.Namespace, seed: int) -> dict[str, Any]:
    argv = [sys.executable, str(HERE / "live_cpu.py"), args.command, "--child"]
    argv += [f"--seed={seed}"]
    for name in ("posts", "schema", "data", "store", "rate", "seconds", "batches", "passes"):
        value = getattr(args, name, None)
        if value is not None:
            argv.append(f"--{name}={value}")
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    out = subprocess.run(argv, env=env, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def compare(args: argparse.Namespace) -> None:
    trees = {"after": ROOT, "before": Path(args.before)} if args.before else {"after": ROOT}
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    for round_no in range(args.rounds):
        order = list(trees) if round_no % 2 == 0 else list(reversed(trees))
        for name in order:  # fresh reports for every child: a seed of its own
            seed = args.seed_base + 2 * round_no + (name == "before")
            result = _run_child(trees[name], args, seed)
            results[name].append(result)
            print(f"round {round_no + 1} {name}: {json.dumps(result)}", flush=True)
    summary = {
        name: {k: statistics.median(r[k] for r in rows) for k in rows[0]}
        for name, rows in results.items()
    }
    if "before" in summary:
        summary["after/before"] = {
            k: summary["after"][k] / summary["before"][k]
            for k in summary["after"]
            if summary["before"].get(k)  # an older tree may not report every figure
        }
    print(json.dumps({k: {n: round(v, 3) for n, v in s.items()} for k, s in summary.items()}))


def main() -> None:
    sys.path.insert(0, str(HERE))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    post = sub.add_parser("post", help="CPU per POST of one report (in-process app)")
    post.add_argument("--posts", type=int, default=300)
    post.add_argument("--schema", default="kz_bench_live_cpu", help="PostgreSQL schema")
    post.add_argument("--data", default="/tmp/kizashi-live-cpu", help="the app's data dir")
    follow = sub.add_parser("follow", help="CPU per report of a worker following a stream")
    follow.add_argument("--store", required=True, help="a PostgreSQL store of live_store")
    follow.add_argument("--rate", type=float, default=40.0)
    follow.add_argument("--seconds", type=float, default=30.0)
    passes = sub.add_parser("passes", help="CPU and statements a pass, by stage, fixed batches")
    passes.add_argument("--store", required=True, help="a PostgreSQL store of live_store")
    passes.add_argument("--batches", default="4,4,16,4,16", help="blocks (the first not kept)")
    passes.add_argument("--passes", type=int, default=20, help="passes a block")
    passes.add_argument("--show-sql", action="store_true", help="the child's statements (stderr)")
    for one in (post, follow, passes):
        one.add_argument("--before", help="the source tree to compare with (its src/)")
        one.add_argument("--rounds", type=int, default=3)
        one.add_argument("--seed-base", type=int, default=int(time.time()) % 10**6 * 10)
        one.add_argument("--seed", type=int, default=7000, help=argparse.SUPPRESS)
        one.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.child:
        compare(args)
        return
    run = {"post": child_post, "follow": child_follow, "passes": child_passes}[args.command]
    print(json.dumps(run(args)))


if __name__ == "__main__":
    main()
