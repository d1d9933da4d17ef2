"""The one list of rooms: what each registers loads, says what it is, and costs nothing to list."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kizashi.cli import app
from kizashi.cli.lazy import build
from kizashi.registry import Command, load
from kizashi.rooms import ROOMS, commands

HEAVY = ("pandas", "splink", "duckdb", "numpy", "sklearn", "sudachipy", "cv2", "spacy", "ginza")
# The store and the guard's stack: one eager room __init__ (oversight's was) pulled them in
# for every command, --help included.
STORE_STACK = ("sqlalchemy", "kizashi.store", "kizashi.guard.policy")


def _first_paragraph(text: str) -> str:
    return " ".join(inspect.cleandoc(text).split("\n\n")[0].split())


@pytest.mark.parametrize("command", commands(), ids=lambda c: c.name)
def test_each_command_loads_and_its_registered_help_is_its_own(command: Command) -> None:
    built = build(command.name.split()[-1], load(command.target))
    assert command.help == _first_paragraph(built.short_help or built.help or "")


def test_command_names_are_unique() -> None:
    names = [c.name for c in commands()]
    assert len(names) == len(set(names))


def test_every_router_and_page_loads() -> None:
    from fastapi import APIRouter

    for room in ROOMS:
        for target in (*room.routers, *room.pages):
            assert isinstance(load(target), APIRouter), target


def test_a_command_added_to_another_rooms_group_is_listed_there() -> None:
    result = CliRunner().invoke(app, ["guard", "--help"])
    assert result.exit_code == 0
    assert "route" in result.output and "insiders" in result.output


def test_the_root_help_lists_every_top_level_command() -> None:
    result = CliRunner().invoke(app, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    for command in commands():
        if " " not in command.name:
            assert f" {command.name} " in result.output


def test_help_imports_no_rooms_heavy_libraries() -> None:
    """`kizashi --help` lists commands from their registered lines, importing no room's code,
    no store and no guard."""
    probe = (
        "import sys\n"
        "from kizashi.cli.main import app\n"
        "try:\n"
        "    app(['--help'], prog_name='kizashi')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('loaded:', *(m for m in {HEAVY + STORE_STACK!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert "Usage: kizashi" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "loaded:"
