"""The root of the `kizashi` command line: every room's commands, from the one list of rooms.

Commands are registered by name and imported when invoked (:mod:`kizashi.cli.lazy`), so
``kizashi --help`` and a command of one room do not pay for the others' libraries.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import typer

from kizashi.cli.lazy import LazyGroup
from kizashi.registry import load
from kizashi.rooms import commands

# Service commands of rooms, and what the app runs before them: the production profile's
# checks, logging and metrics are the app's (kizashi.ops), and a room cannot import the app.
# (`serve` is the app's own command and runs them itself.)
BEFORE = {"worker": "kizashi.cli.ops:before_worker"}


class RootGroup(LazyGroup):
    def __init__(self, **attrs: Any) -> None:
        super().__init__(entries=commands(), **attrs)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        wrap = cmd_name in BEFORE and command is not None and not self.listing
        if wrap and not getattr(command, "_kizashi_before", False):
            command.callback = _preceded(command.callback, BEFORE[cmd_name])
            command._kizashi_before = True
        return command


def _preceded(callback: Callable[..., Any], before: str) -> Callable[..., Any]:
    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        from kizashi.cli.common import handle_errors

        handle_errors(load(before))(kwargs)
        return callback(*args, **kwargs)

    return run


app = typer.Typer(
    name="kizashi",
    cls=RootGroup,
    help="kizashi (兆し): early-warning intelligence platform. Data commands are JSONL filters.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def root(context: typer.Context) -> None:
    """kizashi (兆し): early-warning intelligence platform. Data commands are JSONL filters."""
    from kizashi.cli.common import CommandClock, engines_closed_at_end

    # An in-process caller (a test) may hand the run a clock as its object; nothing else can.
    if isinstance(context.obj, CommandClock):
        context.with_resource(context.obj.in_force())
    context.with_resource(engines_closed_at_end())


__all__ = ["app"]
