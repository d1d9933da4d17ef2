"""How `kizashi serve` runs: the app factory of its HTTP worker processes, and the live
pipeline's worker it runs in its own process.

With `--workers N`, uvicorn starts its worker processes afresh and imports
:func:`served_app`; each builds its own app (its own engine, audit log and guard) from the
settings in the environment, which the parent shares with them. The parent runs the live
pipeline's worker, if any (:func:`start_live_pipeline`).

Both take the clock from their caller: the command passes ``system_clock``; a test that
serves the real app over real HTTP passes its own (there is no switch that moves a running
server's time).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from fastapi import FastAPI
from sqlalchemy import Engine

from kizashi.clock import Clock, system_clock
from kizashi.config import Settings, load_settings
from kizashi.observe import configure_logging

Running = tuple[threading.Thread, threading.Event]


def served_app() -> FastAPI:
    from kizashi.api import create_app

    settings = load_settings()
    configure_logging(settings)
    return create_app(settings)


def start_live_pipeline(
    engine: Engine,
    settings: Settings,
    *,
    clock: Clock = system_clock,
    say: Callable[[str], None] = lambda _line: None,
) -> Running:
    """The live pipeline's worker, warmed, on a daemon thread; stop it with
    :func:`stop_live_pipeline`.

    It is warmed before the server listens: a report posted as soon as `serve` answers must
    not wait behind the models' first load (seconds; ~20 s on a loaded machine)."""
    from kizashi.pipeline import Worker, start_in_background

    live = Worker(engine, settings, clock=clock, name=None)
    say("live pipeline: loading the stages' models and rules…")
    began = time.perf_counter()
    live.warm_up()
    say(f"live pipeline: ready in {time.perf_counter() - began:.1f} s")
    return start_in_background(live)


def stop_live_pipeline(running: Running) -> None:
    thread, stop = running
    stop.set()
    thread.join(timeout=10)
