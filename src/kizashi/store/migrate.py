"""Alembic migrations, run from inside the package (no alembic.ini needed in the cwd).

Every command checks at start that the store is at the newest migration. Importing Alembic
and loading every migration script for that costs more than many commands take in all, so
the check reads the revision ids from the scripts' text and the store's ``alembic_version``
table directly (a test pins that it agrees with Alembic); Alembic itself is imported only
by the commands that migrate.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"""^revision\s*(?::[^=]*)?=\s*["']([^"']+)["']""", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"""["']([^"']+)["']""")


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the store to `revision` (default: the newest)."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


@cache
def _script_graph() -> tuple[frozenset[str], frozenset[str]] | None:
    """(revision ids, parent ids) read from the scripts' text; None if a script cannot be
    read that way (then Alembic decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text("utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision[1])
        parents.update(_QUOTED.findall(down[1]))
    return frozenset(revisions), frozenset(parents)


def script_heads() -> frozenset[str] | None:
    """The head revision ids, read from the scripts' text; None if a script cannot be read
    that way (then Alembic decides)."""
    graph = _script_graph()
    if graph is None:
        return None
    return frozenset(graph[0] - graph[1]) or None


def script_revisions() -> frozenset[str] | None:
    """Every revision id the migration scripts define; None if they cannot be read so."""
    graph = _script_graph()
    return None if graph is None else graph[0]


def _stored_revisions(engine: Engine) -> frozenset[str]:
    with engine.connect() as connection:
        try:
            rows = connection.execute(text("SELECT version_num FROM alembic_version"))
            return frozenset(row[0] for row in rows)
        except DBAPIError:  # no alembic_version table: a store never migrated
            return frozenset()


def is_up_to_date(engine: Engine) -> bool:
    heads = script_heads()
    if heads is None:
        return current_revision(engine) == head_revision(engine)
    return _stored_revisions(engine) == heads
