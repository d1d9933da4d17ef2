"""A batch's rows for the store, made report by report as the reports are prepared.

Intake used to prepare a whole batch of reports and then walk it four more times: ids, the
``reports`` tuples, the mention rows, the sealed payloads. Here the ids are drawn before the
batch is prepared and each report's tuple, mention rows and sealed payload are made as soon
as the report is, in the same pass as its validation, so the writer
(:mod:`kizashi.intake.bulk`) only sends them. Rows of reports that turn out not to be stored
(repeats, conflicts) are made too and left out when the batch is written.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import orjson

from kizashi.ids import new_ids
from kizashi.intake.prepare import PreparedReport
from kizashi.store.payloads import NONCE_BYTES, Sealer


def sqlite_timestamp(value: datetime) -> str:
    """A UTC datetime as SQLAlchemy's SQLite DATETIME stores it: 'YYYY-MM-DD HH:MM:SS.ffffff'."""
    # isoformat of an aware time ends in its offset (+00:00 here): cut it off.
    return value.isoformat(" ", "microseconds")[:26]


class BatchRows:
    """One batch: its reports and, in the tables' column order, their ``reports`` rows,
    mention rows and sealed ``report_payloads`` rows, under one fresh data key (``sealer``).

    ``add`` gives a prepared report its id (in row order: the first row of a key in the file
    wins) and makes its rows; ``size`` is how many reports the batch is expected to hold (its
    ids and nonces are drawn for that many at once; more are drawn if more come). Timestamps
    are SQLite's text (:func:`sqlite_timestamp`) when ``sqlite``, else datetimes.
    """

    def __init__(
        self,
        run_id: str,
        submitted_by: str | None,
        organisation: str | None,
        *,
        sqlite: bool,
        size: int,
    ) -> None:
        self.reports: list[PreparedReport] = []
        self.report_rows: list[tuple[Any, ...]] = []
        self.mention_rows: list[tuple[Any, ...]] = []
        self.payload_rows: list[tuple[Any, ...]] = []
        self.sealer = Sealer()
        self.add = self._adder(run_id, submitted_by, organisation, sqlite, max(size, 1))

    @classmethod
    def of(
        cls,
        reports: Iterable[PreparedReport],
        run_id: str,
        submitted_by: str | None,
        organisation: str | None,
        *,
        sqlite: bool,
        size: int,
    ) -> BatchRows:
        """The rows of reports prepared beforehand (an API batch, a caller's list)."""
        batch = cls(run_id, submitted_by, organisation, sqlite=sqlite, size=size)
        add = batch.add
        for report in reports:
            add(report)
        return batch

    def __len__(self) -> int:
        return len(self.reports)

    def _adder(
        self,
        run_id: str,
        submitted_by: str | None,
        organisation: str | None,
        sqlite: bool,
        size: int,
    ) -> Callable[[PreparedReport], None]:
        # A closure rather than a method: once per row, its names are locals, not attributes.
        report_ids = iter(new_ids(size))
        mention_ids = iter(new_ids(size))
        keep, add_report = self.reports.append, self.report_rows.append
        add_mention, add_payload = self.mention_rows.append, self.payload_rows.append
        key_id, encrypt = self.sealer.key_id, self.sealer.encrypt
        nonce_bytes = NONCE_BYTES
        nonces, at = os.urandom(3 * nonce_bytes * size), 0
        dumps, non_str_keys = orjson.dumps, orjson.OPT_NON_STR_KEYS
        # Most reports of a batch share their received_at (the time of intake): format it once.
        last_received: datetime | None = None
        received_value: Any = None

        def next_mention_id() -> str:
            nonlocal mention_ids
            try:
                return next(mention_ids)
            except StopIteration:  # more mentions than the batch has rows: draw a block more
                mention_ids = iter(new_ids(size))
                return next(mention_ids)

        def add(r: PreparedReport) -> None:
            nonlocal report_ids, last_received, received_value, nonces, at
            try:
                report_id = next(report_ids)
            except StopIteration:  # more reports than expected: draw a block more
                report_ids = iter(new_ids(size))
                report_id = next(report_ids)
            r.id = report_id
            keep(r)
            received = r.received_at
            if received is not last_received:
                last_received = received
                received_value = sqlite_timestamp(received) if sqlite else received
            occurred: Any = r.occurred_at
            if sqlite and occurred is not None:
                occurred = sqlite_timestamp(occurred)
            add_report(
                (
                    report_id,
                    r.channel,
                    r.schema_version,
                    r.source,
                    r.external_id,
                    received_value,
                    occurred,
                    r.reliability,
                    r.credibility,
                    r.handling_code,
                    r.purpose,
                    r.legal_basis,
                    r.language,
                    submitted_by,
                    organisation,
                    run_id,
                    r.raw_sha256,
                    r.body_sha256,
                )
            )
            # A Mention is a tuple in the table's column order after (id, report_id).
            for mention in r.mentions:
                try:
                    mention_id = next(mention_ids)
                except StopIteration:
                    mention_id = next_mention_id()
                add_mention((mention_id, report_id, *mention))
            read, text = r.read, r.text
            raw = read.raw_bytes
            # A row read as UTF-8 that parsed decoded cleanly, so its bytes are its text's
            # (and its text need not be decoded at all, see RawRow.raw).
            if raw is None or read.encoding != "utf-8":
                raw = read.raw.encode("utf-8", "surrogatepass")
            # Sealed as Sealer.payload_tuple seals (kizashi.store.payloads), the batch's nonces
            # drawn from the OS in one call: three per report, none used twice.
            if at == len(nonces):
                nonces, at = os.urandom(3 * nonce_bytes * size), 0
            n_raw = nonces[at : at + nonce_bytes]
            n_body = nonces[at + nonce_bytes : at + 2 * nonce_bytes]
            n_text = nonces[at + 2 * nonce_bytes : at + 3 * nonce_bytes]
            at += 3 * nonce_bytes
            rid = report_id.encode()  # the associated data: "<report id>/<field>"
            add_payload(
                (
                    report_id,
                    key_id,
                    n_raw + encrypt(n_raw, raw, rid + b"/raw"),
                    n_body + encrypt(n_body, dumps(r.body, option=non_str_keys), rid + b"/body"),
                    n_text + encrypt(n_text, text.encode("utf-8", "surrogatepass"), rid + b"/text"),
                    len(text),
                )
            )

        return add
