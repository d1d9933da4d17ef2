"""`kizashi audit` as a user runs it: export, prove, verify (exit 0 intact, 1 tampered)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kizashi.cli import app
from kizashi.config import load_settings
from kizashi.guard.audit.setup import open_audit_log
from kizashi.guard.cli_audit import audit_app
from kizashi.store import make_engine
from tests.guard.conftest import entry

runner = CliRunner()


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIZASHI_DATABASE_URL", raising=False)
    assert runner.invoke(app, ["init"]).exit_code == 0
    result = runner.invoke(audit_app, ["keygen"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("kizashi/audit+")
    settings = load_settings(data_dir=tmp_path / "data")
    engine = make_engine(settings)
    log = open_audit_log(settings, engine)
    for i in range(9):
        log.append(entry(i))
    engine.dispose()
    return tmp_path


def test_keygen_refuses_to_replace_a_key(workspace: Path) -> None:
    result = runner.invoke(audit_app, ["keygen"])
    assert result.exit_code != 0 and "refusing to replace" in result.stderr


def test_export_then_verify_exits_0(workspace: Path) -> None:
    path = workspace / "audit.jsonl"
    assert runner.invoke(audit_app, ["export", str(path)]).exit_code == 0
    result = runner.invoke(audit_app, ["verify", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK 9 entries")


def test_verify_exits_1_and_names_the_first_bad_entry(workspace: Path) -> None:
    path = workspace / "audit.jsonl"
    runner.invoke(audit_app, ["export", str(path)])
    lines = path.read_text("utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith('{"entry"'))
    lines[first + 5] = lines[first + 5].replace('"officer-2"', '"officer-9"')
    path.write_text("".join(lines), "utf-8")
    result = runner.invoke(audit_app, ["verify", str(path)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"FAILED tampered: seq 5, line {first + 6}:")


def test_prove_prints_a_json_proof_and_witness_keeps_checkpoints(workspace: Path) -> None:
    result = runner.invoke(audit_app, ["prove", "4"])
    assert result.exit_code == 0, result.output
    proof = json.loads(result.stdout)
    assert proof["seq"] == 4 and proof["tree_size"] == 9 and len(proof["path"]) == 4
    result = runner.invoke(audit_app, ["witness"])
    assert result.exit_code == 0 and result.stdout.startswith("witnessed size 9")
    path = workspace / "audit.jsonl"
    runner.invoke(audit_app, ["export", str(path)])
    witness = str(workspace / "data" / "witness")
    assert runner.invoke(audit_app, ["verify", str(path), "--checkpoints", witness]).exit_code == 0


def test_verify_needs_a_public_key(workspace: Path, tmp_path: Path) -> None:
    path = workspace / "audit.jsonl"
    runner.invoke(audit_app, ["export", str(path)])
    result = runner.invoke(audit_app, ["verify", str(path), "--public-key", str(tmp_path / "no")])
    assert result.exit_code == 3 and "no verifier key" in result.stderr
