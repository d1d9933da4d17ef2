"""Releases: the recipients an approved product was released to.

A release is written by the room that ran the four-eyes approval (``share``) in its own
transaction, once a second person approved; the policy then lets exactly those recipients
read and receive the released material (rule ``PRODUCT-5``), nobody else. Keyed by the
material's id alone: ids are UUIDv7 and unique across rooms, and the same release covers a
share product and the trace product its fingerprinted copies are issued from.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, insert, select

from kizashi.store.tables_guard import material_releases


def release_material(
    connection: Connection,
    material_id: str,
    recipient_ids: Iterable[str],
    *,
    release_ref: str,
    now: datetime,
) -> None:
    """Record that `material_id` was released to these users (idempotent per recipient)."""
    have = released_to(connection, material_id)
    rows = [
        {
            "material_id": material_id,
            "recipient_id": rid,
            "release_ref": release_ref,
            "released_at": now,
        }
        for rid in dict.fromkeys(recipient_ids)
        if rid not in have
    ]
    if rows:
        connection.execute(insert(material_releases), rows)


def released_to(connection: Connection, material_id: str) -> frozenset[str]:
    """The user ids an approved release named for `material_id` (empty: not released)."""
    rows = connection.execute(
        select(material_releases.c.recipient_id).where(
            material_releases.c.material_id == material_id
        )
    )
    return frozenset(str(r.recipient_id) for r in rows)
