"""What the purchase rules forget when reports expire: every firing that names one of them.

A firing is a conclusion drawn from the purchases it names; once one of them has expired
the firing cannot be shown or explained, so it goes (a later run of the rules over the
purchases that remain fires again if they still warrant it). Registered in
``purchases.room``; runs before resolve's hook (firings refer to entities).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select

from kizashi.store.tables import reports
from kizashi.store.tables_purchases import purchase_firings
from kizashi.store.tables_resolve import entity_members

_CHUNK = 500


def forget_reports(connection: Connection, expired: Any, now: datetime) -> dict[str, int]:
    """Delete the firings naming any report ``expired`` selects (oversight's expiry hook)."""
    buyers = select(entity_members.c.entity_id).where(entity_members.c.report_id.in_(expired))
    firings = connection.execute(
        select(purchase_firings.c.id, purchase_firings.c.report_ids).where(
            purchase_firings.c.entity_id.in_(buyers)
        )
    ).all()
    named = sorted({str(r) for f in firings for r in f.report_ids or ()})
    gone: set[str] = set()
    for start in range(0, len(named), _CHUNK):
        chunk = named[start : start + _CHUNK]
        gone.update(
            connection.execute(
                select(reports.c.id).where(reports.c.id.in_(chunk), reports.c.id.in_(expired))
            ).scalars()
        )
    doomed = [f.id for f in firings if gone.intersection(str(r) for r in f.report_ids or ())]
    deleted = 0
    for start in range(0, len(doomed), _CHUNK):
        deleted += connection.execute(
            delete(purchase_firings).where(
                purchase_firings.c.id.in_(doomed[start : start + _CHUNK])
            )
        ).rowcount
    return {"firings": deleted}
