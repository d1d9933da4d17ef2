"""The `kizashi` command line: a Typer root (``kizashi.cli.main``) with a sub-app per context.

The root is imported lazily: contexts' own CLI modules import ``kizashi.cli.common``, and an
eager root here would import them back while they are half-initialised.
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
