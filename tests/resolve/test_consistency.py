"""One linker: adding a store's reports one by one gives the entities a batch run gives with
the same model, and judgements touch only their components but agree with a re-run."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select

from kizashi.resolve import link_new_report, link_reports, record_judgement, resolve_store
from kizashi.store import transaction
from kizashi.store.tables import mentions, reports
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
