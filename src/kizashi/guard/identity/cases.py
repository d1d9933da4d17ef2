"""Cases, compartments and material labels in the store.

A case belongs to a desk and names its assigned officers. A compartment is an operation
(a raid plan, say): an owning desk, named members, a time box, and the subjects and
reports it holds. A material label puts a report (or other material) on a desk and,
optionally, in a case. Functions take an open Connection; the caller owns the transaction.
What they stamp is the caller's `now` (its clock's reading), else the wall clock.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.exc import IntegrityError

from kizashi.errors import InputError, NotFoundError
from kizashi.guard.identity.domain import CaseInfo, CompartmentInfo
from kizashi.guard.identity.service import get_user, stamp
from kizashi.ids import new_id
from kizashi.store.tables import (
    case_assignments,
    cases,
    compartment_items,
    compartment_members,
    compartments,
    desks,
    material_labels,
)
from kizashi.store.tables_guard import compartment_operations

ItemKind = Literal["subject", "report"]


def subject_key(kind: str, value: str) -> str:
    """The comparison key of a subject: kind, then the value NFKC-folded, spaces dropped.

    So that 'ヤマダ タロウ', 'ﾔﾏﾀﾞﾀﾛｳ' and 'ヤマダタロウ' are one subject to a lookup.
    """
    folded = "".join(unicodedata.normalize("NFKC", value).casefold().split())
    if not kind or not folded:
        raise InputError("a subject needs a kind and a value")
    return f"{kind}:{folded}"


def _require_desk(connection: Connection, desk: str) -> None:
    if connection.execute(select(desks.c.id).where(desks.c.id == desk)).first() is None:
        raise InputError(f"unknown desk {desk!r}")


def create_case(
    connection: Connection,
    ref: str,
    *,
    desk: str,
    title: str = "",
    now: datetime | None = None,
) -> CaseInfo:
    _require_desk(connection, desk)
    case_id = new_id()
    try:
        with connection.begin_nested():
            connection.execute(
                insert(cases).values(
                    id=case_id, ref=ref, title=title, desk_id=desk, created_at=stamp(now)
                )
            )
    except IntegrityError:
        raise InputError(f"a case {ref!r} exists already") from None
    return CaseInfo(case_id, desk, frozenset(), ref)


def get_case(connection: Connection, ref: str) -> CaseInfo:
    row = connection.execute(select(cases).where(cases.c.ref == ref)).first()
    if row is None:
        raise NotFoundError(f"no case {ref!r}")
    return load_case(connection, row.id)


def load_case(connection: Connection, case_id: str) -> CaseInfo:
    row = connection.execute(select(cases).where(cases.c.id == case_id)).first()
    if row is None:
        raise NotFoundError(f"no case {case_id!r}")
    assigned = connection.execute(
        select(case_assignments.c.user_id).where(case_assignments.c.case_id == case_id)
    ).scalars()
    return CaseInfo(row.id, row.desk_id, frozenset(assigned), row.ref)


def list_cases(connection: Connection, *, desk: str | None = None) -> list[CaseInfo]:
    query = select(cases.c.id).order_by(cases.c.ref)
    if desk is not None:
        query = query.where(cases.c.desk_id == desk)
    return [load_case(connection, case_id) for case_id in connection.execute(query).scalars()]


def assign_case(
    connection: Connection, ref: str, user_name: str, *, now: datetime | None = None
) -> CaseInfo:
    case, user = get_case(connection, ref), get_user(connection, user_name)
    if user.id not in case.assigned:
        connection.execute(
            insert(case_assignments).values(
                case_id=case.id, user_id=user.id, assigned_at=stamp(now)
            )
        )
    return load_case(connection, case.id)


def unassign_case(connection: Connection, ref: str, user_name: str) -> CaseInfo:
    case, user = get_case(connection, ref), get_user(connection, user_name)
    connection.execute(
        delete(case_assignments).where(
            case_assignments.c.case_id == case.id, case_assignments.c.user_id == user.id
        )
    )
    return load_case(connection, case.id)


def create_compartment(
    connection: Connection,
    name: str,
    *,
    desk: str,
    valid_from: datetime,
    valid_until: datetime,
    description: str = "",
    now: datetime | None = None,
) -> CompartmentInfo:
    if valid_from.tzinfo is None or valid_until.tzinfo is None:
        raise InputError("a compartment's time box needs timezone-aware times")
    if valid_until <= valid_from:
        raise InputError("a compartment must end after it starts")
    _require_desk(connection, desk)
    compartment_id = new_id()
    try:
        with connection.begin_nested():
            connection.execute(
                insert(compartments).values(
                    id=compartment_id,
                    name=name,
                    desk_id=desk,
                    description=description,
                    valid_from=valid_from,
                    valid_until=valid_until,
                    created_at=stamp(now),
                )
            )
    except IntegrityError:
        raise InputError(f"a compartment named {name!r} exists already") from None
    return CompartmentInfo(compartment_id, desk, valid_from, valid_until, {}, name)


def get_compartment(connection: Connection, name: str) -> CompartmentInfo:
    found = connection.execute(select(compartments.c.id).where(compartments.c.name == name))
    compartment_id = found.scalar()
    if compartment_id is None:
        raise NotFoundError(f"no compartment named {name!r}")
    return load_compartments(connection, [compartment_id])[0]


def load_compartments(connection: Connection, ids: Iterable[str]) -> list[CompartmentInfo]:
    wanted = sorted(set(ids))
    if not wanted:
        return []
    members: dict[str, dict[str, datetime | None]] = {cid: {} for cid in wanted}
    rows = connection.execute(
        select(compartment_members).where(compartment_members.c.compartment_id.in_(wanted))
    )
    for row in rows:
        members[row.compartment_id][row.user_id] = row.valid_until
    operations = {
        r.compartment_id: (r.case_id, r.starts_at)
        for r in connection.execute(
            select(compartment_operations).where(
                compartment_operations.c.compartment_id.in_(wanted)
            )
        )
    }
    boxes = connection.execute(select(compartments).where(compartments.c.id.in_(wanted)))
    return [
        CompartmentInfo(
            r.id,
            r.desk_id,
            r.valid_from,
            r.valid_until,
            members[r.id],
            r.name,
            *operations.get(r.id, (None, None)),
        )
        for r in sorted(boxes, key=lambda r: r.id)
    ]


def list_compartments(connection: Connection, *, desk: str | None = None) -> list[CompartmentInfo]:
    query = select(compartments.c.id)
    if desk is not None:
        query = query.where(compartments.c.desk_id == desk)
    return load_compartments(connection, connection.execute(query).scalars())


def add_member(
    connection: Connection,
    name: str,
    user_name: str,
    *,
    until: datetime | None = None,
    now: datetime | None = None,
) -> CompartmentInfo:
    """Name a member; `until` ends this member's access before the box closes."""
    compartment, user = get_compartment(connection, name), get_user(connection, user_name)
    if until is not None and until.tzinfo is None:
        raise InputError("a membership end needs a timezone-aware time")
    connection.execute(
        delete(compartment_members).where(
            compartment_members.c.compartment_id == compartment.id,
            compartment_members.c.user_id == user.id,
        )
    )
    connection.execute(
        insert(compartment_members).values(
            compartment_id=compartment.id,
            user_id=user.id,
            valid_until=until,
            added_at=stamp(now),
        )
    )
    return get_compartment(connection, name)


