"""`kizashi search`: find (as a user, through the guard), re-index, notify saved searches."""

from __future__ import annotations

import typer

from kizashi.cli.common import (
    AsOption,
    PurposeOption,
    cli_access,
    command_clock,
    handle_errors,
    run_job,
    settings,
    write_json,
)

search_app = typer.Typer(
    help="Global search: find, re-index, and notify saved searches of new matches.",
    no_args_is_help=True,
)


@search_app.command("find")
@handle_errors
def find_command(
    query: str = typer.Argument(..., help="What to find (a name in any script, a phone, ...)."),
    kind: str | None = typer.Option(None, "--kind", help="person, phone, report, case, ..."),
    page: int = typer.Option(1, "--page", min=1),
    as_user: AsOption = None,
    purpose: PurposeOption = None,
) -> None:
    """Search as a user: only what they may see, the search audited with its purpose."""
    from kizashi.search.service import SearchQuery, search

    access = cli_access(as_user, purpose)
    found = search(
        access.guard,
        access.user,
        SearchQuery(query, kind=kind, page=page),
        access.purpose,
        tz=settings().tz,
    )
    write_json(found.as_dict())


@search_app.command("reindex")
@handle_errors
def reindex_command() -> None:
    """Rebuild every document of the search index from the store (a batch job)."""
    from kizashi.search.index import reindex_all

    store = run_job("search-reindex")
    with store.begin() as connection:
        write_json(reindex_all(connection, now=command_clock()()))


@search_app.command("notify")
@handle_errors
def notify_command(as_user: AsOption = None) -> None:
    """Check saved searches against what was indexed since (the worker does this too)."""
    from kizashi.search.saved import notify_saved

    access = cli_access(as_user, "saved-search notices")
    access.job("search-notify")
    write_json(notify_saved(access.guard))
