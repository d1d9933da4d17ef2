"""An analyst's re-score that keeps failing is parked as a dead letter (issue 12, live20).

A judgement names the entities it re-grouped in ``pipeline_rescore``; the worker re-scores
them after its stages. A request whose re-score fails is tried alone; after
``KIZASHI_PIPELINE_MAX_ATTEMPTS`` failures it is parked with its reason, listed with the
dead letters and counted by the status, skipped by later passes, and re-scored once retried.
Another request beside it goes through.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select

from kizashi.clock import ManualClock
from kizashi.config import Settings
from kizashi.pipeline import Worker, status
from kizashi.pipeline import worker as worker_module
from kizashi.pipeline.rescore import (
    parked_requests,
    requests_wait,
    rescore_regrouped,
    retry_requests,
)
from kizashi.store import entities, transaction
from kizashi.store.tables_pipeline import pipeline_rescore
from tests.pipeline.helpers import NOW, count, history


def _two_entities(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        found = connection.execute(select(entities.c.id).order_by(entities.c.id).limit(2))
        return [str(e) for e in found.scalars()]


def _ask(engine: Engine, request_id: str, entity_id: str) -> None:
    with transaction(engine) as connection:
        connection.execute(
            insert(pipeline_rescore), [{"report_id": request_id, "entity_id": entity_id}]
        )


def test_a_failing_rescore_is_parked_listed_and_retried(
    engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    history(engine, settings)
    worker = Worker(engine, settings, clock=ManualClock(NOW), as_of=NOW, hooks=(), name="t")
    assert worker.drain().parked == 0
    broken, sound = _two_entities(engine)
    _ask(engine, "judgement-broken", broken)
    _ask(engine, "judgement-sound", sound)
    done: list[set[str]] = []

    def failing_on_broken(connection: Any, entity_ids: Collection[str], context: Any) -> None:
        if broken in entity_ids:
            raise RuntimeError(f"entity {broken}: cannot be re-scored")
        done.append(set(entity_ids))
        rescore_regrouped(connection, entity_ids, context)

    monkeypatch.setattr(worker_module, "rescore_regrouped", failing_on_broken)
    first = worker.run_once()
    # The batch failed; each request ran alone: the sound one went through.
    assert done == [{sound}] and first.rescored == 1 and first.failures == 1
    assert first.parked == 0
    for _ in range(settings.pipeline_max_attempts - 2):
        assert worker.run_once().parked == 0
    last = worker.run_once()
    assert last.parked == 1 and last.failures == 1
    with engine.connect() as connection:
        assert not requests_wait(connection)  # parked: later passes skip it
        [letter] = parked_requests(connection)
    assert letter["request_id"] == "judgement-broken" and letter["entities"] == [broken]
    assert letter["failed_stage"] == "rescore"
    assert letter["attempts"] == settings.pipeline_max_attempts
    assert letter["error"] == f"RuntimeError: entity {broken}: cannot be re-scored"
    assert worker.run_once().total == 0 and worker.run_once().failures == 0
    shown = status(engine, ManualClock(NOW))
    assert shown["judgements_failed"] == 1 and shown["failed"] == 1

    monkeypatch.setattr(worker_module, "rescore_regrouped", rescore_regrouped)  # the fix
    with transaction(engine) as connection:
        assert retry_requests(connection, ["judgement-broken"]) == 1
    assert worker.run_once().rescored == 1
    assert count(engine, pipeline_rescore) == 0
    assert status(engine, ManualClock(NOW))["failed"] == 0


def test_the_cli_lists_a_parked_judgement_with_its_reason_and_retries_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``kizashi pipeline failed`` lists parked judgements beside the reports' dead letters
    (kind "judgement", the entities, the reason); ``retry`` puts one back."""
    from typer.testing import CliRunner

    from kizashi.cli import app
    from kizashi.config import load_settings
    from kizashi.store import make_engine

    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIZASHI_DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(app, ["init"]).exit_code == 0
    engine = make_engine(load_settings())
    with transaction(engine) as connection:
        connection.execute(
            insert(pipeline_rescore).values(
                report_id="judgement-broken",
                entity_id="e-1",
                attempts=5,
                error="RuntimeError: entity e-1: cannot be re-scored",
                parked_at=NOW,
            )
        )
    listed = runner.invoke(app, ["pipeline", "failed"])
    assert listed.exit_code == 0, listed.output
    [letter] = [json.loads(line) for line in listed.output.splitlines() if line.startswith("{")]
    assert letter["kind"] == "judgement" and letter["request_id"] == "judgement-broken"
    assert letter["entities"] == ["e-1"] and letter["failed_stage"] == "rescore"
    assert letter["error"] == "RuntimeError: entity e-1: cannot be re-scored"
    retried = runner.invoke(app, ["pipeline", "retry", "judgement-broken"])
    assert retried.exit_code == 0, retried.output
    assert json.loads(retried.output)["judgements"] == 1
    with engine.connect() as connection:
        assert not parked_requests(connection)
    engine.dispose()
