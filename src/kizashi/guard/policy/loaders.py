"""Loading what decide() needs about a resource from the store: desk, case, compartments.

A resource that does not exist loads as ``found=False`` (never an exception), so that the
decision for a missing id and for a hidden one are made, logged and answered alike. A
report that has expired (oversight's tombstone in ``report_expiries``) loads as missing
too: nothing of it may be served on any surface. A report also carries the purpose it was
collected for and the purposes recorded changes opened (purpose binding, PURPOSE-2).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, select

from kizashi.errors import InputError
from kizashi.guard.identity import (
    CompartmentInfo,
    holding_compartments,
    load_case,
    load_compartments,
    subject_key,
)
from kizashi.guard.policy.domain import CONTENT_KINDS, OVERSIGHT_KINDS, Resource
from kizashi.guard.policy.purposes import default_purposes
from kizashi.store.tables import (
    cases,
    compartment_items,
    desks,
    material_labels,
    mentions,
    reports,
    users,
)
from kizashi.store.tables_guard import insider_alerts
from kizashi.store.tables_outreach import (
    approach_readings,
    approachers,
    companies,
    outreach_activities,
)
from kizashi.store.tables_oversight import (
    purpose_changes,
    report_expiries,
    subject_access_requests,
)
from kizashi.store.tables_resolve import entities, entity_members
from kizashi.store.tables_signals import signals
from kizashi.store.tables_triage import alerts

# Material kinds whose rows live in a contract table: existence is checked there. Others
# (trace's products and copies, media) are taken as found, their owner having checked.
_EXISTENCE = {"entity": entities, "alert": alerts, "signal": signals}


def load_report(connection: Connection, report_id: str) -> Resource:
    return load_reports(connection, [report_id])[0]


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
                reports.c.purpose,
            ).where(reports.c.id.in_(report_ids))
        )
    }
    for expired in connection.execute(
        select(report_expiries.c.report_id).where(report_expiries.c.report_id.in_(list(rows)))
    ).scalars():
        del rows[expired]
    repurposed: dict[str, set[str]] = {}
    for report_id, to in connection.execute(
        select(purpose_changes.c.report_id, purpose_changes.c.to_purpose).where(
            purpose_changes.c.report_id.in_(list(rows))
        )
    ):
        repurposed.setdefault(report_id, set()).add(to)
    purposes = default_purposes()
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
    # An approach report read as about a registered company: that company's outreach desk.
    company_desks = {
        str(report_id): str(desk)
        for report_id, desk in connection.execute(
            select(approach_readings.c.report_id, companies.c.desk_id)
            .join(companies, companies.c.id == approach_readings.c.company_id)
            .where(approach_readings.c.report_id.in_(list(rows)))
        )
    }
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
                collected_for=purposes.collected_for(row.purpose),
                repurposed=frozenset(repurposed.get(report_id, ())),
                company_desk=company_desks.get(report_id),
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


# Mention kinds that name a subject the guard can hold in a compartment.
SUBJECT_KINDS = ("person", "phone", "email", "account", "address", "payment_token")


def _entity_keys(connection: Connection, entity_ids: list[str]) -> dict[str, set[str]]:
    """Entity id -> its subject keys: ``entity:<id>``, its label's and every member's."""
    keys: dict[str, set[str]] = defaultdict(set)
    for start in range(0, len(entity_ids), 500):
        chunk = entity_ids[start : start + 500]
        for row in connection.execute(
            select(entities.c.id, entities.c.kind, entities.c.label).where(entities.c.id.in_(chunk))
        ):
            keys[row.id].add(f"entity:{row.id}")
            if row.kind in SUBJECT_KINDS and (row.label or "").strip():
                with contextlib.suppress(InputError):
                    keys[row.id].add(subject_key(row.kind, row.label))
        # Filter the kinds here, not in SQL: a kind condition tempts SQLite into scanning the
        # (kind, normalized) index of every mention instead of the members' primary keys.
        query = (
            select(entity_members.c.entity_id, mentions.c.kind, mentions.c.value)
            .join(mentions, mentions.c.id == entity_members.c.mention_id)
            .where(entity_members.c.entity_id.in_(chunk))
        )
        for row in connection.execute(query):
            if row.kind not in SUBJECT_KINDS or not (row.value or "").strip():
                continue
            try:
                keys[row.entity_id].add(subject_key(row.kind, row.value))
            except InputError:
                continue
    return keys


def entity_compartments(
    connection: Connection, entity_ids: Iterable[str]
) -> dict[str, tuple[CompartmentInfo, ...]]:
    """Entity id -> the compartments holding it by id or any of its names and identifiers."""
    ids = sorted(set(entity_ids))
    keys = _entity_keys(connection, ids)
    every_key = sorted({k for ks in keys.values() for k in ks})
    holders: dict[str, set[str]] = defaultdict(set)
    for start in range(0, len(every_key), 500):
        query = select(compartment_items.c.ref, compartment_items.c.compartment_id).where(
            compartment_items.c.kind == "subject",
            compartment_items.c.ref.in_(every_key[start : start + 500]),
        )
        for row in connection.execute(query):
            holders[row.ref].add(row.compartment_id)
    boxes = {
        c.id: c for c in load_compartments(connection, {c for s in holders.values() for c in s})
    }
    out: dict[str, tuple[CompartmentInfo, ...]] = {}
    for entity_id in ids:
        held = sorted({c for key in keys.get(entity_id, ()) for c in holders.get(key, ())})
        out[entity_id] = tuple(boxes[c] for c in held if c in boxes)
    return out


def load_entity(connection: Connection, entity_id: str) -> Resource:
    """An entity as the guard sees it: a *subject* (``entity:<id>``) held by every
    compartment that holds it or any of its identifiers, so an outsider's lookup is
    deconflicted. Whether its content may be shown also depends on the reports behind it
    (:func:`kizashi.resolve.read_entity`)."""
    found = connection.execute(select(entities.c.id).where(entities.c.id == entity_id)).first()
    if found is None:
        return Resource("subject", f"entity:{entity_id}", found=False)
    held = entity_compartments(connection, [entity_id])[entity_id]
    return Resource("subject", f"entity:{entity_id}", compartments=held)


def load_alerts(connection: Connection, rows: Sequence[Any]) -> list[Resource]:
    """Alerts (rows with ``id``, ``entity_id``, ``desk_id``, ``handling_code``) as the one
    alert resource every surface decides on: content of the desk it was routed to (or of
    its label's desk and case), with the strictest handling code of its evidence, held by
    every compartment that holds its entity."""
    if not rows:
        return []
    ids = [_field(r, "id") for r in rows]
    held = entity_compartments(connection, [_field(r, "entity_id") for r in rows])
    labels = {
        r.resource_id: (r.desk_id, r.case_id)
        for start in range(0, len(ids), 500)
        for r in connection.execute(
            select(material_labels).where(
                material_labels.c.resource_type == "alert",
                material_labels.c.resource_id.in_(ids[start : start + 500]),
            )
        )
    }
    out = []
    for row in rows:
        desk, case = labels.get(_field(row, "id"), (None, None))
        out.append(
            Resource(
                "alert",
                _field(row, "id"),
                desk=desk or _field(row, "desk_id"),
                case=load_case(connection, case) if case else None,
                compartments=held.get(_field(row, "entity_id"), ()),
                handling_code=_field(row, "handling_code"),
            )
        )
    return out


def load_alert(connection: Connection, alert_id: str) -> Resource:
    row = connection.execute(
        select(alerts.c.id, alerts.c.entity_id, alerts.c.desk_id, alerts.c.handling_code).where(
            alerts.c.id == alert_id
        )
    ).first()
    if row is None:
        return Resource("alert", alert_id, found=False)
    return load_alerts(connection, [row])[0]


def _field(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name)


def load_case_file(connection: Connection, case_id: str) -> Resource:
    """A case's own file (notes, tasks, attachments, timeline): content of the case, for
    the officers assigned to it and the lead of its desk."""
    desk = connection.execute(select(cases.c.desk_id).where(cases.c.id == case_id)).scalar()
    if desk is None:
        return Resource("case_file", case_id, found=False)
    return Resource("case_file", case_id, desk=desk, case=load_case(connection, case_id))


def load_insider_alert(connection: Connection, alert_id: str) -> Resource:
    about = connection.execute(
        select(insider_alerts.c.user_id).where(insider_alerts.c.id == alert_id)
    ).scalar()
    if about is None:
        return Resource("insider_alert", alert_id, found=False)
    return Resource("insider_alert", alert_id, about_user=str(about))


def load_outreach(connection: Connection, kind: str, resource_id: str) -> Resource:
    """A company, an outreach activity (decided as its company) or an approacher.

    An approacher belongs to the desk that does the outreach and is also shared with the
    desks its finding was routed to (``approachers.desk_id`` / ``shared_with``); a
    compartment may hold it by its entity, like any subject.
    """
    if kind == "approacher":
        row = connection.execute(
            select(approachers.c.desk_id, approachers.c.shared_with, approachers.c.entities).where(
                approachers.c.entity_id == resource_id
            )
        ).first()
        if row is None:
            return Resource("approacher", resource_id, found=False)
        held = [
            box
            for entity in sorted(set(row.entities or ()) | {resource_id})
            for box in holding_compartments(connection, "subject", f"entity:{entity}")
        ]
        return Resource(
            "approacher",
            resource_id,
            desk=row.desk_id,
            compartments=tuple(held),
            also_desks=tuple(row.shared_with or ()),
        )
    if kind == "outreach":
        query = (
            select(companies.c.desk_id, companies.c.handling_code, companies.c.organisation)
            .join(outreach_activities, outreach_activities.c.company_id == companies.c.id)
            .where(outreach_activities.c.id == resource_id)
        )
    else:
        query = select(
            companies.c.desk_id, companies.c.handling_code, companies.c.organisation
        ).where(companies.c.id == resource_id)
    found = connection.execute(query).first()
    if found is None:
        return Resource(kind, resource_id, found=False)  # type: ignore[arg-type]
    return Resource(
        kind,  # type: ignore[arg-type]
        resource_id,
        desk=found.desk_id,
        handling_code=found.handling_code,
        organisation=found.organisation,
    )


def load_resource(connection: Connection, kind: str, resource_id: str) -> Resource:
    """Any resource kind the policy knows, by kind and id."""
    if kind in ("company", "outreach", "approacher"):
        return load_outreach(connection, kind, resource_id)
    if kind == "briefing":
        desk = connection.execute(select(desks.c.id).where(desks.c.id == resource_id)).scalar()
        return Resource("briefing", resource_id, found=desk is not None, desk=desk)
    if kind == "report":
        return load_report(connection, resource_id)
    if kind == "subject":
        if resource_id.startswith("entity:"):
            return load_entity(connection, resource_id.removeprefix("entity:"))
        return load_subject(connection, resource_id)
    if kind == "alert":
        return load_alert(connection, resource_id)
    if kind == "case_file":
        return load_case_file(connection, resource_id)
    if kind in CONTENT_KINDS:
        return load_material(connection, kind, resource_id)
    if kind == "insider_alert":
        return load_insider_alert(connection, resource_id)
    if kind == "audit_entry":
        return Resource("audit_entry", resource_id)
    if kind == "subject_access":
        registered = connection.execute(
            select(subject_access_requests.c.id).where(subject_access_requests.c.ref == resource_id)
        ).first()
        return Resource("subject_access", resource_id, registered=registered is not None)
    if kind in OVERSIGHT_KINDS:
        return Resource(kind, resource_id)  # type: ignore[arg-type]
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
