"""`kizashi triage`, `alerts`, `entity` and `purchases` as an operator and an analyst run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kizashi.cli import app
from kizashi.config import load_settings
from kizashi.guard.identity import create_user, sync_desks
from kizashi.store import make_engine
from tests.cli_credentials import CredentialRunner
from tests.triage.seed import seed

runner = CredentialRunner()


def lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIZASHI_DATABASE_URL", raising=False)
    assert runner.invoke(app, ["init"]).exit_code == 0
    settings = load_settings()
    engine = make_engine(settings)
    seeded = seed(engine, settings)
    with engine.begin() as connection:
        sync_desks(connection)
        create_user(connection, "cc", role="command_centre", desk="lone-offender")
        create_user(connection, "eco", role="analyst", desk="economic-security")
    runner.issue(engine, "cc", "eco")
    engine.dispose()
    return seeded.offender


def test_triage_then_review_from_the_command_line(workspace: str) -> None:
    ran = runner.invoke(app, ["triage", "--purchases", "--as-of", "2026-11-02T12:00:00+09:00"])
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.stdout)["alerts"] == {"opened": 1}
    listed = runner.invoke(app, ["alerts", "list", "--user", "cc"])
    (alert,) = lines(listed.stdout)
    assert alert["entity_id"] == workspace
    hidden = runner.invoke(app, ["alerts", "show", str(alert["id"]), "--user", "eco"])
    assert hidden.exit_code == 3 and "no such alert" in hidden.stderr
    shown = json.loads(
        runner.invoke(app, ["alerts", "show", str(alert["id"]), "--user", "cc"]).stdout
    )
    assert shown["explanation"]["routing"]["desk"] == "lone-offender"
    bad = runner.invoke(app, ["alerts", "review", str(alert["id"]), "confirmed", "--user", "cc"])
    assert bad.exit_code == 3 and "can only go to in_review" in bad.stderr
    for status, reason in (("in_review", "looking"), ("dismissed", "a known fireworks hobbyist")):
        step = runner.invoke(
            app, ["alerts", "review", str(alert["id"]), status, "--reason", reason, "--user", "cc"]
        )
        assert step.exit_code == 0, step.output
    outcomes = lines(runner.invoke(app, ["alerts", "outcomes"]).stdout)
    combo = next(o for o in outcomes if o["rule"] == "combo-black-powder")
    assert (combo["confirmed"], combo["dismissed"], combo["precision"]) == (0, 1, 0.0)
    entity = json.loads(runner.invoke(app, ["entity", "show", workspace, "--user", "cc"]).stdout)
    assert len(entity["timeline"]) == 8 and entity["alerts"][0]["status"] == "dismissed"
    firings = lines(runner.invoke(app, ["purchases", "firings", "--entity", workspace]).stdout)
    assert {f["rule_id"] for f in firings} >= {"combo-black-powder"}
    watchlist = lines(runner.invoke(app, ["purchases", "watchlist"]).stdout)
    assert any(w["id"] == "sulfur" and w["cas"] == ["7704-34-9"] for w in watchlist)
