"""`kizashi trace`: preview without a store; issue and find through the CLI as named users.

The commands run in the test's process on the tests' clock, handed to the run as its object
(`CommandClock`: there is no option or variable that moves a command's time); one preview runs
as a real `kizashi` subprocess, which needs no date."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import Engine

from kizashi.cli.common import CommandClock
from kizashi.cli.main import app
from kizashi.clock import Clock, FixedClock
from kizashi.config import load_settings
from kizashi.guard.identity import add_member, create_compartment, create_user, sync_desks
from kizashi.store import make_engine, transaction, upgrade
from tests.cli_credentials import CredentialRunner
from tests.trace.conftest import PLAN

runner = CredentialRunner()
PURPOSE = "planning the Oyama search (case 123)"


def test_preview_lists_slots_and_sample_copies() -> None:
    result = runner.invoke(app, ["trace", "preview", str(PLAN), "--copies", "2"])
    assert result.exit_code == 0, result.output
    assert "28 variant slots (ja)" in result.output
    assert result.output.count("--- sample copy") == 2
    assert "\u200b" not in result.output


def test_preview_runs_as_a_real_command() -> None:
    script = Path(sys.executable).with_name("kizashi")
    command = (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from kizashi.cli import main; main()"]
    )
    done = subprocess.run(
        [*command, "trace", "preview", str(PLAN), "--copies", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "28 variant slots (ja)" in done.stdout
    assert done.stdout.count("--- sample copy") == 1


def test_preview_of_bad_markup_exits_3_naming_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("ok\n{{only one}}\n", "utf-8")
    result = runner.invoke(app, ["trace", "preview", str(bad)])
    assert result.exit_code == 3
    assert "bad.md: line 2" in result.output


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, now: datetime) -> Path:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIZASHI_DATABASE_URL", raising=False)
    (tmp_path / "data").mkdir()
    engine = make_engine_for(tmp_path / "data")
    with transaction(engine) as connection:
        sync_desks(connection)
        create_compartment(
            connection,
            "op-x",
            desk="tokuryu",
            valid_from=now - timedelta(days=1),
            valid_until=now + timedelta(days=9),
            now=now,
        )
        for name, role, desk in (
            ("lead", "desk_lead", "tokuryu"),
            ("ann", "analyst", "tokuryu"),
            ("ben", "analyst", "tokuryu"),
            ("insp", "analyst", "inspection"),
        ):
            create_user(connection, name, role=role, desk=desk, now=now)
        for name in ("lead", "ann", "ben"):
            add_member(connection, "op-x", name, now=now)
    runner.issue(engine, "lead", "ann", "ben", "insp")
    engine.dispose()
    return tmp_path


def make_engine_for(data_dir: Path) -> Engine:
    engine = make_engine(load_settings(data_dir=data_dir, database_url=None))
    upgrade(engine)
    return engine


def test_issue_then_find_as_the_inspection_desk(
    store: Path, photo: np.ndarray, clock: Clock
) -> None:
    on_clock = CommandClock(clock)
    still = store / "still.png"
    cv2.imwrite(str(still), photo)
    out = store / "copies"
    issued = runner.invoke(
        app,
        [
            "trace",
            "issue",
            str(still),
            "--to",
            "ann",
            "--to",
            "ben",
            "--as",
            "lead",
            "--purpose",
            PURPOSE,
            "--compartment",
            "op-x",
            "--out",
            str(out),
        ],
        obj=on_clock,
    )
    assert issued.exit_code == 0, issued.output
    lines = [json.loads(line) for line in issued.stdout.splitlines() if line.startswith("{")]
    assert {line["recipient"] for line in lines} == {"ann", "ben"}
    ben = next(Path(line["file"]) for line in lines if line["recipient"] == "ben")
    leaked = store / "leak.jpg"
    cv2.imwrite(str(leaked), cv2.imread(str(ben))[10:-10, 10:-10], [cv2.IMWRITE_JPEG_QUALITY, 70])
    refused = runner.invoke(
        app, ["trace", "find", str(leaked), "--as", "ann", "--purpose", PURPOSE], obj=on_clock
    )
    assert refused.exit_code == 3 and "TRACE-1" in refused.output
    found = runner.invoke(
        app, ["trace", "find", str(leaked), "--as", "insp", "--purpose", PURPOSE], obj=on_clock
    )
    assert found.exit_code == 0, found.output
    assert json.loads(found.stdout[found.stdout.index("{") :])["named"] == ["ben"]


def test_the_command_runs_on_the_clock_it_is_given(
    store: Path, photo: np.ndarray, now: datetime
) -> None:
    """The same issue after the compartment's time box closed is refused: the guard decided
    on the run's clock, not the wall clock's."""
    still = store / "still.png"
    cv2.imwrite(str(still), photo)
    args = ["trace", "issue", str(still), "--to", "ann", "--as", "lead", "--purpose", PURPOSE]
    args += ["--compartment", "op-x", "--out", str(store / "copies")]
    later = CommandClock(FixedClock(now + timedelta(days=10)))
    refused = runner.invoke(app, args, obj=later)
    assert refused.exit_code != 0, refused.output
    issued = runner.invoke(app, args, obj=CommandClock(FixedClock(now)))
    assert issued.exit_code == 0, issued.output
