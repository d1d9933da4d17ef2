"""The detect commands that read the store: ``kizashi scan --store`` (score the ingested
reports into the ``signals`` table), ``detect train --from-reviews`` and ``detect drift``.

The batch read of report texts is audited like every CLI read (one entry, written before any
text is read), then :func:`kizashi.detect.store.store_signals` does the work; a rich progress
bar goes to stderr and a JSON summary to stdout.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine

from kizashi.cli.common import decide_job, engine, settings, stderr, stderr_console, write_json
from kizashi.clock import Clock, system_clock
from kizashi.config import Settings
from kizashi.errors import InputError

__all__ = ["drift", "review_items", "scan_store"]


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
    decide_job(
        config,
        store,
        "scan",
        {"channels": ",".join(channels or []), "limit": limit, "model_version": version},
    )
    bar = Progress(
        TextColumn("scoring reports"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr_console(),
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


def review_items() -> list[dict[str, Any]]:
    """Labelled examples from the store's reviewed alerts (an audited read of report texts)."""
    from kizashi.detect.reviews import review_items as from_store

    config = settings()
    store = engine(config)
    try:
        decide_job(config, store, "train-from-reviews", {"purpose": "model training"})
        return from_store(store)
    finally:
        store.dispose()


def drift(month: str | None, clock: Clock = system_clock) -> dict[str, Any]:
    """The drift report of the shipped model for ``month`` (YYYY-MM; default: this month)."""
    from kizashi.detect.model import shipped_model
    from kizashi.detect.reviews import drift_report
    from kizashi.detect.store import model_version

    now = clock().astimezone(UTC)
    try:
        year, number = map(int, (month or now.strftime("%Y-%m")).split("-"))
        since = datetime(year, number, 1, tzinfo=UTC)
    except ValueError:
        raise InputError(f"--month must be YYYY-MM, got {month!r}") from None
    until = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=UTC)
    reference = shipped_model().metadata.get("score_reference") or {}
    config = settings()
    store = engine(config)
    try:
        version = model_version()
        decide_job(config, store, "drift", {"month": since.strftime("%Y-%m")})
        return drift_report(store, version, reference, since, until)
    finally:
        store.dispose()
