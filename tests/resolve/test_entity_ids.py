"""Entity ids are keyed with the store's secret: an id computed outside the store is not
the police's id (issue 14), while re-runs in the store keep their ids."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select, text

from kizashi.config import Settings
from kizashi.resolve import resolve_store
from kizashi.resolve.entities_writer import identifier_key
from kizashi.resolve.repository import entity_id_key, entity_uuid
from kizashi.store import make_engine, upgrade
from kizashi.store.tables_resolve import entities, entity_id_keys

# The namespace the ids were made in before 0023, as printed in the source.
PUBLIC = uuid.UUID("6f1c0a52-4b7e-4f8e-9a43-2f0e5c1d7b11")


def _public_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(PUBLIC, f"{kind}:{key}"))


def test_a_shop_id_computed_outside_the_store_is_not_its_entity_id(
    purchases_store: Engine,
) -> None:
    resolve_store(purchases_store)
    shop_key = identifier_key("organisation", "テスト薬品")  # the retailer of every purchase
    with purchases_store.connect() as connection:
        held = {(str(r.id), str(r.kind)) for r in connection.execute(select(entities))}
    shop_ids = {e for e, kind in held if kind == "organisation"}
    assert len(shop_ids) == 1
    assert _public_id("organisation", shop_key) not in {e for e, _ in held}
    with purchases_store.connect() as connection:
        key = connection.execute(select(entity_id_keys.c.key)).scalar_one()
    assert key is not None and len(key) == 32
    assert {entity_uuid(bytes(key), "organisation", shop_key)} == shop_ids


def test_ids_are_stable_in_a_store_and_differ_between_stores(engine: Engine, now: datetime) -> None:
    with engine.begin() as connection:
        first = entity_id_key(connection, now)
        again = entity_id_key(connection, now)
    assert first is not None and first == again
    other = b"\x01" * 32
    assert entity_uuid(first, "phone", "09012345678") == entity_uuid(again, "phone", "09012345678")
    assert entity_uuid(first, "phone", "09012345678") != entity_uuid(other, "phone", "09012345678")
    assert entity_uuid(first, "phone", "09012345678") != entity_uuid(first, "email", "09012345678")


def test_a_store_that_held_entities_before_the_key_keeps_its_public_ids(
    settings: Settings, tmp_path: Path, now: datetime
) -> None:
    engine = make_engine(settings)
    try:
        upgrade(engine, "0022")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO entities (id, kind, label, created_at, updated_at)"
                    " VALUES (:id, 'phone', '090-1234-5678', :at, :at)"
                ),
                {"id": _public_id("phone", "09012345678"), "at": now},
            )
        upgrade(engine)
        with engine.begin() as connection:
            key = entity_id_key(connection, now)
        assert key is None
        assert entity_uuid(key, "phone", "09012345678") == _public_id("phone", "09012345678")
    finally:
        engine.dispose()
