"""Several worker processes (``kizashi worker --processes N``), warmed once, ready together.

Each stage's warm-up loads models, rules and tables (tens of seconds on a loaded machine).
Spawned children each paid it for themselves, one after the other on a busy machine, so a
second worker joined late — and nothing said when all of them were following. Here the
parent warms the stages once and then forks its children (where the platform can fork):
they start with the models loaded (shared copy-on-write) and follow at once. Each child
says when it follows; when all have, the parent announces it (``kizashi worker`` writes
``{"ready": true, "workers": N}`` on stdout), so a benchmark or a supervisor can wait for
it. Where fork is not available, children are spawned and warm themselves (as before).

The parent opens no store connection before it forks (a child must not share the
parent's sockets); each child makes its own engine.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from kizashi.pipeline.stages import STAGES, Stage, warm_stages

log = logging.getLogger("kizashi.pipeline")


class Ready(Protocol):
    def set(self) -> None: ...


# A child: follow the queue as worker ``suffix``; ``ready`` set once following; ``warmed``
# true when the parent warmed the stages before forking it (the child must not warm again).
Follow = Callable[[str, Ready | None, bool], None]


def start_method() -> str:
    """fork where available (children inherit the warmed models), else spawn."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def run_processes(
    processes: int,
    follow: Follow,
    *,
    announce: Callable[[int], None],
    stages: Sequence[Stage] = STAGES,
    method: str | None = None,
) -> int:
    """Run ``processes`` children that follow the queue until SIGTERM / SIGINT; returns how
    many were ready together (0 if stopped before they were)."""
    method = method or start_method()
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in _SIGNALS}
    try:
        forked = method == "fork"
        if forked:
            log.info("warming the stages once before forking %d workers", processes)
            if not warm_stages(stages, stop):
                return 0
        context: Any = multiprocessing.get_context(method)
        ready = [context.Event() for _ in range(processes)]
        children = [
            context.Process(target=follow, args=(str(n), ready[n], forked))
            for n in range(processes)
        ]
        for child in children:
            child.start()

        def stop_children(*_: Any) -> None:
            stop.set()
            for child in children:
                if child.is_alive() and child.pid is not None:
                    child.terminate()

        for sig in _SIGNALS:
            signal.signal(sig, stop_children)
        if stop.is_set():  # a signal between the warm-up and the handler above
            stop_children()
        together = _wait_ready(ready, children, stop)
        if together:
            announce(processes)
        for child in children:
            child.join()
        return processes if together else 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def _wait_ready(ready: Sequence[Any], children: Sequence[Any], stop: threading.Event) -> bool:
    """True once every child is following; False if one died or a stop came first."""
    while not stop.is_set():
        if all(event.is_set() for event in ready):
            return True
        pairs = zip(children, ready, strict=True)
        if any(not child.is_alive() and not event.is_set() for child, event in pairs):
            return False
        stop.wait(0.1)
    return False
