"""One linker: adding a store's reports one by one gives the entities a batch run gives with
the same model, and judgements touch only their components but agree with a re-run."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from kizashi.config import Settings
from kizashi.intake import RecordSource, ingest_rows
from kizashi.resolve import (
    link_new_report,
    link_reports,
    recluster,
    record_judgement,
    resolve_store,
)
from kizashi.store import transaction
from kizashi.store.tables import mentions, reports
from kizashi.store.tables_resolve import entities, entity_members
from tests.resolve.conftest import write_purchases
from tests.resolve.partitions import forget_links, partition


def test_one_by_one_equals_batch_with_the_same_model(mixed_store: Engine) -> None:
    resolve_store(mixed_store)  # trains the model
    resolve_store(mixed_store, train=False)
    batch = partition(mixed_store)
    for report_id in forget_links(mixed_store):
        link_new_report(mixed_store, report_id)
    assert partition(mixed_store) == batch
    # The father and the son of one name are two entities; the father's records one.
    father, son = _mentions(mixed_store, "N-0000"), _mentions(mixed_store, "N-0001")
    father_again, son_again = _mentions(mixed_store, "N-0003"), _mentions(mixed_store, "N-0004")
    group = {m: g for g in batch for m in g}
    assert group[father] == group[father_again] != group[son] == group[son_again]


def test_a_claimed_batch_links_as_one_by_one(mixed_store: Engine, now: datetime) -> None:
    resolve_store(mixed_store)
    resolve_store(mixed_store, train=False)
    batch = partition(mixed_store)
    ids = forget_links(mixed_store)
    for first in range(0, len(ids), 7):  # batches, as the pipeline's worker claims them
        with transaction(mixed_store) as connection:
            linked = link_reports(connection, ids[first : first + 7], now=now)
        assert [r.report_id for r in linked] == ids[first : first + 7]
    assert partition(mixed_store) == batch
    # A batch of reports already linked changes nothing, and says where each record is.
    with transaction(mixed_store) as connection:
        again = link_reports(connection, ids[:20], now=now)
    assert partition(mixed_store) == batch
    entities = {e for r in again for e in r.entities}
    assert {rec["entity_id"] for r in again for rec in r} <= entities


def test_linking_a_report_again_changes_nothing(mixed_store: Engine) -> None:
    resolve_store(mixed_store)
    before = partition(mixed_store)
    with mixed_store.connect() as connection:
        report_id = str(
            connection.execute(
                select(reports.c.id).where(reports.c.external_id == "N-0003")
            ).scalar()
        )
    again = link_new_report(mixed_store, report_id)
    assert partition(mixed_store) == before
    assert again.entities and again[0]["entity_id"] in again.entities


def test_a_judgement_agrees_with_a_batch_rerun(mixed_store: Engine) -> None:
    resolve_store(mixed_store)
    kanji, romaji = (
        _mentions(mixed_store, "T-00000", "buyer_name"),
        _mentions(mixed_store, "T-00001", "buyer_name"),
    )
    record_judgement(mixed_store, kanji, romaji, "not_same", user_id="a", reason="two people")
    after_judgement = partition(mixed_store)
    resolve_store(mixed_store, train=False)
    assert partition(mixed_store) == after_judgement


def _mentions(engine: Engine, external_id: str, path: str = "persons[0].name") -> str:
    with engine.connect() as connection:
        return str(
            connection.execute(
                select(mentions.c.id)
                .join(reports, reports.c.id == mentions.c.report_id)
                .where(reports.c.external_id == external_id, mentions.c.path == path)
            ).scalar_one()
        )


def test_the_same_people_again_attach_as_a_reclustering_would(
    mixed_store: Engine, settings: Settings, tmp_path: Path, now: datetime
) -> None:
    """Records identical to stored ones join their twins' entities without re-clustering
    (kizashi.resolve.attach): members, reasons and labels are what re-clustering every
    component writes, and the entities what a batch run gives."""
    resolve_store(mixed_store)
    with mixed_store.connect() as connection:
        linked = set(connection.execute(select(entity_members.c.report_id)).scalars())
    rows = [
        json.loads(line)
        for line in write_purchases(tmp_path / "p.jsonl", extra=60).read_text().splitlines()
    ]
    again = tmp_path / "again.jsonl"
    again.write_text(
        "".join(
            json.dumps({**r, "external_id": f"{r['external_id']}-{copy}"}, ensure_ascii=False)
            + "\n"
            for copy in (1, 2)
            for r in rows
        )
    )
    with RecordSource(again) as source:
        ingest_rows(mixed_store, settings, "purchase", source, again.name)
    with mixed_store.connect() as connection:
        new = [
            str(r)
            for r in connection.execute(select(reports.c.id).order_by(reports.c.id)).scalars()
            if r not in linked
        ]
    stats: dict[str, int] = {}
    for first in range(0, len(new), 7):
        with transaction(mixed_store) as connection:
            link_reports(connection, new[first : first + 7], now=now, stats=stats)
    assert stats["attached"] > len(rows) // 2  # most second copies attach
    live = _written(mixed_store)
    recluster(mixed_store)
    assert _written(mixed_store) == live
    entities_live = partition(mixed_store)
    resolve_store(mixed_store, train=False)
    assert partition(mixed_store) == entities_live


def _written(engine: Engine) -> tuple[dict[str, tuple[Any, ...]], dict[str, str]]:
    """Members (entity, weight, reasons) and the labels of the entities they are in."""
    with engine.connect() as connection:
        members = {
            str(r.mention_id): (str(r.entity_id), r.match_weight, r.reasons)
            for r in connection.execute(select(entity_members))
        }
        live = {m[0] for m in members.values()}
        labels = {
            str(r.id): str(r.label)
            for r in connection.execute(select(entities.c.id, entities.c.label))
            if str(r.id) in live
        }
    return members, labels
