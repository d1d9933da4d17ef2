"""`kizashi trace`: preview without a store; issue and find through the CLI as named users."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import Engine

from kizashi.cli.main import app
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


def test_preview_of_bad_markup_exits_3_naming_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("ok\n{{only one}}\n", "utf-8")
    result = runner.invoke(app, ["trace", "preview", str(bad)])
    assert result.exit_code == 3
    assert "bad.md: line 2" in result.output


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIZASHI_DATABASE_URL", raising=False)
    (tmp_path / "data").mkdir()
    engine = make_engine_for(tmp_path / "data")
    # The CLI reads the wall clock (no switch moves a command's time), so the compartment is
    # open around the real now; a window relative to now holds on any calendar date.
    now = datetime.now(UTC)
    with transaction(engine) as connection:
        sync_desks(connection)
        create_compartment(
            connection,
            "op-x",
            desk="tokuryu",
            valid_from=now - timedelta(days=1),
            valid_until=now + timedelta(days=9),
        )
        for name, role, desk in (
            ("lead", "desk_lead", "tokuryu"),
            ("ann", "analyst", "tokuryu"),
            ("ben", "analyst", "tokuryu"),
            ("insp", "analyst", "inspection"),
        ):
            create_user(connection, name, role=role, desk=desk)
        for name in ("lead", "ann", "ben"):
            add_member(connection, "op-x", name)
    runner.issue(engine, "lead", "ann", "ben", "insp")
    engine.dispose()
    return tmp_path


def make_engine_for(data_dir: Path) -> Engine:
    engine = make_engine(load_settings(data_dir=data_dir, database_url=None))
    upgrade(engine)
    return engine


def test_issue_then_find_as_the_inspection_desk(store: Path, photo: np.ndarray) -> None:
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
    )
    assert issued.exit_code == 0, issued.output
    lines = [json.loads(line) for line in issued.stdout.splitlines() if line.startswith("{")]
    assert {line["recipient"] for line in lines} == {"ann", "ben"}
    ben = next(Path(line["file"]) for line in lines if line["recipient"] == "ben")
    leaked = store / "leak.jpg"
    cv2.imwrite(str(leaked), cv2.imread(str(ben))[10:-10, 10:-10], [cv2.IMWRITE_JPEG_QUALITY, 70])
    refused = runner.invoke(
        app, ["trace", "find", str(leaked), "--as", "ann", "--purpose", PURPOSE]
    )
    assert refused.exit_code == 3 and "TRACE-1" in refused.output
    found = runner.invoke(app, ["trace", "find", str(leaked), "--as", "insp", "--purpose", PURPOSE])
    assert found.exit_code == 0, found.output
    assert json.loads(found.stdout[found.stdout.index("{") :])["named"] == ["ben"]
