"""A case's page and its work (notes, tasks, attachments, the printed report), and the
promotion of alerts into a case, from an alert's page and from the queue's bulk action.

Thin: every read and write is :class:`kizashi.casework.Casework`'s, which asks the guard
(the case's file is ``case_file``: the officers assigned and the desk lead; anyone else
gets the 404 of a missing case). A refused form re-renders the case page with the reason
in the page's language (``case_error_<field>``) and the detail; nothing is half-written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy import Connection, select
from starlette.concurrency import run_in_threadpool

from kizashi.casework import (
    MAX_ATTACHMENT_BYTES,
    WORKING_ROLES,
    Casework,
    assign_officer,
    case_outcomes,
    close_case,
    hand_over_case,
    issue_alert_report,
    issue_case_report,
    reopen_case,
    unassign_officer,
)
from kizashi.casework import assign_task as lifecycle_assign_task
from kizashi.casework.domain import (
    MAX_REASON_CHARS,
    MIN_CLOSING_CHARS,
    MIN_REASON_CHARS,
    REASON_WIRE_CHARS,
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

router = APIRouter(prefix="/ui", include_in_schema=False)
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


def _case_page(
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
        colleagues=_colleagues(current, row.desk_id) if record else [],
        status=status,
    )


@router.get("/cases/{case_ref}")
def case_page(request: Request, case_ref: str, done: str | None = None) -> Response:
    return _case_page(request, officer_visit(request), case_ref, done=done)


async def _act(
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
            lambda: _case_page(request, current, case_ref, error=problem, status=422)
        )
    return redirect(request, after or f"/ui/cases/{quote(case_ref)}?done={done}")


@router.post("/cases/{case_ref}/notes")
async def add_note(
    request: Request,
    case_ref: str,
    body: Annotated[str, Form(max_length=20_000)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})
    work = casework(current)
    purpose = current.session.purpose
    return await _act(
        request,
        current,
        case_ref,
        "noted",
        lambda: work.add_note(current.user, case_ref, body, purpose),
    )


@router.post("/cases/{case_ref}/notes/{note_id}")
async def edit_note(
    request: Request,
    case_ref: str,
    note_id: str,
    body: Annotated[str, Form(max_length=20_000)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})
    work = casework(current)
    purpose = current.session.purpose
    return await _act(
        request,
        current,
        case_ref,
        "edited",
        lambda: work.edit_note(current.user, case_ref, note_id[:36], body, purpose),
    )


@router.post("/cases/{case_ref}/tasks")
async def add_task(
    request: Request,
    case_ref: str,
    title: Annotated[str, Form(max_length=500)] = "",
    assignee: Annotated[str, Form(max_length=200)] = "",
    due_on: Annotated[str, Form(max_length=10)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})
    work = casework(current)
    purpose = current.session.purpose
    return await _act(
        request,
        current,
        case_ref,
        "tasked",
        lambda: work.add_task(
            current.user, case_ref, title=title, assignee=assignee, due_on=due_on, purpose=purpose
        ),
    )


@router.post("/cases/{case_ref}/tasks/{task_id}/done")
async def finish_task(
    request: Request,
    case_ref: str,
    task_id: str,
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})
    work = casework(current)
    purpose = current.session.purpose
    return await _act(
        request,
        current,
        case_ref,
        "finished",
        lambda: work.finish_task(current.user, case_ref, task_id[:36], purpose),
    )


@router.post("/cases/{case_ref}/tasks/{task_id}/assign")
async def assign_task(
    request: Request,
    case_ref: str,
    task_id: str,
    assignee: Annotated[str, Form(max_length=200)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Give an open task (one an unassign left without an assignee) to an officer."""
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})
    work = casework(current)
    purpose = current.session.purpose
    return await _act(
        request,
        current,
        case_ref,
        "task_assigned",
        lambda: lifecycle_assign_task(
            work, current.user, case_ref, task_id[:36], assignee, purpose=purpose
        ),
    )


