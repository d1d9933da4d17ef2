"""The transparency report through the API (`GET /api/v1/oversight/transparency`) and the
command line (`kizashi oversight report`): the oversight role gets it, an analyst is refused
with the rule's id."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from kizashi.api import create_app
from kizashi.cli import app
from kizashi.clock import FixedClock
from kizashi.config import Settings, load_settings
from kizashi.guard.identity import issue_token
from kizashi.store import make_engine
from tests.cli_credentials import CredentialRunner
from tests.conftest import frozen_now
from tests.oversight.transparency_seed import MID_Q4, seed_small

runner = CredentialRunner()


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine=engine, clock=FixedClock(MID_Q4))) as test_client:
        yield test_client


def test_the_api_serves_it_to_oversight_only(
    engine: Engine, settings: Settings, client: TestClient
) -> None:
    seed_small(engine, settings)
    with engine.begin() as connection:
        tokens = {n: issue_token(connection, n, now=frozen_now()) for n in ("ov-t", "an-t")}

    def get(name: str, query: str) -> Any:
        return client.get(
            f"/api/v1/oversight/transparency?{query}",
            headers={"Authorization": f"Bearer {tokens[name]}"},
        )

    shown = get("ov-t", "period=2026-Q4")
    assert shown.status_code == 200, shown.text
    body = shown.json()
    assert body["period"]["label"] == "2026-Q4"
    received = next(t for t in body["tables"] if t["id"] == "reports_received")
    assert received["total"] == {"count": 24}
    between = get("ov-t", "from=2026-10-01&to=2026-12-31").json()
    assert between["tables"] == body["tables"]
    text = get("ov-t", "period=2026-Q4&format=markdown")
    assert text.status_code == 200 and "| public_tip | <5 |" in text.text
    assert get("ov-t", "period=2026-Q9").status_code == 400
    refused = get("an-t", "period=2026-Q4")
    assert refused.status_code == 403 and "OVERSIGHT-2" in refused.text


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIZASHI_DATABASE_URL", raising=False)
    assert runner.invoke(app, ["init"]).exit_code == 0
    settings = load_settings()
    engine = make_engine(settings)
    seed_small(engine, settings)
    runner.issue(engine, "ov-t", "an-t")
    engine.dispose()


def test_the_command_line_writes_json_or_markdown(workspace: None, tmp_path: Path) -> None:
    shown = runner.invoke(app, ["oversight", "report", "--period", "2026-Q4", "--as", "ov-t"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["period"]["from"] == "2026-10-01T00:00:00+09:00"
    month = runner.invoke(app, ["oversight", "report", "--period", "2026-11", "--as", "ov-t"])
    assert json.loads(month.stdout)["period"]["to"] == "2026-12-01T00:00:00+09:00"
    out = tmp_path / "q4.md"
    written = runner.invoke(
        app,
        [
            "oversight",
            "report",
            "--from",
            "2026-10-01",
            "--to",
            "2026-12-31",
            "--format",
            "markdown",
            "--out",
            str(out),
            "--as",
            "ov-t",
        ],
    )
    assert written.exit_code == 0, written.output
    assert "| **total** | 24 |" in out.read_text("utf-8")
    refused = runner.invoke(app, ["oversight", "report", "--period", "2026-Q4", "--as", "an-t"])
    assert refused.exit_code != 0 and "OVERSIGHT-2" in refused.stderr
    both = runner.invoke(
        app, ["oversight", "report", "--period", "2026-Q4", "--from", "2026-10-01", "--as", "ov-t"]
    )
    assert both.exit_code != 0 and "not both" in both.stderr
