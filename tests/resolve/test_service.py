"""resolve_store over a real store: one buyer across scripts, judgements, undo, re-runs."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from kizashi.config import Settings
from kizashi.resolve import (
    entity_members_of,
    record_judgement,
    resolve_store,
    undo_judgement,
)
from kizashi.store.tables import mentions, reports
from kizashi.store.tables_resolve import entity_members


def _person_mention(engine: Engine, external_id: str) -> str:
    with engine.connect() as connection:
        return str(
            connection.execute(
                select(mentions.c.id)
                .join(reports, reports.c.id == mentions.c.report_id)
                .where(
                    reports.c.external_id == external_id,
                    mentions.c.kind == "person",
                    mentions.c.path == "buyer_name",
                )
            ).scalar_one()
        )


def _entity_of(engine: Engine, mention_id: str) -> str:
    with engine.connect() as connection:
        return str(
            connection.execute(
                select(entity_members.c.entity_id).where(entity_members.c.mention_id == mention_id)
            ).scalar_one()
        )


def test_one_buyer_in_three_scripts_is_one_entity(purchases_store: Engine) -> None:
    summary = resolve_store(purchases_store)
    assert summary.records > 150
    kanji, romaji, kana, decoy = (
        _person_mention(purchases_store, f"T-{n:05d}") for n in (0, 1, 2, 10)
    )
    entity = _entity_of(purchases_store, kanji)
    assert _entity_of(purchases_store, romaji) == entity
    assert _entity_of(purchases_store, kana) == entity
    assert _entity_of(purchases_store, decoy) != entity
    members = entity_members_of(purchases_store, entity)
    kinds = {m["kind"] for m in members}
    assert {"person", "phone", "address", "email"} <= kinds
    person_reasons = [m["reasons"] for m in members if m["kind"] == "person"]
    assert all(person_reasons), "every person member says why it joined"
    fields = {r["field"] for reasons in person_reasons for r in reasons}
    assert fields & {"phone", "address", "name", "rule"}


def test_every_resolved_mention_has_exactly_one_entity(purchases_store: Engine) -> None:
    resolve_store(purchases_store)
    with purchases_store.connect() as connection:
        resolvable = {
            str(r.id)
            for r in connection.execute(
                select(mentions.c.id).where(
                    mentions.c.kind.in_(("person", "phone", "email", "address"))
                )
            )
        }
        members = [
            str(r.mention_id) for r in connection.execute(select(entity_members.c.mention_id))
        ]
    assert resolvable <= set(members)
    assert len(members) == len(set(members))


def test_rerun_is_idempotent(purchases_store: Engine) -> None:
    resolve_store(purchases_store)
    with purchases_store.connect() as connection:
        first = sorted(
            connection.execute(
                select(entity_members.c.mention_id, entity_members.c.entity_id)
            ).all()
        )
    resolve_store(purchases_store)
    with purchases_store.connect() as connection:
        second = sorted(
            connection.execute(
                select(entity_members.c.mention_id, entity_members.c.entity_id)
            ).all()
        )
    assert first == second


def test_judgements_override_the_model_and_undo(purchases_store: Engine) -> None:
    resolve_store(purchases_store)
    kanji, romaji, decoy = (_person_mention(purchases_store, f"T-{n:05d}") for n in (0, 1, 10))
    split = record_judgement(
        purchases_store,
        kanji,
        romaji,
        "not_same",
        user_id="analyst-1",
        reason="different birth dates on the receipts",
    )
    assert _entity_of(purchases_store, kanji) != _entity_of(purchases_store, romaji)
    joined = record_judgement(
        purchases_store, kanji, decoy, "same", user_id="analyst-1", reason="the same customer card"
    )
    assert _entity_of(purchases_store, kanji) == _entity_of(purchases_store, decoy)
    # A re-run keeps applying the judgements in force.
    resolve_store(purchases_store)
    assert _entity_of(purchases_store, kanji) == _entity_of(purchases_store, decoy)
    assert _entity_of(purchases_store, kanji) != _entity_of(purchases_store, romaji)
    undo_judgement(purchases_store, joined, user_id="analyst-2")
    undo_judgement(purchases_store, split, user_id="analyst-2")
    assert _entity_of(purchases_store, kanji) != _entity_of(purchases_store, decoy)
    assert _entity_of(purchases_store, kanji) == _entity_of(purchases_store, romaji)


def test_a_new_report_links_incrementally(
    purchases_store: Engine, settings: Settings, tmp_path: Path
) -> None:
    import json
    from pathlib import Path

    from kizashi.intake import RecordSource, ingest_rows
    from kizashi.resolve import link_new_report
    from tests.resolve.conftest import purchase

    resolve_store(purchases_store)
    kanji = _person_mention(purchases_store, "T-00000")
    path = Path(str(tmp_path)) / "late.jsonl"
    late = purchase(
        9999,
        {
            "buyer_name": "やまだ たろう",
            "buyer_phone": "090 1234 5678",
            "buyer_address": "東京都豊島区南大塚3丁目12-5 コーポ南大塚201号室",
        },
    )
    path.write_text(json.dumps(late, ensure_ascii=False) + "\n")
    with RecordSource(path) as source:
        summary = ingest_rows(
            purchases_store,
            settings,
            "purchase",
            source,
            path.name,
        )
    report_id = summary.items[0].id if summary.items else None
    if report_id is None:
        with purchases_store.connect() as connection:
            report_id = str(
                connection.execute(
                    select(reports.c.id).where(reports.c.external_id == "T-09999")
                ).scalar_one()
            )
    linked = link_new_report(purchases_store, str(report_id))
    assert len(linked) == 1
    assert linked[0]["entity_id"] == _entity_of(purchases_store, kanji)
    assert linked[0]["probability"] >= 0.9
    reasons = linked[0]["reasons"]
    assert {r["field"] for r in reasons} >= {"phone", "name"} or any(
        "mobile" in r["comparison"] for r in reasons
    )
    assert linked.entities >= {linked[0]["entity_id"]}
    assert _entity_of(purchases_store, _person_mention(purchases_store, "T-09999")) == _entity_of(
        purchases_store, kanji
    )
