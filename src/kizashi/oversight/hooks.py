"""The rooms' expiry hooks, in the order they run (docs/oversight.md, "Expiry").

Each room that keeps something derived from reports declares an
:class:`~kizashi.registry.Expiry` in its ``room.py``; oversight runs them all in the
expiry's one transaction. A room's hook runs before the hooks of the rooms its rows refer
to (``refers_to``): triage's contributions before resolve's entities, everything before
intake's mentions. Oversight sits above the rooms (it forgets for all of them), so it names
their ``room`` modules here; ``tests/oversight`` checks this list against ``kizashi.rooms``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from kizashi.casework.room import ROOM as CASEWORK
from kizashi.detect.room import ROOM as DETECT
from kizashi.guard.room import ROOM as GUARD
from kizashi.intake.room import ROOM as INTAKE
from kizashi.outreach.room import ROOM as OUTREACH
from kizashi.pipeline.room import ROOM as PIPELINE
from kizashi.purchases.room import ROOM as PURCHASES
from kizashi.registry import Room, load
from kizashi.resolve.room import ROOM as RESOLVE
from kizashi.search.room import ROOM as SEARCH
from kizashi.share.room import ROOM as SHARE
from kizashi.trace.room import ROOM as TRACE
from kizashi.triage.room import ROOM as TRIAGE

Hook = Callable[[Connection, Any, datetime], dict[str, int]]
Lock = Callable[[Connection], None]

EXPIRING_ROOMS: tuple[Room, ...] = (
    INTAKE,
    DETECT,
    RESOLVE,
    PURCHASES,
    TRIAGE,
    GUARD,
    TRACE,
    PIPELINE,
    SHARE,
    OUTREACH,
    SEARCH,
    CASEWORK,
)


def ordered(rooms: Sequence[Room]) -> list[Room]:
    """The rooms with a hook, each before every room it refers to (stable by name)."""
    with_hooks = {r.name: r for r in rooms if r.expiry is not None}
    out: list[Room] = []
    placed: set[str] = set()
    while len(out) < len(with_hooks):
        # A room is ready when no room still waiting refers to it.
        waiting = [r for n, r in with_hooks.items() if n not in placed]
        ready = sorted(
            (
                r
                for r in waiting
                if not any(
                    r.name in (w.expiry.refers_to if w.expiry else ())
                    for w in waiting
                    if w is not r
                )
            ),
            key=lambda r: r.name,
        )
        if not ready:
            raise ValueError(f"expiry hooks refer to each other in a cycle: {sorted(placed)}")
        out.extend(ready)
        placed.update(r.name for r in ready)
    return out


def expiry_hooks(rooms: Sequence[Room] = EXPIRING_ROOMS) -> list[tuple[str, Hook]]:
    """``(room name, hook)`` in the order they run."""
    hooks: list[tuple[str, Hook]] = []
    for room in ordered(rooms):
        assert room.expiry is not None
        hooks.append((room.name, load(room.expiry.target)))
    return hooks


def expiry_locks(rooms: Sequence[Room] = EXPIRING_ROOMS) -> list[tuple[str, Lock]]:
    """``(room name, locks)`` of the rooms whose hook needs locks, taken before any hook."""
    return [
        (room.name, load(room.expiry.locks))
        for room in ordered(rooms)
        if room.expiry is not None and room.expiry.locks is not None
    ]
