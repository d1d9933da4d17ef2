"""Casework's rows: promotions, note versions, tasks, attachments and the timeline.

Functions take an open Connection; the caller (``service``) owns the transaction and has
asked the guard first. Nothing here decides who may do what.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from kizashi.ids import new_id
from kizashi.store.tables import cases, material_labels, users
from kizashi.store.tables_casework import (
    case_attachments,
    case_closings,
    case_events,
    case_notes,
    case_promotions,
    case_tasks,
)
from kizashi.store.tables_oversight import case_closures
from kizashi.store.tables_triage import alert_events, alerts, risk_contributions


def event(
    connection: Connection,
    case_id: str,
    kind: str,
    actor: str,
    at: datetime,
    ref: str | None,
    detail: dict[str, Any],
) -> None:
    connection.execute(
        insert(case_events).values(
            id=new_id(), case_id=case_id, kind=kind, at=at, actor_id=actor, ref=ref, detail=detail
        )
    )


def alert_rows(connection: Connection, alert_ids: Sequence[str]) -> dict[str, Any]:
    rows = connection.execute(select(alerts).where(alerts.c.id.in_(list(alert_ids))))
    return {r.id: r for r in rows}


def reports_of_entity(connection: Connection, entity_id: str) -> list[str]:
    """The reports an alert's subject's risk was drawn from (its evidence), oldest first."""
    query = (
        select(risk_contributions.c.report_id, func.min(risk_contributions.c.observed_at))
        .where(
            risk_contributions.c.entity_id == entity_id,
            risk_contributions.c.report_id.is_not(None),
        )
        .group_by(risk_contributions.c.report_id)
        .order_by(func.min(risk_contributions.c.observed_at), risk_contributions.c.report_id)
    )
    return [str(r[0]) for r in connection.execute(query)]


def case_of_material(connection: Connection, kind: str, ids: Sequence[str]) -> dict[str, str]:
    """For each of `ids` labelled into a case: the case's id."""
    if not ids:
        return {}
    rows = connection.execute(
        select(material_labels.c.resource_id, material_labels.c.case_id).where(
            material_labels.c.resource_type == kind,
            material_labels.c.resource_id.in_(list(ids)),
            material_labels.c.case_id.is_not(None),
        )
    )
    return {str(r.resource_id): str(r.case_id) for r in rows}


def promoted(connection: Connection, case_id: str) -> set[str]:
    return set(
        connection.execute(
            select(case_promotions.c.alert_id).where(case_promotions.c.case_id == case_id)
        ).scalars()
    )


def add_promotion(connection: Connection, values: dict[str, Any]) -> None:
    connection.execute(insert(case_promotions).values(id=new_id(), **values))


def add_note_version(
    connection: Connection,
    case_id: str,
    note_id: str,
    version: int,
    body: str,
    author: str,
    at: datetime,
) -> dict[str, Any]:
    values = {
        "id": new_id(),
        "case_id": case_id,
        "note_id": note_id,
        "version": version,
        "body": body,
        "author_id": author,
        "written_at": at,
    }
    connection.execute(insert(case_notes).values(**values))
    return values


def last_version(connection: Connection, case_id: str, note_id: str) -> int | None:
    found = connection.execute(
        select(func.max(case_notes.c.version)).where(
            case_notes.c.case_id == case_id, case_notes.c.note_id == note_id
        )
    ).scalar()
    return int(found) if found is not None else None


def add_task(connection: Connection, values: dict[str, Any]) -> dict[str, Any]:
    row = {"id": new_id(), "status": "open", **values}
    connection.execute(insert(case_tasks).values(**row))
    return row


def task(connection: Connection, case_id: str, task_id: str) -> Any:
    return connection.execute(
        select(case_tasks).where(case_tasks.c.case_id == case_id, case_tasks.c.id == task_id)
    ).first()


def finish_task(connection: Connection, task_id: str, user: str, at: datetime) -> None:
    connection.execute(
        update(case_tasks)
        .where(case_tasks.c.id == task_id)
        .values(status="done", done_by=user, done_at=at)
    )


def add_attachment(connection: Connection, values: dict[str, Any]) -> None:
    connection.execute(insert(case_attachments).values(**values))


def attachment(connection: Connection, case_id: str, attachment_id: str) -> Any:
    return connection.execute(
        select(case_attachments).where(
            case_attachments.c.case_id == case_id, case_attachments.c.id == attachment_id
        )
    ).first()


def attachment_by_hash(connection: Connection, case_id: str, sha256: str) -> Any:
    return connection.execute(
        select(case_attachments.c.id).where(
            case_attachments.c.case_id == case_id, case_attachments.c.sha256 == sha256
        )
    ).first()