@router.post("/cases/{case_ref}/attachments")
async def attach(
    request: Request,
    case_ref: str,
    file: Annotated[UploadFile, File()],
    reason: Annotated[str, Form(max_length=REASON_WIRE_CHARS)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})
    content = await file.read(MAX_ATTACHMENT_BYTES + 1)
    name = file.filename or ""
    work = casework(current)
    purpose = current.session.purpose
    return await _act(
        request,
        current,
        case_ref,
        "attached",
        lambda: work.attach(current.user, case_ref, name, content, purpose=purpose, reason=reason),
    )


def _colleagues(current: Visit, desk: str) -> list[str]:
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


@router.post("/cases/{case_ref}/officers")
async def officers(
    request: Request,
    case_ref: str,
    action: Annotated[str, Form(max_length=20)] = "",
    officer: Annotated[str, Form(max_length=200)] = "",
    from_officer: Annotated[str, Form(max_length=200)] = "",
    to_officer: Annotated[str, Form(max_length=200)] = "",
    reason: Annotated[str, Form(max_length=REASON_WIRE_CHARS)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Assign, unassign (the desk lead) or hand over (the lead, or the officer's own)."""
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})
    work = casework(current)
    purpose = current.session.purpose
    user = current.user
    acts: dict[str, Callable[[], Any]] = {
        "assign": lambda: assign_officer(
            work, user, case_ref, officer, reason=reason, purpose=purpose
        ),
        "unassign": lambda: unassign_officer(
            work, user, case_ref, officer, reason=reason, purpose=purpose
        ),
        "hand_over": lambda: hand_over_case(
            work,
            user,
            case_ref,
            from_officer=from_officer or user.name,
            to_officer=to_officer,
            reason=reason,
            purpose=purpose,
        ),
    }
    if action not in acts:
        raise PageRefusedError(404, "not_found")
    done = {"assign": "assigned", "unassign": "unassigned", "hand_over": "handed_over"}[action]
    # An officer's own hand-over takes them off the case: its page would answer 404, so
    # they go to their dashboard (a desk lead still sees the desk's cases).
    own = action == "hand_over" and from_officer in ("", user.name)
    after = "/ui/" if own and user.role != "desk_lead" else None
    return await _act(request, current, case_ref, done, acts[action], after=after)


@router.post("/cases/{case_ref}/close")
async def close(
    request: Request,
    case_ref: str,
    outcome: Annotated[str, Form(max_length=40)] = "",
    reason: Annotated[str, Form(max_length=REASON_WIRE_CHARS)] = "",
    force: Annotated[str, Form(max_length=5)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})
    work = casework(current)
    purpose = current.session.purpose
    return await _act(
        request,
        current,
        case_ref,
        "closed",
        lambda: close_case(
            work,
            current.user,
            case_ref,
            outcome=outcome,
            reason=reason,
            purpose=purpose,
            force=force == "on",
        ),
        fields={"reason": "closing_reason"},
    )


@router.post("/cases/{case_ref}/reopen")
async def reopen(
    request: Request,
    case_ref: str,
    reason: Annotated[str, Form(max_length=REASON_WIRE_CHARS)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})
    work = casework(current)
    purpose = current.session.purpose
    return await _act(
        request,
        current,
        case_ref,
        "reopened",
        lambda: reopen_case(work, current.user, case_ref, reason=reason, purpose=purpose),
    )


@router.get("/cases/{case_ref}/attachments/{attachment_id}")
def attachment(request: Request, case_ref: str, attachment_id: str) -> Response:
    current = officer_visit(request)
    try:
        with current.guarded():
            content, media_type, name = casework(current).attachment(
                current.user, case_ref, attachment_id[:36], current.session.purpose
            )
    except (NotFoundError, ForbiddenError):
        raise PageRefusedError(404, "not_found") from None
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name, safe='')}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


def _pdf(content: bytes, name: str, copy_id: str) -> Response:
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Kizashi-Copy": copy_id,
            "Cache-Control": "no-store",
        },
    )


