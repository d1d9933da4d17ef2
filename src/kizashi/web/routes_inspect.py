"""Inspection pages (the inspection desk and auditors): insider alerts with their
explanations, recent accesses, and one access's audit entry with its inclusion proof."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import Connection, select

from kizashi.errors import NotFoundError
from kizashi.guard import AuditError, AuditWriteError, Resource
from kizashi.guard.insider_queue import get_insider_alert, list_insider_alerts
from kizashi.store.tables import audit_entries, users
from kizashi.web.door import PageRefusedError, Visit, officer_visit
from kizashi.web.render import page

router = APIRouter(prefix="/ui/inspection", include_in_schema=False)

RECENT = 50


def insider_rows(current: Visit) -> list[dict[str, Any]]:
    """The insider alerts this user may read, newest first, each read decided and audited by
    the guard's inspection queue (anyone but the inspection desk gets none)."""
    try:
        found = list_insider_alerts(current.guard, current.user, current.session.purpose)
    except AuditWriteError:
        raise PageRefusedError(503, "unavailable") from None
    return [{**a, "lines": _lines(a["explanation"])} for a in found]


def _lines(explanation: str) -> list[str]:
    return [line.strip() for line in explanation.splitlines() if line.strip()]


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
    found = insider_rows(current)
    with current.engine.connect() as connection:
        entries = recent_entries(connection, before)
    return page(request, "inspection.html", visit=current, insider=found, entries=entries)


@router.get("/insider/{alert_id}")
def insider_alert(request: Request, alert_id: str) -> Response:
    current = officer_visit(request)
    try:
        found = get_insider_alert(
            current.guard, current.user, alert_id[:36], current.session.purpose
        )
    except NotFoundError:
        raise PageRefusedError(404, "not_found") from None
    except AuditWriteError:
        raise PageRefusedError(503, "unavailable") from None
    found["lines"] = _lines(found["explanation"])
    return page(request, "insider_alert.html", visit=current, alert=found)


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
