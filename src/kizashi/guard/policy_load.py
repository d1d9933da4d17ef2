"""Loading what decide() needs about a resource from the store: desk, case, compartments.

A resource that does not exist loads as ``found=False`` (never an exception), so that the
decision for a missing id and for a hidden one are made, logged and answered alike.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from kizashi.guard.identity_cases import holding_compartments, load_case, load_compartments
from kizashi.guard.policy_model import CONTENT_KINDS, Resource
from kizashi.store.tables import (
    cases,
    compartment_items,
    desks,
    material_labels,
    reports,
    users,
)
from kizashi.store.tables_guard import insider_alerts
from kizashi.store.tables_resolve import entities
from kizashi.store.tables_signals import signals
from kizashi.store.tables_triage import alerts

# Material kinds whose rows live in a contract table: existence is checked there. Others
# (trace's products and copies, media) are taken as found, their owner having checked.
_EXISTENCE = {"entity": entities, "alert": alerts, "signal": signals}


def load_report(connection: Connection, report_id: str) -> Resource:
    row = connection.execute(
        select(
            reports.c.channel, reports.c.source, reports.c.organisation, reports.c.handling_code
        ).where(reports.c.id == report_id)
    ).first()
    if row is None:
        return Resource("report", report_id, found=False)
    desk, case = _label(connection, "report", report_id)
    return Resource(
        "report",
        report_id,
        desk=desk,
        case=load_case(connection, case) if case else None,
        compartments=tuple(holding_compartments(connection, "report", report_id)),
        handling_code=row.handling_code,
        channel=row.channel,
        source=row.source,
        organisation=row.organisation,
    )


def load_reports(connection: Connection, report_ids: list[str]) -> list[Resource]:
    """Many reports at once (a page of a list), in the order asked: a few queries in all."""
    if not report_ids:
        return []
    rows = {
        r.id: r
        for r in connection.execute(
            select(
                reports.c.id,
                reports.c.channel,
                reports.c.source,
                reports.c.organisation,
                reports.c.handling_code,
            ).where(reports.c.id.in_(report_ids))
        )
    }
    labels = {
        r.resource_id: (r.desk_id, r.case_id)
        for r in connection.execute(
            select(material_labels).where(
                material_labels.c.resource_type == "report",
                material_labels.c.resource_id.in_(report_ids),
            )
        )
    }
    held: dict[str, list[str]] = {}
    for box, ref in connection.execute(
        select(compartment_items.c.compartment_id, compartment_items.c.ref).where(
            compartment_items.c.kind == "report", compartment_items.c.ref.in_(report_ids)
        )
    ):
        held.setdefault(ref, []).append(box)
    boxes = {
        c.id: c for c in load_compartments(connection, {b for bs in held.values() for b in bs})
    }
    case_ids = {case for _desk, case in labels.values() if case}
    cases_ = {case: load_case(connection, case) for case in sorted(case_ids)}
    out = []
    for report_id in report_ids:
        row = rows.get(report_id)
        if row is None:
            out.append(Resource("report", report_id, found=False))
            continue
        desk, case = labels.get(report_id, (None, None))
        out.append(
            Resource(
                "report",
                report_id,
                desk=desk,
                case=cases_[case] if case else None,
                compartments=tuple(boxes[b] for b in sorted(held.get(report_id, ()))),
                handling_code=row.handling_code,
                channel=row.channel,
                source=row.source,
                organisation=row.organisation,
            )
        )
    return out


def load_subject(connection: Connection, key: str) -> Resource:
    """A subject (by :func:`identity_cases.subject_key`): a lookup, so always 'found'."""
    held = holding_compartments(connection, "subject", key)
    return Resource("subject", key, compartments=tuple(held))


def _label(connection: Connection, kind: str, resource_id: str) -> tuple[str | None, str | None]:
    row = connection.execute(
        select(material_labels.c.desk_id, material_labels.c.case_id).where(
            material_labels.c.resource_type == kind, material_labels.c.resource_id == resource_id
        )
    ).first()
    return (row.desk_id, row.case_id) if row is not None else (None, None)


def load_material(
    connection: Connection,
    kind: str,
    resource_id: str,
    *,
    found: bool | None = None,
    handling_code: str | None = None,
    channel: str | None = None,
) -> Resource:
    """Material of another room (entity, alert, signal, product, copy, media) by kind and id.

    Its desk and case come from `material_labels` (a triage alert without a label falls back
    to the desk it was routed to); `found=None` checks the contract table where there is one.
    """
    if kind not in CONTENT_KINDS or kind in ("report", "subject"):
        raise ValueError(f"{kind!r} is not a material kind of another room")
    table = _EXISTENCE.get(kind)
    routed: str | None = None
    if found is None and table is not None:
        columns = [table.c.id] + ([table.c.desk_id] if kind == "alert" else [])
        row = connection.execute(select(*columns).where(table.c.id == resource_id)).first()
        found = row is not None
        routed = row.desk_id if row is not None and kind == "alert" else None
    if found is False:
        return Resource(kind, resource_id, found=False)  # type: ignore[arg-type]
    desk, case = _label(connection, kind, resource_id)
    return Resource(
        kind,  # type: ignore[arg-type]
        resource_id,
        desk=desk or routed,
        case=load_case(connection, case) if case else None,
        handling_code=handling_code,
        channel=channel,
    )


def load_insider_alert(connection: Connection, alert_id: str) -> Resource:
    about = connection.execute(
        select(insider_alerts.c.user_id).where(insider_alerts.c.id == alert_id)
    ).scalar()
    if about is None:
        return Resource("insider_alert", alert_id, found=False)
    return Resource("insider_alert", alert_id, about_user=str(about))


def load_resource(connection: Connection, kind: str, resource_id: str) -> Resource:
    """Any resource kind the policy knows, by kind and id."""
    if kind == "report":
        return load_report(connection, resource_id)
    if kind == "subject":
        return load_subject(connection, resource_id)
    if kind in CONTENT_KINDS:
        return load_material(connection, kind, resource_id)
    if kind == "insider_alert":
        return load_insider_alert(connection, resource_id)
    if kind == "audit_entry":
        return Resource("audit_entry", resource_id)
    if kind == "case":
        desk = connection.execute(select(cases.c.desk_id).where(cases.c.id == resource_id))
        desk_id = desk.scalar()
        if desk_id is None:
            return Resource("case", resource_id, found=False)
        return Resource("case", resource_id, desk=desk_id, case=load_case(connection, resource_id))
    if kind == "compartment":
        boxes = load_compartments(connection, [resource_id])
        if not boxes:
            return Resource("compartment", resource_id, found=False)
        return Resource("compartment", resource_id, desk=boxes[0].desk, compartments=(boxes[0],))
    if kind in ("desk", "user"):
        table = desks if kind == "desk" else users
        found = connection.execute(select(table.c.id).where(table.c.id == resource_id)).first()
        return Resource(kind, resource_id, found=found is not None)  # type: ignore[arg-type]
    raise ValueError(f"unknown resource kind {kind!r}")
