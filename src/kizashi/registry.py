"""What a room offers the apps: its routers, its UI pages and its commands, named not imported.

Each room declares one :class:`Room` in its ``room.py`` (as datasette's plugins declare their
hooks); ``kizashi.rooms`` lists them, and the apps (``api/app.py``, ``web``'s mount,
``cli/main.py``) iterate that one list. So nothing below the apps imports upward, and adding
a room's surface is one line in its own package.

Targets are ``"package.module:attribute"`` strings, imported only when used: listing the
command line's commands (``kizashi --help``) imports none of a room's modules, so no room's
heavy libraries (pandas, splink, numpy, ...) load for a command that does not need them.
This module is ground floor: it names no room.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Command:
    """One entry of the command line, imported when it is invoked.

    ``name`` is a top-level command or group (``"resolve"``), or ``"GROUP NAME"`` for a
    command a room adds to another room's group (``"guard route"``). ``target`` is a Typer
    app (a group) or a command function. ``help`` is the one line ``--help`` shows without
    importing the target (a test checks it matches the target's own help).
    """

    name: str
    target: str
    help: str


@dataclass(frozen=True)
class Expiry:
    """How a room forgets what it derived from reports that expired (docs/oversight.md).

    ``target`` names a function ``(connection, expired, now) -> dict[str, int]``: in the
    expiry's transaction, it removes (or recomputes) every row of the room that was derived
    from the reports whose ids ``expired`` selects (a SQL subquery of report ids), and says
    how many rows of what it touched. It works in the database only (a dry run rolls it
    back). ``refers_to`` names the rooms whose rows this room's rows refer to (triage's
    contributions to resolve's entities): their hooks run after this one.

    ``locks`` names a function ``(connection) -> None`` that takes the locks the hook needs
    (resolve's lock on its components). Oversight calls every room's ``locks`` at the start
    of the transaction, before any hook, so a room never waits for its lock while earlier
    hooks hold row locks that the live path's transaction (which took that lock first) may
    be waiting for.
    """

    target: str
    refers_to: tuple[str, ...] = ()
    locks: str | None = None


@dataclass(frozen=True)
class Room:
    """A room's surfaces: API routers, UI page routers (paths under /ui, added by the web's
    mount with its session and guard in ``app.state``), commands, and its expiry hook."""

    name: str
    routers: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    commands: tuple[Command, ...] = ()
    expiry: Expiry | None = None


def load(target: str) -> Any:
    """Import ``"package.module:attribute"`` and return the attribute."""
    module, _, attribute = target.partition(":")
    if not module or not attribute:
        raise ValueError(f"a target is 'package.module:attribute', not {target!r}")
    return getattr(importlib.import_module(module), attribute)


__all__ = ["Command", "Expiry", "Room", "load"]
