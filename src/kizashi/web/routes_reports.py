"""A report's page (provenance, grading, text with evidence, mentions) and a case's page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from kizashi.guard import Resource
from kizashi.guard.identity_cases import load_case
from kizashi.intake import get_report
from kizashi.store import entities, entity_members, mentions
from kizashi.store.tables import cases, material_labels, users
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


@router.get("/cases/{case_ref}")
def case_page(request: Request, case_ref: str) -> Response:
    """A case: its record (desk lead, admins) and the material the user may read in it.

    An officer assigned to the case sees its material (rule CASE-1) though not its
    management record; anyone who may see neither gets the same 404 as for a missing case.
    """
    current = officer_visit(request)
    with current.engine.connect() as connection:
        row = connection.execute(select(cases).where(cases.c.ref == case_ref)).first()
        if row is None:
            current.require("read", [Resource("case", f"ref:{case_ref}", found=False)])
            raise PageRefusedError(404, "not_found")
        info = load_case(connection, row.id)
        labelled = list(
            connection.execute(
                select(material_labels.c.resource_id).where(
                    material_labels.c.case_id == row.id,
                    material_labels.c.resource_type == "report",
                )
            ).scalars()
        )
        assigned = [
            str(n)
            for n in connection.execute(
                select(users.c.name)
                .where(users.c.id.in_(sorted(info.assigned)))
                .order_by(users.c.name)
            ).scalars()
        ]
    record = current.visible("read", [Resource("case", row.id, desk=row.desk_id, case=info)])[0]
    resources = current.load("report", labelled)
    readable = [
        r.id for r, ok in zip(resources, current.visible("read", resources), strict=True) if ok
    ]
    if not record and not readable:
        raise PageRefusedError(404, "not_found")
    with current.engine.connect() as connection:
        material = entity_queries.linked_reports(connection, readable)
    return page(
        request,
        "case.html",
        visit=current,
        case=row,
        assigned=assigned if record else [],
        record=record,
        material=material,
    )
