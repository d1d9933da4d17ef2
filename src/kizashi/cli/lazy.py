"""A Typer group whose commands are imported when invoked, not when listed.

``kizashi --help`` lists every room's commands from the one help line each registers
(:class:`kizashi.registry.Command`), so it imports no room; ``kizashi resolve ...`` imports
``kizashi.resolve.cli`` and what it needs, and nothing of the other rooms.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from kizashi.registry import Command, load


def build(name: str, target: Any) -> Any:
    """The click command for a loaded target: a Typer app becomes a group, a function a command."""
    if isinstance(target, typer.Typer):
        group = typer.main.get_group(target)
        group.name = name
        return group
    single = typer.Typer()
    single.command(name)(target)
    return typer.main.get_command(single)


class LazyGroup(TyperGroup):
    """Commands from registry entries; ``GROUP NAME`` entries join the group they name."""

    def __init__(self, *, entries: Iterable[Command] = (), **attrs: Any) -> None:
        super().__init__(**attrs)
        self.entries: dict[str, Command] = {}
        self.children: dict[str, list[Command]] = {}
        self.listing = False
        self.register(entries)

    def register(self, entries: Iterable[Command]) -> None:
        for entry in entries:
            parent, _, child = entry.name.partition(" ")
            if child:
                self.children.setdefault(parent, []).append(entry)
            elif parent in self.entries or parent in self.commands:
                raise ValueError(f"two rooms register the command {parent!r}")
            else:
                self.entries[parent] = entry

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in self.entries if n not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        entry = self.entries.get(cmd_name)
        if entry is None:
            return None
        if self.listing:
            # Listed in --help: the registered line is enough; importing would cost the room.
            return TyperCommand(name=cmd_name, help=entry.help)
        command = build(cmd_name, load(entry.target))
        for child in self.children.get(cmd_name, ()):
            child_name = child.name.partition(" ")[2]
            command.add_command(build(child_name, load(child.target)), child_name)
        self.commands[cmd_name] = command
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False
