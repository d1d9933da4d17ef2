"""`kizashi guard synth` and `kizashi guard eval` as a user runs them."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kizashi.guard import insider_cli as cli
from kizashi.guard.insider import evaluate, synth
from kizashi.guard.insider.synth import generate
from tests.guard.insider.conftest import small_config

runner = CliRunner()


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands generate the small organisation, so each runs in about a second."""
    monkeypatch.setattr(synth, "generate", partial(_small_generate))  # the CLI imports it late
    monkeypatch.setattr(evaluate, "generate", partial(_small_generate))


def _small_generate(seed: int) -> object:
    return generate(seed, small_config())


def test_synth_writes_directory_labels_then_events(small: None, tmp_path: Path) -> None:
    out = tmp_path / "log.jsonl"
    result = runner.invoke(cli.guard_app, ["synth", "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[0]["type"] == "directory" and len(rows[0]["officers"]) == 70
    assert sum(r["type"] == "insider" for r in rows) == 6
    assert rows[-1]["type"] == "event" and "wrote" in result.stderr


def test_eval_prints_recall_per_scenario(small: None) -> None:
    result = runner.invoke(cli.guard_app, ["eval", "--seeds", "4", "--budget-per-300", "5"])
    assert result.exit_code == 0, result.output
    assert "| 5 | raid_material_unassigned |" in result.stdout
    assert "| 6 | own_case_leak |" in result.stdout


def test_eval_refuses_seeds_that_are_not_numbers() -> None:
    result = runner.invoke(cli.guard_app, ["eval", "--seeds", "one,two"])
    assert result.exit_code == 2
