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
left loses it), then re-scores them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, exists, select, tuple_

from kizashi.store.tables_pipeline import pipeline_queue, pipeline_rescore


def _outside_queue() -> Any:
    # Rows of no report in the queue: an analyst's request (a report's rows wait for its
    # triage, and a parked report's for its retry).
    queued = exists().where(pipeline_queue.c.report_id == pipeline_rescore.c.report_id)
    return ~queued


def requests_wait(connection: Connection) -> bool:
    """Whether an analyst's re-grouping waits to be re-scored (one read of a small table)."""
    found = connection.execute(select(pipeline_rescore.c.entity_id).where(_outside_queue()))
    return found.first() is not None


def claim_requests(connection: Connection) -> set[str]:
    """The entities analysts' re-groupings ask to re-score, their rows deleted in the
    caller's transaction (on PostgreSQL rows another worker holds are skipped; on SQLite the
    delete is the transaction's first statement and takes the write lock at once)."""
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            select(pipeline_rescore.c.report_id, pipeline_rescore.c.entity_id)
            .where(_outside_queue())
            .with_for_update(skip_locked=True)
        ).all()
        if rows:
            keys = [(r.report_id, r.entity_id) for r in rows]
            connection.execute(
                delete(pipeline_rescore).where(
                    tuple_(pipeline_rescore.c.report_id, pipeline_rescore.c.entity_id).in_(keys)
                )
            )
        return {str(r.entity_id) for r in rows}
    deleted = connection.execute(
        delete(pipeline_rescore).where(_outside_queue()).returning(pipeline_rescore.c.entity_id)
    )
    return {str(e) for e in deleted.scalars()}
