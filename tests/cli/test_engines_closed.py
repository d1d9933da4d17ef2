"""A run of the command line in-process closes the store connections it opened: a test or a
scheduler that runs `kizashi` in its own process must not be left with open PostgreSQL
connections for the garbage collector to find (the driver then warns in whatever code runs
next; the eighteenth session's default run had two errors of this kind)."""

from __future__ import annotations

import gc
import warnings

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from kizashi.cli import app
from kizashi.config import Settings


def test_a_command_run_in_process_leaves_no_store_connection_open(
    engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(settings.data_dir))
    if settings.database_url:
        monkeypatch.setenv("KIZASHI_DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("KIZASHI_DATABASE_URL", raising=False)
    gc.collect()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            done = CliRunner().invoke(app, ["reports", "list", "--limit", "1"])
            assert done.exit_code == 0, done.output
        gc.collect()
    unclosed = [w for w in caught if issubclass(w.category, ResourceWarning)]
    assert not unclosed, [str(w.message) for w in unclosed]
