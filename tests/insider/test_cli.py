"""`kizashi guard synth` and `kizashi guard eval` as a user runs them."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kizashi.insider import cli, synth
from kizashi.insider.synth import generate
from tests.insider.conftest import small_config

runner = CliRunner()


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands generate the small organisation, so each runs in about a second."""
    monkeypatch.setattr(synth, "generate", partial(_small_generate))  # imported late by both


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
    assert "| S5 | raid_material_unassigned |" in result.stdout
    assert "| S6 | own_case_leak |" in result.stdout
    assert "S1–S5 within 24 h:" in result.stdout and "precision" in result.stdout


def test_eval_scores_a_labelled_log_file(small: None, tmp_path: Path) -> None:
    out = tmp_path / "log.jsonl"
    assert runner.invoke(cli.guard_app, ["synth", "--seed", "3", "--out", str(out)]).exit_code == 0
    result = runner.invoke(cli.guard_app, ["eval", "--log", str(out)])
    assert result.exit_code == 0, result.output
    assert "| S5 | raid_material_unassigned | 1 |" in result.stdout


def test_eval_names_the_bad_line_of_a_log(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    result = runner.invoke(cli.guard_app, ["eval", "--log", str(bad)])
    assert result.exit_code != 0 and "bad.jsonl:1" in result.stderr


def test_eval_refuses_seeds_that_are_not_numbers() -> None:
    result = runner.invoke(cli.guard_app, ["eval", "--seeds", "one,two"])
    assert result.exit_code == 2
