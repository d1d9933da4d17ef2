"""`kizashi ingest CHANNEL FILE...`: validate, store, quarantine; summary per file.

And `kizashi schema [CHANNEL]`: the channels and their published JSON Schemas."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, cast

import typer
from sqlalchemy import Engine

from kizashi.cli.common import (
    EXIT_OK,
    EXIT_QUARANTINED,
    decide_job,
    engine,
    handle_errors,
    settings,
    stderr_console,
    write_json,
    write_jsonl,
)
from kizashi.config import Settings
from kizashi.errors import InputError
from kizashi.intake import (
    Format,
    IngestSummary,
    RecordSource,
    channels,
    get_channel,
    ingest_rows,
    json_schema,
)

# How many bad rows are printed per file on stderr; all are in `kizashi quarantine list`.
SHOWN_PROBLEMS = 20


def _summary_record(summary: IngestSummary, encoding: str | None) -> dict[str, object]:
    return {
        "file": summary.input_name,
        "channel": summary.channel,
        "encoding": encoding,
        "run_id": summary.run_id,
        "read": summary.rows_read,
        "stored": summary.stored,
        "duplicates": summary.duplicates,
        "conflicts": summary.conflicts,
        "quarantined": summary.quarantined,
        "problems": [
            {"row": p.row, "line": p.line, "field": f.field, "reason": f.reason}
            for p in summary.problems[:SHOWN_PROBLEMS]
            for f in p.problems
        ],
    }


def _say(line: str) -> None:
    """One plain line on stderr: the summary has no markup, so rich's console (and its import,
    ≈ 20 ms of every `kizashi ingest`) adds nothing here."""
    sys.stderr.write(line + "\n")


def _print_summary(summary: IngestSummary) -> None:
    _say(
        f"{summary.input_name}: {summary.rows_read} read, {summary.stored} stored, "
        f"{summary.duplicates} already stored, {summary.quarantined} quarantined"
        + (f" ({summary.conflicts} conflicting)" if summary.conflicts else "")
    )
    for problem in summary.problems[:SHOWN_PROBLEMS]:
        for field in problem.problems:
            where = f"field {field.field}" if field.field else "row"
            _say(
                f"  {summary.input_name}: row {problem.row} (line {problem.line}): {where}: {field.reason}"
            )
    if summary.quarantined > SHOWN_PROBLEMS:
        _say(
            f"  ... and {summary.quarantined - SHOWN_PROBLEMS} more: kizashi quarantine list --run {summary.run_id}"
        )


def _ingest_file(
    store: Engine,
    config: Settings,
    channel: str,
    reader: RecordSource,
    source: str | None,
    show_progress: bool,
) -> IngestSummary:
    def run(progress: Callable[[int], None] | None = None) -> IngestSummary:
        return ingest_rows(
            store,
            config,
            channel,
            reader,
            reader.name,
            default_source=source,
            progress=progress,
            cells=reader.fmt == "csv",
        )

    if not show_progress:  # a batch job or a pipe: no bar, and rich's progress is not imported
        with reader:
            return run()
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

    progress_bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        console=stderr_console(),
        transient=True,
    )
    with reader, progress_bar:
        task = progress_bar.add_task(reader.name, total=reader.total_bytes)

        def advance(_rows: int) -> None:
            progress_bar.update(task, completed=reader.bytes_read)

        return run(advance)


def _also_pair(pair: str) -> tuple[str, str]:
    """``CHANNEL=FILE`` of ``--also``, split at its first ``=`` (a channel id has none)."""
    channel, sep, name = pair.partition("=")
    if not sep or not channel or not name:
        raise InputError(f"--also {pair!r}: expected CHANNEL=FILE, e.g. purchase=purchases.jsonl")
    return channel, name


@handle_errors
def ingest(
    channel: Annotated[
        str, typer.Argument(help="Channel id, e.g. sns_post (see `kizashi schema`).")
    ],
    files: Annotated[
        list[str], typer.Argument(help="JSONL, CSV or JSON files; - for standard input.")
    ],
    source: Annotated[str | None, typer.Option(help="Source key for rows that name none.")] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="jsonl, csv or json (default: by file extension; jsonl for -)."
        ),
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option(help="Progress bar on stderr (default: when stderr is a terminal)."),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            help="utf-8, cp932 (Shift_JIS, as Excel writes it) or euc_jp "
            "(default: detected from the start of each file)."
        ),
    ] = None,
    also: Annotated[
        list[str] | None,
        typer.Option(
            "--also",
            metavar="CHANNEL=FILE",
            help="Also ingest FILE as CHANNEL, after the files above (repeatable): files of "
            "several channels in one run, which starts once.",
        ),
    ] = None,
) -> None:
    """Ingest report files of one channel. Prints a JSON summary per file on stdout.

    Exits 1 if any row was quarantined (the good rows are stored all the same).
    """
    work = [(channel, name) for name in files] + [_also_pair(pair) for pair in also or ()]
    for each, _ in work:
        get_channel(each)  # every channel checked before any file is read
    config = settings()
    store = engine(config)
    # A one-shot process: what start-up built (modules, tables, the channel's model) lives to
    # the end, so keep the cycle collector from walking it again at every full collection
    # while rows stream through (about a tenth of the CPU time of a 20,000-row file).
    gc.freeze()
    # Each batch keeps tens of thousands of young objects (rows, bodies, mentions) alive
    # for a while, so the default threshold (700) ran ~400 young collections over 20,000
    # rows, re-walking every batch in flight (≈ 0.15 CPU-s); cycles are rare here.
    gc.set_threshold(20_000, 20, 20)
    show_progress = sys.stderr.isatty() if progress is None else progress
    any_quarantined = False
    for channel_of_file, name in work:
        chosen = cast(Format | None, fmt)  # RecordSource rejects unknown formats by name
        if name == "-":
            reader = RecordSource(
                sys.stdin.buffer, chosen or "jsonl", name="<stdin>", encoding=encoding
            )
        else:
            reader = RecordSource(Path(name), chosen, encoding=encoding)
        # Storing reports is a batch job: decided and logged before the file is read.
        decide_job(config, store, "ingest", {"channel": channel_of_file, "file": reader.name})
        summary = _ingest_file(store, config, channel_of_file, reader, source, show_progress)
        if reader.encoding not in (None, "utf-8"):
            _say(f"{reader.name}: read as {reader.encoding} ({reader.encoding_how})")
        _print_summary(summary)
        write_jsonl([_summary_record(summary, reader.encoding)])
        any_quarantined = any_quarantined or not summary.clean
    raise typer.Exit(EXIT_QUARANTINED if any_quarantined else EXIT_OK)


@handle_errors
def schema(
    channel: Annotated[
        str | None, typer.Argument(help="Channel id; omit to list the channels.")
    ] = None,
) -> None:
    """Print a channel's published JSON Schema, or list the channels."""
    if channel is None:
        for spec in channels().values():
            typer.echo(f"{spec.id}\tv{spec.version}\t{spec.title}")
        return
    write_json(json_schema(channel))
