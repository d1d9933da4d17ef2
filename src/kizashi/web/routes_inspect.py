"""Inspection pages (the inspection desk and auditors): insider alerts with their
explanations, recent accesses, and one access's audit entry with its inclusion proof."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import Connection, select

from kizashi.guard import AuditError, Resource
from kizashi.store.tables import audit_entries, users
from kizashi.web.door import PageRefusedError, officer_visit
from kizashi.web.render import page

router = APIRouter(prefix="/ui/inspection", include_in_schema=False)

RECENT = 50


def insider_alerts(connection: Connection) -> list[dict[str, Any]]:
    """Insider-threat alerts with their explanations, newest first.

    TODO(lead): the guard room's insider alerts table (migration 0005) and its inspection
    service are not on this branch; at merge, return its rows here as dicts with ``id``,
    ``user_name``, ``score``, ``opened_at``, ``status`` and ``explanation`` (a list of
    ``{feature, value, baseline, weight}`` or of text lines). Until then the page shows none.
    """
    del connection
    return []


def recent_entries(connection: Connection, before: int | None) -> list[dict[str, Any]]:
    query = (
        select(
            audit_entries.c.seq,
            audit_entries.c.time,
            audit_entries.c.action,
            audit_entries.c.resource_type,
            audit_entries.c.resource_id,
            audit_entries.c.effect,
            users.c.name.label("actor_name"),
            audit_entries.c.actor,
        )
        .outerjoin(users, users.c.id == audit_entries.c.actor)
        .order_by(audit_entries.c.seq.desc())
        .limit(RECENT)
    )
    if before is not None:
        query = query.where(audit_entries.c.seq < before)
    return [dict(r._mapping) for r in connection.execute(query)]


@router.get("")
def inspection(request: Request, before: Annotated[int | None, Query(ge=0)] = None) -> Response:
    current = officer_visit(request)
    current.require("list", [Resource("audit_entry", "recent")])
    with current.engine.connect() as connection:
        found = insider_alerts(connection)
        entries = recent_entries(connection, before)
    return page(request, "inspection.html", visit=current, insider=found, entries=entries)


@router.get("/audit/{seq}")
def audit_entry(request: Request, seq: int) -> Response:
    current = officer_visit(request)
    current.require("read", [Resource("audit_entry", str(seq))])
    try:
        proof = current.guard.audit.prove(seq)
    except AuditError:
        raise PageRefusedError(404, "not_found") from None
    leaf = orjson.loads(proof.leaf)
    return page(
        request,
        "audit_entry.html",
        visit=current,
        proof=proof,
        leaf=leaf,
        pretty=orjson.dumps(leaf, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode(),
        verified=proof.verify(),
    )
