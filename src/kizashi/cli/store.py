"""`kizashi db ...`, `kizashi reports ...`, `kizashi quarantine ...`, `kizashi runs ...`."""

from __future__ import annotations

from typing import Annotated

import typer

from kizashi.cli.common import (
    engine,
    handle_errors,
    quiet_broken_pipe,
    settings,
    stderr,
    write_json,
    write_jsonl,
)
from kizashi.errors import NotFoundError
from kizashi.guard.cli_access import CliAccess
from kizashi.intake import (
    ReportFilter,
    get_report,
    list_quarantine,
    list_reports,
    list_runs,
)
from kizashi.store import current_revision, downgrade, head_revision, upgrade

db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
reports_app = typer.Typer(help="Stored reports (JSONL out).", no_args_is_help=True)
quarantine_app = typer.Typer(
    help="Rows that could not be stored, with file, row, field and reason.", no_args_is_help=True
)
runs_app = typer.Typer(help="Ingest runs and their counts.", no_args_is_help=True)

# Every read is decided by the guard as the CLI's user (docs/guard.md, "The command line").
AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        help="Act as this user (else $KIZASHI_USER, else the local operator, who sees "
        "unrouted material only).",
    ),
]
PurposeOption = Annotated[
    str | None, typer.Option("--purpose", help="Why you need it (logged with each decision).")
]


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


@reports_app.command("list")
@handle_errors
def reports_list(
    channel: Annotated[str | None, typer.Option(help="Only this channel.")] = None,
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many (default: all).")] = None,
    as_user: AsOption = None,
    purpose: PurposeOption = None,
) -> None:
    """Stored reports you may see, in time order, as JSONL (provenance, body, text; no raw)."""
    config = settings()
    store = engine(config)
    access = CliAccess(config, store, as_user, purpose)
    organisation = access.user.organisation if access.user.is_partner else None
    remaining = limit
    after: str | None = None
    with quiet_broken_pipe(), store.connect() as connection:
        while remaining is None or remaining > 0:
            page_size = 1000 if remaining is None else min(1000, remaining)
            page = list_reports(
                connection,
                ReportFilter(
                    channel=channel,
                    source=source,
                    after=after,
                    limit=page_size,
                    organisation=organisation,
                ),
            )
            # Each report is decided and logged before it is printed; hidden ones are left
            # out, so neither the lines nor their number tell what the user may not see.
            write_jsonl(access.visible_reports("list", page))
            if len(page) < page_size:
                break
            after = page[-1]["id"]
            remaining = None if remaining is None else remaining - len(page)


@reports_app.command("show")
@handle_errors
def reports_show(
    report_id: Annotated[str, typer.Argument(help="Report id.")],
    as_user: AsOption = None,
    purpose: PurposeOption = None,
) -> None:
    """One report with provenance, the raw payload as submitted, and its mentions."""
    config = settings()
    store = engine(config)
    CliAccess(config, store, as_user, purpose).read_report(report_id)
    with store.connect() as connection:
        report = get_report(connection, report_id)
    if report is None:
        raise NotFoundError(f"no report {report_id}")
    write_json(report)


@quarantine_app.command("list")
@handle_errors
def quarantine_list(
    channel: Annotated[str | None, typer.Option(help="Only this channel.")] = None,
    run: Annotated[str | None, typer.Option(help="Only this ingest run.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 1000,
    as_user: AsOption = None,
    purpose: PurposeOption = None,
) -> None:
    """Quarantined rows as JSONL: file, row, line, field, reason, every error and the raw row."""
    config = settings()
    store = engine(config)
    access = CliAccess(config, store, as_user, purpose)
    with store.connect() as connection:
        rows = list_quarantine(connection, channel=channel, run_id=run, limit=limit)
    with quiet_broken_pipe():
        write_jsonl(access.visible_unstored(rows, "quarantine"))


@runs_app.command("list")
@handle_errors
def runs_list(
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    as_user: AsOption = None,
    purpose: PurposeOption = None,
) -> None:
    """Recent ingest runs, newest first, as JSONL."""
    config = settings()
    store = engine(config)
    access = CliAccess(config, store, as_user, purpose)
    with store.connect() as connection:
        rows = list_runs(connection, limit)
    with quiet_broken_pipe():
        write_jsonl(access.visible_unstored(rows, "run"))
