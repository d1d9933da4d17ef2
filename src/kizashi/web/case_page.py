"""The case page and the write helpers the case's routes share (routes_cases,
routes_case_tasks, routes_case_reports): what a timeline shows, the fields a refusal names,
the bounds the forms state, and one way to run a write and re-render its refusal.

Thin: every read and write is :class:`kizashi.casework.Casework`'s, which asks the guard
(the case's file is ``case_file``: the officers assigned and the desk lead; anyone else
gets the 404 of a missing case). A refused form re-renders the case page with the reason
in the page's language (``case_error_<field>``) and the detail; nothing is half-written.
Refusals of the whole page are the door's (:mod:`kizashi.web.door`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import Connection, select
from starlette.concurrency import run_in_threadpool

from kizashi.casework import MAX_ATTACHMENT_BYTES, WORKING_ROLES, Casework, case_outcomes
from kizashi.casework.domain import (
    MAX_REASON_CHARS,
    MIN_CLOSING_CHARS,
    MIN_REASON_CHARS,
    InactiveOfficerError,
)
from kizashi.casework.repository import OVERSIGHT_OUTCOME
from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.guard import Resource
from kizashi.guard.identity import load_case
from kizashi.store import alerts
from kizashi.store.tables import cases, material_labels, users
from kizashi.web import entity as entity_queries
from kizashi.web.door import PageRefusedError, Visit, form_checked, officer_visit
from kizashi.web.i18n import translate
from kizashi.web.render import page, redirect

DONE = (
    "noted",
    "edited",
    "tasked",
    "finished",
    "task_assigned",
    "attached",
    "promoted",
    "assigned",
    "unassigned",
    "handed_over",
    "closed",
    "reopened",
)
# What a timeline shows (casework's events, and decisions on the promoted alerts).
EVENTS = (
    "promoted",
    "note",
    "note_edited",
    "task",
    "task_done",
    "task_assigned",
    "attached",
    "exported",
    "decision",
    "assigned",
    "unassigned",
    "handed_over",
    "closed",
    "reopened",
)
# The fields a refusal names, each with its message (``case_error_<field>``).
ERRORS = (
    "body",
    "title",
    "assignee",
    "due_on",
    "file",
    "reason",
    "case_ref",
    "case",
    "alerts",
    "recipient",
    "purpose",
    "task",
    "officer",
    "from_officer",
    "to_officer",
    "outcome",
    "closing_reason",
    "inactive_officer",
    "tasks",
    "closed",
    "forbidden",
    "input",
)
KNOWN_ERRORS = frozenset(f"case_error_{e}" for e in ERRORS)
# The bounds the reason messages and the forms state: casework's constants, which the service
# and the API's schema check (a page never says other bounds than the rule's).
REASON_BOUNDS = {
    "min_reason": MIN_REASON_CHARS,
    "max_reason": MAX_REASON_CHARS,
    "min_closing": MIN_CLOSING_CHARS,
    "max_closing": MAX_REASON_CHARS,
}


def casework(current: Visit) -> Casework:
    return Casework(current.engine, current.guard, current.settings)


def case_form(request: Request, csrf: str) -> tuple[Visit, Casework]:
    """The officer who posts a case form, its CSRF token checked, and the casework they act
    through: what every write of a case's file begins with."""
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})
    return current, casework(current)


def refusal_field(exc: Exception) -> str:
    """The field an InputError names (``field: reason``), or ``input``."""
    head = str(exc).split(":", 1)[0].strip()
    return head if head.isidentifier() else "input"


def _file_or_none(current: Visit, case_ref: str) -> dict[str, Any] | None:
    try:
        with current.guarded():
            return casework(current).file(current.user, case_ref, current.session.purpose)
    except (NotFoundError, ForbiddenError):
        return None


