"""Outreach through the guard: the in-process service of the API, the CLI and the web.

Every function takes the :class:`~kizashi.guard.Guard`, the acting user and the stated
purpose, asks the guard before it reads or writes, and the guard logs the decision before
anything is served. A company or approacher the user may not see raises the same
:class:`NotFoundError` as a missing one; a refusal the user may know about raises
:class:`ForbiddenError` with the rule. Approach reports shown on a company's or an
approacher's page are decided one by one: one the user may not read is left out (and
counted as withheld), never shown in part.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from kizashi.errors import ForbiddenError, NotFoundError
from kizashi.guard import Decision, Guard, Resource, User
from kizashi.guard.identity import subject_key
from kizashi.ids import new_id
from kizashi.outreach import registry
from kizashi.outreach.cards import business_card
from kizashi.outreach.config import outreach_config
from kizashi.outreach.model import stage_model
from kizashi.store import transaction
from kizashi.store.payloads import with_payloads
from kizashi.store.tables import reports
from kizashi.store.tables_outreach import approach_readings, approachers, companies

__all__ = [
    "approacher_view",
    "company_view",
    "complete_follow_up",
    "list_approachers",
    "list_companies",
    "log_activity",
    "register_company",
    "update_company",
]


def refusal(decision: Decision, what: str) -> Exception:
    if decision.conceal:
        return NotFoundError(f"no such {what}")
    return ForbiddenError(f"{decision.reason} (rule {decision.rule})")


def _require(
    guard: Guard, user: User, action: str, resources: Sequence[Resource], purpose: str, what: str
) -> None:
    for decision in guard.decide_many(user, action, resources, purpose):
        if not decision.allowed:
            raise refusal(decision, what)


def _company_resource(row: dict[str, Any] | None, company_id: str) -> Resource:
    if row is None:
        return Resource("company", company_id, found=False)
    return Resource(
        "company",
        company_id,
        desk=row["desk_id"],
        handling_code=row["handling_code"],
        organisation=row["organisation"],
    )


def list_companies(guard: Guard, user: User, purpose: str) -> list[dict[str, Any]]:
    with guard.engine.connect() as connection:
        rows = registry.list_companies(connection)
    resources = [_company_resource(r, r["id"]) for r in rows]
    shown = guard.decide_many(user, "list", resources, purpose)
    return [r for r, d in zip(rows, shown, strict=True) if d.allowed]


def register_company(
    guard: Guard, user: User, purpose: str, data: registry.CompanyIn
) -> dict[str, Any]:
    planned = Resource(
        "company",
        new_id(),
        desk=outreach_config().desk,
        handling_code=data.handling_code,
        organisation=data.organisation,
    )
    _require(guard, user, "write", [planned], purpose, "company")
    with transaction(guard.engine) as connection:
        return registry.create_company(connection, data, now=guard.now(), user_id=user.id)


def update_company(
    guard: Guard, user: User, purpose: str, company_id: str, data: registry.CompanyIn
) -> dict[str, Any]:
    _require(guard, user, "write", [guard.load("company", company_id)], purpose, "company")
    with transaction(guard.engine) as connection:
        return registry.update_company(connection, company_id, data, now=guard.now())


def log_activity(
    guard: Guard, user: User, purpose: str, company_id: str, data: registry.ActivityIn
) -> dict[str, Any]:
    _require(guard, user, "write", [guard.load("company", company_id)], purpose, "company")
    with transaction(guard.engine) as connection:
        return registry.record_activity(
            connection, company_id, data, now=guard.now(), user_id=user.id
        )


def complete_follow_up(guard: Guard, user: User, purpose: str, activity_id: str) -> dict[str, Any]:
    _require(guard, user, "write", [guard.load("outreach", activity_id)], purpose, "activity")
    with transaction(guard.engine) as connection:
        return registry.complete_follow_up(connection, activity_id, now=guard.now())


def _readings(engine: Engine, where: Any) -> list[dict[str, Any]]:
    query = (
        select(
            approach_readings,
            reports.c.external_id,
            companies.c.name.label("company_name"),
        )
        .join(reports, reports.c.id == approach_readings.c.report_id)
        .outerjoin(companies, companies.c.id == approach_readings.c.company_id)
        .where(where)
        .order_by(approach_readings.c.observed_at, approach_readings.c.report_id)
    )
    with engine.connect() as connection:
        rows = connection.execute(query)
        return [
            registry.row_dict(r)
            | {"text": p.text, "body": p.body, "card": business_card(r.channel, p.body or {})}
            for r, p in with_payloads(connection, rows, ("text", "body"), key="report_id")
        ]


def _readable(
    guard: Guard, user: User, purpose: str, rows: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], int]:
    """The readings whose report the user may read, and how many were withheld."""
    resources = guard.load_reports([r["report_id"] for r in rows])
    decisions = guard.decide_many(user, "read", resources, purpose)
    for decision in decisions:
        # Reports the user could read with a stated purpose: ask for it, do not hide them.
        if decision.rule == "PURPOSE-1":
            raise refusal(decision, "report")
    shown = [r for r, d in zip(rows, decisions, strict=True) if d.allowed]
    model = stage_model()
    for row in shown:
        row["stage_names"] = {s: model.get(s).name for s in row["stages"]}
    return shown, len(rows) - len(shown)


def company_view(guard: Guard, user: User, purpose: str, company_id: str) -> dict[str, Any]:
    """A company's page: register record, outreach history, next follow-up, approach reports."""
    with guard.engine.connect() as connection:
        try:
            company: dict[str, Any] | None = registry.get_company(connection, company_id)
        except NotFoundError:
            company = None
        activities = registry.list_activities(connection, company_id) if company else []
    _require(guard, user, "read", [_company_resource(company, company_id)], purpose, "company")
    assert company is not None  # a missing company was refused above (MISSING-1)
    readings, withheld = _readable(
        guard, user, purpose, _readings(guard.engine, approach_readings.c.company_id == company_id)
    )
    # An approacher is one row for every spelling resolve keeps apart: match on any of them.
    entity_ids = {r["entity_id"] for r in readings if r["entity_id"]}
    linked = [
        a
        for a in list_approachers(guard, user, purpose)
        if entity_ids & {a["entity_id"], *(a.get("entities") or ())}
    ]
    due = [a for a in activities if a["follow_up_due"] and not a["follow_up_done_at"]]
    return {
        "company": company,
        "activities": activities,
        "next_follow_up": min(due, key=lambda a: a["follow_up_due"]) if due else None,
        "readings": readings,
        "withheld": withheld,
        "approachers": linked,
    }


