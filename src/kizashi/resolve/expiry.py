"""What resolve forgets when reports expire: records with their blocking keys, mention
owners and review flags (those of an expired record, and the ambiguous flags naming one as
a candidate), links, judgements and memberships.

Registered in ``resolve.room``; oversight calls it in the expiry's transaction, after the
rooms whose rows refer to entities (triage, purchases) and before intake deletes the
mentions. An entity left with no member is deleted (nothing refers to it any more: the
hooks before this one removed its contributions, firings and alerts); an entity that keeps
members is relabelled from them when its label was only spelt by expired mentions.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, or_, select, update

from kizashi.resolve.copies import restore_keys
from kizashi.resolve.entities_writer import label_of, mark_left
from kizashi.resolve.store_model import latest_model
from kizashi.store.tables import mentions
from kizashi.store.tables_resolve import (
    entities,
    entity_members,
    link_judgements,
    resolve_edges,
    resolve_flags,
    resolve_keys,
    resolve_mentions,
    resolve_records,
)

_CHUNK = 500


def forget_reports(connection: Connection, expired: Any, now: datetime) -> dict[str, int]:
    """Delete what resolve derived from the reports ``expired`` selects (oversight's hook)."""
    touched = set(
        connection.execute(
            select(entity_members.c.entity_id).where(entity_members.c.report_id.in_(expired))
        ).scalars()
    )
    records = select(resolve_records.c.id).where(resolve_records.c.report_id.in_(expired))
    record_ids = [str(r) for r in connection.execute(records).scalars()]
    # Copies of the expired records that stay get their blocking keys back (copies.py).
    restore_keys(connection, record_ids, latest_model(connection)[1])
    naming = _naming_flags(connection, record_ids)
    edges = connection.execute(
        delete(resolve_edges).where(
            or_(resolve_edges.c.left_id.in_(records), resolve_edges.c.right_id.in_(records))
        )
    ).rowcount
    flags = connection.execute(
        delete(resolve_flags).where(
            or_(resolve_flags.c.left_id.in_(records), resolve_flags.c.right_id.in_(records))
        )
    ).rowcount
    flags += _delete_flags(connection, naming)
    keys = connection.execute(
        delete(resolve_keys).where(resolve_keys.c.record_id.in_(records))
    ).rowcount
    expired_mentions = select(mentions.c.id).where(mentions.c.report_id.in_(expired))
    owners = connection.execute(
        delete(resolve_mentions).where(
            or_(
                resolve_mentions.c.record_id.in_(records),
                resolve_mentions.c.mention_id.in_(expired_mentions),
            )
        )
    ).rowcount
    gone_records = connection.execute(
        delete(resolve_records).where(resolve_records.c.report_id.in_(expired))
    ).rowcount
    judgements = connection.execute(
        delete(link_judgements).where(
            or_(
                link_judgements.c.left_mention_id.in_(expired_mentions),
                link_judgements.c.right_mention_id.in_(expired_mentions),
            )
        )
    ).rowcount
    members = connection.execute(
        delete(entity_members).where(entity_members.c.report_id.in_(expired))
    ).rowcount
    mark_left(connection, touched, now)
    emptied, relabelled = _settle(connection, sorted(touched), now)
    return {
        "records": gone_records,
        "edges": edges,
        "flags": flags,
        "keys": keys,
        "mention_owners": owners,
        "judgements": judgements,
        "memberships": members,
        "entities_deleted": emptied,
        "entities_relabelled": relabelled,
    }


def _naming_flags(connection: Connection, record_ids: list[str]) -> list[tuple[str, str]]:
    """The ambiguous flags (left, right) that name an expired record as a candidate while
    neither of their own records expires: the conflict they carry tells the expired
    person's birth date. An ambiguous record is flagged against each candidate, so they are
    the flags of the records an expired candidate was flagged against."""
    gone = set(record_ids)
    torn: set[str] = set()
    for start in range(0, len(record_ids), _CHUNK):
        chunk = record_ids[start : start + _CHUNK]
        for left, right in connection.execute(
            select(resolve_flags.c.left_id, resolve_flags.c.right_id).where(
                resolve_flags.c.kind == "ambiguous",
                or_(resolve_flags.c.left_id.in_(chunk), resolve_flags.c.right_id.in_(chunk)),
            )
        ):
            torn |= {str(left), str(right)} - gone
    out: list[tuple[str, str]] = []
    ids = sorted(torn)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for row in connection.execute(
            select(
                resolve_flags.c.left_id, resolve_flags.c.right_id, resolve_flags.c.conflicts
            ).where(
                resolve_flags.c.kind == "ambiguous",
                or_(resolve_flags.c.left_id.in_(chunk), resolve_flags.c.right_id.in_(chunk)),
            )
        ):
            named = {str(c) for item in row.conflicts or () for c in item.get("candidates", ())}
            if named & gone and not {str(row.left_id), str(row.right_id)} & gone:
                out.append((str(row.left_id), str(row.right_id)))
    return sorted(set(out))


def _delete_flags(connection: Connection, pairs: list[tuple[str, str]]) -> int:
    deleted = 0
    for left, right in pairs:
        deleted += connection.execute(
            delete(resolve_flags).where(
                resolve_flags.c.left_id == left, resolve_flags.c.right_id == right
            )
        ).rowcount
    return deleted


def _settle(connection: Connection, entity_ids: list[str], now: datetime) -> tuple[int, int]:
    """Delete the entities left without members; relabel the others if need be."""
    deleted = relabelled = 0
    for start in range(0, len(entity_ids), _CHUNK):
        chunk = entity_ids[start : start + _CHUNK]
        values: dict[str, list[str]] = defaultdict(list)
        for entity_id, kind, value in connection.execute(
            select(entity_members.c.entity_id, mentions.c.kind, mentions.c.value)
            .join(mentions, mentions.c.id == entity_members.c.mention_id)
            .where(entity_members.c.entity_id.in_(chunk))
        ):
            values[entity_id].append(f"{kind}\x00{value}")
        empty = [e for e in chunk if e not in values]
        if empty:
            deleted += connection.execute(delete(entities).where(entities.c.id.in_(empty))).rowcount
        rows = connection.execute(
            select(entities.c.id, entities.c.kind, entities.c.label).where(
                entities.c.id.in_([e for e in chunk if e in values])
            )
        ).all()
        changes = []
        for row in rows:
            own = [v.split("\x00", 1)[1] for v in values[row.id] if v.startswith(f"{row.kind}\x00")]
            spelt = own or [v.split("\x00", 1)[1] for v in values[row.id]]
            if row.label not in spelt:
                changes.append({"eid": row.id, "new_label": label_of(spelt)})
        if changes:
            connection.execute(
                update(entities)
                .where(entities.c.id == bindparam("eid"))
                .values(label=bindparam("new_label"), updated_at=now),
                changes,
            )
            relabelled += len(changes)
    return deleted, relabelled