def _said(connection: Connection, promotions: list[dict[str, Any]]) -> None:
    """Give each promoted alert of a case file (shown under the file's guard) its category
    and explanation, so the page says it in the reader's words (`summary_of`) rather than
    triage's stored English line."""
    ids = [p["alert_id"] for p in promotions]
    if not ids:
        return
    rows = connection.execute(
        select(alerts.c.id, alerts.c.category, alerts.c.explanation).where(alerts.c.id.in_(ids))
    )
    said = {r.id: {"category": r.category, "explanation": r.explanation} for r in rows}
    for promotion in promotions:
        promotion.update(said.get(promotion["alert_id"], {}))


def case_page(
    request: Request,
    current: Visit,
    case_ref: str,
    *,
    error: tuple[str, str] | None = None,
    done: str | None = None,
    status: int = 200,
) -> Response:
    """A case: its record (desk lead, admins), the material the user may read in it, and
    its file (notes, tasks, attachments, timeline) for its officers and desk lead.

    An officer assigned to the case sees its material (rule CASE-1) though not its
    management record; anyone who may see none of it gets the same 404 as for a missing case.
    """
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
    loaded = current.load("report", labelled)
    # Material that needs a stated purpose is counted and asked for, not decided and hidden.
    asked = current.needing_purpose("read", loaded)
    resources = [r for r, ask in zip(loaded, asked, strict=True) if not ask]
    readable = [
        r.id for r, ok in zip(resources, current.visible("read", resources), strict=True) if ok
    ]
    found = _file_or_none(current, case_ref)
    if not record and not readable and not any(asked) and found is None:
        raise PageRefusedError(404, "not_found")
    with current.engine.connect() as connection:
        material = entity_queries.linked_reports(connection, readable)
        if found is not None:
            _said(connection, found["promotions"])
    return page(
        request,
        "case.html",
        visit=current,
        case=row,
        assigned=assigned if record or found else [],
        record=record,
        material=material,
        needing_purpose=sum(asked),
        file=found,
        error=error,
        done=done if done in DONE else None,
        max_bytes=MAX_ATTACHMENT_BYTES,
        known_case_errors=KNOWN_ERRORS,
        bounds=REASON_BOUNDS,
        outcomes=case_outcomes().items,
        outcome_labels={
            **{o.id: (o.ja if current.lang == "ja" else o.en) for o in case_outcomes().items},
            # A case only oversight closed (no outcome), in the page's words.
            OVERSIGHT_OUTCOME: translate(f"case_outcome_{OVERSIGHT_OUTCOME}", current.lang),
        },
        colleagues=colleagues(current, row.desk_id) if record else [],
        status=status,
    )


async def act(
    request: Request,
    current: Visit,
    case_ref: str,
    done: str,
    act: Any,
    fields: dict[str, str] | None = None,
    after: str | None = None,
) -> Response:
    """Run a write of the case's file; its refusal re-renders the page with the reason.

    ``fields`` renames a refused field for the page's message (the close form's ``reason``
    is the closing summary, with its own bounds). ``after``: where a success goes instead of
    the case page (an officer who handed their own case over no longer sees it)."""

    def run() -> tuple[str, str] | None:
        try:
            with current.guarded():
                act()
        except NotFoundError:
            raise PageRefusedError(404, "not_found") from None
        except ForbiddenError as exc:
            return ("forbidden", str(exc))
        except InactiveOfficerError as exc:
            return ("inactive_officer", str(exc))
        except InputError as exc:
            field = refusal_field(exc)
            return ((fields or {}).get(field, field), str(exc))
        return None

    problem = await run_in_threadpool(run)
    if problem:
        return await run_in_threadpool(
            lambda: case_page(request, current, case_ref, error=problem, status=422)
        )
    return redirect(request, after or f"/ui/cases/{quote(case_ref)}?done={done}")


def colleagues(current: Visit, desk: str) -> list[str]:
    """The desk's active officers, for the lead's assign and hand-over forms (a disabled
    account is not offered; the service refuses it anyway)."""
    with current.engine.connect() as connection:
        return [
            str(n)
            for n in connection.execute(
                select(users.c.name)
                .where(
                    users.c.desk_id == desk,
                    users.c.role.in_(WORKING_ROLES),
                    users.c.active.is_(True),
                )
                .order_by(users.c.name)
            ).scalars()
        ]
