"""The work queue: claim reports at a stage, move their cursor, park dead letters, show lag.

Every stored report has one ``pipeline_queue`` row (a trigger on ``reports`` writes it in
the ingest transaction). Its ``stage`` column is the report's durable cursor. A worker
claims the rows waiting at a stage inside the transaction that runs the stage and moves the
cursor: on PostgreSQL with ``SELECT … FOR UPDATE SKIP LOCKED`` (several workers take
disjoint rows and never wait on each other; the row locks are the claim, nothing is
written until the cursor moves), on SQLite with a first statement that writes (SQLite has
one writer; taking the write lock first means no snapshot can go stale under the stage).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, TextClause, and_, func, select, text, update

from kizashi.clock import iso
from kizashi.store.tables import reports
from kizashi.store.tables_pipeline import pipeline_queue

DONE = "done"


@dataclass(frozen=True)
class Item:
    """One queued report as a stage sees it."""

    seq: int
    report_id: str
    channel: str
    attempts: int


# PostgreSQL's claim and cursor moves, once per stage per pass (eleven to fifteen statements
# of a pass): fixed text, so SQLAlchemy neither builds the statement, expands an IN list
# nor computes a cache key for it each time (issue 12, eleventh run). Tables are unqualified:
# the connection's search_path names the store's schema, as for every other statement.
_PG_CLAIM = text(
    "SELECT seq, report_id, channel, attempts FROM pipeline_queue"
    " WHERE state = 'pending' AND stage = :stage ORDER BY seq LIMIT :limit"
    " FOR UPDATE SKIP LOCKED"
)
_PG_ADVANCE = text(
    "UPDATE pipeline_queue SET stage = :stage, worker = :worker WHERE seq = ANY(:seqs)"
)
_PG_FINISH = text(
    "UPDATE pipeline_queue SET stage = 'done', state = 'done', done_at = :now, worker = :worker"
    " WHERE seq = ANY(:seqs)"
)


def _take(connection: Connection, condition: Any, limit: int, worker: str) -> list[Item]:
    columns = (
        pipeline_queue.c.seq,
        pipeline_queue.c.report_id,
        pipeline_queue.c.channel,
        pipeline_queue.c.attempts,
    )
    if connection.dialect.name == "postgresql":
        # The row locks of FOR UPDATE SKIP LOCKED are the claim: held to the end of the
        # transaction, they keep other workers off these rows. No UPDATE: writing the
        # worker's name here made a new version of every claimed row (and of its index
        # entries) once more per stage, in every batch, only for ``advance`` to write it again.
        chosen = (
            select(*columns)
            .where(condition)
            .order_by(pipeline_queue.c.seq)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = connection.execute(chosen).all()
    else:
        # SQLite: the UPDATE is the transaction's first statement, so it takes the write lock
        # before anything is read (SQLite has no row locks).
        subquery = (
            select(pipeline_queue.c.seq)
            .where(condition)
            .order_by(pipeline_queue.c.seq)
            .limit(limit)
            .scalar_subquery()
        )
        rows = connection.execute(
            update(pipeline_queue)
            .where(pipeline_queue.c.seq.in_(subquery))
            .values(worker=worker)
            .returning(*columns)
        ).all()
    return sorted((Item(r.seq, r.report_id, r.channel, r.attempts) for r in rows), key=_seq)


def claim(connection: Connection, stage: str, limit: int, worker: str) -> list[Item]:
    """Take up to ``limit`` pending reports waiting at ``stage``, oldest first.

    The rows stay locked (PostgreSQL) or the store stays write-locked (SQLite) until the
    caller's transaction ends, so no other worker runs this stage on them meanwhile."""
    if connection.dialect.name == "postgresql":  # (see _take: the same statement, as text)
        rows = connection.execute(_PG_CLAIM, {"stage": stage, "limit": limit}).all()
        return [Item(r.seq, r.report_id, r.channel, r.attempts) for r in rows]  # by seq
    waiting = and_(pipeline_queue.c.state == "pending", pipeline_queue.c.stage == stage)
    return _take(connection, waiting, limit, worker)


