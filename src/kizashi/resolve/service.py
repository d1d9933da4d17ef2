"""Entity resolution over the store: the room's use cases in one place.

- :func:`resolve_store` (batch, :mod:`kizashi.resolve.batch`) links every report's person
  records with the one linker and stores entities, edges, review flags and the model;
- :func:`link_new_report` (:mod:`kizashi.resolve.incremental`) links one new report at
  incremental cost with the same model, and re-clusters only what it touches;
  :func:`link_report` / :func:`link_reports` do it in the caller's transaction for one report
  or a claimed batch (the live pipeline's resolve stage);
- :func:`record_judgement` / :func:`undo_judgement` (:mod:`kizashi.resolve.judgements`) store
  an analyst's "same" / "not the same" and apply it to the components it touches;
- the reads: an entity's members with their reasons, its judgements and review flags.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, or_, select

from kizashi.clock import Clock, system_clock
from kizashi.errors import NotFoundError
from kizashi.resolve.batch import ResolveSummary, resolve_store
from kizashi.resolve.components import recluster_components
from kizashi.resolve.incremental import (
    LinkedReport,
    link_new_report,
    link_report,
    link_reports,
    lock_resolve,
)
from kizashi.resolve.judgements import JudgementError, record_judgement, undo_judgement
from kizashi.resolve.read import entity_flags
from kizashi.resolve.store_model import has_linkage_model, latest_model
from kizashi.store import transaction
from kizashi.store.tables import mentions
from kizashi.store.tables_resolve import (
    entities,
    entity_members,
    link_judgements,
    resolve_records,
)

__all__ = [
    "JudgementError",
    "LinkedReport",
    "ResolveSummary",
    "entity_flags",
    "entity_members_of",
    "has_linkage_model",
    "judgements_of",
    "link_new_report",
    "link_report",
    "link_reports",
    "recluster",
    "record_judgement",
    "resolve_store",
    "undo_judgement",
]


def recluster(engine: Engine, *, clock: Clock = system_clock) -> int:
    """Re-apply the judgements in force to the stored edges everywhere; the entity count."""
    with transaction(engine) as connection:
        lock_resolve(connection)
        run_id, model = latest_model(connection)
        components = {
            str(r.component)
            for r in connection.execute(select(resolve_records.c.component).distinct())
        }
        recluster_components(connection, model, components, run_id or None, clock())
        return len(
            {
                str(r.entity_id)
                for r in connection.execute(select(entity_members.c.entity_id).distinct())
            }
        )


def entity_members_of(engine: Engine, entity_id: str) -> list[dict[str, Any]]:
    """Every member mention of an entity with its report and why it joined."""
    with engine.connect() as connection:
        entity = (
            connection.execute(select(entities).where(entities.c.id == entity_id))
            .mappings()
            .first()
        )
        if entity is None:
            raise NotFoundError(f"entity {entity_id}: no such entity")
        rows = connection.execute(
            select(entity_members, mentions.c.kind, mentions.c.value, mentions.c.path)
            .join(mentions, mentions.c.id == entity_members.c.mention_id)
            .where(entity_members.c.entity_id == entity_id)
            .order_by(entity_members.c.report_id, mentions.c.path)
        ).mappings()
        return [dict(r) for r in rows]


def judgements_of(engine: Engine, entity_id: str) -> list[dict[str, Any]]:
    """Judgements (in force or undone) touching any member of an entity."""
    with engine.connect() as connection:
        ids = [
            r.mention_id
            for r in connection.execute(
                select(entity_members.c.mention_id).where(entity_members.c.entity_id == entity_id)
            )
        ]
        if not ids:
            return []
        rows = connection.execute(
            select(link_judgements)
            .where(
                or_(
                    link_judgements.c.left_mention_id.in_(ids),
                    link_judgements.c.right_mention_id.in_(ids),
                )
            )
            .order_by(link_judgements.c.created_at)
        )
        return [dict(r) for r in rows.mappings()]
