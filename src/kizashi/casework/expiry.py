"""What casework forgets when reports expire: the bytes of attachments kept as those reports.

An attachment is a report of the ``case_attachment`` channel; when that report expires
(oversight's expiry), its file goes with it, and the timeline's event keeps only that a
file was attached and has expired (its name could say something of a person). Promotions,
notes and tasks are the officers' own records of the case, not derived from a report, and
stay. Registered in ``casework.room``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, update

from kizashi.store.tables_casework import case_attachments, case_events


def forget_reports(connection: Connection, expired: Any, now: datetime) -> dict[str, int]:
    """Delete the attachments whose report ``expired`` selects; blank their events' names."""
    doomed = (
        connection.execute(
            select(case_attachments.c.id).where(case_attachments.c.report_id.in_(expired))
        )
        .scalars()
        .all()
    )
    if not doomed:
        return {"attachments": 0}
    ids = [str(i) for i in doomed]
    events = connection.execute(
        select(case_events.c.id, case_events.c.detail).where(
            case_events.c.kind == "attached", case_events.c.ref.in_(ids)
        )
    ).all()
    connection.execute(delete(case_attachments).where(case_attachments.c.id.in_(ids)))
    if events:
        connection.execute(
            update(case_events)
            .where(case_events.c.id == bindparam("eid"))
            .values(detail=bindparam("new_detail")),
            [
                {
                    "eid": e.id,
                    "new_detail": {
                        "report_id": (e.detail or {}).get("report_id"),
                        "expired_at": now.isoformat(),
                    },
                }
                for e in events
            ],
        )
    return {"attachments": len(ids)}
