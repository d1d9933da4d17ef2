"""An open alert follows its subject's records when they are merged into another entity.

A judgement or a re-grouping can merge the entity an alert is about into another one (issue
12: judgements act live). The alert would stay on the merged-away id: an empty subject, risk
0, and the person's risk opening a second alert on the entity their records went to — the
desk would work the same person twice. So when triage scores an entity that has no alert of
its own, an open alert of an entity merged into it is carried over: same alert, same
history and assignee, now about the entity the records are in, with a ``merged`` event that
says from where. A closed alert stays where it was decided (the decision was about what the
analyst saw then); where the entity already has an alert, the merged-away one keeps pointing
at it through its page's merged-into link.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from kizashi.resolve.read import merged_end
from kizashi.store.pass_cache import desk_ids
from kizashi.store.tables_resolve import entities
from kizashi.store.tables_triage import alerts
from kizashi.triage.store import OPEN_STATES, event


def open_alerts_merged_into(connection: Connection, survivors: Collection[str]) -> dict[str, Any]:
    """For each of ``survivors``, the newest open alert of an entity merged into it."""
    if not survivors:
        return {}
    wanted = set(survivors)
    # Open alerts by the desks' index (desk, status): few, however many alerts were closed;
    # then each one's entity by its key.
    query = (
        select(alerts)
        .join(entities, entities.c.id == alerts.c.entity_id)
        .where(
            alerts.c.desk_id.in_(sorted(desk_ids(connection))),
            alerts.c.status.in_(OPEN_STATES),
            entities.c.merged_into.is_not(None),
        )
    )
    found: dict[str, Any] = {}
    for row in sorted(connection.execute(query), key=lambda r: (r.opened_at, r.id)):
        end = merged_end(connection, str(row.entity_id))
        if end in wanted:
            found[end] = row  # the newest wins: sorted oldest first
    return found


def carry(connection: Connection, alert: Any, survivor: str, now: datetime) -> Any:
    """Re-point ``alert`` to ``survivor``, record it, and return the row as it is now."""
    connection.execute(
        update(alerts).where(alerts.c.id == alert.id).values(entity_id=survivor, updated_at=now)
    )
    event(
        connection,
        str(alert.id),
        "merged",
        now,
        reason="the subject's records were merged into another entity",
        details={"from_entity": str(alert.entity_id), "to_entity": survivor},
    )
    return connection.execute(select(alerts).where(alerts.c.id == alert.id)).one()
