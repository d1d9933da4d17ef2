"""The production profile: each unsafe setting is refused, with its fix; development starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine
from typer.testing import CliRunner

from kizashi.cli import app
from kizashi.config import Settings
from kizashi.guard.identity import create_user, sync_desks
from kizashi.insider.demo import password_of
from kizashi.ops import Launch, ProductionProfileError, enforce, run_checks

SERVE = Launch("serve")


def _refused(settings: Settings, engine: Engine, launch: Launch = SERVE) -> set[str]:
    with pytest.raises(ProductionProfileError) as refusal:
        enforce(settings, engine, launch)
    for check in refusal.value.checks:
        assert check.fix, check.id  # every refusal says how to fix it
    return {check.id for check in refusal.value.checks}


def test_a_safe_installation_passes_every_check(
    production_settings: Settings, engine: Engine
) -> None:
    checks = enforce(production_settings, engine, SERVE)
    assert [c.level for c in checks] == ["ok"] * len(checks)
    assert len(checks) == 7


@pytest.mark.parametrize(
    ("launch", "refused"),
    [
        (Launch("serve", http_workers=2), True),
        (Launch("serve", pipeline_in_process=False), True),
        (Launch("worker", pipeline_processes=1), True),
        (Launch("serve"), False),
    ],
)
def test_sqlite_with_more_than_one_process_is_refused(
    production_settings: Settings, engine: Engine, launch: Launch, refused: bool
) -> None:
    if engine.dialect.name != "sqlite":
        # PostgreSQL: any number of server and worker processes.
        assert enforce(production_settings, engine, launch)
        return
    if refused:
        assert _refused(production_settings, engine, launch) == {"sqlite-one-process"}
    else:
        assert enforce(production_settings, engine, launch)


def test_a_signing_key_inside_the_data_directory_is_refused(
    production_settings: Settings, engine: Engine
) -> None:
    inside = production_settings.model_copy(update={"audit_signing_key": None})
    assert _refused(inside, engine) == {"audit-key-outside-data-dir"}
    named = production_settings.model_copy(
        update={"audit_signing_key": production_settings.data_dir / "keys" / "k.key"}
    )
    assert _refused(named, engine) == {"audit-key-outside-data-dir"}


def test_a_witness_inside_the_data_directory_is_refused(
    production_settings: Settings, engine: Engine
) -> None:
    assert _refused(production_settings.model_copy(update={"witness_url": None}), engine) == {
        "witness-outside-data-dir"
    }
    inside = str(production_settings.data_dir / "w")
    assert _refused(production_settings.model_copy(update={"witness_url": inside}), engine) == {
        "witness-outside-data-dir"
    }
    remote = production_settings.model_copy(update={"witness_url": "https://witness.example:8443"})
    assert enforce(remote, engine, SERVE)


def test_demo_users_and_demo_passwords_are_refused(
    production_settings: Settings, engine: Engine
) -> None:
    with engine.begin() as connection:
        sync_desks(connection)
        create_user(
            connection, "tanaka", role="analyst", desk="tokuryu", password="a-real-Passw0rd!"
        )
    assert enforce(production_settings, engine, SERVE)  # a real officer who is also called tanaka
    with engine.begin() as connection:
        create_user(
            connection, "sato", role="analyst", desk="tokuryu", password=password_of("sato")
        )
    with pytest.raises(ProductionProfileError, match="printed password is in use for sato"):
        enforce(production_settings, engine, SERVE)
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM users WHERE name = 'sato'")
        create_user(connection, "demo-analyst", role="command_centre", desk="lone-offender")
    with pytest.raises(ProductionProfileError, match="demo users demo-analyst"):
        enforce(production_settings, engine, SERVE)


@pytest.mark.parametrize(
    ("name", "role", "desk"),
    [
        ("ishida", "desk_lead", "lone-offender"),  # the sharing stage's approver
        ("morozumi", "analyst", "fa-russia"),  # the economic-security stage's country desk
        ("takeda", "oversight_officer", None),  # the demo's oversight officer
    ],
)
def test_the_printed_password_of_every_demo_stage_is_refused(
    production_settings: Settings, engine: Engine, name: str, role: str, desk: str | None
) -> None:
    with engine.begin() as connection:
        sync_desks(connection)
        create_user(connection, name, role=role, desk=desk, password=password_of(name))
    with pytest.raises(ProductionProfileError, match=f"printed password is in use for {name}"):
        enforce(production_settings, engine, SERVE)


def test_a_demo_workspace_is_refused(production_settings: Settings, engine: Engine) -> None:
    production_settings.data_dir.mkdir(parents=True, exist_ok=True)
    (production_settings.data_dir / ".kizashi-demo").write_text("made by `kizashi demo`\n")
    assert _refused(production_settings, engine) == {"no-demo-users"}


@pytest.mark.parametrize("secret", [None, "too short"])
def test_a_missing_or_short_session_secret_is_refused(
    production_settings: Settings, engine: Engine, secret: str | None
) -> None:
    given = SecretStr(secret) if secret else None
    unsafe = production_settings.model_copy(update={"session_secret": given})
    assert _refused(unsafe, engine) == {"session-secret"}


def test_listening_beyond_loopback_needs_a_tls_proxy(
    production_settings: Settings, engine: Engine
) -> None:
    assert _refused(production_settings, engine, Launch("serve", host="0.0.0.0")) == {
        "listen-behind-proxy"
    }
    assert _refused(production_settings, engine, Launch("serve", host="kizashi.local")) == {
        "listen-behind-proxy"
    }
    assert enforce(production_settings, engine, Launch("serve", host="::1"))
    behind = Launch("serve", host="0.0.0.0", forwarded_allow_ips="10.0.0.2")
    assert enforce(production_settings, engine, behind)


def test_development_starts_and_production_lists_every_failure(
    sqlite_settings: Settings, sqlite_engine: Engine
) -> None:
    assert enforce(sqlite_settings, sqlite_engine, Launch("serve", host="0.0.0.0")) == []
    warned = {c.id for c in run_checks(sqlite_settings, sqlite_engine, SERVE) if c.level == "warn"}
    assert warned == {"audit-key-outside-data-dir", "witness-outside-data-dir", "session-secret"}
    production = sqlite_settings.model_copy(update={"profile": "production"})
    assert _refused(production, sqlite_engine, Launch("worker", pipeline_processes=1)) == {
        "sqlite-one-process",
        "audit-key-outside-data-dir",
        "witness-outside-data-dir",
        "session-secret",
    }


runner = CliRunner()


@pytest.fixture
def cli_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIZASHI_DATABASE_URL", raising=False)
    assert runner.invoke(app, ["init"]).exit_code == 0
    return tmp_path


def test_doctor_prints_every_check_and_exits_5_on_a_failure(
    cli_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output  # development: warnings only
    assert "session secret set" in result.stdout and "KIZASHI_SESSION_SECRET" in result.stdout
    result = runner.invoke(app, ["doctor", "--profile", "production", "--json"])
    assert result.exit_code == 5
    assert '"session-secret"' in result.stdout
    monkeypatch.setenv("KIZASHI_PROFILE", "production")
    monkeypatch.setenv("KIZASHI_AUDIT_SIGNING_KEY", str(cli_store / "keys" / "checkpoint.key"))
    monkeypatch.setenv("KIZASHI_WITNESS_URL", str(cli_store / "witness"))
    monkeypatch.setenv("KIZASHI_SESSION_SECRET", "x" * 32)
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output


def test_serve_and_worker_refuse_to_start_in_production(
    cli_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIZASHI_PROFILE", "production")
    serve = runner.invoke(app, ["serve", "--port", "1"])
    assert serve.exit_code == 5
    assert "refusing to start" in serve.stderr and "session-secret" in serve.stderr
    worker = runner.invoke(app, ["worker"])
    assert worker.exit_code == 5
    assert "sqlite-one-process" in worker.stderr