def _approacher_resource(row: Any | None, entity_id: str) -> Resource:
    if row is None:
        return Resource("approacher", entity_id, found=False)
    return Resource(
        "approacher", entity_id, desk=row.desk_id, also_desks=tuple(row.shared_with or ())
    )


def list_approachers(guard: Guard, user: User, purpose: str) -> list[dict[str, Any]]:
    with guard.engine.connect() as connection:
        rows = connection.execute(
            select(approachers).order_by(approachers.c.last_seen.desc())
        ).all()
    resources = [_approacher_resource(r, r.entity_id) for r in rows]
    decisions = guard.decide_many(user, "list", resources, purpose)
    model = stage_model()
    out = []
    for row, decision in zip(rows, decisions, strict=True):
        if decision.allowed:
            item = registry.row_dict(row)
            item["furthest_name"] = model.get(row.furthest).name if row.furthest else None
            out.append(item)
    return out


def _subjects(row: Any) -> list[Resource]:
    """The approacher as the guard's subjects, so a held one is deconflicted."""
    keys = {f"entity:{e}" for e in row.entities} | {subject_key("person", n) for n in row.names}
    keys |= {subject_key(i["kind"], i["value"]) for i in row.identifiers}
    return [Resource("subject", key) for key in sorted(keys)]


def approacher_view(guard: Guard, user: User, purpose: str, entity_id: str) -> dict[str, Any]:
    """An approacher: who, which companies, and the approach timeline read into stages."""
    with guard.engine.connect() as connection:
        row = connection.execute(
            select(approachers).where(approachers.c.entity_id == entity_id)
        ).first()
    resource = (
        guard.load("approacher", entity_id)
        if row is not None
        else Resource("approacher", entity_id, found=False)
    )
    _require(guard, user, "read", [resource], purpose, "approacher")
    assert row is not None
    # Looking an approacher up is looking the person up: held subjects are deconflicted.
    subjects = [guard.load("subject", r.id) for r in _subjects(row)]
    _require(guard, user, "search", subjects, purpose, "approacher")
    readings, withheld = _readable(
        guard,
        user,
        purpose,
        _readings(guard.engine, approach_readings.c.report_id.in_(list(row.reports))),
    )
    model = stage_model()
    reached = {s for r in readings for s in r["stages"]}
    # The cards of the reports the user may read (a withheld report's card stays withheld).
    cards: list[dict[str, str]] = []
    for reading in readings:
        if reading["card"] and reading["card"] not in cards:
            cards.append(reading["card"])
    return {
        "approacher": registry.row_dict(row),
        "stages": [
            {"id": s.id, "order": s.order, "name": s.name, "reached": s.id in reached}
            for s in model.stages
        ],
        "timeline": readings,
        "withheld": withheld,
        "cards": cards,
    }


def stage_names() -> dict[str, dict[str, str]]:
    return {s.id: s.name for s in stage_model().stages}


def as_of(guard: Guard) -> datetime:
    return guard.now()
