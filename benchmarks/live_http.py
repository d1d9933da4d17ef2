"""Server CPU per POST of one report under uvicorn, by HTTP parser and event loop.

    .venv/bin/python benchmarks/live_http.py --rounds 3 --posts 300 \\
        --configs h11/asyncio httptools/asyncio httptools/uvloop

Each round starts, per configuration (in rotating order), a uvicorn process serving the app
(``create_app`` on a PostgreSQL schema, no in-process worker: ``kizashi serve --no-worker``)
on a local port, posts ``--posts`` reports to POST /api/v1/reports/sns_post one at a time
over one keep-alive connection (after 20 to warm it), and reads that process's CPU
(``/proc/<pid>/stat``, all its threads) before and after. The machine is shared: CPU, not
wall time, is the figure; medians over rounds, and ratios against the first configuration.
``httptools`` and ``uvloop`` must be installed (``uvicorn[standard]`` brings both).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
SERVER = "postgresql+psycopg://root@127.0.0.1/test"

SERVE = """
import sys, uvicorn
from kizashi.api import create_app
from kizashi.config import load_settings
from kizashi.store import make_engine
settings = load_settings(data_dir=sys.argv[1], database_url=sys.argv[2], log_level="WARNING")
app = create_app(settings, engine=make_engine(settings))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[3]), http=sys.argv[4], loop=sys.argv[5],
            log_level="warning", access_log=False, log_config=None)
"""


def _process_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_up(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if server.poll() is not None:
            raise RuntimeError("the server ended before it listened")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not listen within a minute")


def one_run(config: str, args: argparse.Namespace, url: str, token: str, seed: int) -> float:
    import httpx
    import live
    import live_store

    http, loop = config.split("/")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE, args.data, url, str(port), http, loop],
        env={**os.environ, "PYTHONPATH": str(HERE.parent / "src")},
    )
    try:
        _wait_up(port, server)
        live.RUN = f"{time.time_ns() % 10**10:x}"  # ids of their own (a process holds one RUN)
        source = (r for c, r in live_store.fresh_stream(seed) if c == "sns_post")
        bodies = [
            live._post_record(n, next(source), datetime.now(UTC), n % 20 == 0)
            for n in range(args.posts + 20)
        ]
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers) as client:
            for body in bodies[:20]:
                warm = client.post("/api/v1/reports/sns_post", json=body)
                assert warm.is_success, warm.text
            before = _process_cpu(server.pid)
            for body in bodies[20:]:
                answer = client.post("/api/v1/reports/sns_post", json=body)
                assert answer.status_code == 201, answer.text
            return 1000 * (_process_cpu(server.pid) - before) / args.posts
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    sys.path.insert(0, str(HERE))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--configs", nargs="+", default=["h11/asyncio", "httptools/asyncio"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--schema", default="kz_bench_live_http", help="PostgreSQL schema")
    parser.add_argument("--data", default="/tmp/kizashi-live-http", help="the app's data dir")
    parser.add_argument("--seed-base", type=int, default=int(time.time()) % 10**6 * 10)
    args = parser.parse_args()

    import live_store

    from kizashi.config import load_settings
    from kizashi.store import make_engine, upgrade

    Path(args.data).mkdir(parents=True, exist_ok=True)
    url = live_store.postgres_url(SERVER, args.schema)
    engine = make_engine(load_settings(data_dir=Path(args.data), database_url=url))
    upgrade(engine)
    tokens_file = Path(args.data) / "tokens.json"  # the users are made once per schema
    if not tokens_file.exists():
        tokens_file.write_text(json.dumps(live_store.users(engine)))
    token = json.loads(tokens_file.read_text())["bench-platform"]
    engine.dispose()
    results: dict[str, list[float]] = {config: [] for config in args.configs}
    for round_no in range(args.rounds):
        shift = round_no % len(args.configs)
        for n, config in enumerate(args.configs[shift:] + args.configs[:shift]):
            seed = args.seed_base + len(args.configs) * round_no + n
            results[config].append(one_run(config, args, url, token, seed))
            print(f"round {round_no + 1} {config}: {results[config][-1]:.2f} ms", flush=True)
    base = statistics.median(results[args.configs[0]])
    for config, rows in results.items():
        median = statistics.median(rows)
        print(f"{config}: median {median:.2f} ms server CPU / POST, {median / base:.2f}× {rows}")


if __name__ == "__main__":
    main()
