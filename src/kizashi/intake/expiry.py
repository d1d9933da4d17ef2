"""What intake forgets when reports expire: their mentions (registered in ``intake.room``).

The report row stays (it is immutable and its hashes are the tombstone); its payload is
already unreadable (its key is destroyed before any hook runs). Mentions hold the values as
written (names, phones, handles), so they go; resolve's hook, which refers to them, runs
first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete

from kizashi.store.tables import mentions


def forget_reports(connection: Connection, expired: Any, now: datetime) -> dict[str, int]:
    """Delete the mentions of the reports ``expired`` selects (oversight's expiry hook)."""
    gone = connection.execute(delete(mentions).where(mentions.c.report_id.in_(expired)))
    return {"mentions": gone.rowcount}