def claim_one(connection: Connection, seq: int, stage: str, worker: str) -> Item | None:
    """Take one report again (to run it alone after its batch failed), if still waiting."""
    waiting = and_(
        pipeline_queue.c.seq == seq,
        pipeline_queue.c.state == "pending",
        pipeline_queue.c.stage == stage,
    )
    found = _take(connection, waiting, 1, worker)
    return found[0] if found else None


def _seq(item: Item) -> int:
    return item.seq


def advance(
    connection: Connection, items: Sequence[Item], next_stage: str, worker: str, now: datetime
) -> None:
    """Move the cursor of ``items`` past the stage just run (in the stage's transaction)."""
    if not items:
        return
    if connection.dialect.name == "postgresql":
        seqs = [i.seq for i in items]
        if next_stage == DONE:
            connection.execute(_PG_FINISH, {"now": now, "worker": worker, "seqs": seqs})
        else:
            connection.execute(_PG_ADVANCE, {"stage": next_stage, "worker": worker, "seqs": seqs})
        return
    values: dict[str, Any] = {"stage": next_stage, "worker": worker}
    if next_stage == DONE:
        values |= {"state": "done", "done_at": now}
    connection.execute(
        update(pipeline_queue)
        .where(pipeline_queue.c.seq.in_([i.seq for i in items]))
        .values(**values)
    )


def record_failure(
    connection: Connection,
    seq: int,
    stage: str,
    error: str,
    *,
    max_attempts: int,
    worker: str,
    now: datetime,
) -> bool:
    """Count a failed attempt; park the report as a dead letter at ``max_attempts``.

    Returns whether it was parked."""
    row = connection.execute(
        select(pipeline_queue.c.attempts).where(pipeline_queue.c.seq == seq)
    ).first()
    attempts = (row.attempts if row else 0) + 1
    parked = attempts >= max_attempts
    connection.execute(
        update(pipeline_queue)
        .where(pipeline_queue.c.seq == seq)
        .values(
            attempts=attempts,
            error=error[:4000],
            failed_stage=stage,
            failed_at=now,
            worker=worker,
            **({"state": "failed"} if parked else {}),
        )
    )
    return parked


def retry(connection: Connection, report_ids: Sequence[str] | None = None) -> int:
    """Set dead letters pending again at the stage that failed (all, or these reports)."""
    condition = pipeline_queue.c.state == "failed"
    if report_ids is not None:
        condition = and_(condition, pipeline_queue.c.report_id.in_(list(report_ids)))
    result = connection.execute(
        update(pipeline_queue).where(condition).values(state="pending", attempts=0)
    )
    return int(result.rowcount or 0)


def failed(connection: Connection, limit: int = 100, after: int = 0) -> list[dict[str, Any]]:
    """Dead letters, oldest first, with the stage and the reason."""
    rows = connection.execute(
        select(
            pipeline_queue.c.seq,
            pipeline_queue.c.report_id,
            pipeline_queue.c.channel,
            pipeline_queue.c.failed_stage,
            pipeline_queue.c.attempts,
            pipeline_queue.c.error,
            pipeline_queue.c.failed_at,
            pipeline_queue.c.enqueued_at,
            reports.c.source,
            reports.c.external_id,
        )
        .join(reports, reports.c.id == pipeline_queue.c.report_id)
        .where(pipeline_queue.c.state == "failed", pipeline_queue.c.seq > after)
        .order_by(pipeline_queue.c.seq)
        .limit(limit)
    )
    return [{str(k): iso(v) for k, v in row._mapping.items()} for row in rows]


