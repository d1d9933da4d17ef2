"""The test stores made from one Alembic run (tests/migrated.py) are the stores `upgrade`
makes: same tables, columns, keys, indexes and rows, on both backends."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, inspect, select, text
from sqlalchemy import MetaData as ReflectedMetaData

from kizashi.config import Settings, load_settings
from kizashi.store import head_revision, make_engine, upgrade
from tests.migrated import migrate_fresh


@contextmanager
def _fresh_store(settings: Settings, tmp_path: Path, name: str) -> Iterator[Engine]:
    """A new, empty store on the backend of `settings` (its own file or its own schema)."""
    if settings.database_url is None:
        created = make_engine(load_settings(data_dir=tmp_path / name, database_url=None))
        yield created
        created.dispose()
        return
    server = settings.database_url.split("?", 1)[0]
    schema = f"kz_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    created = make_engine(
        load_settings(
            data_dir=tmp_path / name,
            database_url=f"{server}?options=-csearch_path%3D{schema}",
        )
    )
    try:
        yield created
    finally:
        created.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _described(engine: Engine) -> dict[str, Any]:
    inspector = inspect(engine)
    described: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        described[table] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"], str(c.get("default")))
                for c in inspector.get_columns(table)
            ],
            "primary_key": inspector.get_pk_constraint(table)["constrained_columns"],
            "foreign_keys": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                for f in inspector.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (i["name"] or "", tuple(str(c) for c in i["column_names"]), bool(i["unique"]))
                for i in inspector.get_indexes(table)
            ),
            "unique": sorted(
                tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)
            ),
            "checks": sorted(c["sqltext"] for c in inspector.get_check_constraints(table)),
        }
    reflected = ReflectedMetaData()
    reflected.reflect(engine)
    with engine.connect() as connection:
        for table in reflected.sorted_tables:
            rows = connection.execute(select(table)).all()
            described[table.name]["rows"] = sorted(repr(tuple(row)) for row in rows)
    return described


def test_a_fresh_test_store_is_the_store_upgrade_makes(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    # `engine` went through migrate_fresh first, so the stores below come from the template.
    with (
        _fresh_store(settings, tmp_path, "templated") as templated,
        _fresh_store(settings, tmp_path, "upgraded") as upgraded,
    ):
        migrate_fresh(templated)
        upgrade(upgraded)
        expected = _described(upgraded)
        assert len(expected) > 40  # every room's tables, alembic_version among them
        assert _described(templated) == expected
        assert _described(engine) == expected


def test_a_store_that_is_not_empty_is_migrated_through_alembic(
    settings: Settings, tmp_path: Path
) -> None:
    with _fresh_store(settings, tmp_path, "partial") as partial:
        upgrade(partial, "0018")
        migrate_fresh(partial)
        with partial.connect() as connection:
            version = connection.execute(text("select version_num from alembic_version"))
            assert version.scalar_one() == head_revision(partial)  # migrated to the end, not copied
