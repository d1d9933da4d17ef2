"""Correction notes: attached to a report, never changing it (issue 18 item 5).

Reports are immutable (the database refuses UPDATE and DELETE), so a statement found to be
wrong is corrected by a note beside it: who, when, why, the corrected statement and, if one,
the field it is about. The note is decided by the guard as a ``write`` on the report (whoever
may work on the report's desk — DESK-1, TRIAGE-1, CASE-1/2 — and, with a stated purpose, one
the report may serve) and logged; the report's read model (``kizashi.intake.get_report``:
the API's report and the web report page) lists its notes. A note requested by a registered
subject-access request (``requested_by`` its reference) ties the report to the request, so
that expiry erases the request's identifiers once its reports are gone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select

from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.guard import Guard, User
from kizashi.ids import new_id
from kizashi.oversight.subject_access import tie_reports
from kizashi.store.tables_oversight import report_corrections, subject_access_requests


def add_correction(
    guard: Guard,
    user: User,
    report_id: str,
    *,
    note: str,
    reason: str,
    field: str | None = None,
    requested_by: str | None = None,
    purpose: str = "correction of a report",
    terminal: str = "",
) -> dict[str, Any]:
    """Attach a correction note to ``report_id`` if the guard allows it; the note as stored."""
    loaded = guard.load("report", report_id)
    [(decision, seq)] = guard.decide_each(
        user,
        "write",
        [(loaded, {"correction": True, "field": field})],
        purpose,
        terminal=terminal,
    )
    if not decision.allowed:
        if decision.conceal or not loaded.found:
            raise NotFoundError(f"no report {report_id}")
        raise ForbiddenError(f"{decision.reason} (rule {decision.rule})")
    # Checked after the decision: who may not correct the report learns nothing of it.
    if not note.strip():
        raise InputError("note: give the corrected statement")
    if not reason.strip():
        raise InputError("reason: say why the report is corrected")
    at = guard.now()
    row: dict[str, Any] = {
        "id": new_id(),
        "report_id": report_id,
        "note": note.strip(),
        "field": (field or "").strip() or None,
        "reason": reason.strip(),
        "requested_by": (requested_by or "").strip() or None,
        "author_id": user.id,
        "created_at": at,
        "audit_seq": seq,
    }
    with guard.engine.begin() as connection:
        connection.execute(insert(report_corrections).values(**row))
        if row["requested_by"]:
            request = connection.execute(
                select(subject_access_requests.c.id).where(
                    subject_access_requests.c.ref == row["requested_by"]
                )
            ).scalar()
            if request is not None:
                tie_reports(connection, request, [report_id])
    return {**row, "created_at": at.isoformat(), "rule": decision.rule}
