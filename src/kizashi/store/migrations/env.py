"""Alembic environment: uses the engine handed over by kizashi.store.migrate.

On SQLite, foreign keys are switched off while migrations run (SQLite's own procedure for
altering a table: a batch migration copies the table, drops the old one and renames the
copy, which an enforced foreign key from another table forbids), and checked whole with
``PRAGMA foreign_key_check`` before the transaction commits.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from kizashi.store.tables import metadata

engine: Engine = context.config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Outside any transaction: SQLite ignores this pragma inside one.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    try:
        with connection.begin():
            context.configure(
                connection=connection,
                target_metadata=metadata,
                render_as_batch=sqlite,
                compare_type=True,
            )
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left dangling foreign keys: {broken[:5]}")
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
