"""What outreach forgets when reports expire: the approach readings of those reports.

A reading (``approach_readings``) is one approach report read into stages, keyed by the
report; it goes with its report. The approacher built from several readings is recomputed
by the next ``kizashi outreach run`` (docs/oversight.md lists it as not yet recomputed at
expiry). Registered in ``outreach.room``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete

from kizashi.store.tables_outreach import approach_readings


def forget_reports(connection: Connection, expired: Any, now: datetime) -> dict[str, int]:
    """Delete the readings of the reports ``expired`` selects (oversight's expiry hook)."""
    gone = connection.execute(
        delete(approach_readings).where(approach_readings.c.report_id.in_(expired))
    )
    return {"readings": gone.rowcount}
