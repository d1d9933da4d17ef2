"""`kizashi users` as an operator runs it (the sub-app alone; the lead registers it)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from kizashi.cli import app
from kizashi.config import load_settings
from kizashi.errors import AuthError
from kizashi.guard.audit.setup import open_audit_log
from kizashi.guard.cli_users import users_app
from kizashi.guard.identity.service import get_user, login
from kizashi.guard.identity.sessions import open_session, session_user
from kizashi.store import make_engine
from kizashi.store.tables import audit_entries
from tests.conftest import frozen_now

runner = CliRunner()


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIZASHI_DATABASE_URL", raising=False)
    assert runner.invoke(app, ["init"]).exit_code == 0
    return tmp_path


def lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def _ok_in(_workspace: Path) -> Callable[..., list[dict[str, object]]]:
    def ok(*args: str) -> list[dict[str, object]]:
        result = runner.invoke(users_app, list(args))
        assert result.exit_code == 0, result.output
        return lines(result.stdout)

    return ok


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
    ok(
        "create",
        "x-user",
        "--role",
        "partner_submitter",
        "--organisation",
        "X Corp",
        "--channel",
        "sns_post",
    )
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
    # Every change (and every listing) was decided and logged first, as the host's operator.
    with engine.connect() as connection:
        rows = connection.execute(
            select(audit_entries.c.action, audit_entries.c.effect, audit_entries.c.leaf)
        ).all()
    assert [r.action for r in rows].count("write") == 7 and {r.effect for r in rows} == {"allow"}
    assert all('"rule":"HOST-1"' in r.leaf for r in rows)
    assert open_audit_log(settings, engine).size == len(rows)
    engine.dispose()


def test_users_disable_ends_sessions_and_enable_revives_none(workspace: Path) -> None:
    ok = _ok_in(workspace)
    ok("create", "sato", "--role", "analyst", "--desk", "tokuryu")
    settings = load_settings(data_dir=workspace / "data")
    engine = make_engine(settings)
    with engine.connect() as connection:
        user = get_user(connection, "sato")
    token, _ = open_session(engine, user, now=frozen_now(), surface="web")
    (disabled,) = ok("disable", "sato")
    assert disabled["active"] is False
    (enabled,) = ok("enable", "sato")
    assert enabled["active"] is True
    with engine.connect() as connection, pytest.raises(AuthError):
        session_user(connection, token, now=frozen_now(), surface="web")
        # ended at disable: enabling the account revived nothing
    with engine.connect() as connection:
        actions = list(connection.execute(select(audit_entries.c.action)).scalars())
    assert {"account_disabled", "session_ended", "account_enabled"} <= set(actions)
    engine.dispose()


def test_errors_are_one_line_with_the_input_exit_code(workspace: Path) -> None:
    result = runner.invoke(users_app, ["create", "kato", "--role", "analyst"])
    assert result.exit_code == 3 and "needs a desk" in result.stderr
    result = runner.invoke(
        users_app, ["compartments", "create", "OWL", "--desk", "tokuryu", "--until", "2030-01-01"]
    )
    assert result.exit_code == 3 and "time zone" in result.stderr


def test_a_partner_user_is_scoped_to_its_channels(workspace: Path) -> None:
    ok = _ok_in(workspace)
    partner = ("--role", "partner_submitter", "--organisation", "retailer:a")
    (made,) = ok("create", "retailer", *partner, "--channel", "purchase", "--channel", "listing")
    assert made["channels"] == ["listing", "purchase"]
    (agency,) = ok("create", "agency", *partner, "--channel", "public_tip")
    assert agency["channels"] == ["public_tip"]
    assert ok("channels", "agency", "--all")[0]["channels"] is None  # every partner channel
    assert ok("show", "retailer") == [made]
    assert ok("channels", "retailer", "--channel", "purchase")[0]["channels"] == ["purchase"]
    assert ok("channels", "retailer", "--none")[0]["channels"] == []
    assert ok("channels", "retailer", "--all")[0]["channels"] is None
    listed = {u["name"]: u["channels"] for u in ok("list")}
    assert listed == {"agency": None, "retailer": None}
    settings = load_settings(data_dir=workspace / "data")
    engine = make_engine(settings)
    query = select(audit_entries.c.leaf).where(audit_entries.c.resource_id == made["id"])
    with engine.connect() as connection:
        leaves = [json.loads(leaf) for leaf in connection.execute(query).scalars()]
    engine.dispose()
    # Each change was decided and logged, with the scope it set, before it was made.
    changes = [v["context"].get("change") for v in leaves if v["decision"]["effect"] == "allow"]
    assert {"channels=purchase", "channels=", "channels=*"} <= set(changes)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("create", "r", "--channel", "sns"), "unknown channel 'sns'"),
        (("create", "r", "--channel", "patrol_note"), "'patrol_note' is not open to partners"),
        (("channels", "r", "--channel", "seized_message"), "'seized_message' is not open"),
        (("channels", "r"), "exactly one of them"),
        (("channels", "r", "--all", "--none"), "exactly one of them"),
    ],
)
def test_a_channel_scope_is_checked_against_the_channel_specs(
    workspace: Path, args: tuple[str, ...], message: str
) -> None:
    partner = ["--role", "partner_submitter", "--organisation", "o"]
    result = runner.invoke(users_app, [*args, *partner] if args[0] == "create" else list(args))
    assert result.exit_code == 3, result.output
    assert message in result.stderr
    assert runner.invoke(users_app, ["show", "r"]).exit_code != 0  # nothing was made


def test_only_partner_users_have_a_channel_scope(workspace: Path) -> None:
    ok = _ok_in(workspace)
    ok("create", "sato", "--role", "analyst", "--desk", "tokuryu")
    result = runner.invoke(users_app, ["channels", "sato", "--channel", "purchase"])
    assert result.exit_code == 3 and "only partner users" in result.stderr


def test_a_partner_user_without_a_channel_is_refused_and_not_made(workspace: Path) -> None:
    partner = ["--role", "partner_submitter", "--organisation", "agency:b"]
    result = runner.invoke(users_app, ["create", "agency", *partner])
    assert result.exit_code == 3, result.output
    assert "PARTNER-6" in result.stderr and "--channel" in result.stderr
    assert runner.invoke(users_app, ["show", "agency"]).exit_code != 0  # nothing was made
