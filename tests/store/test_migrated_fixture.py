"""The test stores made from one Alembic run (tests/migrated.py) are the stores `upgrade`
makes: same tables, columns, keys, indexes and rows, on both backends."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, inspect, select, text
from sqlalchemy import MetaData as ReflectedMetaData

from kizashi.config import Settings, load_settings
from kizashi.intake.readers import RecordSource
from kizashi.intake.service import ingest_rows
from kizashi.store import head_revision, make_engine, upgrade
from tests.migrated import PostgresSchemaPool, migrate_fresh


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


def _used(engine: Engine, settings: Settings, tmp_path: Path) -> None:
    """Leave rows in many tables: stored reports (their queue rows, audit entries, mentions,
    an ingest run, a quarantined line) and a moved search sequence."""
    path = tmp_path / "posts.jsonl"
    lines = [
        json.dumps(
            {
                "source": "x",
                "platform": "x",
                "post_id": str(n),
                "account_handle": f"@user{n}",
                "text": f"投稿 {n} 090-1234-567{n}",
                "posted_at": "2026-10-05T10:00:00+09:00",
            },
            ensure_ascii=False,
        )
        for n in range(3)
    ]
    path.write_text("\n".join([*lines, "{not json"]) + "\n", "utf-8")
    with RecordSource(path) as source:
        ingest_rows(engine, settings, "sns_post", source, str(path))
    with engine.begin() as connection:
        connection.execute(text("select nextval('search_docs_seq_seq')"))


@pytest.mark.postgres
def test_a_postgres_schema_reused_by_the_pool_is_the_store_upgrade_makes(
    postgres_pool: PostgresSchemaPool | None, tmp_path: Path
) -> None:
    if postgres_pool is None:
        pytest.skip("the account may not create a database: every test builds its schema")
    schema = postgres_pool.acquire()
    settings = load_settings(data_dir=tmp_path / "data", database_url=postgres_pool.url(schema))
    used = make_engine(settings)
    _used(used, settings, tmp_path)
    with used.connect() as connection:
        assert connection.execute(text("select count(*) from reports")).scalar_one() == 3
    used.dispose()
    postgres_pool.release(schema)

    again = postgres_pool.acquire()
    try:
        assert again == schema  # emptied, not rebuilt
        reused = make_engine(settings)
        with _fresh_store(settings, tmp_path, "upgraded") as upgraded:
            upgrade(upgraded)
            assert _described(reused) == _described(upgraded)
        with reused.connect() as connection:
            # the sequence starts again where a new store's does
            assert (
                connection.execute(text("select nextval('search_docs_seq_seq')")).scalar_one() == 1
            )
        reused.dispose()
    finally:
        postgres_pool.release(again)


@pytest.mark.postgres
def test_a_postgres_schema_whose_definition_a_test_changed_is_not_reused(
    postgres_pool: PostgresSchemaPool | None,
) -> None:
    if postgres_pool is None:
        pytest.skip("the account may not create a database: every test builds its schema")
    schema = postgres_pool.acquire()
    changed = create_engine(postgres_pool.url(schema))
    with changed.begin() as connection:
        connection.execute(text("alter table reports add column colour text"))
    changed.dispose()
    postgres_pool.release(schema)
    again = postgres_pool.acquire()
    postgres_pool.release(again)
    assert again != schema
