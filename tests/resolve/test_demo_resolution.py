"""On the demo's store: the planted lone offender resolves to one person, the similar-name
decoy does not; and the live path, fed the store's reports in claimed batches as the
pipeline's worker takes them, gives the entities a batch run gives with the same model."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kizashi.config import load_settings
from kizashi.demo.context import DemoContext
from kizashi.demo.run import run_demo
from kizashi.resolve import link_reports, resolve_store
from kizashi.store import transaction
from tests.resolve.partitions import forget_links, partition


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoContext:
    tmp_path: Path = tmp_path_factory.mktemp("demo")
    return run_demo(load_settings(data_dir=tmp_path), tmp_path / "demo", seed=7, scale=0.05)


def test_the_lone_offender_is_one_entity_across_every_kind_of_report(demo: DemoContext) -> None:
    result = demo.resolution
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
    demo: DemoContext, now: datetime
) -> None:
    engine: Engine = demo.engine
    resolve_store(engine, train=False)
    batch = partition(engine)
    ids = forget_links(engine, shuffle=False)
    for first in range(0, len(ids), 64):
        with transaction(engine) as connection:
            link_reports(connection, ids[first : first + 64], now=now)
    assert partition(engine) == batch
    assert len(batch) > 100  # the demo's people, not a handful
