"""`kizashi users` as an operator runs it (the sub-app alone; the lead registers it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kizashi.cli import app
from kizashi.config import load_settings
from kizashi.guard.admin_cli import users_app
from kizashi.guard.audit_setup import open_audit_log
from kizashi.guard.identity_service import login
from kizashi.store import make_engine

runner = CliRunner()


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIZASHI_DATABASE_URL", raising=False)
    assert runner.invoke(app, ["init"]).exit_code == 0
    return tmp_path


def lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_desks_list_prints_the_default_desks(workspace: Path) -> None:
    result = runner.invoke(users_app, ["desks", "list"])
    assert result.exit_code == 0, result.output
    assert len(lines(result.stdout)) == 9


def test_users_cases_and_compartments(workspace: Path) -> None:
    def ok(*args: str, stdin: str | None = None) -> list[dict[str, object]]:
        result = runner.invoke(users_app, list(args), input=stdin)
        assert result.exit_code == 0, result.output
        return lines(result.stdout)

    (user,) = ok(
        "create",
        "sato",
        "--desk",
        "tokuryu",
        "--role",
        "analyst",
        "--password-stdin",
        stdin="a long enough passphrase\n",
    )
    assert user["role"] == "analyst" and user["desk"] == "tokuryu"
    ok("create", "x-user", "--role", "partner_submitter", "--organisation", "X Corp")
    assert [u["name"] for u in ok("list")] == ["sato", "x-user"]
    ok("cases", "create", "2026-041", "--desk", "tokuryu", "--title", "network")
    (case,) = ok("cases", "assign", "2026-041", "sato")
    assert case["assigned"] == [user["id"]]
    ok("compartments", "create", "HERON", "--desk", "tokuryu", "--until", "2030-01-01T00:00+09:00")
    (box,) = ok("compartments", "add-member", "HERON", "sato")
    assert box["members"] == [user["id"]]
    runner.invoke(users_app, ["compartments", "add-subject", "HERON", "山田 太郎"])
    (listed,) = ok("compartments", "list")
    assert listed["name"] == "HERON" and "山田" not in json.dumps(listed, ensure_ascii=False)

    settings = load_settings(data_dir=workspace / "data")
    engine = make_engine(settings)
    with engine.begin() as connection:
        assert login(connection, "sato", "a long enough passphrase").name == "sato"
    # Every change went to the audit log first.
    assert open_audit_log(settings, engine).size == 7
    engine.dispose()


def test_errors_are_one_line_with_the_input_exit_code(workspace: Path) -> None:
    result = runner.invoke(users_app, ["create", "kato", "--role", "analyst"])
    assert result.exit_code == 3 and "needs a desk" in result.stderr
    result = runner.invoke(
        users_app, ["compartments", "create", "OWL", "--desk", "tokuryu", "--until", "2030-01-01"]
    )
    assert result.exit_code == 3 and "time zone" in result.stderr