def _issued_pdf(
    current: Visit,
    issue: Callable[[], Any],
    name: Callable[[str], str],
    refused: Callable[[tuple[str, str]], Response],
) -> Response:
    """Issue a fingerprinted report (case or alert) as the PDF answer; a refusal names the
    field (a recipient the guard refuses is the recipient's fault), a missing one is a 404."""
    try:
        with current.guarded():
            copy = issue()
    except NotFoundError:
        raise PageRefusedError(404, "not_found") from None
    except (ForbiddenError, InputError) as exc:
        field = "recipient" if isinstance(exc, ForbiddenError) else refusal_field(exc)
        return refused((field, str(exc)))
    return _pdf(copy.content, name(copy.copy_id), copy.copy_id)


@router.post("/cases/{case_ref}/report")
async def case_report(
    request: Request,
    case_ref: str,
    recipient: Annotated[str, Form(max_length=200)] = "",
    purpose: Annotated[str, Form(max_length=300)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """The case's report as PDF, fingerprinted for the named recipient and audited."""
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})
    work = casework(current)

    def run() -> Response:
        return _issued_pdf(
            current,
            lambda: issue_case_report(
                work,
                current.user,
                case_ref,
                recipient=recipient,
                purpose=purpose,
                lang=current.lang,
            ),
            lambda copy_id: f"case-{case_ref}-{copy_id[:8]}.pdf",
            lambda error: _case_page(request, current, case_ref, error=error, status=422),
        )

    return await run_in_threadpool(run)


@router.post("/alerts/{alert_id}/report")
async def alert_report(
    request: Request,
    alert_id: str,
    recipient: Annotated[str, Form(max_length=200)] = "",
    purpose: Annotated[str, Form(max_length=300)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})
    work = casework(current)
    alert = alert_id[:36]

    def run() -> Response:
        return _issued_pdf(
            current,
            lambda: issue_alert_report(
                work, current.user, alert, recipient=recipient, purpose=purpose, lang=current.lang
            ),
            lambda copy_id: f"alert-{alert_id[:8]}-{copy_id[:8]}.pdf",
            lambda error: page(
                request,
                "case_problem.html",
                visit=current,
                status=422,
                error=error,
                back=f"/ui/alerts/{alert}",
                known_case_errors=KNOWN_ERRORS,
                bounds=REASON_BOUNDS,
            ),
        )

    return await run_in_threadpool(run)


def promote_alerts(
    current: Visit, alert_ids: list[str], case_ref: str, title: str, reason: str
) -> str:
    """Promote into the case `case_ref` if it exists, else open it (desk lead); its ref."""
    ref = case_ref.strip()
    with current.engine.connect() as connection:
        exists = connection.execute(select(cases.c.id).where(cases.c.ref == ref)).first()
    with current.guarded():
        done = casework(current).promote(
            current.user,
            alert_ids,
            reason=reason,
            purpose=current.session.purpose,
            case_ref=ref if exists else None,
            new_case_ref=None if exists else ref or None,
            title=title,
        )
    return done.case_ref


@router.post("/alerts/{alert_id}/promote")
async def promote(
    request: Request,
    alert_id: str,
    case_ref: Annotated[str, Form(max_length=100)] = "",
    title: Annotated[str, Form(max_length=300)] = "",
    reason: Annotated[str, Form(max_length=REASON_WIRE_CHARS)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})

    def run() -> Response:
        try:
            ref = promote_alerts(current, [alert_id[:36]], case_ref, title, reason)
        except NotFoundError:
            raise PageRefusedError(404, "not_found") from None
        except (ForbiddenError, InputError) as exc:
            return page(
                request,
                "case_problem.html",
                visit=current,
                status=422,
                error=(
                    "forbidden" if isinstance(exc, ForbiddenError) else refusal_field(exc),
                    str(exc),
                ),
                back=f"/ui/alerts/{alert_id[:36]}",
                known_case_errors=KNOWN_ERRORS,
                bounds=REASON_BOUNDS,
            )
        return redirect(request, f"/ui/cases/{quote(ref)}?done=promoted")

    return await run_in_threadpool(run)
