"""The command line gives a partner the same read model of a report as the API and the
portal (``report_as_seen_by``): ``kizashi reports list`` and ``reports show`` as a partner
print nothing the police typed into the envelope of the partner's file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kizashi.cli import app
from kizashi.config import load_settings
from kizashi.guard.identity import create_user, issue_token, sync_desks
from kizashi.store import make_engine
from tests.conftest import frozen_now
from tests.web.test_partner_one_door import FILE_ROW, POLICE_BASIS, POLICE_ONLY, POLICE_PURPOSE

runner = CliRunner()


def _lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_a_partner_on_the_command_line_sees_its_report_as_the_api_shows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path / "data"))
    for name in ("KIZASHI_DATABASE_URL", "KIZASHI_USER", "KIZASHI_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    assert runner.invoke(app, ["init"]).exit_code == 0
    filed = tmp_path / "otsuka.jsonl"
    filed.write_text(json.dumps(FILE_ROW, ensure_ascii=False) + "\n", "utf-8")
    loaded = runner.invoke(app, ["ingest", "partner_report", str(filed)])
    assert loaded.exit_code == 0, loaded.output
    police = _lines(runner.invoke(app, ["reports", "list"]).stdout)
    assert len(police) == 1
    report_id = str(police[0]["id"])
    shown = json.loads(runner.invoke(app, ["reports", "show", report_id]).stdout)
    assert shown["provenance"]["purpose"] == POLICE_PURPOSE  # the police see what they typed
    engine = make_engine(load_settings())
    with engine.begin() as connection:
        sync_desks(connection)
        create_user(
            connection,
            "p-otsuka",
            role="partner_submitter",
            organisation=str(FILE_ROW["source"]),
        )
        monkeypatch.setenv("KIZASHI_TOKEN", issue_token(connection, "p-otsuka", now=frozen_now()))
    engine.dispose()
    listed = runner.invoke(app, ["reports", "list", "--as", "p-otsuka"])
    single = runner.invoke(app, ["reports", "show", report_id, "--as", "p-otsuka"])
    assert listed.exit_code == single.exit_code == 0, listed.output + single.output
    for output in (listed.stdout, single.stdout):
        assert POLICE_PURPOSE not in output and POLICE_BASIS not in output
        assert "TLP:RED" not in output
    seen = [*_lines(listed.stdout), json.loads(single.stdout)]
    assert [s["id"] for s in seen] == [report_id, report_id]
    for item in seen:
        provenance = item["provenance"]
        assert isinstance(provenance, dict)
        assert all(provenance[name] is None for name in POLICE_ONLY)
        assert provenance["ingest_run_id"] is None
    assert seen[1]["raw"] is None and seen[1]["corrections"] == [] and seen[1]["mentions"] == []
