"""Storage of products, copies and findings (SQLAlchemy Core; the caller owns the transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from kizashi.errors import NotFoundError
from kizashi.guard.identity import load_case, load_compartments, released_to
from kizashi.guard.policy import Resource
from kizashi.store.tables import users
from kizashi.store.tables_trace import (
    trace_copies,
    trace_findings,
    trace_index,
    trace_products,
    trace_text_index,
)


def insert_product(connection: Connection, values: dict[str, Any]) -> None:
    connection.execute(trace_products.insert().values(**values))


def get_product(connection: Connection, product_id: str) -> dict[str, Any]:
    row = (
        connection.execute(select(trace_products).where(trace_products.c.id == product_id))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFoundError(f"no trace product {product_id}")
    return dict(row)


def original_digest(connection: Connection, product_id: str) -> str:
    """The SHA-256 of a product's kept original (without reading the original)."""
    digest = connection.execute(
        select(trace_products.c.original_sha256).where(trace_products.c.id == product_id)
    ).scalar()
    if digest is None:
        raise NotFoundError(f"no trace product {product_id}")
    return str(digest)


def list_products(
    connection: Connection, *, kind: str | None = None, with_operation: bool = False
) -> list[dict[str, Any]]:
    query = select(trace_products).order_by(trace_products.c.created_at)
    if kind:
        query = query.where(trace_products.c.kind == kind)
    rows = [dict(r) for r in connection.execute(query).mappings()]
    return [r for r in rows if r["operation"]] if with_operation else rows


def product_resource(connection: Connection, product: dict[str, Any]) -> Resource:
    """The product as the guard sees it: its desk, case, compartment and handling code.

    Decided as material (kind ``report``) with its own id, which is what its rules for
    content need; the recipients of an approved release (share) are named on it.
    """
    case = load_case(connection, product["case_id"]) if product["case_id"] else None
    boxes = (
        load_compartments(connection, [product["compartment_id"]])
        if product["compartment_id"]
        else []
    )
    return Resource(
        "report",
        product["id"],
        desk=product["desk_id"],
        case=case,
        compartments=tuple(boxes),
        handling_code=product["handling_code"],
        # Share's approved releases name partners and other desks as recipients.
        released_to=released_to(connection, product["id"]),
    )


def insert_copies(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        connection.execute(trace_copies.insert(), list(rows))


def get_copy(connection: Connection, copy_id: str) -> dict[str, Any]:
    row = (
        connection.execute(select(trace_copies).where(trace_copies.c.id == copy_id))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFoundError(f"no copy {copy_id}")
    return dict(row)


def copies_of(connection: Connection, product_id: str) -> list[dict[str, Any]]:
    query = (
        select(trace_copies, users.c.name.label("recipient"))
        .join(users, users.c.id == trace_copies.c.recipient_id)
        .where(trace_copies.c.product_id == product_id)
        .order_by(trace_copies.c.issued_at, trace_copies.c.id)
    )
    return [dict(r) for r in connection.execute(query).mappings()]


def insert_finding(
    connection: Connection,
    finding_id: str,
    kind: str,
    leaked_sha256: str | None,
    product_id: str | None,
    result: dict[str, Any],
    found_by: str,
    found_at: datetime,
) -> None:
    connection.execute(
        trace_findings.insert().values(
            id=finding_id,
            kind=kind,
            leaked_sha256=leaked_sha256,
            product_id=product_id,
            result=result,
            found_by=found_by,
            found_at=found_at,
        )
    )


def user_names(connection: Connection, ids: Sequence[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = connection.execute(select(users.c.id, users.c.name).where(users.c.id.in_(list(ids))))
    return {row.id: row.name for row in rows}


# --- shortlist indexes ---------------------------------------------------------------------


def insert_index(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        connection.execute(trace_index.insert(), list(rows))


def index_rows(connection: Connection, product_id: str | None = None) -> list[Any]:
    """Descriptors of every indexed page whose product has at least one copy issued."""
    issued = select(trace_copies.c.product_id).distinct()
    query = select(
        trace_index.c.product_id,
        trace_index.c.page,
        trace_index.c.views,
        trace_index.c.height,
        trace_index.c.width,
    ).where(trace_index.c.product_id.in_(issued))
    if product_id:
        query = query.where(trace_index.c.product_id == product_id)
    return list(connection.execute(query.order_by(trace_index.c.product_id, trace_index.c.page)))


def insert_text_index(connection: Connection, row: dict[str, Any]) -> None:
    connection.execute(trace_text_index.insert().values(**row))


def text_index_rows(connection: Connection, product_id: str | None = None) -> list[Any]:
    issued = select(trace_copies.c.product_id).distinct()
    query = select(trace_text_index.c.product_id, trace_text_index.c.shingles).where(
        trace_text_index.c.product_id.in_(issued)
    )
    if product_id:
        query = query.where(trace_text_index.c.product_id == product_id)
    return list(connection.execute(query))


def get_products(connection: Connection, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    query = select(trace_products).where(trace_products.c.id.in_(list(ids)))
    return {row["id"]: dict(row) for row in connection.execute(query).mappings()}
