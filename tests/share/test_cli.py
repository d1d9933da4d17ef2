"""`kizashi share` as named users: the approver restores one removed span, the author may not."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from kizashi.cli.main import app
from kizashi.config import load_settings
from kizashi.guard.identity import create_user, sync_desks
from kizashi.store import make_engine, transaction, upgrade
from tests.cli_credentials import CredentialRunner

runner = CredentialRunner()
PURPOSE = "河川敷の不審音に関する注意喚起 (advisory on the riverside noise)"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, now: datetime) -> Path:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIZASHI_DATABASE_URL", raising=False)
    (tmp_path / "data").mkdir()
    engine = make_engine(load_settings(data_dir=tmp_path / "data", database_url=None))
    upgrade(engine)
    with transaction(engine) as connection:
        sync_desks(connection)
        create_user(connection, "author", role="command_centre", desk="lone-offender", now=now)
        create_user(connection, "lead", role="desk_lead", desk="lone-offender", now=now)
    runner.issue(engine, "author", "lead")
    engine.dispose()
    return tmp_path


def _json(output: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(output[output.index("{") :])
    return found


def test_the_approver_restores_a_span_from_the_command_line(store: Path) -> None:
    body = store / "body.md"
    body.write_text("中川の橋の下で夜間に花火のような音。連絡は 090-2222-3333 まで。\n", "utf-8")
    draft = ["share", "draft", str(body), "--title", "河川敷での音", "--to", "desk:lone-offender"]
    as_author = ["--handling-code", "TLP:GREEN", "--as", "author", "--purpose", PURPOSE]
    drafted = runner.invoke(app, [*draft, *as_author])
    assert drafted.exit_code == 0, drafted.output
    product = _json(drafted.stdout)
    river = next(i for i, r in enumerate(product["tearline_removed"]) if r["start"] == 0)
    args = ["share", "restore", product["id"], "--removal", str(river)]
    args += ["--reason", "中川 is the river", "--purpose", PURPOSE]
    refused = runner.invoke(app, [*args, "--as", "author"])
    assert refused.exit_code != 0 and "PRODUCT-1" in refused.output
    restored = runner.invoke(app, [*args, "--as", "lead"])
    assert restored.exit_code == 0, restored.output
    shown = _json(restored.stdout)
    assert shown["tearline"].startswith("中川の橋の下")
    assert "090-2222-3333" not in shown["tearline"]
    assert shown["approvals"][-1]["decision"] == "restored"
