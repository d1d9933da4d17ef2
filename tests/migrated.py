"""A fresh test store at the newest migration, without running Alembic for every test.

Running the nineteen migrations through Alembic costs far more than most store tests take
(about 0.5 s on SQLite and 1.5 s on PostgreSQL per test, against a tenth of that for the
test itself; measured with ``--durations``), and nearly every store test takes a fresh store
on both backends. So each backend is migrated through Alembic once per test session, and
later fresh stores are made from that run:

- SQLite: the migrated file (checkpointed, no write-ahead log left) is copied into the new,
  still empty database file, which keeps the owner-only mode `make_engine` gave it.
- PostgreSQL: every statement the Alembic run sent is recorded and replayed, in one
  transaction, into the new test's own schema. Statements that name the recording schema
  (reflection does) name the new one instead.

The result is the store `upgrade` gives, table for table, index for index and row for row
(`tests/store/test_migrated_fixture.py` pins that on both backends); the migrations
themselves are tested through Alembic in `tests/store/test_migrations.py`. A store that is
not fresh (a file with content, a schema with tables) is migrated through Alembic as before.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, inspect, make_url, text

from kizashi.store import upgrade


@dataclass(frozen=True)
class _Statement:
    sql: str
    parameters: Any
    many: bool
    bare: bool  # sent without parameters (cursor.execute(sql))


_sqlite_template: Path | None = None
_postgres_script: tuple[str, list[_Statement]] | None = None


def migrate_fresh(engine: Engine) -> None:
    """Bring a new, empty store to the newest migration, as `upgrade(engine)` would."""
    if engine.dialect.name == "sqlite":
        _migrate_sqlite(engine)
    elif engine.dialect.name == "postgresql":
        _migrate_postgres(engine)
    else:
        upgrade(engine)


def _sqlite_path(engine: Engine) -> Path | None:
    database = make_url(str(engine.url)).database
    if not database or database == ":memory:":
        return None
    return Path(database)


def _migrate_sqlite(engine: Engine) -> None:
    global _sqlite_template
    path = _sqlite_path(engine)
    fresh = (
        path is not None
        and path.exists()
        and path.stat().st_size == 0
        and not Path(f"{path}-wal").exists()
    )
    if path is None or not fresh:
        upgrade(engine)
        return
    if _sqlite_template is None:
        upgrade(engine)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()  # the last connection to close folds the write-ahead log in
        template = Path(tempfile.mkdtemp(prefix="kizashi-migrated-")) / "store.sqlite3"
        shutil.copyfile(path, template)
        _sqlite_template = template
        return
    # Into the existing file, so it keeps the mode make_engine created it with.
    with _sqlite_template.open("rb") as source, path.open("r+b") as target:
        shutil.copyfileobj(source, target)


@contextmanager
def _recording(engine: Engine) -> Iterator[list[_Statement]]:
    statements: list[_Statement] = []

    def remember(
        _connection: Any,
        _cursor: Any,
        sql: str,
        parameters: Any,
        context: Any,
        many: bool,
    ) -> None:
        bare = context is not None and getattr(context, "no_parameters", False)
        statements.append(_Statement(sql, parameters, many, bare))

    event.listen(engine, "before_cursor_execute", remember)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", remember)


def _current_schema(engine: Engine) -> str:
    with engine.connect() as connection:
        return str(connection.execute(text("select current_schema()")).scalar_one())


def _migrate_postgres(engine: Engine) -> None:
    global _postgres_script
    if inspect(engine).get_table_names():
        upgrade(engine)
        return
    schema = _current_schema(engine)
    if _postgres_script is None or _postgres_script[0] == schema:
        with _recording(engine) as statements:
            upgrade(engine)
        _postgres_script = (schema, statements)
        return
    recorded_schema, script = _postgres_script
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement in script:
            sql = statement.sql.replace(recorded_schema, schema)
            parameters = _renamed(statement.parameters, recorded_schema, schema)
            if statement.many:
                cursor.executemany(sql, parameters)
            elif statement.bare:
                cursor.execute(sql)
            else:
                cursor.execute(sql, parameters)
        cursor.close()
        raw.commit()
    finally:
        raw.close()


def _renamed(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, dict):
        return {key: _renamed(item, old, new) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_renamed(item, old, new) for item in value)
    return value
