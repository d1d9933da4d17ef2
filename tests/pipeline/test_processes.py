"""`kizashi worker --processes N`: the stages are warmed once, in the parent, and the
children are forked warm (they do not warm again); the parent announces readiness only
once every child follows the queue; a child that dies before it follows means no
announcement."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kizashi.pipeline import STAGES
from kizashi.pipeline.processes import Ready, run_processes, start_method

pytestmark = pytest.mark.skipif(start_method() != "fork", reason="fork is not available")


def _stages(log: Path) -> tuple[Any, ...]:
    def warm(name: str) -> None:
        with log.open("a") as out:
            out.write(f"warm {name} {os.getpid()}\n")

    return tuple(replace(s, warm=lambda name=s.name: warm(name)) for s in STAGES)


def test_children_are_forked_warm_and_announced_together(tmp_path: Path) -> None:
    log = tmp_path / "log"
    announced: list[int] = []

    def follow(suffix: str, ready: Ready | None, warmed: bool) -> None:
        with log.open("a") as out:
            out.write(f"child {suffix} {os.getpid()} warmed={warmed}\n")
        assert ready is not None
        ready.set()  # following; then stops (as on SIGTERM)

    together = run_processes(2, follow, announce=announced.append, stages=_stages(log))
    lines = log.read_text().splitlines()
    warms = [line.split() for line in lines if line.startswith("warm ")]
    children = sorted(line.split() for line in lines if line.startswith("child "))
    assert [w[1] for w in warms] == [s.name for s in STAGES]
    assert {w[2] for w in warms} == {str(os.getpid())}  # the parent warmed, once
    assert [(c[1], c[3]) for c in children] == [("0", "warmed=True"), ("1", "warmed=True")]
    assert str(os.getpid()) not in {c[2] for c in children}
    assert together == 2 and announced == [2]


def test_no_announcement_when_a_child_dies_before_it_follows(tmp_path: Path) -> None:
    announced: list[int] = []

    def follow(suffix: str, ready: Ready | None, warmed: bool) -> None:
        if suffix == "1":
            os._exit(3)  # the second worker fails to start (its store is unreachable, say)
        assert ready is not None
        ready.set()

    together = run_processes(2, follow, announce=announced.append, stages=_stages(tmp_path / "l"))
    assert together == 0 and announced == []
