"""Reading and writing the share room's tables (the caller owns the transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from kizashi.errors import NotFoundError
from kizashi.guard import Resource
from kizashi.guard.identity import load_case, released_to
from kizashi.store.tables_share import (
    share_approvals,
    share_deliveries,
    share_notifications,
    share_products,
    share_requests,
)


def _row(mapping: Any) -> dict[str, Any]:
    """A row as a plain dict: its keys are SQLAlchemy's quoted_name, a str subclass that
    JSON writers (orjson, in `kizashi share show`) refuse as keys."""
    return {str(key): value for key, value in mapping.items()}


def get_product(connection: Connection, product_id: str) -> dict[str, Any]:
    row = (
        connection.execute(select(share_products).where(share_products.c.id == product_id))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFoundError(f"no product {product_id}")
    return _row(row)


def product_resource(connection: Connection, product: dict[str, Any]) -> Resource:
    """The product as the guard sees it: desk, case, author, approval, released recipients."""
    return Resource(
        "product",
        product["id"],
        desk=product["desk_id"],
        case=load_case(connection, product["case_id"]) if product["case_id"] else None,
        handling_code=product["handling_code"],
        author=product["created_by"],
        approved=product["status"] in ("approved", "released"),
        released_to=released_to(connection, product["id"]),
    )


def missing_product(product_id: str) -> Resource:
    return Resource("product", product_id, found=False)


def insert_product(connection: Connection, values: dict[str, Any]) -> None:
    connection.execute(insert(share_products).values(**values))


def update_product(connection: Connection, product_id: str, **values: Any) -> None:
    connection.execute(
        update(share_products).where(share_products.c.id == product_id).values(**values)
    )


def list_products(
    connection: Connection, *, status: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    query = select(share_products).order_by(share_products.c.updated_at.desc()).limit(limit)
    if status:
        query = query.where(share_products.c.status == status)
    return [_row(r) for r in connection.execute(query).mappings()]


def insert_approval(connection: Connection, values: dict[str, Any]) -> None:
    connection.execute(insert(share_approvals).values(**values))


def approvals_of(connection: Connection, kind: str, subject_id: str) -> list[dict[str, Any]]:
    query = (
        select(share_approvals)
        .where(share_approvals.c.subject_kind == kind, share_approvals.c.subject_id == subject_id)
        .order_by(share_approvals.c.decided_at)
    )
    return [_row(r) for r in connection.execute(query).mappings()]


def insert_deliveries(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        connection.execute(insert(share_deliveries), list(rows))


def deliveries(
    connection: Connection, *, recipient_id: str | None = None, product_id: str | None = None
) -> list[dict[str, Any]]:
    query = select(share_deliveries).order_by(share_deliveries.c.delivered_at.desc())
    if recipient_id:
        query = query.where(share_deliveries.c.recipient_id == recipient_id)
    if product_id:
        query = query.where(share_deliveries.c.product_id == product_id)
    return [_row(r) for r in connection.execute(query).mappings()]


def get_delivery(connection: Connection, delivery_id: str) -> dict[str, Any]:
    row = (
        connection.execute(select(share_deliveries).where(share_deliveries.c.id == delivery_id))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFoundError(f"no delivery {delivery_id}")
    return _row(row)


def update_delivery(connection: Connection, delivery_id: str, **values: Any) -> None:
    connection.execute(
        update(share_deliveries).where(share_deliveries.c.id == delivery_id).values(**values)
    )


def notify(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        connection.execute(insert(share_notifications), list(rows))


def notifications(connection: Connection, user_id: str) -> list[dict[str, Any]]:
    query = (
        select(share_notifications)
        .where(share_notifications.c.user_id == user_id)
        .order_by(share_notifications.c.created_at.desc())
    )
    return [_row(r) for r in connection.execute(query).mappings()]


def unread_notifications(connection: Connection, user_id: str) -> int:
    query = select(func.count()).where(
        share_notifications.c.user_id == user_id, share_notifications.c.read_at.is_(None)
    )
    return int(connection.execute(query).scalar() or 0)


def mark_notifications_read(connection: Connection, user_id: str, now: datetime) -> int:
    done = connection.execute(
        update(share_notifications)
        .where(share_notifications.c.user_id == user_id, share_notifications.c.read_at.is_(None))
        .values(read_at=now)
    )
    return int(done.rowcount or 0)


def get_request(connection: Connection, request_id: str) -> dict[str, Any]:
    row = (
        connection.execute(select(share_requests).where(share_requests.c.id == request_id))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFoundError(f"no request {request_id}")
    return _row(row)


def insert_request(connection: Connection, values: dict[str, Any]) -> None:
    connection.execute(insert(share_requests).values(**values))


def update_request(connection: Connection, request_id: str, **values: Any) -> None:
    connection.execute(
        update(share_requests).where(share_requests.c.id == request_id).values(**values)
    )


def list_requests(connection: Connection) -> list[dict[str, Any]]:
    query = select(share_requests).order_by(share_requests.c.created_at.desc())
    return [_row(r) for r in connection.execute(query).mappings()]


def request_resource(connection: Connection, request: dict[str, Any]) -> Resource:
    """A request to a platform is a product too: drafted, approved by a second person, sent."""
    return Resource(
        "product",
        request["id"],
        desk=request["desk_id"],
        handling_code="TLP:AMBER+STRICT",
        author=request["created_by"],
        approved=request["status"] in ("approved", "sent", "answered", "closed"),
    )
