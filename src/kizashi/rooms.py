"""The one list of rooms the apps iterate (top floor: only the apps import this).

``api/app.py`` includes every room's routers in this order, ``web``'s mount adds their UI
pages, and ``cli/main.py`` lists their commands (imported only when invoked). The app's own
commands (``init``, ``settings``, ``serve``, ``doctor``, ``backup``, ``restore``, ``db``,
``tokens``, ``demo``) come first. A new
room adds one ``room.py`` beside its code and one line here.
"""

from __future__ import annotations

from kizashi.casework.room import ROOM as CASEWORK
from kizashi.detect.room import ROOM as DETECT
from kizashi.guard.room import ROOM as GUARD
from kizashi.insider.room import ROOM as INSIDER
from kizashi.intake.room import ROOM as INTAKE
from kizashi.outreach.room import ROOM as OUTREACH
from kizashi.oversight.room import ROOM as OVERSIGHT
from kizashi.pipeline.room import ROOM as PIPELINE
from kizashi.purchases.room import ROOM as PURCHASES
from kizashi.registry import Command, Room
from kizashi.resolve.room import ROOM as RESOLVE
from kizashi.search.room import ROOM as SEARCH
from kizashi.share.room import ROOM as SHARE
from kizashi.trace.room import ROOM as TRACE
from kizashi.triage.room import ROOM as TRIAGE

APP = Room(
    name="app",
    commands=(
        Command(
            "init",
            "kizashi.cli.admin:init",
            "Create the data directory and bring the store to the newest schema.",
        ),
        Command(
            "settings",
            "kizashi.cli.admin:show_settings",
            "Every setting: environment variable, value in force, default and help.",
        ),
        Command(
            "serve",
            "kizashi.cli.admin:serve",
            "Serve the API, the command-centre UI and (by default) the live pipeline.",
        ),
        Command(
            "doctor",
            "kizashi.cli.ops:doctor",
            "Check the installation as `kizashi serve` would start it; every check with its fix.",
        ),
        Command(
            "backup",
            "kizashi.cli.ops:backup",
            "Back up the store with its audit chain: a copy, the signed checkpoints, a manifest.",
        ),
        Command(
            "restore",
            "kizashi.cli.ops:restore",
            "Restore a backup; refused if it would cut the audit log short, unless told why.",
        ),
        Command("db", "kizashi.cli.db:db_app", "Database migrations."),
        Command(
            "tokens",
            "kizashi.cli.admin:tokens_app",
            "API tokens: credentials of users and accounts.",
        ),
        Command(
            "demo",
            "kizashi.demo.cli:demo",
            "Build a fresh demo workspace: a month before a Tokyo ward election, "
            "through the real pipeline.",
        ),
    ),
)

# Routers are included in this order (it is the order of /openapi.json's paths).
ROOMS: tuple[Room, ...] = (
    INTAKE,
    DETECT,
    TRIAGE,
    GUARD,
    INSIDER,
    TRACE,
    RESOLVE,
    PURCHASES,
    OUTREACH,
    PIPELINE,
    SHARE,
    SEARCH,
    CASEWORK,
    OVERSIGHT,
)


def commands() -> tuple[Command, ...]:
    """Every command of the command line: the app's own, then each room's."""
    return tuple(c for room in (APP, *ROOMS) for c in room.commands)


__all__ = ["APP", "ROOMS", "commands"]
