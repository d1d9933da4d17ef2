"""`kizashi reports ...`, `kizashi quarantine ...`, `kizashi runs ...`: intake's reads, each decided by
the guard as the command line's user and logged before anything is printed."""

from __future__ import annotations

import base64
import sys
from typing import Annotated

import typer

from kizashi.cli.common import (
    AsOption,
    PurposeOption,
    engine,
    handle_errors,
    quiet_broken_pipe,
    settings,
    write_json,
    write_jsonl,
)
from kizashi.errors import NotFoundError
from kizashi.guard.policy import CliAccess
from kizashi.intake import (
    ReportFilter,
    get_report,
    list_quarantine,
    list_reports,
    list_runs,
    report_as_seen_by,
)

reports_app = typer.Typer(help="Stored reports (JSONL out).", no_args_is_help=True)
quarantine_app = typer.Typer(
    help="Rows that could not be stored, with file, row, field and reason.", no_args_is_help=True
)
runs_app = typer.Typer(help="Ingest runs and their counts.", no_args_is_help=True)


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
            seen = access.visible_reports("list", page)
            # A partner's view, the same as the API's and the portal's (one door).
            write_jsonl(report_as_seen_by(access.user, item) for item in seen)
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
    access = CliAccess(config, store, as_user, purpose)
    access.read_report(report_id)
    with store.connect() as connection:
        report = get_report(connection, report_id)
    if report is None:
        raise NotFoundError(f"no report {report_id}")
    write_json(report_as_seen_by(access.user, report))


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


@quarantine_app.command("raw")
@handle_errors
def quarantine_raw(
    run: Annotated[str | None, typer.Option(help="Only this ingest run.")] = None,
    channel: Annotated[str | None, typer.Option(help="Only this channel.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 1000,
    as_user: AsOption = None,
    purpose: PurposeOption = None,
) -> None:
    """Quarantined rows exactly as they were read, one per line, as bytes on stdout.

    A row of a Shift_JIS or EUC-JP file (or one in another encoding than its file) comes
    out in its own bytes, to read again: `kizashi quarantine raw --run R | iconv -f EUC-JP`.
    """
    config = settings()
    store = engine(config)
    access = CliAccess(config, store, as_user, purpose)
    with store.connect() as connection:
        rows = list_quarantine(connection, channel=channel, run_id=run, limit=limit)
    out = sys.stdout.buffer
    with quiet_broken_pipe():
        for row in access.visible_unstored(rows, "quarantine"):
            encoded = row.get("raw_base64")
            out.write(base64.b64decode(encoded) if encoded else row["raw"].encode("utf-8"))
            out.write(b"\n")
        out.flush()


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
