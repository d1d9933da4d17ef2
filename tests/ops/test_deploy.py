"""The deployment examples in deploy/ match the product: every variable they set is a setting,
every command they run parses, and the settings they give pass the production profile."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from kizashi.cli import app
from kizashi.config import ENV_PREFIX, Settings
from kizashi.ops import Launch, run_checks

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
KIZASHI = "/opt/kizashi/.venv/bin/kizashi"
NOT_SETTINGS = {"PROMETHEUS_MULTIPROC_DIR"}  # read by prometheus_client, set by the unit


def _env(name: str) -> dict[str, str]:
    values = {}
    for number, line in enumerate((DEPLOY / name).read_text("utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            key, sep, value = line.partition("=")
            assert sep, f"{name}:{number}: not KEY=value"
            values[key.strip()] = value.strip()
    return values


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text("utf-8"))
    return parser


def _deployed_settings() -> Settings:
    env = _env("kizashi.env") | _env("secrets.env")
    fields = {key.removeprefix(ENV_PREFIX).lower(): value for key, value in env.items()}
    return Settings(_env_file=None, **fields)


@pytest.mark.parametrize("name", ["kizashi.env", "secrets.env"])
def test_every_variable_of_the_env_files_is_a_setting(name: str) -> None:
    known = {ENV_PREFIX + field.upper() for field in Settings.model_fields}
    unknown = set(_env(name)) - known
    assert not unknown, f"deploy/{name}: not settings: {sorted(unknown)}"


def test_secrets_live_only_in_the_secrets_file() -> None:
    secret = {"KIZASHI_SESSION_SECRET", "KIZASHI_METRICS_TOKEN"}
    assert secret <= set(_env("secrets.env"))
    assert not secret & set(_env("kizashi.env"))
    for value in _env("secrets.env").values():
        assert value.startswith("change-me"), "an example secret must not look usable"


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_every_unit_runs_a_command_that_parses(unit: Path) -> None:
    service = _unit(unit)["Service"]
    command = shlex.split(service["ExecStart"])
    assert command[0] == KIZASHI
    for variable in re.findall(r"^Environment=(\w+)=", unit.read_text("utf-8"), re.M):
        assert variable in NOT_SETTINGS or variable.startswith(ENV_PREFIX), variable
    assert "/etc/kizashi/kizashi.env" in unit.read_text("utf-8")
    # Options are parsed before --help is acted on: an unknown option exits 2, not 0.
    result = CliRunner().invoke(app, [*command[1:], "--help"])
    assert result.exit_code == 0, f"{unit.name}: {' '.join(command)}: {result.output}"


def test_each_timer_starts_its_service() -> None:
    for timer in sorted((DEPLOY / "systemd").glob("*.timer")):
        assert timer.with_suffix(".service").exists(), timer.name
        assert "Timer" in _unit(timer)


def test_the_deployed_settings_pass_the_production_profile(engine: Engine) -> None:
    settings = _deployed_settings()
    assert settings.production and not settings.serve_worker
    serve = Launch.from_settings(settings, "serve")
    worker = Launch("worker", pipeline_processes=2)
    for launch in (serve, worker):
        checks = {c.id: c.level for c in run_checks(settings, engine, launch)}
        if engine.dialect.name == "sqlite":
            # The examples are for PostgreSQL: on SQLite the profile refuses the extra processes.
            assert checks.pop("sqlite-one-process") == "fail"
        assert set(checks.values()) == {"ok"}, checks
