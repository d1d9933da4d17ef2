"""Put a backup's store in place of the live one, keeping the live one aside (never deleted).

SQLite: the database file and its WAL move to ``kizashi.db.replaced-<time>`` (and its
``-wal``), the copy takes the file's place. PostgreSQL: the store's schema is renamed to
``<schema>_replaced_<time>`` and `pg_restore` recreates the schema from the archive in one
transaction. Either way :meth:`Swap.undo` puts the live store back if anything after the swap
fails, and the operator deletes what was kept aside once the restore is checked.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text

from kizashi.ops import pg
from kizashi.ops.errors import BackupError

SQLITE_COMPANIONS = ("-wal", "-shm")


@dataclass(frozen=True)
class Swap:
    backend: str
    kept_aside: str  # the file or schema the live store was moved to ("" if there was none)
    target: str  # the database file or schema restored into

    def undo(self, store: Engine) -> None:
        store.dispose()
        if self.backend == "sqlite":
            target = Path(self.target)
            for suffix in ("", *SQLITE_COMPANIONS):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            if self.kept_aside:
                for suffix in ("", *SQLITE_COMPANIONS):
                    kept = Path(f"{self.kept_aside}{suffix}")
                    if kept.exists():
                        os.replace(kept, f"{target}{suffix}")
            return
        with store.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{self.target}" CASCADE'))
            if self.kept_aside:
                connection.execute(
                    text(f'ALTER SCHEMA "{self.kept_aside}" RENAME TO "{self.target}"')
                )
        store.dispose()


def swap_sqlite(store: Engine, copy: Path, stamp: str) -> Swap:
    database = store.url.database
    if not database or database == ":memory:":
        raise BackupError("cannot restore into an in-memory SQLite store")
    store.dispose()
    target = Path(database)
    kept = Path(f"{target}.replaced-{stamp}")
    if target.exists():
        for suffix in ("", *SQLITE_COMPANIONS):
            if Path(f"{target}{suffix}").exists():
                os.replace(f"{target}{suffix}", f"{kept}{suffix}")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".restoring")
    shutil.copyfile(copy, temporary)
    with temporary.open("rb+") as out:
        os.fsync(out.fileno())
    os.replace(temporary, target)
    return Swap("sqlite", str(kept) if kept.exists() else "", str(target))


def swap_postgres(store: Engine, archive: Path, stamp: str) -> Swap:
    with store.connect() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar()
    if schema is None:
        raise BackupError("the store's search_path names no existing schema to restore into")
    kept = f"{schema[: 63 - len(stamp) - 10]}_replaced_{stamp}".lower()
    with store.begin() as connection:
        connection.execute(text(f'ALTER SCHEMA "{schema}" RENAME TO "{kept}"'))
        if not pg.creates_schema(archive, schema):
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    store.dispose()
    swap = Swap("postgresql", kept, schema)
    try:
        pg.restore(store, archive)
    except BackupError:
        swap.undo(store)
        raise
    return swap
