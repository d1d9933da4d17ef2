"""Findings: what a room above triage concluded about an entity, counted and routed by triage.

Outreach sees that the same approacher was reported by two companies; triage owns alerts.
Rather than a second alert machine in outreach, the room raises a *finding* here
(:func:`raise_finding`, in the caller's transaction): a weighted contribution with a
category, an explanation and routing facts (the countries of the approacher's claimed
organisation or nationality, whether another desk's compartment holds the subject). Triage
then scores the entity as always — the finding is one more contribution, shown with the
others — and :mod:`triage.service` routes the alert by ``alert_routing.yaml``, whose
``countries`` condition reads the findings' facts. A finding is keyed by (room, source_ref),
so raising it again updates it; a withdrawn finding stops counting.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from kizashi.ids import new_id
from kizashi.store.tables_triage import findings
from kizashi.triage.config import RiskConfig
from kizashi.triage.scoring import Contribution

__all__ = ["Finding", "finding_contributions", "raise_finding", "withdraw_finding"]


@dataclass(frozen=True)
class Finding:
    entity_id: str
    room: str
    source_ref: str
    category: str
    summary: str
    observed_at: datetime
    weight: float | None = None  # None: the signal type's weight for the category
    facts: dict[str, Any] = field(default_factory=dict)  # countries, held_elsewhere
    explanation: dict[str, Any] = field(default_factory=dict)
    handling_code: str | None = None


def raise_finding(connection: Connection, finding: Finding, *, now: datetime) -> str:
    """Store (or update) the finding; its id. The next triage of the entity counts it."""
    values = {
        "entity_id": finding.entity_id,
        "category": finding.category,
        "weight": -1.0 if finding.weight is None else float(finding.weight),
        "facts": finding.facts,
        "summary": finding.summary[:2000],
        "explanation": finding.explanation,
        "handling_code": finding.handling_code,
        "observed_at": finding.observed_at,
        "updated_at": now,
        "withdrawn_at": None,
    }
    old = connection.execute(
        select(findings.c.id).where(
            findings.c.room == finding.room, findings.c.source_ref == finding.source_ref
        )
    ).scalar()
    if old is not None:
        connection.execute(update(findings).where(findings.c.id == old).values(**values))
        return str(old)
    finding_id = new_id()
    connection.execute(
        insert(findings).values(
            id=finding_id,
            room=finding.room,
            source_ref=finding.source_ref,
            created_at=now,
            **values,
        )
    )
    return finding_id


def withdraw_finding(connection: Connection, room: str, source_ref: str, *, now: datetime) -> bool:
    result = connection.execute(
        update(findings)
        .where(findings.c.room == room, findings.c.source_ref == source_ref)
        .where(findings.c.withdrawn_at.is_(None))
        .values(withdrawn_at=now, updated_at=now)
    )
    return bool(result.rowcount)


def finding_contributions(
    connection: Connection, config: RiskConfig, entity_ids: Collection[str] | None = None
) -> Iterable[Contribution]:
    signal = config.types["finding"]
    query = select(findings).where(findings.c.withdrawn_at.is_(None))
    if entity_ids is not None:
        if not entity_ids:
            return
        query = query.where(findings.c.entity_id.in_(sorted(entity_ids)))
    for row in connection.execute(query):
        base = row.weight if row.weight >= 0 else signal.base_weight(row.category)
        yield Contribution(
            entity_id=row.entity_id,
            kind="finding",
            source_ref=f"finding:{row.room}:{row.source_ref}",
            report_id=None,
            category=row.category,
            base_weight=base,
            # A finding is the platform's own conclusion over graded reports (each of which
            # counts on its own); it is not graded again.
            reliability="A",
            credibility="1",
            strength=1.0,
            observed_at=row.observed_at,
            handling_code=row.handling_code,
            summary=row.summary,
            details={
                "rule": f"finding:{row.room}",
                "room": row.room,
                "facts": row.facts or {},
                "finding": row.explanation or {},
            },
        )
