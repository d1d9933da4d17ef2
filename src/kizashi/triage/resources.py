"""What the guard needs to decide about alerts and entities (loaded, so ``decide`` stays pure).

- an alert is content routed to its desk (``Resource("alert", id, desk=...)``), carries the
  strictest handling code of its evidence, and is held by every compartment that holds its
  entity;
- an entity is looked up as a *subject* (``entity:<id>``), so a compartment that holds any
  of its names, phones, e-mails or accounts (``guard.identity_cases.subject_key``) seals it
  and an outsider's lookup is deconflicted, as for any other subject.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select

from kizashi.errors import InputError
from kizashi.guard import CompartmentInfo, Resource
from kizashi.guard.identity_cases import load_compartments, subject_key
from kizashi.store.tables import compartment_items, mentions
from kizashi.store.tables_resolve import entities, entity_members

SUBJECT_KINDS = ("person", "phone", "email", "account", "address", "payment_token")


def _keys(connection: Connection, entity_ids: list[str]) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = defaultdict(set)
    for start in range(0, len(entity_ids), 500):
        # Filter the kinds here, not in SQL: a kind condition tempts SQLite into scanning the
        # (kind, normalized) index of every mention instead of the members' primary keys.
        query = (
            select(entity_members.c.entity_id, mentions.c.kind, mentions.c.value)
            .join(mentions, mentions.c.id == entity_members.c.mention_id)
            .where(entity_members.c.entity_id.in_(entity_ids[start : start + 500]))
        )
        for row in connection.execute(query):
            if row.kind not in SUBJECT_KINDS:
                continue
            try:
                keys[row.entity_id].add(subject_key(row.kind, row.value))
            except InputError:
                continue
    return keys


def entity_compartments(
    connection: Connection, entity_ids: Iterable[str]
) -> dict[str, tuple[CompartmentInfo, ...]]:
    """Entity id -> the compartments holding any of its subject keys."""
    ids = sorted(set(entity_ids))
    keys = _keys(connection, ids)
    every_key = sorted({k for ks in keys.values() for k in ks})
    holders: dict[str, set[str]] = defaultdict(set)
    for start in range(0, len(every_key), 500):
        query = select(compartment_items.c.ref, compartment_items.c.compartment_id).where(
            compartment_items.c.kind == "subject",
            compartment_items.c.ref.in_(every_key[start : start + 500]),
        )
        for row in connection.execute(query):
            holders[row.ref].add(row.compartment_id)
    boxes = {
        c.id: c for c in load_compartments(connection, {c for s in holders.values() for c in s})
    }
    out: dict[str, tuple[CompartmentInfo, ...]] = {}
    for entity_id in ids:
        held = sorted({c for key in keys.get(entity_id, ()) for c in holders.get(key, ())})
        out[entity_id] = tuple(boxes[c] for c in held if c in boxes)
    return out


def alert_resources(connection: Connection, rows: list[Any]) -> list[Resource]:
    held = entity_compartments(connection, [row.entity_id for row in rows])
    return [
        Resource(
            "alert",
            row.id,
            desk=row.desk_id,
            compartments=held.get(row.entity_id, ()),
            handling_code=row.handling_code,
        )
        for row in rows
    ]


def missing_alert(alert_id: str) -> Resource:
    return Resource("alert", alert_id, found=False)


def entity_resource(connection: Connection, entity_id: str) -> Resource:
    found = connection.execute(select(entities.c.id).where(entities.c.id == entity_id)).first()
    if found is None:
        return Resource("subject", f"entity:{entity_id}", found=False)
    held = entity_compartments(connection, [entity_id])[entity_id]
    return Resource("subject", f"entity:{entity_id}", compartments=held)
