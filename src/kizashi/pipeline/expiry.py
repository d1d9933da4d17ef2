"""What the pipeline forgets when reports expire: their cursors in the work queue."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete

from kizashi.store.tables_pipeline import pipeline_queue


def forget_reports(connection: Connection, expired: Any, now: datetime) -> dict[str, int]:
    """Delete the queue rows of the reports ``expired`` selects (oversight's expiry hook)."""
    gone = connection.execute(delete(pipeline_queue).where(pipeline_queue.c.report_id.in_(expired)))
    return {"queue": gone.rowcount}
