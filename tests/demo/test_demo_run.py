"""The demo through the real pipeline, at a small scale."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from kizashi.config import load_settings
from kizashi.demo.run import run_demo
from kizashi.errors import ConfigError
from kizashi.store import reports


def test_the_demo_stores_every_planted_record_and_quarantines_nothing(tmp_path: Path) -> None:
    context = run_demo(load_settings(data_dir=tmp_path), tmp_path / "demo", seed=7, scale=0.05)
    assert sum(s.quarantined for s in context.summaries) == 0
    assert {c["id"] for c in context.cases} >= {
        "lone-offender-yamada",
        "coded-threats-rally",
        "yami-baito-recruitment",
        "shell-casing-listings",
        "espionage-approach-semicon",
        "raid-leak-seized-chat",
    }
    assert all(c["stored"] == c["records"] > 0 for c in context.cases)
    with context.engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(reports)).scalar_one()
    assert stored == sum(len(rows) for rows in context.scenario.records.values())
    assert (tmp_path / "demo" / "tokens.json").exists()
    detection = context.detection
    for case_id in ("coded-threats-rally", "yami-baito-recruitment", "shell-casing-listings"):
        assert detection["found"][case_id] == detection["planted"][case_id] > 0, case_id
    # The insider stage: one alert, on the insider, that explains itself; nobody else.
    insider = context.insider
    [alert] = insider.alerts
    assert (alert["user"], alert["day"]) == ("kuroda", "2026-10-21")
    assert {hit["rule_id"] for hit in alert["rules"]} == {"NTK-RAID-72H", "NTK-SURV-EXPORT"}
    assert "imminent_target_lookups" in alert["explanation"]
    assert (tmp_path / "demo" / "users.json").exists()


def test_the_demo_rebuilds_its_own_workspace_but_no_other_directory(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    run_demo(settings, tmp_path / "demo", seed=7, scale=0.01)
    run_demo(settings, tmp_path / "demo", seed=7, scale=0.01)  # rebuilt from scratch
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", "utf-8")
    with pytest.raises(ConfigError, match="not a kizashi demo workspace"):
        run_demo(settings, precious, seed=7, scale=0.01)
    assert (precious / "notes.txt").read_text("utf-8") == "keep me"
