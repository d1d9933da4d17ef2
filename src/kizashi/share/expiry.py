"""What share forgets when reports expire: the indicators those reports carried in.

An indicator (``share_indicators``) is derived from one report and is offered to partners
over STIX/TAXII; once its report has expired it goes. Products, deliveries and requests that
merely name a report id (``question_report_id``, ``answer_report_id``) are records of the
exchange, not its content, and stay (docs/oversight.md). Registered in ``share.room``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete

from kizashi.store.tables_share import share_indicators


def forget_reports(connection: Connection, expired: Any, now: datetime) -> dict[str, int]:
    """Delete the indicators of the reports ``expired`` selects (oversight's expiry hook)."""
    gone = connection.execute(
        delete(share_indicators).where(share_indicators.c.report_id.in_(expired))
    )
    return {"indicators": gone.rowcount}
