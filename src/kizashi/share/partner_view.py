"""A product as a recipient without the originating desk's need to know sees it: the one read
model of the share room's list and single read for a partner recipient (rule ``PRODUCT-5``)
and for an officer of another desk named as a recipient (``PRODUCT-5`` and nothing else: the
policy, asked again as if they were not a recipient, refuses them), as ``report_as_seen_by``
is for reports. An officer with need to know for the originating desk (its own officers, an
assigned officer, its lead) keeps the desk's full view (``ShareService._recipient_only``).

The guard lets a named recipient read a released product, but what leaves the desk is the
recipient's own fingerprinted copy of the tear-line, never the product row. So a recipient is
told:

- the product's recipient-safe metadata: id, kind, title (already in its notification and
  inbox), language, handling code, status and when it was released;
- its own deliveries (id, format, when delivered, read, acknowledged) and, on a single
  read, its own copy's text exactly as the copy route serves it (re-made by trace for this
  recipient, checked by its hash; the read is decided and logged as that route's is, and
  marks the delivery read). A PDF copy is not inlined: ``copy_path`` fetches it.

Never the full text above the tear-line, the tear-line unfingerprinted or its removals, the
fingerprint template (``{{a|b}}`` slots would let a recipient undo the tracing), another
recipient's copy id or hash, the approvals and their reasons, the sources (alert, report or
case ids), the desk, the case or the author. A STIX report exported by a partner or served
to it over TAXII carries its own copy's text too (``own_copy_text``), not the tear-line.
``tests/share/test_api.py`` (the partner tests and the every-role test,
``test_a_product_read_by_every_role_is_the_full_view_only_with_need_to_know``),
``tests/web/test_share_pages.py`` and
``tests/web/test_partner_one_door.py`` hold every route a recipient reaches to it.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import Connection, Engine

from kizashi.clock import Clock, iso
from kizashi.guard import User
from kizashi.share import repository as repo
from kizashi.store import transaction

# The product row's columns a partner recipient is told; everything else stays in.
PARTNER_FIELDS = ("id", "kind", "title", "lang", "handling_code", "status", "released_at")
COPY_PATH = "/api/v1/share/inbox/{delivery_id}/copy"


class CopyMaker(Protocol):
    """What this view asks of trace: a recipient's copy, made again and checked by its hash."""

    def copy_content(self, user: User, copy_id: str, *, purpose: str) -> tuple[bytes, str]: ...


class SharedProducts(Protocol):
    """What this view asks of the share service (:class:`kizashi.share.ShareService`)."""

    @property
    def engine(self) -> Engine: ...

    @property
    def clock(self) -> Clock: ...

    def tracer(self) -> CopyMaker: ...


def _delivery(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "delivery_id": row["id"],
        "format": row["format"],
        "delivered_at": iso(row["delivered_at"]),
        "read_at": iso(row["read_at"]),
        "acknowledged_at": iso(row["acknowledged_at"]),
        "copy_path": COPY_PATH.format(delivery_id=row["id"]),
    }


def own_deliveries(connection: Connection, user: User, product_id: str) -> list[dict[str, Any]]:
    """The user's own deliveries of a product (the store's rows), newest first."""
    return repo.deliveries(connection, recipient_id=user.id, product_id=product_id)


def product_summary(product: dict[str, Any], mine: list[dict[str, Any]]) -> dict[str, Any]:
    """A list item: the recipient-safe metadata and the recipient's own deliveries."""
    out = {name: iso(product.get(name)) for name in PARTNER_FIELDS}
    out["deliveries"] = [_delivery(d) for d in mine]
    return out


def own_copy_text(service: SharedProducts, user: User, product_id: str, purpose: str) -> str | None:
    """The text of the user's latest own copy of a product, as the copy route serves it
    (the fetch decided and logged by trace); None for a PDF copy or no delivery. What a
    STIX bundle or TAXII object for a partner carries instead of the bare tear-line."""
    with service.engine.connect() as connection:
        mine = own_deliveries(connection, user, product_id)
    if not mine or mine[0]["format"] != "md":
        return None
    content, _media = service.tracer().copy_content(user, mine[0]["trace_copy_id"], purpose=purpose)
    return bytes(content).decode("utf-8")


def product_as_recipient_sees_it(
    service: SharedProducts, user: User, product: dict[str, Any], purpose: str
) -> dict[str, Any]:
    """A single read: the summary and the text of the recipient's latest own copy."""
    with service.engine.connect() as connection:
        mine = own_deliveries(connection, user, product["id"])
    out = product_summary(product, mine)
    out["copy"] = None
    if mine:
        latest = mine[0]
        content, _media = service.tracer().copy_content(
            user, latest["trace_copy_id"], purpose=purpose
        )
        if latest["format"] == "md":
            out["copy"] = content.decode("utf-8")
        if latest["read_at"] is None:
            with transaction(service.engine) as connection:
                repo.update_delivery(connection, latest["id"], read_at=service.clock())
            out["deliveries"][0]["read_at"] = iso(service.clock())
    return out
