"""Writing what triage concludes: contributions (upserted), alerts (one open per entity).

Re-running triage on the same store changes nothing: a contribution is keyed by (entity,
kind, source), an open alert is updated in place, and a closed alert is followed by a new
one only when evidence arrived after it was closed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, delete, insert, select, update

from kizashi.ids import new_id
from kizashi.store.tables_triage import alert_events, alerts, risk_contributions
from kizashi.triage.scoring import Contribution

OPEN_STATES = ("new", "in_review")
CHUNK = 500


def _rows(
    connection: Connection, query: Select[Any], column: Any, ids: Collection[str] | None
) -> Iterator[Any]:
    if ids is None:
        yield from connection.execute(query)
        return
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield from connection.execute(query.where(column.in_(ordered[start : start + CHUNK])))


@dataclass
class StoreCounts:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0


def save_contributions(
    connection: Connection,
    items: Sequence[Contribution],
    now: datetime,
    entity_ids: Collection[str] | None = None,
) -> tuple[StoreCounts, dict[tuple[str, str, str], tuple[str, datetime]]]:
    """Upsert by (entity, kind, source_ref); delete those no longer produced — of every
    entity, or only of ``entity_ids`` (the incremental path re-scores just those).

    Returns the counts and, per key, the stored id and when it was first stored.
    """
    counts = StoreCounts()
    existing = {
        (row.entity_id, row.kind, row.source_ref): row
        for row in _rows(
            connection, select(risk_contributions), risk_contributions.c.entity_id, entity_ids
        )
    }
    keys: dict[tuple[str, str, str], tuple[str, datetime]] = {}
    for item in items:
        key = (item.entity_id, item.kind, item.source_ref)
        values = {
            "report_id": item.report_id,
            "category": item.category,
            "weight": item.weight,
            "half_life_days": float(item.explanation["half_life_days"]),
            "observed_at": item.observed_at,
            "explanation": item.explanation,
            "reliability": item.reliability,
            "credibility": item.credibility,
            "handling_code": item.handling_code,
        }
        old = existing.get(key)
        if old is None:
            row_id = new_id()
            connection.execute(
                insert(risk_contributions).values(
                    id=row_id,
                    entity_id=item.entity_id,
                    kind=item.kind,
                    source_ref=item.source_ref,
                    created_at=now,
                    updated_at=now,
                    **values,
                )
            )
            counts.inserted += 1
            keys[key] = (row_id, now)
            continue
        keys[key] = (old.id, old.created_at)
        if any(getattr(old, name) != value for name, value in values.items()):
            connection.execute(
                update(risk_contributions)
                .where(risk_contributions.c.id == old.id)
                .values(updated_at=now, **values)
            )
            counts.updated += 1
    stale = [row.id for key, row in existing.items() if key not in keys]
    for start in range(0, len(stale), 500):
        connection.execute(
            delete(risk_contributions).where(
                risk_contributions.c.id.in_(stale[start : start + 500])
            )
        )
    counts.deleted = len(stale)
    return counts, keys


def evidence_fingerprint(source_refs: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(sorted(source_refs)).encode()).hexdigest()[:16]


def event(
    connection: Connection,
    alert_id: str,
    action: str,
    at: datetime,
    *,
    user_id: str | None = None,
    reason: str | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    connection.execute(
        insert(alert_events).values(
            id=new_id(),
            alert_id=alert_id,
            user_id=user_id,
            action=action,
            reason=reason,
            at=at,
            from_status=from_status,
            to_status=to_status,
            details=details or {},
        )
    )


def latest_alerts(
    connection: Connection, entity_ids: Collection[str] | None = None
) -> dict[str, Any]:
    """Entity id -> its most recent alert row (of every entity, or of ``entity_ids``)."""
    latest: dict[str, Any] = {}
    rows = _rows(connection, select(alerts), alerts.c.entity_id, entity_ids)
    for row in sorted(rows, key=lambda r: (r.opened_at, r.id)):
        latest[row.entity_id] = row
    return latest


def open_or_update(
    connection: Connection,
    previous: Any | None,
    values: dict[str, Any],
    *,
    newest_evidence: datetime,
    now: datetime,
) -> tuple[str, str | None]:
    """Open an alert, update the open one, or leave a closed one be; returns what it did
    (opened, updated, unchanged, closed) and the alert's id."""
    fingerprint = values["explanation"]["evidence_fingerprint"]
    if previous is not None and previous.status in OPEN_STATES:
        changes = {k: v for k, v in values.items() if k != "desk_id" or previous.status == "new"}
        old_fp = (previous.explanation or {}).get("evidence_fingerprint")
        if old_fp == fingerprint and abs(previous.score - values["score"]) < 1e-6:
            return "unchanged", str(previous.id)
        connection.execute(
            update(alerts).where(alerts.c.id == previous.id).values(updated_at=now, **changes)
        )
        if old_fp != fingerprint:
            event(
                connection,
                previous.id,
                "rescored",
                now,
                reason="new or changed evidence",
                details={"score_before": previous.score, "score_after": values["score"]},
            )
        return "updated", str(previous.id)
    if (
        previous is not None
        and previous.closed_at is not None
        and newest_evidence <= previous.closed_at
    ):
        return "closed", str(previous.id)  # reviewed already; nothing new since
    alert_id = new_id()
    connection.execute(
        insert(alerts).values(id=alert_id, status="new", opened_at=now, updated_at=now, **values)
    )
    event(
        connection,
        alert_id,
        "opened",
        now,
        to_status="new",
        reason=values["summary"],
        details={
            "score": values["score"],
            "routing_rule": values["routing_rule"],
            "after_alert": previous.id if previous is not None else None,
            "urgent": values.get("urgent"),
        },
    )
    return "opened", alert_id