def attachment_of_report(connection: Connection, report_id: str) -> Any:
    return connection.execute(
        select(case_attachments.c.id, case_attachments.c.case_id).where(
            case_attachments.c.report_id == report_id
        )
    ).first()


def names(connection: Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = connection.execute(select(users.c.id, users.c.name).where(users.c.id.in_(ids)))
    return {str(r.id): str(r.name) for r in rows}


def notes(connection: Connection, case_id: str) -> list[dict[str, Any]]:
    rows = connection.execute(
        select(case_notes)
        .where(case_notes.c.case_id == case_id)
        .order_by(case_notes.c.written_at, case_notes.c.note_id, case_notes.c.version)
    )
    return [dict(r._mapping) for r in rows]


def tasks(connection: Connection, case_id: str) -> list[dict[str, Any]]:
    rows = connection.execute(
        select(case_tasks)
        .where(case_tasks.c.case_id == case_id)
        .order_by(case_tasks.c.due_on, case_tasks.c.created_at, case_tasks.c.id)
    )
    return [dict(r._mapping) for r in rows]


def attachments(connection: Connection, case_id: str) -> list[dict[str, Any]]:
    columns = [c for c in case_attachments.c if c.name != "content"]
    rows = connection.execute(
        select(*columns)
        .where(case_attachments.c.case_id == case_id)
        .order_by(case_attachments.c.attached_at, case_attachments.c.id)
    )
    return [dict(r._mapping) for r in rows]


def promotions(connection: Connection, case_id: str) -> list[dict[str, Any]]:
    query = (
        select(case_promotions, alerts.c.summary, alerts.c.status, alerts.c.score)
        .outerjoin(alerts, alerts.c.id == case_promotions.c.alert_id)
        .where(case_promotions.c.case_id == case_id)
        .order_by(case_promotions.c.promoted_at, case_promotions.c.alert_id)
    )
    return [dict(r._mapping) for r in connection.execute(query)]


def events(connection: Connection, case_id: str) -> list[dict[str, Any]]:
    rows = connection.execute(
        select(case_events)
        .where(case_events.c.case_id == case_id)
        .order_by(case_events.c.at, case_events.c.id)
    )
    return [dict(r._mapping) for r in rows]


def decisions(connection: Connection, alert_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The review decisions (confirmed, dismissed) on the case's promoted alerts."""
    if not alert_ids:
        return []
    rows = connection.execute(
        select(alert_events)
        .where(
            alert_events.c.alert_id.in_(list(alert_ids)),
            alert_events.c.to_status.in_(("confirmed", "dismissed")),
        )
        .order_by(alert_events.c.at, alert_events.c.id)
    )
    return [dict(r._mapping) for r in rows]


def due_date(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def case_title(connection: Connection, case_id: str) -> str:
    return str(connection.execute(select(cases.c.title).where(cases.c.id == case_id)).scalar())


def case_ref(connection: Connection, case_id: str) -> str | None:
    found = connection.execute(select(cases.c.ref).where(cases.c.id == case_id)).scalar()
    return str(found) if found is not None else None


def case_reports(connection: Connection, case_id: str) -> list[str]:
    """The reports labelled into the case (its material), in id order (time-ordered ids)."""
    rows = connection.execute(
        select(material_labels.c.resource_id)
        .where(material_labels.c.case_id == case_id, material_labels.c.resource_type == "report")
        .order_by(material_labels.c.resource_id)
    )
    return [str(r) for r in rows.scalars()]


def alert_history(connection: Connection, alert_id: str) -> list[dict[str, Any]]:
    query = (
        select(alert_events, users.c.name.label("user_name"))
        .outerjoin(users, users.c.id == alert_events.c.user_id)
        .where(alert_events.c.alert_id == alert_id)
        .order_by(alert_events.c.at, alert_events.c.id)
    )
    return [dict(r._mapping) for r in connection.execute(query)]


# A case closed only through oversight's ``close-case`` (a case_closures row, no casework
# closing): closed all the same, with no outcome recorded. One fact "closed", two writers.
OVERSIGHT_OUTCOME = "oversight_closure"


def closing(connection: Connection, case_id: str) -> dict[str, Any] | None:
    """The case's closing (outcome, reason, who, when), or None while it is open.

    Casework's case_closings row when there is one, else oversight's case_closures row
    (outcome ``OVERSIGHT_OUTCOME``), so casework and oversight agree a case is closed."""
    row = connection.execute(
        select(case_closings).where(case_closings.c.case_id == case_id)
    ).first()
    if row is not None:
        return dict(row._mapping)
    retained = connection.execute(
        select(case_closures).where(case_closures.c.case_id == case_id)
    ).first()
    if retained is None:
        return None
    return {
        "case_id": case_id,
        "outcome": OVERSIGHT_OUTCOME,
        "outcomes_version": None,
        "reason": retained.reason,
        "closed_by": retained.closed_by,
        "closed_at": retained.closed_at,
    }


def lock_case(connection: Connection, case_id: str) -> None:
    """Hold the case row for the rest of the transaction (FOR UPDATE on PostgreSQL).

    Concurrent closes, reopens and assignments of one case queue here, so each reads the
    closing after the previous one committed. SQLite has no FOR UPDATE: a no-op write takes
    its one writer lock now (a read first and a write later fails "database is locked"
    instead of waiting)."""
    if connection.dialect.name == "sqlite":
        connection.execute(update(cases).where(cases.c.id == case_id).values(id=cases.c.id))
        return
    connection.execute(select(cases.c.id).where(cases.c.id == case_id).with_for_update())


def lock_user(connection: Connection, user_id: str) -> None:
    """Hold the user row against change for the rest of the transaction (FOR SHARE on
    PostgreSQL), so a concurrent ``users disable`` waits for the write that read the account
    as active. On SQLite ``lock_case`` holds the one writer lock already."""
    if connection.dialect.name == "sqlite":
        return
    connection.execute(select(users.c.id).where(users.c.id == user_id).with_for_update(read=True))


def open_tasks(connection: Connection, case_id: str) -> list[dict[str, Any]]:
    rows = connection.execute(
        select(case_tasks.c.id, case_tasks.c.title)
        .where(case_tasks.c.case_id == case_id, case_tasks.c.status == "open")
        .order_by(case_tasks.c.due_on, case_tasks.c.id)
    )
    return [dict(r._mapping) for r in rows]


def reassign_open_tasks(
    connection: Connection, case_id: str, from_user: str, to_user: str
) -> list[dict[str, str]]:
    """Give the case's open tasks of `from_user` to `to_user`; the moved tasks (id, title)."""
    return _move_open_tasks(connection, case_id, from_user, to_user)


def release_open_tasks(connection: Connection, case_id: str, user_id: str) -> list[dict[str, str]]:
    """Take the case's open tasks of `user_id` off them (no assignee: to be re-assigned);
    the released tasks (id, title). Done and cancelled tasks keep who held them."""
    return _move_open_tasks(connection, case_id, user_id, None)


def _move_open_tasks(
    connection: Connection, case_id: str, from_user: str, to_user: str | None
) -> list[dict[str, str]]:
    """One mechanism for hand-over and unassign: the open tasks of `from_user` on the case
    go to `to_user` (None: nobody); done and cancelled tasks are never touched."""
    rows = connection.execute(
        select(case_tasks.c.id, case_tasks.c.title)
        .where(
            case_tasks.c.case_id == case_id,
            case_tasks.c.assignee_id == from_user,
            case_tasks.c.status == "open",
        )
        .order_by(case_tasks.c.due_on, case_tasks.c.id)
    )
    moved = [{"id": str(r.id), "title": str(r.title)} for r in rows]
    if moved:
        connection.execute(
            update(case_tasks)
            .where(case_tasks.c.id.in_([t["id"] for t in moved]), case_tasks.c.status == "open")
            .values(assignee_id=to_user)
        )
    return moved


def give_task(connection: Connection, task_id: str, user_id: str) -> bool:
    """Give an open task to the user: False (nothing written) when the task is no longer
    open, so a re-assignment racing a "mark done" cannot give a done task a new assignee."""
    result = connection.execute(
        update(case_tasks)
        .where(case_tasks.c.id == task_id, case_tasks.c.status == "open")
        .values(assignee_id=user_id)
    )
    return result.rowcount == 1


def cancel_tasks(connection: Connection, task_ids: Sequence[str], user: str, at: datetime) -> None:
    connection.execute(
        update(case_tasks)
        .where(case_tasks.c.id.in_(list(task_ids)), case_tasks.c.status == "open")
        .values(status="cancelled", done_by=user, done_at=at)
    )


def close(connection: Connection, values: dict[str, Any]) -> None:
    """The casework closing and oversight's retention record (its clock starts now)."""
    connection.execute(insert(case_closings).values(**values))
    # Oversight's CLI may have recorded a closure already (retention only): replaced.
    connection.execute(delete(case_closures).where(case_closures.c.case_id == values["case_id"]))
    connection.execute(
        insert(case_closures).values(
            case_id=values["case_id"],
            closed_at=values["closed_at"],
            closed_by=values["closed_by"],
            reason=values["reason"],
        )
    )


def reopen(connection: Connection, case_id: str) -> None:
    """An open case's material is retained as open-case material again: both rows go."""
    connection.execute(delete(case_closings).where(case_closings.c.case_id == case_id))
    connection.execute(delete(case_closures).where(case_closures.c.case_id == case_id))