def lag(connection: Connection, stages: Sequence[str], now: datetime) -> list[dict[str, Any]]:
    """Per stage: reports waiting at it or before it, dead letters, age of the oldest waiting.

    Counts read the (state, stage, seq) index over pending and failed rows only, so the
    status costs what is waiting, not what the store holds."""
    waiting = dict.fromkeys(stages, 0)
    oldest: dict[str, datetime | None] = dict.fromkeys(stages, None)
    dead = dict.fromkeys(stages, 0)
    query = (
        select(
            pipeline_queue.c.state,
            pipeline_queue.c.stage,
            pipeline_queue.c.failed_stage,
            func.count().label("n"),
            func.min(pipeline_queue.c.enqueued_at).label("oldest"),
        )
        .where(pipeline_queue.c.state.in_(("pending", "failed")))
        .group_by(pipeline_queue.c.state, pipeline_queue.c.stage, pipeline_queue.c.failed_stage)
    )
    for row in connection.execute(query):
        if row.state == "failed":
            key = row.failed_stage or row.stage
            if key in dead:
                dead[key] += row.n
            continue
        if row.stage not in waiting:
            continue
        # A report waiting at stage k is behind every stage from k on.
        for stage in stages[stages.index(row.stage) :]:
            waiting[stage] += row.n
            first = oldest[stage]
            if row.oldest is not None and (first is None or _utc(row.oldest) < first):
                oldest[stage] = _utc(row.oldest)
    out = []
    for stage in stages:
        first = oldest[stage]
        out.append(
            {
                "stage": stage,
                "waiting": waiting[stage],
                "failed": dead[stage],
                "oldest_waiting_seconds": (
                    None if first is None else round(max(0.0, (now - first).total_seconds()), 3)
                ),
            }
        )
    return out


def _utc(value: datetime) -> datetime:
    from datetime import UTC

    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def done_count(connection: Connection) -> int:
    return int(
        connection.execute(
            select(func.count()).select_from(pipeline_queue).where(pipeline_queue.c.state == DONE)
        ).scalar_one()
    )


def pending_seqs(connection: Connection) -> list[int]:
    """Every pending report's seq (the batch backfill marks exactly these done)."""
    return list(
        connection.execute(
            select(pipeline_queue.c.seq).where(pipeline_queue.c.state == "pending")
        ).scalars()
    )


def mark_done(connection: Connection, seqs: Sequence[int], worker: str, now: datetime) -> None:
    for start in range(0, len(seqs), 500):
        connection.execute(
            update(pipeline_queue)
            .where(
                pipeline_queue.c.seq.in_(list(seqs[start : start + 500])),
                pipeline_queue.c.state == "pending",
            )
            .values(state="done", stage=DONE, done_at=now, worker=worker)
        )


def waiting_stages(connection: Connection, stages: Sequence[str]) -> set[str]:
    """The stages at which some report waits, in one read (an indexed EXISTS per stage).

    A worker asks this before a pass so that it claims only where there is work: on SQLite
    a claim is a write (it takes the store's one write lock even when it finds nothing), so
    an idle or lightly loaded worker would otherwise take that lock once per stage per pass,
    against the API's inserts."""
    if not stages:
        return set()
    names = tuple(stages)
    row = connection.execute(_probes(len(names)), {f"s{i}": n for i, n in enumerate(names)}).one()
    return {name for name, found in zip(names, row, strict=True) if found}


@cache
def _probes(count: int) -> TextClause:
    """One indexed EXISTS per stage, as fixed text (built once: it runs every pass)."""
    probes = ", ".join(
        f"EXISTS (SELECT 1 FROM pipeline_queue WHERE state = 'pending' AND stage = :s{i}"
        f" LIMIT 1) AS s{i}"
        for i in range(count)
    )
    return text(f"SELECT {probes}")


def claimable(connection: Connection, stage: str) -> bool:
    """Whether any report waits at ``stage``."""
    row = connection.execute(
        select(pipeline_queue.c.seq)
        .where(pipeline_queue.c.state == "pending", pipeline_queue.c.stage == stage)
        .limit(1)
    ).first()
    return row is not None
