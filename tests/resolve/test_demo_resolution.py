"""On the demo's store: the planted lone offender resolves to one person, the similar-name
decoy does not; and the live path, fed the store's reports in claimed batches as the
pipeline's worker takes them, gives the entities a batch run gives with the same model."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from kizashi.config import load_settings
from kizashi.demo.context import DemoContext
from kizashi.resolve import link_reports, resolve_store
from kizashi.store import make_engine, transaction
from tests.resolve.partitions import forget_links, partition
from tests.shared_demo import copy_store


def test_the_lone_offender_is_one_entity_across_every_kind_of_report(
    small_demo: DemoContext,
) -> None:
    result = small_demo.resolution
    assert result["joined_records"] == result["planted_records"] == 11
    assert set(result["joined_channels"]) == {
        "purchase",
        "partner_report",
        "patrol_note",
        "public_tip",
        "sns_post",
    }
    assert result["decoy_separate"]


def test_the_live_path_in_claimed_batches_equals_a_batch_run(
    small_demo: DemoContext, now: datetime, tmp_path: Path
) -> None:
    # On a copy of the shared demo's store: this test rewrites its links.
    database = small_demo.settings.data_dir / "kizashi.db"
    copy_store(database, tmp_path / "kizashi.db")
    engine: Engine = make_engine(load_settings(data_dir=tmp_path, database_url=None))
    resolve_store(engine, train=False)
    batch = partition(engine)
    ids = forget_links(engine, shuffle=False)
    for first in range(0, len(ids), 64):
        with transaction(engine) as connection:
            link_reports(connection, ids[first : first + 64], now=now)
    assert partition(engine) == batch
    assert len(batch) > 100  # the demo's people, not a handful
    engine.dispose()
