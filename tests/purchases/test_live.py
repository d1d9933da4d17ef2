"""The live purchases stage (the new purchases' buyers only) stores the firings a full run
over the store gives: reading reports by primary key and a buyer's history through its
buyer mentions changes what is read, not what fires."""

from __future__ import annotations

from sqlalchemy import Engine, select

from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.pipeline import Worker
from kizashi.purchases import run_purchase_rules
from kizashi.store.tables_purchases import purchase_firings
from tests.pipeline.helpers import NOW, buyers, history


def _firings(engine: Engine) -> dict[str, tuple[str, list[str]]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                purchase_firings.c.fingerprint, purchase_firings.c.id, purchase_firings.c.report_ids
            )
        )
        return {r.fingerprint: (r.id, sorted(r.report_ids)) for r in rows}


def test_the_live_stage_stores_what_a_full_run_gives(
    sqlite_engine: Engine, sqlite_settings: Settings
) -> None:
    history(sqlite_engine, sqlite_settings)
    buyers(sqlite_engine, sqlite_settings, 0, 30)
    worker = Worker(sqlite_engine, sqlite_settings, clock=FixedClock(NOW), hooks=(), name="t")
    assert worker.drain().parked == 0
    buyers(sqlite_engine, sqlite_settings, 100, 6)  # more purchases by the same buyers
    assert worker.drain().parked == 0
    live = _firings(sqlite_engine)
    assert live  # 2 kg a purchase, ~4 a buyer within 30 days: the 5 kg threshold is reached
    summary = run_purchase_rules(sqlite_engine, now=NOW)
    assert summary.inserted == summary.updated == summary.deleted == 0
    assert _firings(sqlite_engine) == live
