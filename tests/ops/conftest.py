"""Settings for an installation that passes every check of the production profile."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard.identity import create_user, issue_token, sync_desks

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
