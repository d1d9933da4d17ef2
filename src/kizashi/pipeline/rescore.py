"""Re-groupings reach the risk live: firings follow their purchases, entities are re-scored.

An entity can gain or lose evidence without any new report being about it: a re-clustering
moved an earlier member into or out of it. Two writers name such entities in
``pipeline_rescore`` (migration 0030), in the transaction that re-grouped them, so a crash
loses none:

- the resolve stage, by a report of its batch: the triage stage takes those rows with that
  report (``triage_run``);
- an analyst's judgement (``resolve.record_judgement`` / ``undo_judgement``: "same", "not
  the same", or undoing one), by an id of its own that is no report in the queue: the worker
  takes those after its stages, in a transaction of their own (:func:`rescore_requested`),
  so the entity's risk and alerts follow the judgement within a pass, not at the next batch
  ``triage`` (issue 12, live19).

Either way ``stages.follow_regrouping`` first re-evaluates the purchase rules for those
entities as buyers (a firing follows the purchases to their new entity; the entity they
left loses it), then re-scores them. An analyst's request also rebuilds those entities'
search documents in the same transaction (:func:`rescore_regrouped`): a judgement changes
what an entity is found by, and no report may come to refresh it (live20).

A request whose re-score fails is tried alone; one that fails
``KIZASHI_PIPELINE_MAX_ATTEMPTS`` times is parked on its rows with its reason (migration
0032), listed with the dead letters (``kizashi pipeline failed``) and put back by ``kizashi
pipeline retry`` — as a report that makes a stage fail is (live20; before, it was tried
again after every pass, forever).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, exists, select, tuple_, update

from kizashi.store.tables_pipeline import pipeline_queue, pipeline_rescore

# The dead-letter list's name for the step a parked request failed at.
RESCORE = "rescore"


def _outside_queue() -> Any:
    # Rows of no report in the queue: an analyst's request (a report's rows wait for its
    # triage, and a parked report's for its retry).
    queued = exists().where(pipeline_queue.c.report_id == pipeline_rescore.c.report_id)
    return ~queued


def _waiting() -> Any:
    """An analyst's request not parked as a dead letter."""
    return and_(pipeline_rescore.c.parked_at.is_(None), _outside_queue())


def requests_wait(connection: Connection) -> bool:
    """Whether an analyst's re-grouping waits to be re-scored (one read of a small table)."""
    found = connection.execute(select(pipeline_rescore.c.entity_id).where(_waiting()))
    return found.first() is not None


def claim_requests(connection: Connection, request_id: str | None = None) -> dict[str, set[str]]:
    """The entities analysts' re-groupings ask to re-score, by request (all waiting, or the
    one ``request_id``), their rows deleted in the caller's transaction (on PostgreSQL rows
    another worker holds are skipped; on SQLite the delete is the transaction's first
    statement and takes the write lock at once)."""
    condition = _waiting()
    if request_id is not None:
        condition = and_(condition, pipeline_rescore.c.report_id == request_id)
    taken: dict[str, set[str]] = {}
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            select(pipeline_rescore.c.report_id, pipeline_rescore.c.entity_id)
            .where(condition)
            .with_for_update(skip_locked=True)
        ).all()
        if rows:
            keys = [(r.report_id, r.entity_id) for r in rows]
            connection.execute(
                delete(pipeline_rescore).where(
                    tuple_(pipeline_rescore.c.report_id, pipeline_rescore.c.entity_id).in_(keys)
                )
            )
    else:
        rows = connection.execute(
            delete(pipeline_rescore)
            .where(condition)
            .returning(pipeline_rescore.c.report_id, pipeline_rescore.c.entity_id)
        ).all()
    for row in rows:
        taken.setdefault(str(row.report_id), set()).add(str(row.entity_id))
    return taken


def rescore_regrouped(connection: Connection, entity_ids: Collection[str], context: Any) -> None:
    """An analyst's re-grouping followed live, in the caller's transaction: the entities'
    firings and risk (``stages.follow_regrouping``), then their search documents rebuilt
    from their members (a merged-away entity's dropped), so search finds the entity by what
    it is now at once, not at the next report about it."""
    from kizashi.pipeline.stages import follow_regrouping
    from kizashi.search import index_entities

    follow_regrouping(connection, entity_ids, context)
    index_entities(connection, sorted(entity_ids), now=context.now)


def record_request_failure(
    connection: Connection, request_id: str, error: str, *, max_attempts: int, now: datetime
) -> bool:
    """Count a failed re-score of an analyst's request on its rows; park it as a dead letter
    at ``max_attempts``. Returns whether it was parked."""
    rows = pipeline_rescore.c.report_id == request_id
    attempts = connection.execute(
        select(pipeline_rescore.c.attempts).where(rows).limit(1)
    ).scalar_one_or_none()
    count = (attempts or 0) + 1
    parked = count >= max_attempts
    connection.execute(
        update(pipeline_rescore)
        .where(rows)
        .values(attempts=count, error=error[:4000], **({"parked_at": now} if parked else {}))
    )
    return parked


def parked_requests(connection: Connection, limit: int = 100) -> list[dict[str, Any]]:
    """Parked requests, oldest first: their id, entities, attempts and reason (the shape of
    ``queue.failed``'s letters, with no report)."""
    rows = connection.execute(
        select(
            pipeline_rescore.c.report_id,
            pipeline_rescore.c.entity_id,
            pipeline_rescore.c.attempts,
            pipeline_rescore.c.error,
            pipeline_rescore.c.parked_at,
        )
        .where(pipeline_rescore.c.parked_at.is_not(None))
        .order_by(pipeline_rescore.c.parked_at, pipeline_rescore.c.report_id)
    ).all()
    letters: dict[str, dict[str, Any]] = {}
    for row in rows:
        letter = letters.get(row.report_id)
        if letter is None:
            if len(letters) >= limit:
                break
            letter = letters[row.report_id] = {
                "request_id": row.report_id,
                "kind": "judgement",
                "failed_stage": RESCORE,
                "entities": [],
                "attempts": row.attempts,
                "error": row.error,
                "failed_at": row.parked_at.isoformat(),
            }
        letter["entities"].append(row.entity_id)
    return list(letters.values())


def parked_count(connection: Connection) -> int:
    """How many requests are parked (distinct ids)."""
    found = connection.execute(
        select(pipeline_rescore.c.report_id)
        .where(pipeline_rescore.c.parked_at.is_not(None))
        .distinct()
    )
    return len(found.all())


def retry_requests(connection: Connection, request_ids: Sequence[str] | None = None) -> int:
    """Put parked requests back (all, or these ids): the next pass re-scores them. Returns
    how many requests went back."""
    condition: Any = pipeline_rescore.c.parked_at.is_not(None)
    if request_ids is not None:
        condition = and_(condition, pipeline_rescore.c.report_id.in_(list(request_ids)))
    ids = set(connection.execute(select(pipeline_rescore.c.report_id).where(condition)).scalars())
    if ids:
        connection.execute(
            update(pipeline_rescore).where(condition).values(parked_at=None, attempts=0)
        )
    return len(ids)
