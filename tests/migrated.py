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
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text

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
    schema = _current_schema(engine)
    if schema in _READY:  # handed out by the pool, already migrated
        return
    if inspect(engine).get_table_names():
        upgrade(engine)
        return
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


# --- PostgreSQL: migrated schemas kept and emptied for the next test ------------------------
#
# Why: building a schema (replaying the recorded migrations) creates ~270 relation files;
# on this machine's disk that is 0.4–1.6 s of waiting per PostgreSQL test, ~0.1 s of it the
# server's CPU — the largest wait left in the default run. A schema a test has used is
# emptied instead (the tables holding rows truncated, the migrations' own rows copied back
# from a pristine template, sequences set back) when its tables, columns, keys, triggers and
# functions are still exactly the template's; a schema whose definition a test changed, or that cannot be
# emptied at once (a lock held by a connection the test left open), is left standing and a
# new one is built.


class PostgresSchemaPool:
    """Migrated schemas on one database for the tests of one process."""

    def __init__(self, server_url: str) -> None:
        self._server = server_url
        self._admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
        self._resetter = create_engine(server_url)  # one transaction a reset
        self._idle: list[str] = []
        self._template: str | None = None
        self._template_shape: str | None = None
        self._reset: _ResetScript | None = None
        self.built = 0
        self.reused = 0

    def url(self, schema: str) -> str:
        separator = "&" if "?" in self._server else "?"
        return f"{self._server}{separator}options=-csearch_path%3D{schema}"

    def acquire(self) -> str:
        """A schema at the newest migration, holding only the migrations' own rows."""
        while self._idle:
            schema = self._idle.pop()
            if self._emptied(schema):
                self.reused += 1
                _READY.add(schema)
                return schema
        schema = self._built()
        self.built += 1
        _READY.add(schema)
        return schema

    def release(self, schema: str) -> None:
        _READY.discard(schema)
        self._idle.append(schema)

    def dispose(self) -> None:
        self._admin.dispose()
        self._resetter.dispose()

    def _built(self) -> str:
        schema = f"kz_test_{uuid.uuid4().hex[:12]}"
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine = create_engine(self.url(schema))
        try:
            migrate_fresh(engine)
        finally:
            engine.dispose()
        return schema

    def _emptied(self, schema: str) -> bool:
        template = self._pristine_template()
        if _shape(self._admin, schema) != self._template_shape:
            return False
        assert self._reset is not None
        try:
            with self._resetter.begin() as connection:
                connection.execute(text("SET LOCAL lock_timeout = '2s'"))
                # Origin triggers (the append-only guards) stay out of the way.
                connection.execute(text("SET LOCAL session_replication_role = replica"))
                dirty = connection.exec_driver_sql(
                    self._reset.holding_rows.replace(_SCHEMA_MARK, schema)
                ).scalars()
                connection.exec_driver_sql(
                    self._reset.statements([str(table) for table in dirty])
                    .replace(_SCHEMA_MARK, schema)
                    .replace(_TEMPLATE_MARK, template)
                )
        except Exception:  # a lock the test left behind, or no right to skip triggers
            return False
        return True

    def _pristine_template(self) -> str:
        if self._template is None:
            template = self._built()
            self._template_shape = _shape(self._admin, template)
            self._reset = _reset_script(self._admin, template)
            self._template = template
        return self._template


_SCHEMA_MARK = "\x00schema\x00"
_TEMPLATE_MARK = "\x00template\x00"
# Schemas handed to a test by the pool: already at the newest migration.
_READY: set[str] = set()


