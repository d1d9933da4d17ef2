"""What the pipeline forgets when reports expire: their cursors in the work queue, and the
re-scores the resolve stage left for their triage."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete

from kizashi.store.tables_pipeline import pipeline_queue, pipeline_rescore


def forget_reports(connection: Connection, expired: Any, now: datetime) -> dict[str, int]:
    """Delete the queue rows of the reports ``expired`` selects (oversight's expiry hook)."""
    connection.execute(delete(pipeline_rescore).where(pipeline_rescore.c.report_id.in_(expired)))
    gone = connection.execute(delete(pipeline_queue).where(pipeline_queue.c.report_id.in_(expired)))
    return {"queue": gone.rowcount}
