"""``kizashi scan --store``: score the ingested reports into the ``signals`` table.

The batch read of report texts is audited like every CLI read (one entry, written before any
text is read), then :func:`kizashi.detect.store.store_signals` does the work; a rich progress
bar goes to stderr and a JSON summary to stdout.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine

from kizashi.cli.common import audit_cli_access, engine, settings, stderr, write_json
from kizashi.config import Settings

__all__ = ["scan_store"]


def scan_store(
    channels: Sequence[str] | None, limit: int | None, show_progress: bool | None
) -> None:
    from kizashi.intake import get_channel

    for channel in channels or ():
        get_channel(channel)  # an unknown channel is an input error, named
    config = settings()
    store = engine(config)
    try:
        _scan(config, store, channels, limit, show_progress)
    finally:
        store.dispose()  # the CLI may be called in-process (tests, the demo): close the pool


def _scan(
    config: Settings,
    store: Engine,
    channels: Sequence[str] | None,
    limit: int | None,
    show_progress: bool | None,
) -> None:
    from kizashi.detect.store import model_version, store_signals

    version = model_version()
    audit_cli_access(
        config,
        store,
        "scan",
        "*",
        {"channels": list(channels or []), "limit": limit, "model_version": version},
    )
    bar = Progress(
        TextColumn("scoring reports"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        disable=not (sys.stderr.isatty() if show_progress is None else show_progress),
        transient=True,
    )
    with bar:
        task = bar.add_task("scan", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        summary = store_signals(store, channels=channels, limit=limit, progress=advance)
    cats = ", ".join(f"{c} {n}" for c, n in sorted(summary.categories.items())) or "none"
    stderr.print(
        f"{summary.model_version}: scored {summary.scored} of {summary.pending} pending report(s), "
        f"stored {summary.stored} signal(s), flagged {summary.flagged} ({cats}) "
        f"in {summary.seconds:.1f} s",
        markup=False,
    )
    write_json(summary.as_dict())
