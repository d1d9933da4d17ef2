"""Reads a worker pass shares: answers that cannot change within a pass, read once a pass.

A live worker's pass runs seven stages, each in its own transaction, and several of them
asked the store the same small questions again (issue 12, eleventh run): which desks exist
(triage and route), which rule versions are in force (detect, purchases, triage), this
store's key for entity ids (resolve, more than once). Each is a statement, built by
SQLAlchemy and sent, ~0.2–0.4 ms of a small pass's CPU, and a pass of a few reports is
mostly such fixed cost.

Inside :func:`sharing_reads` (the worker wraps each pass in it) :func:`shared` answers a key
from the first read of the pass; outside it (the API, batch runs, tests that call a room
directly) every call reads the store as before. The answers are dropped when the pass ends,
so a change made between passes (a desk added, a rule file changed, another process's
write) is seen by the next pass — the same freshness as a pass that started a few
milliseconds later. A reader that writes what it cached (``record_rules`` recording a new
version in force) calls :func:`forget` in the same transaction, so a later stage reads it
again: if that transaction rolled back, the cached answer would otherwise be wrong.
Only answers read from committed rows may be kept (a value a stage itself inserted in a
transaction that may yet roll back is not), and only per thread or task (a context
variable), never shared between workers.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any, NamedTuple, TypeVar, cast

from sqlalchemy import Connection, select

from kizashi.store.tables import desks, reports

T = TypeVar("T")

_SHARED: ContextVar[dict[Hashable, Any] | None] = ContextVar("kizashi_pass_reads", default=None)


@contextmanager
def sharing_reads() -> Iterator[dict[Hashable, Any]]:
    """Share :func:`shared` reads until the block ends (this thread or task only)."""
    reads: dict[Hashable, Any] = {}
    token = _SHARED.set(reads)
    try:
        yield reads
    finally:
        _SHARED.reset(token)
        reads.clear()


@contextmanager
def not_sharing() -> Iterator[None]:
    """Read everything afresh, and keep nothing, until the block ends: for whole-store work
    run from inside a pass (the resolve stage's bootstrap linkage run), whose reads would
    otherwise be kept until the pass ends (the heads of every report in the store)."""
    token = _SHARED.set(None)
    try:
        yield
    finally:
        _SHARED.reset(token)


def shared(key: Hashable, read: Callable[[], T]) -> T:
    """``read()``, or inside :func:`sharing_reads` its first answer this pass for ``key``."""
    reads = _SHARED.get()
    if reads is None:
        return read()
    if key in reads:
        return cast(T, reads[key])
    value = read()
    reads[key] = value
    return value


def keep(key: Hashable, value: Any) -> None:
    """Keep ``value`` for ``key`` for the rest of the pass (nothing outside one)."""
    reads = _SHARED.get()
    if reads is not None:
        reads[key] = value


def forget(key: Hashable) -> None:
    """Drop ``key``'s answer: the next :func:`shared` call reads the store again."""
    reads = _SHARED.get()
    if reads is not None:
        reads.pop(key, None)


DESKS = "desks"


def desk_ids(connection: Connection) -> frozenset[str]:
    """The desks set up in the store (read once a pass in a worker; ``sync_desks`` forgets
    it when it writes one)."""
    return shared(DESKS, lambda: frozenset(connection.execute(select(desks.c.id)).scalars()))


class ReportHead(NamedTuple):
    """A report's own columns that the live stages read besides its payload."""

    id: str
    channel: str
    organisation: str | None
    occurred_at: datetime | None
    received_at: datetime

    @property
    def at(self) -> datetime:
        """The report's time as the platform counts it (``report_time``)."""
        return self.occurred_at or self.received_at


def report_heads(connection: Connection, report_ids: Iterable[str]) -> dict[str, ReportHead]:
    """The reports' heads by id (a report not in the store is absent). Reports are never
    changed nor deleted (the database refuses both), so inside :func:`sharing_reads` a head
    read by one stage is kept for the pass's later stages: detect, resolve, route and search
    each read the same reports' times or channels (four statements a pass, now one)."""
    wanted = list(dict.fromkeys(report_ids))
    reads = _SHARED.get()
    found: dict[str, ReportHead] = {}
    if reads is not None:
        for report_id in wanted:
            head = reads.get((_HEAD, report_id))
            if head is not None:
                found[report_id] = head
    missing = [r for r in wanted if r not in found]
    for start in range(0, len(missing), 1000):  # under every backend's bound-parameter limit
        rows = connection.execute(
            select(
                reports.c.id,
                reports.c.channel,
                reports.c.organisation,
                reports.c.occurred_at,
                reports.c.received_at,
            ).where(reports.c.id.in_(missing[start : start + 1000]))
        )
        for row in rows:
            head = ReportHead(*row)
            found[head.id] = head
            if reads is not None:
                reads[(_HEAD, head.id)] = head
    return found


_HEAD = "report_head"