def remove_member(connection: Connection, name: str, user_name: str) -> CompartmentInfo:
    compartment, user = get_compartment(connection, name), get_user(connection, user_name)
    connection.execute(
        delete(compartment_members).where(
            compartment_members.c.compartment_id == compartment.id,
            compartment_members.c.user_id == user.id,
        )
    )
    return get_compartment(connection, name)


def add_item(
    connection: Connection,
    name: str,
    kind: ItemKind,
    ref: str,
    *,
    now: datetime | None = None,
) -> None:
    """Put a subject (by subject_key) or a report (by id) in a compartment."""
    if kind not in ("subject", "report"):
        raise InputError(f"compartments hold subjects and reports, not {kind!r}")
    compartment = get_compartment(connection, name)
    exists = connection.execute(
        select(compartment_items.c.ref).where(
            compartment_items.c.compartment_id == compartment.id,
            compartment_items.c.kind == kind,
            compartment_items.c.ref == ref,
        )
    ).first()
    if exists is None:
        connection.execute(
            insert(compartment_items).values(
                compartment_id=compartment.id, kind=kind, ref=ref, added_at=stamp(now)
            )
        )


def holding_compartments(connection: Connection, kind: str, ref: str) -> list[CompartmentInfo]:
    ids = connection.execute(
        select(compartment_items.c.compartment_id).where(
            compartment_items.c.kind == kind, compartment_items.c.ref == ref
        )
    ).scalars()
    return load_compartments(connection, ids)


def label_material(
    connection: Connection,
    resource_type: str,
    resource_id: str,
    *,
    desk: str,
    case_ref: str | None = None,
    now: datetime | None = None,
) -> None:
    """Route material to a desk (and a case); relabelling replaces the previous label."""
    _require_desk(connection, desk)
    case_id = get_case(connection, case_ref).id if case_ref else None
    connection.execute(
        delete(material_labels).where(
            material_labels.c.resource_type == resource_type,
            material_labels.c.resource_id == resource_id,
        )
    )
    connection.execute(
        insert(material_labels).values(
            resource_type=resource_type,
            resource_id=resource_id,
            desk_id=desk,
            case_id=case_id,
            labelled_at=stamp(now),
        )
    )
