"""The real app over real HTTP, in the test's process, on the test's clock.

A `kizashi serve` subprocess would read the wall clock (there is deliberately no switch that
moves a running server's time: whoever could set it could forge the audit log's timestamps),
so the browser journeys build the app themselves, as `serve` does — ``create_app(settings,
clock=...)`` and, when asked, the live pipeline's worker from
:func:`kizashi.ops.serving.start_live_pipeline` on the same clock — and serve it with
uvicorn on a thread, on a free port of 127.0.0.1. Chromium and httpx talk to it over TCP.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import uvicorn

from kizashi.api import create_app
from kizashi.clock import Clock, aware_utc
from kizashi.config import load_settings
from kizashi.ops.serving import start_live_pipeline, stop_live_pipeline
from kizashi.store import make_engine


class RunningClock:
    """Starts at a given instant and moves on with the real elapsed time (monotonic), so that
    sessions, live streams and waits behave as on a server, but on the test's calendar."""

    def __init__(self, at: datetime) -> None:
        self.at = aware_utc(at)
        self._started = time.monotonic()

    def __call__(self) -> datetime:
        return self.at + timedelta(seconds=time.monotonic() - self._started)

    def __repr__(self) -> str:
        return f"RunningClock(from {self.at.isoformat()})"


@contextmanager
def serving(data_dir: Path, clock: Clock, *, worker: bool = True) -> Iterator[str]:
    """The app over the SQLite store in `data_dir` on `clock`, served on a free port of
    127.0.0.1 (with the live pipeline's worker on the same clock if `worker`); its base URL."""
    settings = load_settings(data_dir=data_dir, database_url=None, log_level="WARNING")
    engine = make_engine(settings)
    app = create_app(settings, engine=engine, clock=clock)
    running = start_live_pipeline(engine, settings, clock=clock) if worker else None
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))  # the port is ours from here on: no race with others
    port = int(listener.getsockname()[1])
    config = uvicorn.Config(
        app, log_level="warning", log_config=None, access_log=False, proxy_headers=True
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listener]}, name=f"uvicorn-{port}", daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + 120
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start serving on port {port}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        listener.close()
        if running is not None:
            stop_live_pipeline(running)
        engine.dispose()
