"""What detect forgets when reports expire: their signals (registered in ``detect.room``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete

from kizashi.store.tables_signals import signals


def forget_reports(connection: Connection, expired: Any, now: datetime) -> dict[str, int]:
    """Delete the signals of the reports ``expired`` selects (oversight's expiry hook)."""
    gone = connection.execute(delete(signals).where(signals.c.report_id.in_(expired)))
    return {"signals": gone.rowcount}
