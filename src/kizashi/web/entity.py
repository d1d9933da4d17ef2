"""An entity's page: its members, every linked report, signals, risk, links and judgements.

Reads the resolve and triage contract tables (``entities``, ``entity_members``,
``link_judgements``, ``risk_contributions``) and ``signals``. Judgements are written here
until the resolve room's judgement service is merged (then :func:`record_judgement` and
:func:`undo_judgement` call it): they are never deleted, an undo sets ``undone_at``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, or_, select

from kizashi.store import (
    entities,
    entity_members,
    link_judgements,
    reports,
    signals,
)
from kizashi.store.payloads import with_payloads
from kizashi.store.tables import mentions, users

VERDICTS = ("same", "not_same")


def linked_reports(connection: Connection, report_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The reports, oldest event first: the entity's timeline across channels."""
    wanted = sorted(set(report_ids))
    if not wanted:
        return []
    query = select(
        reports.c.id,
        reports.c.channel,
        reports.c.source,
        reports.c.received_at,
        reports.c.occurred_at,
        reports.c.reliability,
        reports.c.credibility,
        reports.c.handling_code,
    ).where(reports.c.id.in_(wanted))
    rows = [
        {**row._mapping, "text": payload.text, "body": payload.body}
        for row, payload in with_payloads(connection, connection.execute(query), ("text", "body"))
    ]
    rows.sort(key=lambda r: (r["occurred_at"] or r["received_at"], r["id"]))
    return rows


def signals_by_report(
    connection: Connection, report_ids: Iterable[str]
) -> dict[str, list[dict[str, Any]]]:
    wanted = sorted(set(report_ids))
    found: dict[str, list[dict[str, Any]]] = {}
    if not wanted:
        return found
    query = select(signals).where(signals.c.report_id.in_(wanted)).order_by(signals.c.created_at)
    for row in connection.execute(query):
        found.setdefault(row.report_id, []).append(dict(row._mapping))
    return found


def neighbours(
    connection: Connection, entity_id: str, report_ids: Iterable[str]
) -> list[dict[str, Any]]:
    """Other entities named in the same reports (a guarantor, the phone a tenant gave)."""
    wanted = sorted(set(report_ids))
    if not wanted:
        return []
    query = (
        select(
            entity_members.c.entity_id,
            entity_members.c.report_id,
            entity_members.c.mention_id,
            entities.c.kind,
            entities.c.label,
        )
        .join(entities, entities.c.id == entity_members.c.entity_id)
        .where(entity_members.c.report_id.in_(wanted), entity_members.c.entity_id != entity_id)
        .distinct()
    )
    return [dict(row._mapping) for row in connection.execute(query)]


def judgements(connection: Connection, mention_ids: Iterable[str]) -> list[dict[str, Any]]:
    wanted = sorted(set(mention_ids))
    if not wanted:
        return []
    query = (
        select(link_judgements, users.c.name.label("user_name"))
        .outerjoin(users, users.c.id == link_judgements.c.user_id)
        .where(
            or_(
                link_judgements.c.left_mention_id.in_(wanted),
                link_judgements.c.right_mention_id.in_(wanted),
            )
        )
        .order_by(link_judgements.c.created_at.desc(), link_judgements.c.id.desc())
    )
    return [dict(row._mapping) for row in connection.execute(query)]


def mention_values(connection: Connection, mention_ids: Iterable[str]) -> dict[str, str]:
    """Mention id -> its value (the caller decided the reports they come from)."""
    wanted = sorted(set(mention_ids))
    if not wanted:
        return {}
    query = select(mentions.c.id, mentions.c.value).where(mentions.c.id.in_(wanted))
    return {str(r.id): str(r.value) for r in connection.execute(query)}


def entity_of_mention(connection: Connection, mention_id: str) -> str | None:
    found = connection.execute(
        select(entity_members.c.entity_id).where(entity_members.c.mention_id == mention_id)
    ).scalar()
    return str(found) if found is not None else None


def get_judgement(connection: Connection, judgement_id: str) -> dict[str, Any] | None:
    row = connection.execute(
        select(link_judgements).where(link_judgements.c.id == judgement_id)
    ).first()
    return dict(row._mapping) if row is not None else None
