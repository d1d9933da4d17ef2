"""Single-post latency of ``POST /api/v1/detect``, in process and through uvicorn.

    .venv/bin/python benchmarks/scan_api.py [--posts 1000] [--port 8799]

Builds a small demo workspace (scale 0.05) for its store and the demo analyst's token, then
posts ``--posts`` distinct demo posts one at a time (each made unique, so the scorer's memory
of recent texts never answers) and prints p50 / p99 / max:

* **in process**: FastAPI's ``TestClient`` on ``create_app`` (routing, authentication, the
  policy decision, validation, scoring, serialisation; no sockets);
* **through uvicorn**: ``kizashi serve`` in a subprocess, one keep-alive ``httpx`` client.

The first request of each (model, dictionary and encoder load, ~4 s) is a warm-up and is
not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from kizashi.config import load_settings
from kizashi.demo.clock import PERIOD_END
from kizashi.demo.run import run_demo


def _percentiles(name: str, latencies: list[float]) -> None:
    latencies.sort()
    n = len(latencies)
    print(f"{name}: {n} requests, p50 {latencies[n // 2]:.2f} ms, "
          f"p99 {latencies[max(0, int(n * 0.99) - 1)]:.2f} ms, max {latencies[-1]:.2f} ms")  # fmt: skip


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measure(post: Callable[[dict[str, str]], int], texts: list[str]) -> list[float]:
    post({"text": "warm-up: 桜井を56す"})
    out = []
    for n, text in enumerate(texts):
        body = {"id": str(n), "text": f"{text} #{n}"}
        start = time.perf_counter()
        status = post(body)
        out.append((time.perf_counter() - start) * 1000)
        if status != 200:
            raise SystemExit(f"POST /api/v1/detect answered {status}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "demo"
        context = run_demo(
            load_settings(data_dir=Path(tmp)), root, seed=20261122, scale=0.05, built_at=PERIOD_END
        )
        token = context.tokens["demo-analyst"]
        headers = {"Authorization": f"Bearer {token}"}
        texts = list(dict.fromkeys(p["text"] for p in context.scenario.records["sns_post"]))
        texts = (texts * (args.posts // max(1, len(texts)) + 1))[: args.posts]
        context.engine.dispose()

        from fastapi.testclient import TestClient

        from kizashi.api import create_app

        settings = context.settings
        with TestClient(create_app(settings)) as client:
            in_process = _measure(
                lambda body: client.post("/api/v1/detect", json=body, headers=headers).status_code,
                texts,
            )
        _percentiles("in process (TestClient)", in_process)

        env = {
            **os.environ,
            "KIZASHI_DATA_DIR": str(settings.data_dir),
            "KIZASHI_LOG_LEVEL": "WARNING",
        }
        server = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from kizashi.cli.main import app; app()",
                "serve",
                "--port",
                str(args.port),
            ],
            env=env,
        )
        try:
            url = f"http://127.0.0.1:{args.port}"
            with httpx.Client(base_url=url, headers=headers, timeout=30) as http:
                for _ in range(200):
                    try:
                        http.get("/openapi.json")
                        break
                    except httpx.TransportError:
                        time.sleep(0.1)
                http.post("/api/v1/detect", json={"text": "warm-up: 桜井を56す"})  # loads
                cpu_before = _cpu_seconds(server.pid)
                served = _measure(
                    lambda body: http.post("/api/v1/detect", json=body).status_code, texts
                )
                cpu = _cpu_seconds(server.pid) - cpu_before
            _percentiles(f"through uvicorn ({url})", served)
            # Wall-clock latency on a shared machine is mostly waiting for a core; the
            # server's own CPU per request is what the code controls.
            print(
                f"uvicorn server CPU per request: {cpu / (len(texts) + 1) * 1000:.2f} ms (after the warm-up)"
            )
        finally:
            server.terminate()
            server.wait(10)
    print(json.dumps({"load_average": os.getloadavg()[0]}))


if __name__ == "__main__":
    main()
