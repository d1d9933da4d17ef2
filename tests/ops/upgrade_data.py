"""Fill a store at an older migration with data written by today's code, table by table.

The store at the older revision is built by Alembic; its tables are read back from the
database (not from today's declarations), and each is filled with the columns it has, read
through today's table declarations (so values are stored exactly as the code stores them).
Rows a migration seeded itself (the audit log's head) are updated in place. Nothing here
names a table: a migration added tomorrow is covered as it lands. A table or column that a
later migration retired or renamed is filled by the caller's ``Legacy`` (how today's rows
looked in the old schema).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Connection, Engine, MetaData, Table, func, select, text

from kizashi.store import metadata as head_metadata

BATCH = 2000


def reflected(engine: Engine) -> MetaData:
    found = MetaData()
    found.reflect(bind=engine)
    return found


@dataclass(frozen=True)
class Legacy:
    """What the old schema had that today's has not: rows of retired tables, derived from a
    store at head, renamed columns ((table, old name) -> today's name), and retired columns
    ((table, name): nullable derived values a later migration dropped, left empty here), and
    moved columns (table -> a function of the store at head giving, by primary key, the values
    of columns a later migration moved into another table, e.g. the reports' sealed payloads)."""

    tables: dict[str, Callable[[Connection], list[dict[str, Any]]]] = field(default_factory=dict)
    columns: dict[tuple[str, str], str] = field(default_factory=dict)
    retired: frozenset[tuple[str, str]] = frozenset()
    moved: dict[str, Callable[[Connection], dict[Any, dict[str, Any]]]] = field(
        default_factory=dict
    )
    # table -> a function of the store at head giving the primary keys of rows the old schema
    # cannot hold (a value a later migration first allowed, e.g. a role): left out of the copy.
    unheld: dict[str, Callable[[Connection], set[tuple[Any, ...]]]] = field(default_factory=dict)


def _typed(table: Table, columns: list[str], legacy: Legacy) -> Table:
    """`table`'s name with `columns` typed as today's code types them (under today's names)."""
    head = head_metadata.tables[table.name]
    return Table(
        table.name,
        MetaData(),
        *[
            Column(
                name,
                head.c[legacy.columns.get((table.name, name), name)].type,
                key=legacy.columns.get((table.name, name), name),
                primary_key=name in table.primary_key.columns,
            )
            for name in columns
        ],
    )


def _with_old_columns(typed: Table, old: Table, names: set[str]) -> Table:
    """`typed` with the moved columns added as the old schema typed them."""
    return Table(
        typed.name,
        MetaData(),
        *[Column(c.name, c.type, key=c.key, primary_key=c.primary_key) for c in typed.c],
        *[Column(name, old.c[name].type) for name in sorted(names)],
    )


def project(source: Engine, target: Engine, legacy: Legacy | None = None) -> dict[str, int]:
    """Copy every row of `source` (a store at head) that the tables of `target` can hold."""
    legacy = legacy or Legacy()
    old = reflected(target)
    copied: dict[str, int] = {}
    for table in old.sorted_tables:
        if table.name == "alembic_version":
            continue
        if table.name not in head_metadata.tables:
            if table.name not in legacy.tables:
                raise AssertionError(
                    f"table {table.name} exists at the old revision but not today: "
                    "say in Legacy how its rows looked"
                )
            with source.connect() as read, target.begin() as write:
                derived = legacy.tables[table.name](read)
                if derived:
                    write.execute(table.insert(), derived)
            copied[table.name] = len(derived)
            continue
        head = head_metadata.tables[table.name]
        kept = [c for c in table.columns if (table.name, c.name) not in legacy.retired]
        moved_in = legacy.moved.get(table.name)
        unheld_in = legacy.unheld.get(table.name)
        with source.connect() as read:
            moved = moved_in(read) if moved_in else {}
            unheld = unheld_in(read) if unheld_in else set()
        moved_names = {name for values in moved.values() for name in values}
        missing = [
            c.name
            for c in kept
            if legacy.columns.get((table.name, c.name), c.name) not in head.c
            and c.name not in moved_names
        ]
        if missing:
            raise AssertionError(f"{table.name}: columns {missing} are gone today; fill them here")
        columns = [c.name for c in kept if c.name not in moved_names]
        typed = _typed(table, columns, legacy)
        if moved:
            typed = _with_old_columns(typed, table, moved_names)
        keys = [c.key for c in typed.primary_key.columns]
        with source.connect() as read, target.begin() as write:
            seeded = {tuple(r) for r in write.execute(select(*[typed.c[k] for k in keys]))}
            today = head_metadata.tables[table.name]
            rows = [
                dict(r._mapping) | moved.get(tuple(r._mapping[k] for k in keys), {})
                for r in read.execute(
                    select(*[today.c[c.key] for c in typed.c if c.key not in moved_names])
                )
            ]
            rows = [r for r in rows if tuple(r[k] for k in keys) not in unheld]
            fresh = [r for r in rows if tuple(r[k] for k in keys) not in seeded]
            for start in range(0, len(fresh), BATCH):
                write.execute(typed.insert(), fresh[start : start + BATCH])
            for row in rows:
                if tuple(row[k] for k in keys) in seeded:
                    match = [typed.c[k] == row[k] for k in keys]
                    write.execute(typed.update().where(*match).values(row))
            if target.dialect.name == "postgresql":
                _advance_sequences(write, table)
        copied[table.name] = len(rows)
    return copied


def _advance_sequences(connection: Any, table: Table) -> None:
    for column in table.primary_key.columns:
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
        ).scalar()
        if sequence:
            connection.execute(
                text(
                    f'SELECT setval(:s, (SELECT coalesce(max("{column.name}"), 1) FROM "{table.name}"))'
                ),
                {"s": sequence},
            )


def inventory(engine: Engine) -> dict[str, tuple[int, set[tuple[Any, ...]]]]:
    """Per table: the row count and the set of primary keys."""
    out = {}
    for table in reflected(engine).sorted_tables:
        if table.name == "alembic_version":
            continue
        keys = list(table.primary_key.columns) or list(table.columns)
        with engine.connect() as connection:
            count = connection.execute(select(func.count()).select_from(table)).scalar_one()
            ids = {tuple(str(v) for v in row) for row in connection.execute(select(*keys))}
        out[table.name] = (int(count), ids)
    return out
