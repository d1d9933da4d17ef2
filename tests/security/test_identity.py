"""Findings of issue 14 about identity and sessions: one identity, one revocable session.

- `--as USER` needed no credential and wrote audit entries in that officer's name;
- web sessions were stateless signed cookies: sign-out did not end them (a replayed cookie
  still worked), sign-out was not audited, and re-enabling a user revived old cookies;
- lock-out was per account only (anyone could lock any named officer; no per-address
  throttle), and there was no command to disable a user;
- failed bearer tokens were not audited, and a disabled user's token still scored texts.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from kizashi.api import create_app
from kizashi.cli import app as cli
from kizashi.clock import ManualClock
from kizashi.config import Settings
from kizashi.errors import AuthError
from kizashi.guard import open_audit_log
from kizashi.guard.identity import cli_user, get_user, set_active
from kizashi.guard.identity.signin import ADDRESS_MAX_FAILURES
from tests.security.conftest import audit_rows, audit_size, bearer
from tests.web.conftest import csrf_of
from tests.web.seeding import PASSWORD, Seeded

runner = CliRunner()


def _cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    if settings.database_url:
        pytest.skip("the command line's engines are process-wide; CLI tests run on SQLite")
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(settings.data_dir))
    if settings.database_url:
        monkeypatch.setenv("KIZASHI_DATABASE_URL", settings.database_url)
    monkeypatch.delenv("KIZASHI_TOKEN", raising=False)
    monkeypatch.delenv("KIZASHI_USER", raising=False)


def test_as_without_a_credential_is_refused_and_logs_nothing_in_their_name(
    engine: Engine, settings: Settings, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    _cli_env(settings, monkeypatch)
    before = audit_size(engine)
    result = runner.invoke(cli, ["reports", "list", "--as", "analyst-a"])
    assert result.exit_code == AuthError.exit_code, result.output
    assert "credential" in result.stderr
    with engine.connect() as connection:
        victim = get_user(connection, "analyst-a").id
    assert all(leaf["actor"] != victim for leaf in audit_rows(engine, before))


def test_a_token_in_the_environment_acts_as_its_user_and_only_as_them(
    engine: Engine,
    settings: Settings,
    tokens: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _cli_env(settings, monkeypatch)
    monkeypatch.setenv("KIZASHI_TOKEN", tokens["analyst-b"])
    before = audit_size(engine)
    assert runner.invoke(cli, ["reports", "list", "--limit", "3"]).exit_code == 0
    with engine.connect() as connection:
        me = get_user(connection, "analyst-b").id
    assert {leaf["actor"] for leaf in audit_rows(engine, before)} == {me}
    mismatch = runner.invoke(cli, ["reports", "list", "--as", "analyst-a"])
    assert mismatch.exit_code == AuthError.exit_code
    monkeypatch.setenv("KIZASHI_TOKEN", "kz_guessed")
    assert runner.invoke(cli, ["reports", "list"]).exit_code == AuthError.exit_code


def test_as_at_a_terminal_asks_for_the_password_like_a_sign_in(
    engine: Engine, settings: Settings, seeded: Seeded, now: datetime
) -> None:
    audit = open_audit_log(settings, engine)
    asked: list[str] = []

    def prompt(text: str) -> str:
        asked.append(text)
        return PASSWORD

    user = cli_user(engine, audit, "analyst-a", now=now, interactive=True, prompt=prompt)
    assert user.name == "analyst-a" and asked == ["password for analyst-a: "]
    with pytest.raises(AuthError):
        cli_user(engine, audit, "analyst-a", now=now, interactive=True, prompt=lambda _: "x")
    assert [leaf["action"] for leaf in audit_rows(engine)][-2:] == ["sign_in", "sign_in"]


def _web_sign_in(client: TestClient, name: str) -> None:
    form = client.get("/ui/login")
    response = client.post(
        "/ui/login",
        data={"name": name, "password": PASSWORD, "csrf": csrf_of(form.text), "next": "/ui/"},
        follow_redirects=False,
    )
    assert response.status_code == 303


def test_sign_out_ends_the_session_a_replayed_cookie_is_worth_nothing(
    client: TestClient, engine: Engine
) -> None:
    _web_sign_in(client, "analyst")
    cookie = client.cookies.get("kizashi_session")
    home = client.get("/ui/", follow_redirects=False)
    assert home.status_code == 200
    out = client.post("/ui/logout", data={"csrf": csrf_of(home.text)}, follow_redirects=False)
    assert out.status_code == 303
    assert audit_rows(engine)[-1]["action"] == "sign_out"
    client.cookies.clear()
    client.cookies.set("kizashi_session", cookie or "")
    replay = client.get("/ui/", follow_redirects=False)
    assert replay.status_code in (302, 303) and "/ui/login" in replay.headers["location"]


def test_disabling_ends_web_and_api_sessions_and_enabling_revives_none(
    client: TestClient, engine: Engine, settings: Settings, now: datetime
) -> None:
    _web_sign_in(client, "analyst")
    api = client.post("/api/v1/session", json={"username": "analyst", "password": PASSWORD})
    assert api.status_code == 201
    session_token = api.json()["token"]
    audit = open_audit_log(settings, engine)
    with engine.connect() as connection:
        admin = get_user(connection, "inspector")
    set_active(engine, audit, admin, "analyst", False, now=now)
    set_active(engine, audit, admin, "analyst", True, now=now)
    page = client.get("/ui/", follow_redirects=False)
    assert page.status_code in (302, 303)
    assert client.get("/api/v1/me", headers=bearer(session_token)).status_code == 401
    actions = [leaf["action"] for leaf in audit_rows(engine)]
    assert actions.count("session_ended") == 2 and "account_disabled" in actions


def test_a_disabled_users_token_scores_nothing_and_refusals_are_audited(
    client: TestClient, engine: Engine, settings: Settings, tokens: dict[str, str], now: datetime
) -> None:
    token = tokens["analyst-b"]
    ok = client.post("/api/v1/detect", json={"text": "明日駅で刺す"}, headers=bearer(token))
    assert ok.status_code == 200
    assert audit_rows(engine)[-1]["resource"]["type"] == "detector"
    with engine.connect() as connection:
        admin = get_user(connection, "inspector")
    set_active(engine, open_audit_log(settings, engine), admin, "analyst-b", False, now=now)
    refused = client.post("/api/v1/detect", json={"text": "x"}, headers=bearer(token))
    assert refused.status_code == 401
    guessed = client.get("/api/v1/me", headers=bearer("kz_not-a-token"))
    assert guessed.status_code == 401
    last = audit_rows(engine)[-2:]
    assert [leaf["action"] for leaf in last] == ["credential_refused", "credential_refused"]
    assert all("not-a-token" not in str(leaf) for leaf in last)  # never the secret


def test_one_address_is_throttled_across_names(
    engine: Engine, settings: Settings, seeded: Seeded, now: datetime
) -> None:
    clock = ManualClock(now)
    app = create_app(settings, engine=engine, clock=clock)
    names = ["analyst", "analyst-a", "analyst-b", "lead-a"]
    with TestClient(app, base_url="http://127.0.0.1") as client:
        for n in range(ADDRESS_MAX_FAILURES + 1):
            wrong = {"username": names[n % len(names)], "password": "wrong password!"}
            assert client.post("/api/v1/session", json=wrong).status_code == 401
        # The address is blocked now: even a right password is refused from it ...
        right = {"username": "inspector", "password": PASSWORD}
        assert client.post("/api/v1/session", json=right).status_code == 401
        # ... and further tries from it no longer count against the accounts.
        clock.advance(timedelta(minutes=16))
        assert client.post("/api/v1/session", json=right).status_code == 201
    reasons = [leaf["decision"]["reason"] for leaf in audit_rows(engine)]
    assert any("address" in reason and "blocked" in reason for reason in reasons)


def test_database_files_and_demo_secrets_are_owner_only(settings: Settings, engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the SQLite file's mode")
    database = Path(str(engine.url.database))
    assert database.stat().st_mode & 0o077 == 0
