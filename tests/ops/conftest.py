"""Settings for an installation that passes every check of the production profile."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings, load_settings
from kizashi.guard.identity import create_user, issue_token, sync_desks
from kizashi.observe import configure_logging

SECRET = SecretStr("s" * 40)


def production(settings: Settings, root: Path) -> Settings:
    """`settings` with the key, the witness and the session secret where production wants them
    (under `root`, outside the data directory)."""
    return settings.model_copy(
        update={
            "profile": "production",
            "audit_signing_key": root / "keys" / "checkpoint.key",
            "witness_url": f"file://{root / 'witness'}",
            "session_secret": SECRET,
        }
    )


@pytest.fixture
def production_settings(settings: Settings, tmp_path: Path) -> Settings:
    return production(settings, tmp_path)


@pytest.fixture
def officer_token(engine: Engine, now: datetime) -> str:
    """A command-centre officer's API token."""
    with engine.begin() as connection:
        sync_desks(connection)
        create_user(connection, "analyst", role="command_centre", desk="lone-offender")
        return issue_token(connection, "analyst", now=now)


@pytest.fixture
def client(engine: Engine, settings: Settings, clock: FixedClock) -> Iterator[TestClient]:
    """The app over the test store, called from loopback (as a scraper on the host is)."""
    app = create_app(settings, engine=engine, clock=clock)
    with TestClient(app, client=("127.0.0.1", 50000)) as test_client:
        yield test_client


GARAGE = {
    "report_ref": "RE-2026-118",
    "partner_type": "real_estate",
    "category": "suspicious_sound",
    "text": "賃貸ガレージから夜間にのこぎりの音と金属音。火薬のようなにおい。",
    "observed_at": "2026-10-20T22:30:00+09:00",
    "property_address": "東京都豊島区南大塚三丁目14番2号 ガレージB",
    "persons": [{"name": "山田 太郎", "role": "tenant", "phone": "090-1234-5678"}],
}


@dataclass(frozen=True)
class DemoRun:
    """One small demo run, shared by the tests that need a store full of the demo."""

    settings: Settings  # the workspace's (its data directory, its SQLite store, its key)
    logs: str  # every log line the run wrote, as JSON lines at DEBUG
    tokens: dict[str, str]
    passwords: dict[str, str]
    inputs: Path


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRun]:
    from kizashi.demo.run import run_demo

    root = tmp_path_factory.mktemp("demo")
    base = load_settings(data_dir=root, database_url=None, log_format="json", log_level="DEBUG")
    stream = io.StringIO()
    level = logging.getLogger().level
    handler = configure_logging(base, stream)
    try:
        context = run_demo(base, root / "demo", seed=7, scale=0.01)
    finally:
        logging.getLogger().removeHandler(handler)
        logging.getLogger().setLevel(level)
    context.engine.dispose()
    workspace = context.workspace.root
    yield DemoRun(
        settings=context.settings,
        logs=stream.getvalue(),
        tokens=json.loads((workspace / "tokens.json").read_text("utf-8")),
        passwords=json.loads((workspace / "users.json").read_text("utf-8")),
        inputs=context.workspace.inputs,
    )
