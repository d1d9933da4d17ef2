"""A case's page and its work (notes, attachments, officers, close and reopen).

The tasks are in :mod:`kizashi.web.routes_case_tasks`, the printed reports and the promotion
of alerts into a case in :mod:`kizashi.web.routes_case_reports`; the page itself, what its
timeline shows and how a refused form re-renders it are :mod:`kizashi.web.case_page`'s.
Thin: every read and write is :class:`kizashi.casework.Casework`'s, which asks the guard.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from kizashi.casework import (
    MAX_ATTACHMENT_BYTES,
    assign_officer,
    close_case,
    hand_over_case,
    reopen_case,
    unassign_officer,
)
from kizashi.casework.domain import REASON_WIRE_CHARS
from kizashi.errors import ForbiddenError, NotFoundError
from kizashi.web.case_page import (
    DONE,
    EVENTS,
    KNOWN_ERRORS,
    REASON_BOUNDS,
    act,
    case_form,
    case_page,
    casework,
    refusal_field,
)
from kizashi.web.door import PageRefusedError, officer_visit

router = APIRouter(prefix="/ui", include_in_schema=False)
# Read by the message catalogue's tests and the queue page, as before the split.
__all__ = ["DONE", "EVENTS", "KNOWN_ERRORS", "REASON_BOUNDS", "refusal_field", "router"]


@router.get("/cases/{case_ref}")
def case_page_route(request: Request, case_ref: str, done: str | None = None) -> Response:
    return case_page(request, officer_visit(request), case_ref, done=done)


@router.post("/cases/{case_ref}/notes")
async def add_note(
    request: Request,
    case_ref: str,
    body: Annotated[str, Form(max_length=20_000)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current, work = case_form(request, csrf)
    purpose = current.session.purpose
    return await act(
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
    current, work = case_form(request, csrf)
    purpose = current.session.purpose
    return await act(
        request,
        current,
        case_ref,
        "edited",
        lambda: work.edit_note(current.user, case_ref, note_id[:36], body, purpose),
    )


@router.post("/cases/{case_ref}/attachments")
async def attach(
    request: Request,
    case_ref: str,
    file: Annotated[UploadFile, File()],
    reason: Annotated[str, Form(max_length=REASON_WIRE_CHARS)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current, work = case_form(request, csrf)
    content = await file.read(MAX_ATTACHMENT_BYTES + 1)
    name = file.filename or ""
    purpose = current.session.purpose
    return await act(
        request,
        current,
        case_ref,
        "attached",
        lambda: work.attach(current.user, case_ref, name, content, purpose=purpose, reason=reason),
    )


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
    current, work = case_form(request, csrf)
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
    return await act(request, current, case_ref, done, acts[action], after=after)


@router.post("/cases/{case_ref}/close")
async def close(
    request: Request,
    case_ref: str,
    outcome: Annotated[str, Form(max_length=40)] = "",
    reason: Annotated[str, Form(max_length=REASON_WIRE_CHARS)] = "",
    force: Annotated[str, Form(max_length=5)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current, work = case_form(request, csrf)
    purpose = current.session.purpose
    return await act(
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
    current, work = case_form(request, csrf)
    purpose = current.session.purpose
    return await act(
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
