"""Use cases of intake: ingest a file or stream, ingest a batch submitted over the API."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Connection, Engine

from kizashi.clock import Clock, system_clock
from kizashi.config import Settings
from kizashi.intake import repository
from kizashi.intake.prepare import FieldProblem, PreparedReport, Preparer, RowProblem
from kizashi.intake.readers import RawRow
from kizashi.store import transaction

# How many problems a summary lists in full; all of them are in the quarantine table.
SUMMARY_PROBLEM_LIMIT = 1000

# "valid": the item was fine, but its batch was rejected because of another item.
ItemStatus = Literal["stored", "duplicate", "rejected", "valid"]
RejectReason = Literal["invalid", "conflict"]


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
    rejected: RejectReason | None = None  # set when an all-or-nothing batch was refused

    @property
    def clean(self) -> bool:
        return self.quarantined == 0

    def note(self, problems: list[RowProblem]) -> None:
        room = SUMMARY_PROBLEM_LIMIT - len(self.problems)
        if room > 0:
            self.problems.extend(problems[:room])


class _BatchConflictError(Exception):
    """Rolls back an all-or-nothing batch in which an item conflicts with a stored report."""

    def __init__(self, outcome: repository.BatchOutcome) -> None:
        self.outcome = outcome
        super().__init__("batch conflicts with stored reports")


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
        report.raw_bytes,
        report.encoding,
    )


class _BatchWriter:
    """Commits batches on a thread of its own, in the order they are put, one at a time.

    ``put`` waits while a batch is already waiting (so at most two are in memory: the one
    being written and the next). After a failed commit the writer writes nothing more and
    the error is raised to the producer at its next ``put`` or at ``close``.
    """

    def __init__(self, flush: Callable[[list[PreparedReport], list[RowProblem]], None]) -> None:
        self._flush = flush
        self._queue: queue.Queue[tuple[list[PreparedReport], list[RowProblem]] | None] = (
            queue.Queue(maxsize=1)
        )
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._work, name="kizashi-ingest-writer", daemon=True
        )
        self._thread.start()

    def _work(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._flush(*batch)
                except BaseException as exc:  # handed to the producer, which re-raises it
                    self._error = exc

    def put(self, prepared: list[PreparedReport], problems: list[RowProblem]) -> None:
        self._raise()
        self._queue.put((prepared, problems))

    def close(self, *, quietly: bool = False) -> None:
        """Wait for every batch put so far to be written (or skipped after a failure)."""
        self._queue.put(None)
        self._thread.join()
        if not quietly:
            self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error


class _InlineWriter:
    """Commits each batch as it is put, on the caller's thread (the SQLite writer).

    SQLite's driver lets go of the interpreter for every row it steps through and must take
    it back to bind the next one; with the producer busy in Python on another thread, each
    of those hand-overs waits for the interpreter's switch interval. Measured on SQLite, a
    writer thread cost more CPU (≈ a quarter more for 20,000 rows) than it gained in
    overlap, so SQLite batches are written in line, as the plain limit writes them.
    """

    def __init__(self, flush: Callable[[list[PreparedReport], list[RowProblem]], None]) -> None:
        self._flush = flush

    def put(self, prepared: list[PreparedReport], problems: list[RowProblem]) -> None:
        self._flush(prepared, problems)

    def close(self, *, quietly: bool = False) -> None:
        """Nothing waits: every batch put was written when it was put."""


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
        cells: bool = False,
        clock: Clock = system_clock,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.batch_size = settings.ingest_batch_size
        self.preparer = Preparer(
            channel,
            settings.tz,
            default_source=default_source,
            organisation=organisation,
            now=clock(),
            cells=cells,
        )
        self.organisation = organisation
        self.submitted_by = submitted_by
        self.keep_items = keep_items
        self.summary = IngestSummary(run_id="", channel=channel, input_name=input_name)

    def start(self, connection: Connection) -> None:
        self.summary.run_id = repository.start_run(
            connection, self.summary.channel, self.summary.input_name, now=self.clock()
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
        """Batches of ``ingest_batch_size`` rows, one transaction each, for files and streams.

        On PostgreSQL, reading and validating (Python, on this thread) overlap with writing
        (the server, fed by a writer thread that commits the batches one after the other, in
        order): the driver lets go of the interpreter while the server works, so the next
        batch is being prepared meanwhile. At most one prepared batch waits, so memory stays
        flat; a batch that fails to commit stops the run with its error, as before. On
        SQLite the batches are written in line (see :class:`_InlineWriter`).
        """
        with transaction(self.engine) as connection:
            self.start(connection)
        writer: _BatchWriter | _InlineWriter = (
            _InlineWriter(self._flush_in_transaction)
            if self.engine.dialect.name == "sqlite"
            else _BatchWriter(self._flush_in_transaction)
        )
        prepare, size = self.preparer.prepare, self.batch_size
        prepared: list[PreparedReport] = []
        problems: list[RowProblem] = []
        keep, left = prepared.append, size
        try:
            for row in rows:
                outcome = prepare(row)
                if type(outcome) is PreparedReport:
                    keep(outcome)
                else:
                    problems.append(outcome)  # type: ignore[arg-type]
                left -= 1
                if not left:
                    writer.put(prepared, problems)
                    if progress:
                        progress(size)
                    prepared, problems = [], []
                    keep, left = prepared.append, size
            writer.put(prepared, problems)
            writer.close()
            if progress:
                progress(len(prepared) + len(problems))
        except BaseException:
            writer.close(quietly=True)
            with transaction(self.engine) as connection:
                repository.finish_run(connection, self.summary.run_id, "failed", now=self.clock())
            raise
        with transaction(self.engine) as connection:
            repository.finish_run(connection, self.summary.run_id, "completed", now=self.clock())
        return self.summary

    def run_all_or_nothing(self, rows: Iterable[RawRow]) -> IngestSummary:
        """An API batch: stored whole in one transaction, or not at all.

        The caller still has the data, so an invalid item (or one that conflicts with a stored
        report) rejects the batch with every reason, rather than storing part of it;
        ``summary.rejected`` says why and every item's status says what was wrong.
        """
        prepared: list[PreparedReport] = []
        problems: list[RowProblem] = []
        for row in rows:
            self._prepare_into(row, prepared, problems)
        if problems:
            return self._rejected("invalid", prepared, problems)
        try:
            with transaction(self.engine) as connection:
                # The run is written whole in this transaction (no one sees it `running`):
                # one statement for the usual batch, not three (issue 12, ninth run).
                summary = self.summary
                summary.run_id = repository.start_run(
                    connection,
                    summary.channel,
                    summary.input_name,
                    now=self.clock(),
                    completed_rows=len(prepared),
                )
                outcome = repository.store_reports(
                    connection,
                    prepared,
                    summary.run_id,
                    submitted_by=self.submitted_by,
                    organisation=self.organisation,
                )
                if outcome.conflicts:
                    raise _BatchConflictError(outcome)
                self._route(connection, outcome)
                if outcome.duplicates:
                    repository.correct_counts(
                        connection,
                        summary.run_id,
                        stored=len(outcome.stored),
                        duplicates=len(outcome.duplicates),
                    )
                self._tally(prepared, [], outcome, [])
        except _BatchConflictError as conflict:
            bad = [_conflict_problem(r, stored_id) for r, stored_id in conflict.outcome.conflicts]
            conflicting = {p.row for p in bad}
            return self._rejected(
                "conflict", [r for r in prepared if r.row not in conflicting], bad
            )
        self._keep_items(outcome, [])
        return self.summary

    def _rejected(
        self, reason: RejectReason, valid: list[PreparedReport], problems: list[RowProblem]
    ) -> IngestSummary:
        summary = self.summary
        summary.rejected = reason
        summary.rows_read = len(valid) + len(problems)
        summary.items = sorted(
            [ItemResult(r.row, "valid") for r in valid]
            + [ItemResult(p.row, "rejected", None, p.problems) for p in problems],
            key=lambda item: item.row,
        )
        return summary

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
        self._route(connection, outcome)
        bad = problems + [_conflict_problem(r, stored_id) for r, stored_id in outcome.conflicts]
        repository.quarantine_rows(
            connection, bad, summary.run_id, summary.channel, summary.input_name, now=self.clock()
        )
        self._count(connection, prepared, problems, outcome, bad)
        if self.keep_items:
            self._keep_items(outcome, bad)

    def _route(self, connection: Connection, outcome: repository.BatchOutcome) -> None:
        # Desk routing (guard) labels the newly stored reports in the same transaction, so
        # need-to-know applies from arrival; duplicates keep the label of their original.
        from kizashi.intake.report_routing import route_new_reports

        route_new_reports(
            connection,
            ((r.id, r.channel, self.organisation, r.body) for r in outcome.stored),
            now=self.clock(),
        )

    def _count(
        self,
        connection: Connection,
        prepared: list[PreparedReport],
        problems: list[RowProblem],
        outcome: repository.BatchOutcome,
        bad: list[RowProblem],
    ) -> None:
        counts = self._tally(prepared, problems, outcome, bad)
        repository.add_counts(connection, self.summary.run_id, **counts)

    def _tally(
        self,
        prepared: list[PreparedReport],
        problems: list[RowProblem],
        outcome: repository.BatchOutcome,
        bad: list[RowProblem],
    ) -> dict[str, int]:
        """Add a batch's counts to the summary; the counts, for the run's row."""
        summary = self.summary
        counts = {
            "rows_read": len(prepared) + len(problems),
            "rows_stored": len(outcome.stored),
            "rows_duplicate": len(outcome.duplicates),
            "rows_conflicting": len(outcome.conflicts),
            "rows_quarantined": len(bad),
        }
        summary.rows_read += counts["rows_read"]
        summary.stored += counts["rows_stored"]
        summary.duplicates += counts["rows_duplicate"]
        summary.conflicts += counts["rows_conflicting"]
        summary.quarantined += counts["rows_quarantined"]
        summary.note(sorted(bad, key=lambda p: p.row))
        return counts

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
    cells: bool = False,
    clock: Clock = system_clock,
) -> IngestSummary:
    """Validate and store rows of one channel; bad rows go to quarantine, none stops the rest.

    ``cells`` says the rows come from CSV (text cells, parsed leniently).
    """
    ingestor = Ingestor(
        engine,
        settings,
        channel,
        input_name,
        default_source=default_source,
        organisation=organisation,
        submitted_by=submitted_by,
        keep_items=keep_items,
        cells=cells,
        clock=clock,
    )
    return ingestor.run(rows, progress)


def ingest_batch(
    engine: Engine,
    settings: Settings,
    channel: str,
    rows: list[RawRow],
    input_name: str,
    *,
    default_source: str | None = None,
    organisation: str | None = None,
    submitted_by: str | None = None,
    clock: Clock = system_clock,
) -> IngestSummary:
    """An API batch, all or nothing, with a per-item outcome in ``summary.items``."""
    ingestor = Ingestor(
        engine,
        settings,
        channel,
        input_name,
        default_source=default_source,
        organisation=organisation,
        submitted_by=submitted_by,
        keep_items=True,
        clock=clock,
    )
    return ingestor.run_all_or_nothing(rows)
