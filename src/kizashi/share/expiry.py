"""What share forgets when reports expire: the indicators those reports carried in, and the
exchange's pointers to them.

An indicator (``share_indicators``) is derived from one report and is offered to partners
over STIX/TAXII; once its report has expired it goes. A delivery whose question became a
report (``share_deliveries.question_report_id``) and a platform request answered by a report
(``share_requests.answer_report_id``) stay as records of the exchange, but no longer name
the expired report. Products are not rewritten: an approved, released product is the record
of what was sent (docs/oversight.md). Registered in ``share.room``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, update

from kizashi.store.tables_share import share_deliveries, share_indicators, share_requests


def forget_reports(connection: Connection, expired: Any, now: datetime) -> dict[str, int]:
    """Delete the indicators of the reports ``expired`` selects and clear the deliveries'
    and requests' ids of them (oversight's expiry hook)."""
    gone = connection.execute(
        delete(share_indicators).where(share_indicators.c.report_id.in_(expired))
    )
    questions = connection.execute(
        update(share_deliveries)
        .where(share_deliveries.c.question_report_id.in_(expired))
        .values(question_report_id=None)
    )
    answers = connection.execute(
        update(share_requests)
        .where(share_requests.c.answer_report_id.in_(expired))
        .values(answer_report_id=None)
    )
    return {
        "indicators": gone.rowcount,
        "questions": questions.rowcount,
        "answers": answers.rowcount,
    }
