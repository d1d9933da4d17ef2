"""A case's tasks: add one, mark it done, give an open one to an officer (with a reason,
as every other hand-over of work in casework).

Thin: every write is :class:`kizashi.casework.Casework`'s (or casework's lifecycle), which
asks the guard; a refusal re-renders the case page (:func:`kizashi.web.case_page.act`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from kizashi.casework import assign_task as lifecycle_assign_task
from kizashi.casework.domain import REASON_WIRE_CHARS
from kizashi.web.case_page import act, case_form

router = APIRouter(prefix="/ui", include_in_schema=False)


@router.post("/cases/{case_ref}/tasks")
async def add_task(
    request: Request,
    case_ref: str,
    title: Annotated[str, Form(max_length=500)] = "",
    assignee: Annotated[str, Form(max_length=200)] = "",
    due_on: Annotated[str, Form(max_length=10)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current, work = case_form(request, csrf)
    purpose = current.session.purpose
    return await act(
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
    current, work = case_form(request, csrf)
    purpose = current.session.purpose
    return await act(
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
    reason: Annotated[str, Form(max_length=REASON_WIRE_CHARS)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Give an open task (one an unassign left without an assignee) to an officer, with a
    reason (a missing one re-renders the page naming ``reason``)."""
    current, work = case_form(request, csrf)
    purpose = current.session.purpose
    return await act(
        request,
        current,
        case_ref,
        "task_assigned",
        lambda: lifecycle_assign_task(
            work,
            current.user,
            case_ref,
            task_id[:36],
            assignee,
            reason=reason,
            purpose=purpose,
        ),
    )
