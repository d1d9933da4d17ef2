"""Entities as partitions of mentions, and a store emptied of its links: the consistency
tests compare linkings whatever their entity ids are."""

from __future__ import annotations

import random

from sqlalchemy import Engine, delete, select

from kizashi.store.tables import reports
from kizashi.store.tables_resolve import (
    entity_members,
    resolve_edges,
    resolve_flags,
    resolve_keys,
    resolve_mentions,
    resolve_records,
)


def partition(engine: Engine) -> set[frozenset[str]]:
    """Person records grouped by entity (mention ids), whatever the entity ids are."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(entity_members.c.mention_id, entity_members.c.entity_id).join(
                resolve_mentions, resolve_mentions.c.mention_id == entity_members.c.mention_id
            )
        ).all()
    groups: dict[str, set[str]] = {}
    for mention_id, entity_id in rows:
        groups.setdefault(str(entity_id), set()).add(str(mention_id))
    return {frozenset(g) for g in groups.values()}


def forget_links(engine: Engine, *, shuffle: bool = True) -> list[str]:
    """Drop every link but keep the trained model; the report ids (shuffled, or in id order
    as the pipeline's queue hands them out)."""
    with engine.begin() as connection:
        for table in (entity_members, resolve_keys, resolve_mentions, resolve_edges, resolve_flags,
                      resolve_records):  # fmt: skip
            connection.execute(delete(table))
        ids = [str(r.id) for r in connection.execute(select(reports.c.id).order_by(reports.c.id))]
    if shuffle:
        random.Random(5).shuffle(ids)
    return ids
