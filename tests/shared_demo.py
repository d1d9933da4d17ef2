"""The demo run that several test modules share (session fixtures in tests/conftest.py).

A demo run is the most expensive thing the suite builds (half a minute to a minute and a half
on 2 cores, minutes under load), so it is built once per worker — at one scale and seed, with
its logs kept — and every test that only needs a built demo uses it; a test that changes the
store works on a copy (`copy_store`, `copy_workspace`). tests/conftest.py puts every test that
uses it in one xdist group.
"""

from __future__ import annotations

import io
import json
import logging
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kizashi.config import Settings, load_settings
from kizashi.observe import configure_logging

if TYPE_CHECKING:  # the demo's modules are imported when a demo is built, not with conftest
    from kizashi.demo.context import DemoContext


@dataclass(frozen=True)
class DemoRun:
    """One small demo run, shared by the tests that need a store full of the demo."""

    context: DemoContext  # what `run_demo` returned (`small_demo` in tests/conftest.py)

    settings: Settings  # the workspace's (its data directory, its SQLite store, its key)
    logs: str  # every log line the run wrote, as JSON lines at DEBUG
    tokens: dict[str, str]
    passwords: dict[str, str]
    inputs: Path
    trace: dict[str, Any]  # what the demo's trace stage found (DemoContext.trace)


# What an earlier demo left in the workspace `build_demo_run` builds over: a file of its own
# and a store with a table no migration makes (tests/demo/test_demo_run.py reads that both
# are gone).
LEFT_OVER = "left-over.txt"
STALE_TABLE = "left_by_an_earlier_demo"


def _an_earlier_demo(workspace: Path) -> None:
    """`workspace` as a demo built before leaves it: the marker, a file, a store."""
    from kizashi.demo.workspace import MARKER

    (workspace / "inputs").mkdir(parents=True)
    (workspace / MARKER).write_text("made by `kizashi demo`; deleted and rebuilt by it\n", "utf-8")
    (workspace / LEFT_OVER).write_text("from the last run", "utf-8")
    store = sqlite3.connect(workspace / "kizashi.db")
    try:
        store.execute(f"CREATE TABLE {STALE_TABLE} (n INTEGER)")
        store.commit()
    finally:
        store.close()


# The scale of the shared demo: the browser journeys serve a copy of it as what
# `kizashi demo --scale 0.05` builds (tests/web/browser/conftest.py). One build at this scale
# serves every reader, the 1 % run that the operations tests, the trace stage and the rebuild
# read once had a build of its own: the two cost about the same (speed23, docs/testing.md).
SCALE = 0.05


def build_demo_run(root: Path) -> DemoRun:
    """The demo at `SCALE` (seed 7) in `root / "demo"`, its logs kept as JSON at DEBUG.

    Built over an earlier demo's workspace (`_an_earlier_demo`), as `kizashi demo` run a
    second time is: one build serves the tests that read a demo and the test that the demo
    rebuilds its own workspace (a second build of this demo cost ~40 CPU-s)."""
    from kizashi.demo.run import run_demo
    from tests.conftest import frozen_now

    _an_earlier_demo(root / "demo")

    base = load_settings(data_dir=root, database_url=None, log_format="json", log_level="DEBUG")
    stream = io.StringIO()
    level = logging.getLogger().level
    handler = configure_logging(base, stream)
    try:
        context = run_demo(base, root / "demo", seed=7, scale=SCALE, built_at=frozen_now())
    finally:
        logging.getLogger().removeHandler(handler)
        logging.getLogger().setLevel(level)
    context.engine.dispose()
    workspace = context.workspace.root
    return DemoRun(
        context=context,
        settings=context.settings,
        logs=stream.getvalue(),
        tokens=json.loads((workspace / "tokens.json").read_text("utf-8")),
        passwords=json.loads((workspace / "users.json").read_text("utf-8")),
        inputs=context.workspace.inputs,
        trace=context.trace,
    )


def copy_store(database: Path, target: Path) -> Path:
    """A consistent copy of the SQLite store `database` at `target` (SQLite's backup API, so
    a WAL not yet checkpointed is copied too)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(database)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return target


def copy_workspace(workspace: Path, target: Path) -> Path:
    """A copy of a built demo workspace at `target`: its files, and its store by `copy_store`."""
    shutil.copytree(workspace, target, ignore=shutil.ignore_patterns("kizashi.db*"))
    copy_store(workspace / "kizashi.db", target / "kizashi.db")
    return target
