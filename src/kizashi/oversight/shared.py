"""What left the building about a person: the intelligence products drafted from their alerts
or reports, their approval and release, the per-recipient copies, and those copies' reads.

For the access report about an entity (:func:`kizashi.oversight.access.about_entity`). The
audit log names these under three resource types: the product (``product``: drafted, read,
approved, exported, listed by recipients), the released material of each delivery
(``report`` with the trace product's id: issued and read per recipient) and each
per-recipient fingerprinted copy (``copy``). Only metadata is read — kind, status, handling
code, recipients and times — never a product's title, body or tear-line (oversight never
sees content).

The products are found by their ``sources`` (a JSON list of ``{"kind", "id"}``), which has
no index by source id: every product's sources are read once per report (one pass builds
the lookup of the products that name any of the person's alerts or reports; only those are
then read in full), a cost that grows with the number of products, not of reports. Measured
once on a shared machine (SQLite, 220 alert and report ids, median of 7): 300 products
9–14 ms, 3,000 products 50–91 ms, 30,000 products 0.56–0.84 s per access report; a table of product sources (a migration) would make
it a lookup if the store ever holds that many.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import Connection, Text, cast, select

from kizashi.clock import iso
from kizashi.store.tables import users
from kizashi.store.tables_share import share_deliveries, share_products


@dataclass
class Shared:
    """The ids the audit log uses for what was shared about a person, and its facts."""

    products: set[str] = field(default_factory=set)
    materials: dict[str, str] = field(default_factory=dict)  # trace product id -> product
    copies: dict[str, str] = field(default_factory=dict)  # copy id -> product
    facts: list[dict[str, Any]] = field(default_factory=list)

    def resources(self) -> dict[str, set[str]]:
        """Audit resource type -> ids."""
        return {
            "product": set(self.products),
            "report": set(self.materials),
            "copy": set(self.copies),
        }

    def about(self, resource_type: str, resource_id: str) -> dict[str, Any] | None:
        """What an audit line of this resource is, in what was shared (None: not shared)."""
        if resource_type == "product" and resource_id in self.products:
            return {"product": resource_id, "as": "product"}
        if resource_type == "report" and resource_id in self.materials:
            return {"product": self.materials[resource_id], "as": "released_material"}
        if resource_type == "copy" and resource_id in self.copies:
            return {"product": self.copies[resource_id], "as": "recipient_copy"}
        return None


def _sources_index(connection: Connection, sources: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Product id -> the sources among `sources` it was drafted from, in one pass over the
    products' ``sources`` alone (read as text, parsed by orjson): no other column of a
    product that names none of them is read or converted."""
    raw = cast(share_products.c.sources, Text)  # text on both stores: orjson parses it
    found: dict[str, list[dict[str, Any]]] = {}
    for product_id, text in connection.execute(select(share_products.c.id, raw)):
        listed = orjson.loads(text or "[]")
        named = [s for s in listed if isinstance(s, dict) and str(s.get("id")) in sources]
        if named:
            found[product_id] = named
    return found


def _drafted_from(connection: Connection, sources: set[str]) -> list[Any]:
    """The products drafted from any of `sources` (their metadata), each with those sources."""
    named = _sources_index(connection, sources)
    if not named:
        return []
    rows = connection.execute(
        select(
            share_products.c.id,
            share_products.c.kind,
            share_products.c.status,
            share_products.c.handling_code,
            share_products.c.created_by,
            share_products.c.created_at,
            share_products.c.released_at,
        )
        .where(share_products.c.id.in_(sorted(named)))
        .order_by(share_products.c.id)
    )
    return [(row, named[row.id]) for row in rows]


def shared_about(connection: Connection, alert_ids: set[str], report_ids: set[str]) -> Shared:
    """Products drafted from these alerts or reports, with their deliveries and copies."""
    shared = Shared()
    drafted = _drafted_from(connection, alert_ids | report_ids)
    if not drafted:
        return shared
    shared.products = {row.id for row, _ in drafted}
    deliveries: dict[str, list[Any]] = {}
    for row in connection.execute(
        select(share_deliveries)
        .where(share_deliveries.c.product_id.in_(sorted(shared.products)))
        .order_by(share_deliveries.c.id)
    ):
        deliveries.setdefault(row.product_id, []).append(row)
        if row.trace_product_id:
            shared.materials[row.trace_product_id] = row.product_id
        if row.trace_copy_id:
            shared.copies[row.trace_copy_id] = row.product_id
    people = {r.recipient_id for rows in deliveries.values() for r in rows}
    people |= {row.created_by for row, _ in drafted}
    names = dict(
        connection.execute(select(users.c.id, users.c.name).where(users.c.id.in_(people))).all()
    )
    for row, named in drafted:
        shared.facts.append(
            {
                "product": row.id,
                "kind": row.kind,
                "status": row.status,
                "handling_code": row.handling_code,
                "drafted_from": [{"kind": s.get("kind"), "id": s.get("id")} for s in named],
                "drafted_by": names.get(row.created_by, row.created_by),
                "created_at": iso(row.created_at),
                "released_at": iso(row.released_at),
                "deliveries": [
                    {
                        "recipient": names.get(d.recipient_id, d.recipient_id),
                        "via": d.via,
                        "copy": d.trace_copy_id,
                        "delivered_at": iso(d.delivered_at),
                        "read_at": iso(d.read_at),
                        "acknowledged_at": iso(d.acknowledged_at),
                    }
                    for d in deliveries.get(row.id, [])
                ],
            }
        )
    return shared
