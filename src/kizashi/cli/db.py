"""`kizashi db ...`: migrations of the store (the app's own command; the store is ground floor)."""

from __future__ import annotations

from typing import Annotated

import typer

from kizashi.cli.common import engine, handle_errors, settings, stderr, write_json
from kizashi.store import current_revision, downgrade, head_revision, upgrade

db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)


@db_app.command("upgrade")
@handle_errors
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Create or migrate the store to the newest schema (SQLite or PostgreSQL)."""
    store = engine(settings(), require_migrated=False)
    upgrade(store, revision)
    stderr.print(
        f"store at revision {current_revision(store)} ({store.url.render_as_string()})",
        markup=False,
    )


@db_app.command("current")
@handle_errors
def db_current() -> None:
    """Print the store's revision and the newest one."""
    store = engine(settings(), require_migrated=False)
    write_json(
        {
            "current": current_revision(store),
            "head": head_revision(store),
            "url": store.url.render_as_string(),
        }
    )


@db_app.command("downgrade")
@handle_errors
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. base.")],
) -> None:
    """Migrate the store back to an older revision (drops what newer ones added)."""
    store = engine(settings(), require_migrated=False)
    downgrade(store, revision)
    stderr.print(f"store at revision {current_revision(store)}", markup=False)
