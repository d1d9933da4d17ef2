"""Reading mentions and the resolver's own tables (records, keys, edges, flags, models)."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

import orjson
from sqlalchemy import Connection, delete, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from kizashi.resolve.slots import SlotRecord, slot_records
from kizashi.store.engine import is_sqlite
from kizashi.store.pass_cache import forget, report_heads, shared
from kizashi.store.payloads import open_bodies
from kizashi.store.tables import mentions
from kizashi.store.tables_resolve import (
    entity_id_keys,
    entity_members,
    link_judgements,
    resolve_edges,
    resolve_flags,
    resolve_keys,
    resolve_mentions,
    resolve_records,
)

__all__ = [
    "chunks",
    "component_records",
    "edges_among",
    "entity_id_key",
    "entity_uuid",
    "judgement_pairs",
    "read_reports",
    "save_edges",
    "save_flags",
    "save_records",
]

_NAMESPACE = uuid.UUID("6f1c0a52-4b7e-4f8e-9a43-2f0e5c1d7b11")
_KINDS = ("person", "phone", "email", "account", "address", "payment_token", "organisation")
T = TypeVar("T")


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def json_value(value: Any) -> Any:
    """A JSON column read as text (``type_coerce(column, Text)``), decoded by orjson: ~3× the
    stdlib's speed, for the rows the live path reads by the thousand (stored members'
    reasons, candidates' features; issue 12, live12). What orjson refuses and the stdlib
    reads (NaN, Infinity) goes to the stdlib. (Neither column holds integers, which orjson
    reads as floats past 64 bits.) A driver that decodes JSON itself (psycopg) hands the
    object over, returned as it is."""
    if not isinstance(value, str | bytes):
        return value
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        return json.loads(value)


_ID_KEY = "entity_id_key"


def _read_id_key(connection: Connection) -> Any:
    return connection.execute(select(entity_id_keys.c.key).where(entity_id_keys.c.id == 1)).first()


def entity_id_key(connection: Connection, now: datetime) -> bytes | None:
    """This store's key for entity ids, made on first use (None: legacy public uuid5 ids).

    Kept in the store, not in a file, so every process that writes entities (the worker, a
    batch run, a second worker on PostgreSQL) makes the same ids, and a backup carries it."""
    row = shared(_ID_KEY, lambda: _read_id_key(connection))  # once a worker pass
    if row is None:
        forget(_ID_KEY)  # made below in a transaction that may roll back: not kept
        # Two first writers race safely: the loser's insert does nothing and it reads the
        # winner's key.
        dialect = sqlite if is_sqlite(connection) else postgresql
        connection.execute(
            dialect.insert(entity_id_keys)
            .values(id=1, key=os.urandom(32), created_at=now)
            .on_conflict_do_nothing(index_elements=["id"])
        )
        row = connection.execute(select(entity_id_keys.c.key).where(entity_id_keys.c.id == 1)).one()
    return None if row.key is None else bytes(row.key)


def entity_uuid(id_key: bytes | None, kind: str, key: str) -> str:
    """A stable entity id for a kind and key in this store (re-runs give the same id).

    The one place entity ids are made (:mod:`kizashi.resolve.entities_writer` calls it for a
    new person cluster, keyed by its smallest record id, and for an identifier's entity,
    keyed by the identifier's normalised value). What relies on it being a function of
    (kind, key): an identifier named again finds its entity without a lookup, and the batch
    and live paths give a new cluster the same id. Keyed with the store's secret
    (:func:`entity_id_key`): an id computed outside the store (an address's, a shop's) is
    not the police's id, so asking for it tells nothing. A store that held entities before
    the key existed keeps the public ``uuid5`` scheme (``id_key`` None) so that its ids, which
    alerts, cases and the audit log refer to, stay the same."""
    name = f"{kind}:{key}"
    if id_key is None:
        return str(uuid.uuid5(_NAMESPACE, name))
    digest = hmac.new(id_key, name.encode("utf-8"), hashlib.sha256).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def read_reports(
    connection: Connection,
    report_ids: Iterable[str] | None = None,
    *,
    linked: set[str] | None = None,
) -> Iterator[tuple[list[SlotRecord], list[Mapping[str, Any]]]]:
    """Per report: its person records and the mentions left outside them.

    ``linked`` (with ``report_ids``): the reports whose mentions are entity members already
    are added to it and not read further, in the same statement as the mentions (the live
    resolve stage skips them: a statement a pass fewer than asking ``entity_members`` apart;
    a member is always one of its report's mentions of these kinds)."""
    query = select(mentions).order_by(mentions.c.report_id, mentions.c.id)
    ids = list(report_ids) if report_ids is not None else None
    if ids is None:
        query = query.where(mentions.c.kind.in_(_KINDS))
    else:
        # The kinds are kept in Python, not in the WHERE: given both, SQLite's planner (no
        # statistics) walks the (kind, normalized) index, i.e. every person mention in the
        # store, for each batch of new reports, instead of their few rows by report id.
        query = query.where(mentions.c.report_id.in_(ids))
        if linked is not None:
            member = select(entity_members.c.mention_id).where(
                entity_members.c.report_id == mentions.c.report_id
            )
            query = query.add_columns(member.exists().label(_LINKED))
    by_report: dict[str, list[Mapping[str, Any]]] = {}
    for row in connection.execute(query).mappings():
        if row["kind"] in _KINDS:
            mention = dict(row)
            if mention.pop(_LINKED, False) and linked is not None:
                linked.add(str(row["report_id"]))
            by_report.setdefault(str(row["report_id"]), []).append(mention)
    for report_id in linked or ():
        by_report.pop(report_id, None)
    keys = list(by_report)
    for chunk in chunks(keys, 500):
        opened = open_bodies(connection, chunk)
        bodies = {
            rid: (opened.get(rid), head.at) for rid, head in report_heads(connection, chunk).items()
        }
        for report_id in chunk:
            body, when = bodies.get(report_id, ({}, None))
            # The report's date: an age written beside a name is an age on that day.
            as_of = when.date().isoformat() if when is not None else None
            yield slot_records(report_id, body or {}, by_report[report_id], as_of=as_of)


_LINKED = "linked_already"


def save_records(connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Records (id, report_id, slot, mention_ids, features, entity_id, component), their
    mentions and their blocking keys (``keys``)."""
    for chunk in chunks(rows, 1000):
        connection.execute(
            insert(resolve_records), [{k: v for k, v in r.items() if k != "keys"} for r in chunk]
        )
    owners = [{"mention_id": m, "record_id": r["id"]} for r in rows for m in r["mention_ids"]]
    for chunk in chunks(owners, 2000):
        connection.execute(insert(resolve_mentions), chunk)
    keys = [{"key": k, "record_id": r["id"]} for r in rows for k in r["keys"]]
    for chunk in chunks(keys, 2000):
        connection.execute(insert(resolve_keys), chunk)


def delete_records(connection: Connection, record_ids: Sequence[str]) -> None:
    for chunk in chunks(record_ids, 500):
        connection.execute(delete(resolve_keys).where(resolve_keys.c.record_id.in_(chunk)))
        connection.execute(delete(resolve_mentions).where(resolve_mentions.c.record_id.in_(chunk)))
        for table in (resolve_edges, resolve_flags):
            connection.execute(
                delete(table).where(or_(table.c.left_id.in_(chunk), table.c.right_id.in_(chunk)))
            )
        connection.execute(delete(resolve_records).where(resolve_records.c.id.in_(chunk)))


def component_records(
    connection: Connection, components: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """Every record of the given components (id → row incl. features)."""
    out: dict[str, dict[str, Any]] = {}
    for chunk in chunks(sorted(set(components)), 500):
        rows = connection.execute(
            select(resolve_records).where(resolve_records.c.component.in_(chunk))
        ).mappings()
        out.update({str(r["id"]): dict(r) for r in rows})
    return out


def edges_among(connection: Connection, record_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Stored edges from any of these records (the other end is in the same component)."""
    out: list[dict[str, Any]] = []
    for chunk in chunks(sorted(record_ids), 500):
        out += [
            dict(r)
            for r in connection.execute(
                select(resolve_edges).where(resolve_edges.c.left_id.in_(chunk))
            ).mappings()
        ]
    return out


def judgement_pairs(
    connection: Connection, mention_ids: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """Judgements in force (not undone), oldest first: a later one wins over an earlier.

    With ``mention_ids``, only those touching one of them."""
    query = (
        select(link_judgements)
        .where(link_judgements.c.undone_at.is_(None))
        .order_by(link_judgements.c.created_at, link_judgements.c.id)
    )
    if mention_ids is None:
        return [dict(r) for r in connection.execute(query).mappings()]
    # Most stores hold no judgement in force: one look first, not two IN lists a chunk of a
    # re-clustered component's mentions (issue 12, live12: thousands of ids at 100k stored,
    # their parameters ~9 % of the live worker's CPU, to find nothing).
    if not mention_ids or _none_in_force(connection):
        return []
    found: dict[str, dict[str, Any]] = {}
    for chunk in chunks(sorted(mention_ids), 500):
        rows = connection.execute(
            query.where(
                or_(
                    link_judgements.c.left_mention_id.in_(chunk),
                    link_judgements.c.right_mention_id.in_(chunk),
                )
            )
        ).mappings()
        found.update({str(r["id"]): dict(r) for r in rows})
    return sorted(found.values(), key=lambda j: (j["created_at"], j["id"]))


def _none_in_force(connection: Connection) -> bool:
    query = select(link_judgements.c.id).where(link_judgements.c.undone_at.is_(None)).limit(1)
    return connection.execute(query).first() is None


def save_edges(connection: Connection, edges: Sequence[Mapping[str, Any]]) -> None:
    for chunk in chunks(edges, 1000):
        connection.execute(insert(resolve_edges), chunk)


def save_flags(connection: Connection, flags: Sequence[Mapping[str, Any]]) -> None:
    for chunk in chunks(flags, 1000):
        connection.execute(insert(resolve_flags), chunk)
