"""The `kizashi` command line: a Typer root (``kizashi.cli.main``) over every room's commands.

This package holds two floors: ``cli.common`` is plumbing every room's commands import, the
rest (``main``, ``lazy``, ``admin``, ``db``) is the app. The root is imported lazily here, so
that a room importing ``kizashi.cli.common`` does not load the app's wiring.
"""

from __future__ import annotations

from typing import Any


def main() -> None:
    from kizashi.cli.main import app

    app()


def __getattr__(name: str) -> Any:
    if name == "app":
        from kizashi.cli.main import app

        return app
    raise AttributeError(name)


__all__ = ["app", "main"]
