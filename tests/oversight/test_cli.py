"""`kizashi oversight ...` as the host's operator, an administrator and an oversight officer."""

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
        create_user(connection, "ov", role="oversight_officer")
        create_user(connection, "an", role="analyst", desk="lone-offender")
    runner.issue(engine, "ov", "an")
    engine.dispose()
    return seeded.offender


def test_expire_dry_run_lists_then_the_run_expires(workspace: str) -> None:
    ran = runner.invoke(app, ["triage", "--purchases", "--as-of", "2026-11-02T12:00:00+09:00"])
    assert ran.exit_code == 0, ran.output
    later = "2031-01-01T00:00:00+09:00"  # past every schedule but case material
    dry = runner.invoke(app, ["oversight", "expire", "--dry-run", "--as-of", later, "--as", "ov"])
    assert dry.exit_code == 0, dry.output
    listed = json.loads(dry.stdout)
    assert listed["dry_run"] and listed["reports"] == len(listed["listing"]) > 0
    assert {item["why"] for item in listed["listing"]} >= {"kept 36 months from receipt"}
    refused = runner.invoke(app, ["oversight", "expire", "--as-of", later, "--as", "ov"])
    assert refused.exit_code != 0 and "RETAIN-3" in refused.stderr
    done = json.loads(runner.invoke(app, ["oversight", "expire", "--as-of", later]).stdout)
    assert not done["dry_run"] and done["reports"] == listed["reports"]
    again = json.loads(
        runner.invoke(app, ["oversight", "expire", "--dry-run", "--as-of", later]).stdout
    )
    assert again["reports"] == 0


def test_access_report_for_oversight_only(workspace: str) -> None:
    mine = runner.invoke(app, ["oversight", "access", "--officer", "an", "--as", "an"])
    assert mine.exit_code != 0 and "OVERSIGHT-2" in mine.stderr
    shown = runner.invoke(app, ["oversight", "access", "--entity", workspace, "--as", "ov"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["entity"]["id"] == workspace
    bad = runner.invoke(app, ["oversight", "access", "--since", "yesterday", "--officer", "an"])
    assert bad.exit_code == 3 and "--since" in bad.stderr


def test_a_signed_access_export_and_its_verification(workspace: str, tmp_path: Path) -> None:
    out = tmp_path / "access.zip"
    made = runner.invoke(
        app, ["oversight", "access", "--entity", workspace, "--signed", str(out), "--as", "ov"]
    )
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout)["out"] == str(out) and out.stat().st_size > 0
    checked = runner.invoke(app, ["oversight", "verify-export", str(out)])
    assert checked.exit_code == 0, checked.output
    said = json.loads(checked.stdout)
    assert said["verified"] and said["ref"] == f"entity:{workspace}"
    assert set(said["files"]) == {"access-report.json", "access-report.pdf"}
    # Offline, with the public key only; and a changed bundle fails.
    vkey = Path(load_settings().data_dir) / "audit" / "checkpoint.vkey"
    offline = runner.invoke(app, ["oversight", "verify-export", str(out), "--key", str(vkey)])
    assert offline.exit_code == 0, offline.output
    data = bytearray(out.read_bytes())
    data[40] ^= 0xFF  # inside the first member's bytes
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(data))
    failed = runner.invoke(app, ["oversight", "verify-export", str(bad)])
    assert failed.exit_code != 0
