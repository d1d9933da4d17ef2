"""Deconfliction: telling a compartment's desk lead that an outsider looked up its subject.

When :func:`kizashi.guard.policy.rules.decide` denies an outsider's lookup of a subject held in a
compartment (rule DECONFLICT-1), the decision carries a ``notify_desk_lead`` obligation per
compartment. The guard service records each as a notice: who searched, which compartment,
when, and the audit entry of the lookup — not what they searched for, and nothing of the
content, which the searcher never saw. The owning desk's lead reads the notices and makes
contact; the searcher was told only "held by another desk — contact them".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from kizashi.errors import ForbiddenError
from kizashi.guard.identity import User
from kizashi.guard.policy.domain import Decision
from kizashi.ids import new_id
from kizashi.store.tables import compartments, notifications, users


@dataclass(frozen=True)
class Notice:
    id: str
    desk: str
    compartment_id: str
    compartment_name: str
    searcher_id: str
    searcher_name: str
    action: str
    created_at: datetime
    audit_seq: int | None
    read_at: datetime | None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "desk": self.desk,
            "compartment": self.compartment_name,
            "searcher": self.searcher_name,
            "action": self.action,
            "at": self.created_at.isoformat(),
            "audit_seq": self.audit_seq,
            "read_at": self.read_at.isoformat() if self.read_at else None,
        }


def record_notices(
    connection: Connection,
    decision: Decision,
    searcher: User,
    action: str,
    *,
    audit_seq: int | None,
    now: datetime,
    already: set[tuple[str, str]] | None = None,
) -> list[str]:
    """Store one notice per notify_desk_lead obligation of `decision`; their ids.

    ``already`` holds the (desk, compartment) pairs noticed earlier in the same batch of
    decisions: one look-up that meets a compartment through several resources (an
    approacher and its subject) is one notice to the desk lead, not one per resource."""
    ids: list[str] = []
    for obligation in decision.obligations:
        if obligation.kind != "notify_desk_lead" or not obligation.desk:
            continue
        if not obligation.compartment:
            continue
        if already is not None:
            if (obligation.desk, obligation.compartment) in already:
                continue
            already.add((obligation.desk, obligation.compartment))
        notice_id = new_id()
        connection.execute(
            insert(notifications).values(
                id=notice_id,
                desk_id=obligation.desk,
                compartment_id=obligation.compartment,
                searcher_id=searcher.id,
                action=action,
                audit_seq=audit_seq,
                created_at=now,
            )
        )
        ids.append(notice_id)
    return ids


def _require_lead(lead: User) -> str:
    if lead.role != "desk_lead" or lead.desk is None or not lead.active:
        raise ForbiddenError("deconfliction notices are for desk leads")
    return lead.desk


def list_notices(connection: Connection, lead: User, *, unread_only: bool = False) -> list[Notice]:
    """The notices for the lead's desk, newest first. Only desk leads may ask."""
    desk = _require_lead(lead)
    query = (
        select(
            notifications,
            compartments.c.name.label("compartment_name"),
            users.c.name.label("searcher_name"),
        )
        .join(compartments, compartments.c.id == notifications.c.compartment_id)
        .outerjoin(users, users.c.id == notifications.c.searcher_id)
        .where(notifications.c.desk_id == desk)
        .order_by(notifications.c.created_at.desc(), notifications.c.id.desc())
    )
    if unread_only:
        query = query.where(notifications.c.read_at.is_(None))
    return [
        Notice(
            id=row.id,
            desk=row.desk_id,
            compartment_id=row.compartment_id,
            compartment_name=row.compartment_name,
            searcher_id=row.searcher_id,
            searcher_name=row.searcher_name or row.searcher_id,
            action=row.action,
            created_at=row.created_at,
            audit_seq=row.audit_seq,
            read_at=row.read_at,
        )
        for row in connection.execute(query)
    ]


def mark_read(connection: Connection, lead: User, ids: Iterable[str], *, now: datetime) -> int:
    desk = _require_lead(lead)
    wanted = list(ids)
    if not wanted:
        return 0
    result = connection.execute(
        update(notifications)
        .where(notifications.c.desk_id == desk, notifications.c.id.in_(wanted))
        .where(notifications.c.read_at.is_(None))
        .values(read_at=now)
    )
    return int(result.rowcount)
