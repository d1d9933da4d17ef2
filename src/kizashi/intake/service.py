"""Use cases of intake: ingest a file or stream, ingest a batch submitted over the API."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Connection, Engine

from kizashi.config import Settings
from kizashi.intake import repository
from kizashi.intake.prepare import FieldProblem, PreparedReport, Preparer, RowProblem
from kizashi.intake.readers import RawRow
from kizashi.store import transaction

# How many problems a summary lists in full; all of them are in the quarantine table.
SUMMARY_PROBLEM_LIMIT = 1000

ItemStatus = Literal["stored", "duplicate", "rejected"]


@dataclass
class ItemResult:
    row: int
    status: ItemStatus
    id: str | None = None
    problems: list[FieldProblem] = field(default_factory=list)


@dataclass
class IngestSummary:
    run_id: str
    channel: str
    input_name: str
    rows_read: int = 0
    stored: int = 0
    duplicates: int = 0
    conflicts: int = 0
    quarantined: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    items: list[ItemResult] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return self.quarantined == 0

    def note(self, problems: list[RowProblem]) -> None:
        room = SUMMARY_PROBLEM_LIMIT - len(self.problems)
        if room > 0:
            self.problems.extend(problems[:room])


def _conflict_problem(report: PreparedReport, stored_id: str) -> RowProblem:
    return RowProblem(
        report.row,
        report.line,
        report.raw,
        [
            FieldProblem(
                "external_id",
                (
                    f"conflicts with stored report {stored_id}: same source {report.source!r} and "
                    f"external_id {report.external_id!r} but different content (reports are immutable; "
                    "send a correction under a new external_id)"
                ),
            )
        ],
    )


class Ingestor:
    """Streams rows of one channel into the store in batches, one transaction each."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        channel: str,
        input_name: str,
        *,
        default_source: str | None = None,
        organisation: str | None = None,
        submitted_by: str | None = None,
        keep_items: bool = False,
    ) -> None:
        self.engine = engine
        self.batch_size = settings.ingest_batch_size
        self.preparer = Preparer(
            channel,
            settings.tz,
            default_source=default_source,
            organisation=organisation,
            now=datetime.now(UTC),
        )
        self.organisation = organisation
        self.submitted_by = submitted_by
        self.keep_items = keep_items
        self.summary = IngestSummary(run_id="", channel=channel, input_name=input_name)

    def start(self, connection: Connection) -> None:
        self.summary.run_id = repository.start_run(
            connection, self.summary.channel, self.summary.input_name
        )

    def _prepare_into(
        self, row: RawRow, prepared: list[PreparedReport], problems: list[RowProblem]
    ) -> None:
        outcome = self.preparer.prepare(row)
        if isinstance(outcome, RowProblem):
            problems.append(outcome)
        else:
            prepared.append(outcome)

    def run(
        self, rows: Iterable[RawRow], progress: Callable[[int], None] | None = None
    ) -> IngestSummary:
        """Batches of ``ingest_batch_size`` rows, one transaction each, for files and streams."""
        with transaction(self.engine) as connection:
            self.start(connection)
        prepared: list[PreparedReport] = []
        problems: list[RowProblem] = []
        try:
            for row in rows:
                self._prepare_into(row, prepared, problems)
                if len(prepared) + len(problems) >= self.batch_size:
                    self._flush_in_transaction(prepared, problems)
                    if progress:
                        progress(len(prepared) + len(problems))
                    prepared, problems = [], []
            self._flush_in_transaction(prepared, problems)
            if progress:
                progress(len(prepared) + len(problems))
        except BaseException:
            with transaction(self.engine) as connection:
                repository.finish_run(connection, self.summary.run_id, "failed")
            raise
        with transaction(self.engine) as connection:
            repository.finish_run(connection, self.summary.run_id, "completed")
        return self.summary

    def run_in_one_transaction(self, rows: Iterable[RawRow]) -> IngestSummary:
        """All rows, the run and its counters in one transaction: for small API batches."""
        prepared: list[PreparedReport] = []
        problems: list[RowProblem] = []
        for row in rows:
            self._prepare_into(row, prepared, problems)
        with transaction(self.engine) as connection:
            self.start(connection)
            self.flush(connection, prepared, problems)
            repository.finish_run(connection, self.summary.run_id, "completed")
        return self.summary

    def _flush_in_transaction(
        self, prepared: list[PreparedReport], problems: list[RowProblem]
    ) -> None:
        with transaction(self.engine) as connection:
            self.flush(connection, prepared, problems)

    def flush(
        self, connection: Connection, prepared: list[PreparedReport], problems: list[RowProblem]
    ) -> None:
        summary = self.summary
        outcome = repository.store_reports(
            connection,
            prepared,
            summary.run_id,
            submitted_by=self.submitted_by,
            organisation=self.organisation,
        )
        bad = problems + [_conflict_problem(r, stored_id) for r, stored_id in outcome.conflicts]
        repository.quarantine_rows(
            connection, bad, summary.run_id, summary.channel, summary.input_name
        )
        counts = {
            "rows_read": len(prepared) + len(problems),
            "rows_stored": len(outcome.stored),
            "rows_duplicate": len(outcome.duplicates),
            "rows_conflicting": len(outcome.conflicts),
            "rows_quarantined": len(bad),
        }
        repository.add_counts(connection, summary.run_id, **counts)
        summary.rows_read += counts["rows_read"]
        summary.stored += counts["rows_stored"]
        summary.duplicates += counts["rows_duplicate"]
        summary.conflicts += counts["rows_conflicting"]
        summary.quarantined += counts["rows_quarantined"]
        summary.note(sorted(bad, key=lambda p: p.row))
        if self.keep_items:
            self._keep_items(outcome, bad)

    def _keep_items(self, outcome: repository.BatchOutcome, bad: list[RowProblem]) -> None:
        items = self.summary.items
        items.extend(ItemResult(r.row, "stored", r.id) for r in outcome.stored)
        items.extend(ItemResult(r.row, "duplicate", same) for r, same in outcome.duplicates)
        items.extend(ItemResult(p.row, "rejected", None, p.problems) for p in bad)
        items.sort(key=lambda item: item.row)


def ingest_rows(
    engine: Engine,
    settings: Settings,
    channel: str,
    rows: Iterable[RawRow],
    input_name: str,
    *,
    default_source: str | None = None,
    organisation: str | None = None,
    submitted_by: str | None = None,
    keep_items: bool = False,
    progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Validate and store rows of one channel; bad rows go to quarantine, none stops the rest."""
    ingestor = Ingestor(
        engine,
        settings,
        channel,
        input_name,
        default_source=default_source,
        organisation=organisation,
        submitted_by=submitted_by,
        keep_items=keep_items,
    )
    return ingestor.run(rows, progress)


def ingest_batch(
    engine: Engine,
    settings: Settings,
    channel: str,
    rows: list[RawRow],
    input_name: str,
    *,
    organisation: str | None = None,
    submitted_by: str | None = None,
) -> IngestSummary:
    """An API batch: one transaction, with a per-item outcome in ``summary.items``."""
    ingestor = Ingestor(
        engine,
        settings,
        channel,
        input_name,
        organisation=organisation,
        submitted_by=submitted_by,
        keep_items=True,
    )
    return ingestor.run_in_one_transaction(rows)
