"""`kizashi outreach ...` as the desk runs it: with the officer's credential, through the guard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kizashi.cli import app
from kizashi.config import load_settings
from kizashi.guard.identity import create_user, sync_desks
from kizashi.store import make_engine
from tests.cli_credentials import CredentialRunner

runner = CredentialRunner()

COMPANY = {
    "name": "東都セミコンダクター株式会社",
    "sector": "semiconductor",
    "technologies": ["EUVリソグラフィ"],
    "sites": [{"name": "本社", "address": "東京都港区芝浦", "ward": "港区"}],
    "contacts": [{"name": "山口 誠", "role": "情報セキュリティ室長"}],
    "organisation": "company:tsc",
}
VISIT = {
    "kind": "visit",
    "held_at": "2026-06-03T15:00:00+09:00",
    "ward": "港区",
    "attendees": ["山口 誠"],
    "topics": "接近の手口の説明",
    "follow_up": "個別相談",
    "follow_up_due": "2026-07-01T10:00:00+09:00",
}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIZASHI_DATABASE_URL", raising=False)
    monkeypatch.delenv("KIZASHI_USER", raising=False)
    monkeypatch.delenv("KIZASHI_TOKEN", raising=False)
    assert runner.invoke(app, ["init"]).exit_code == 0
    engine = make_engine(load_settings())
    with engine.begin() as connection:
        sync_desks(connection)
        create_user(connection, "eco", role="analyst", desk="economic-security")
        create_user(connection, "ru", role="analyst", desk="fa-russia")
    runner.issue(engine, "eco", "ru")
    engine.dispose()
    (tmp_path / "company.json").write_text(json.dumps(COMPANY, ensure_ascii=False), "utf-8")
    (tmp_path / "visit.json").write_text(json.dumps(VISIT, ensure_ascii=False), "utf-8")
    return tmp_path


def test_the_desk_registers_a_company_and_a_visit_and_sees_the_next_follow_up(
    workspace: Path,
) -> None:
    made = runner.invoke(
        app, ["outreach", "register", str(workspace / "company.json"), "--as", "eco"]
    )
    assert made.exit_code == 0, made.output
    company_id = json.loads(made.stdout)["id"]
    logged = runner.invoke(
        app,
        ["outreach", "activity", company_id, str(workspace / "visit.json"), "--as", "eco"],
    )
    assert logged.exit_code == 0, logged.output
    page = json.loads(runner.invoke(app, ["outreach", "company", company_id, "--as", "eco"]).stdout)
    assert page["next_follow_up"]["follow_up"] == "個別相談"
    assert [a["kind"] for a in page["activities"]] == ["visit"]
    # Another desk does not learn that the company exists (DESK-2, concealed).
    other = runner.invoke(app, ["outreach", "company", company_id, "--as", "ru"])
    assert other.exit_code != 0 and "no " in other.stderr
    listed = runner.invoke(app, ["outreach", "companies", "--as", "ru"])
    assert listed.exit_code == 0 and listed.stdout.strip() == ""


def test_naming_an_officer_without_their_credential_is_refused(workspace: Path) -> None:
    refused = CliRunner().invoke(app, ["outreach", "companies", "--as", "eco"])
    assert refused.exit_code != 0
    assert "KIZASHI_TOKEN" in refused.stderr


def test_a_bad_register_file_names_the_file_and_the_field(workspace: Path) -> None:
    bad = workspace / "bad.json"
    bad.write_text(json.dumps({**COMPANY, "sector": ""}), "utf-8")
    failed = runner.invoke(app, ["outreach", "register", str(bad), "--as", "eco"])
    assert failed.exit_code != 0
    assert str(bad) in failed.stderr and "sector" in failed.stderr


def test_read_is_a_jsonl_filter_and_run_is_a_batch_job(workspace: Path) -> None:
    text = "会食の後、設計図面を持ってきてほしいと頼まれ、謝礼を渡すと言われた。"
    read = runner.invoke(app, ["outreach", "read"], input=json.dumps({"id": 1, "text": text}))
    assert read.exit_code == 0, read.output
    (line,) = [json.loads(x) for x in read.stdout.splitlines()]
    assert line["id"] == 1 and "payment" in line["stages"] and line["level"] == "alert"
    bad = runner.invoke(app, ["outreach", "read"], input="not json\n")
    assert bad.exit_code != 0 and "line 1" in bad.stderr
    ran = runner.invoke(app, ["outreach", "run"])  # the host's operator (HOST-1)
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.stdout)["read"] == 0
    as_of = runner.invoke(app, ["outreach", "run", "--as-of", "2026-11-04T00:00:00+09:00"])
    assert as_of.exit_code == 0, as_of.output
    zoneless = runner.invoke(app, ["outreach", "run", "--as-of", "2026-11-04T00:00:00"])
    assert zoneless.exit_code != 0 and "give a time zone" in zoneless.stderr


def test_a_register_file_that_is_not_one_object_says_so_and_fields_read_as_the_apis(
    workspace: Path,
) -> None:
    listed = workspace / "list.json"
    listed.write_text(json.dumps([COMPANY]), "utf-8")
    failed = runner.invoke(app, ["outreach", "register", str(listed), "--as", "eco"])
    assert failed.exit_code != 0
    assert f"{listed}: (the file: one JSON object): " in failed.stderr  # was ": Input ..."
    site = workspace / "site.json"
    site.write_text(json.dumps({**COMPANY, "sites": [{"name": "本社", "ward": 3}]}), "utf-8")
    failed = runner.invoke(app, ["outreach", "register", str(site), "--as", "eco"])
    assert failed.exit_code != 0 and "sites[0].ward: " in failed.stderr