def _shape(admin: Engine, schema: str) -> str:
    """The definition of a schema's objects, its own name left out."""
    with admin.connect() as connection:
        rows = connection.execute(
            text(
                """
                select 'c ' || relname || ' ' || relkind::text
                  from pg_class where relnamespace = cast(:s as regnamespace)
                union all
                select 'a ' || c.relname || ' ' || a.attname || ' '
                       || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull
                       || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
                  from pg_attribute a
                  join pg_class c on c.oid = a.attrelid
                  left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                 where c.relnamespace = cast(:s as regnamespace)
                   and a.attnum > 0 and not a.attisdropped
                union all
                select 't ' || c.relname || ' ' || pg_get_triggerdef(t.oid) || ' ' || t.tgenabled::text
                  from pg_trigger t join pg_class c on c.oid = t.tgrelid
                 where c.relnamespace = cast(:s as regnamespace) and not t.tgisinternal
                union all
                select 'k ' || conname || ' ' || pg_get_constraintdef(oid)
                  from pg_constraint where connamespace = cast(:s as regnamespace)
                union all
                select 'i ' || indexrelid::regclass::text || ' ' || pg_get_indexdef(indexrelid)
                  from pg_index where indrelid in (
                      select oid from pg_class where relnamespace = cast(:s as regnamespace))
                union all
                select 'p ' || proname || ' ' || md5(prosrc)
                  from pg_proc where pronamespace = cast(:s as regnamespace)
                """
            ),
            {"s": schema},
        ).scalars()
        return "\n".join(sorted(str(row).replace(schema, "") for row in rows))


@dataclass(frozen=True)
class _ResetScript:
    """How to empty a schema shaped like the template (the marks stand for the names)."""

    holding_rows: str  # a query naming the tables that hold rows
    seeded: dict[str, str]  # table -> the INSERT that copies the template's rows back
    sequences: str  # statements setting the sequences back

    def statements(self, dirty: list[str]) -> str:
        # TRUNCATE, not DELETE: a table truncated is as new (rows come back in the order they
        # are written, as in a fresh schema); only the tables a test wrote to pay its files.
        tables = sorted(set(dirty) | set(self.seeded))
        listed = ", ".join(f'"{_SCHEMA_MARK}"."{table}"' for table in tables)
        parts = [f"TRUNCATE {listed} CASCADE", *self.seeded.values()]
        if self.sequences:
            parts.append(self.sequences)
        return ";\n".join(parts)


def _reset_script(admin: Engine, template: str) -> _ResetScript:
    """What empties a schema shaped like `template` back to the template's rows."""
    with admin.connect() as connection:
        tables = (
            connection.execute(
                text(
                    "select relname from pg_class where relnamespace = cast(:s as regnamespace) "
                    "and relkind in ('r', 'p') order by relname"
                ),
                {"s": template},
            )
            .scalars()
            .all()
        )
        holding_rows = "\nUNION ALL ".join(
            f'SELECT \'{table}\' WHERE EXISTS (SELECT 1 FROM "{_SCHEMA_MARK}"."{table}")'
            for table in tables
        )
        seeded: dict[str, str] = {}
        for table in tables:
            if not connection.execute(
                text(f'select exists (select 1 from "{template}"."{table}")')
            ).scalar_one():
                continue
            columns = (
                connection.execute(
                    text(
                        "select attname from pg_attribute where attrelid = cast(:t as regclass) "
                        "and attnum > 0 and not attisdropped and attgenerated = '' "
                        "order by attnum"
                    ),
                    {"t": f'"{template}"."{table}"'},
                )
                .scalars()
                .all()
            )
            listed = ", ".join(f'"{column}"' for column in columns)
            seeded[table] = (
                f'INSERT INTO "{_SCHEMA_MARK}"."{table}" ({listed}) OVERRIDING SYSTEM VALUE '
                f'SELECT {listed} FROM "{_TEMPLATE_MARK}"."{table}"'
            )
        sequences = connection.execute(
            text(
                "select sequencename, coalesce(last_value, start_value), last_value is not null "
                "from pg_sequences where schemaname = :s"
            ),
            {"s": template},
        ).all()
        setvals = ";\n".join(
            f'SELECT setval(\'"{_SCHEMA_MARK}"."{name}"\', {int(value)}, {bool(called)})'
            for name, value, called in sequences
        )
    return _ResetScript(holding_rows, seeded, setvals)
