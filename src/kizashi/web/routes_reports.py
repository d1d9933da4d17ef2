"""A report's page (provenance, grading, text with evidence, mentions); cases are in routes_cases."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from kizashi.intake import get_report
from kizashi.store import entities, entity_members, mentions
from kizashi.web import entity as entity_queries
from kizashi.web.door import PageRefusedError, officer_visit
from kizashi.web.present import highlight
from kizashi.web.render import page

router = APIRouter(prefix="/ui", include_in_schema=False)

# Admiralty grading, as the analyst reads it (message ids in messages.yaml).
RELIABILITY = ("A", "B", "C", "D", "E", "F")
CREDIBILITY = ("1", "2", "3", "4", "5", "6")


def _entities_of(connection: Any, report_id: str) -> list[dict[str, Any]]:
    query = (
        select(entities.c.id, entities.c.kind, entities.c.label, mentions.c.value)
        .join(entity_members, entity_members.c.entity_id == entities.c.id)
        .join(mentions, mentions.c.id == entity_members.c.mention_id)
        .where(entity_members.c.report_id == report_id)
        .order_by(entities.c.kind, entities.c.label)
    )
    return [dict(r._mapping) for r in connection.execute(query)]


@router.get("/reports/{report_id}")
def report_page(request: Request, report_id: str) -> Response:
    current = officer_visit(request)
    resource = current.guard.load("report", report_id)
    current.require("read", [resource])
    with current.engine.connect() as connection:
        report = get_report(connection, report_id)
        if report is None:
            raise PageRefusedError(404, "not_found")
        found = entity_queries.signals_by_report(connection, [report_id]).get(report_id, [])
        linked = _entities_of(connection, report_id)
    evidence = [e for s in found for e in (s["evidence"] or [])]
    return page(
        request,
        "report.html",
        visit=current,
        report=report,
        segments=highlight(report["text"], evidence),
        signals=found,
        linked=linked,
        desk=resource.desk,
        case=resource.case,
    )
