"""The migrations build exactly the tables the code declares, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kizashi.config import Settings
from kizashi.store import make_engine, metadata, upgrade


def _differences(settings: Settings) -> list[object]:
    engine = make_engine(settings)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        diff = compare_metadata(context, metadata)
    engine.dispose()
    # Indexes and constraints named by convention can differ in reflection between backends;
    # what must match is the set of tables and their columns.
    return [
        d
        for d in diff
        if isinstance(d, tuple)
        and d[0] in {"add_table", "remove_table", "add_column", "remove_column"}
        # SQLite's FTS5 table of global search and its shadow tables (migration 0018): not
        # SQLAlchemy Core tables (docs/search.md).
        and not (d[0] == "remove_table" and str(d[1].name).startswith("search_fts"))
    ]


def test_migrated_store_has_every_declared_table_and_column(settings: Settings) -> None:
    assert _differences(settings) == []
