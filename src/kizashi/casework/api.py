"""Casework's HTTP routes under ``/api/v1/casework`` (docs/cases.md).

Every route acts through :class:`Casework`, which asks the guard before anything is read or
written; a case the caller may not see answers 404 exactly like a missing one. Errors map
to problems through the app's handlers (400 names the field, 503 when the audit log fails).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi import Path as FastApiPath
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.concurrency import run_in_threadpool

from kizashi.casework import lifecycle
from kizashi.casework.domain import (
    MAX_ATTACHMENT_BYTES,
    MAX_REASON_CHARS,
    MIN_CLOSING_CHARS,
    MIN_REASON_CHARS,
)
from kizashi.casework.outcomes import outcomes
from kizashi.casework.report import issue_alert_report, issue_case_report
from kizashi.casework.service import Casework
from kizashi.http import (
    GUARDED_PROBLEMS,
    CallerDep,
    EngineDep,
    GuardDep,
    ProblemOut,
    PurposeDep,
    SettingsDep,
    failing_closed,
)
from kizashi.trace import IssuedCopy

PROBLEMS: dict[int | str, dict[str, Any]] = {
    **GUARDED_PROBLEMS,
    400: {"model": ProblemOut, "description": "Bad input: the field and the reason."},
    403: {"model": ProblemOut, "description": "Refused by the guard (the rule is named)."},
    404: {"model": ProblemOut, "description": "No such case, alert or item, or not yours."},
    409: {
        "model": ProblemOut,
        "description": "The case is closed (read-only), or the officer's account is disabled.",
    },
}
router = APIRouter(prefix="/api/v1/casework", tags=["casework"], responses=PROBLEMS)
Ref = Annotated[str, FastApiPath(min_length=1, max_length=100)]
Id = Annotated[str, FastApiPath(min_length=1, max_length=36)]


def get_casework(engine: EngineDep, guard: GuardDep, settings: SettingsDep) -> Casework:
    return Casework(engine, guard, settings)


WorkDep = Annotated[Casework, Depends(get_casework)]


class PromoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    alerts: list[Annotated[str, Field(min_length=1, max_length=36)]] = Field(
        min_length=1, max_length=200
    )
    reason: str = Field(
        min_length=MIN_REASON_CHARS,
        max_length=MAX_REASON_CHARS,
        description="why they belong together",
    )
    case_ref: str | None = Field(None, min_length=1, max_length=100, description="existing case")
    new_case_ref: str | None = Field(None, min_length=1, max_length=100, description="new case")
    title: str = Field("", max_length=300)


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: str = Field(min_length=1, max_length=20_000)


class TaskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=500)
    assignee: str = Field(min_length=1, max_length=200, description="user name")
    due_on: date


class IssueIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    recipient: str = Field(min_length=1, max_length=200, description="user name")
    lang: Literal["ja", "en"] = "ja"


class AssignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    officer: str = Field(min_length=1, max_length=200, description="user name")
    reason: str = Field(min_length=MIN_REASON_CHARS, max_length=MAX_REASON_CHARS)


class HandOverIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    from_officer: str = Field(min_length=1, max_length=200, description="user name")
    to_officer: str = Field(min_length=1, max_length=200, description="user name")
    reason: str = Field(min_length=MIN_REASON_CHARS, max_length=MAX_REASON_CHARS)


class CloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # The schema names the ids (read from the versioned list when the schema is built), so a
    # client, and the schema fuzzing, knows "" is not one before it asks.
    outcome: str = Field(
        description="an id of casework/data/outcomes.yaml",
        json_schema_extra=lambda schema: schema.update(enum=[o.id for o in outcomes().items]),
    )
    reason: str = Field(
        min_length=MIN_CLOSING_CHARS, max_length=MAX_REASON_CHARS, description="the closing summary"
    )
    force: bool = Field(False, description="cancel the case's open tasks instead of refusing")

    @field_validator("outcome")
    @classmethod
    def _known(cls, value: str) -> str:
        if outcomes().get(value) is None:
            allowed = ", ".join(o.id for o in outcomes().items)
            raise ValueError(f"{value!r} is not an outcome; one of {allowed}")
        return value


class ReopenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=MIN_REASON_CHARS, max_length=MAX_REASON_CHARS)


def _copy(copy: IssuedCopy, name: str) -> Response:
    return Response(
        copy.content,
        media_type=copy.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Kizashi-Copy": copy.copy_id,
            "X-Kizashi-Audit-Seq": str(copy.audit_seq),
        },
    )


@router.post("/promote", status_code=201, summary="Promote alerts into a case (new or existing)")
def promote(body: PromoteIn, user: CallerDep, work: WorkDep, purpose: PurposeDep = None) -> Any:
    with failing_closed():
        return work.promote(
            user,
            body.alerts,
            reason=body.reason,
            purpose=purpose,
            case_ref=body.case_ref,
            new_case_ref=body.new_case_ref,
            title=body.title,
        ).to_json()


@router.get("/cases/{case_ref}", summary="A case's file: notes, tasks, attachments, timeline")
def case_file(case_ref: Ref, user: CallerDep, work: WorkDep, purpose: PurposeDep = None) -> Any:
    with failing_closed():
        return work.file(user, case_ref, purpose)


@router.get("/outcomes", summary="The outcomes a case may be closed with (versioned list)")
def case_outcomes(user: CallerDep) -> Any:
    known = outcomes()
    return {
        "version": known.version,
        "outcomes": [{"id": o.id, "ja": o.ja, "en": o.en} for o in known.items],
    }


@router.post("/cases/{case_ref}/assign", summary="Assign an officer of the desk (desk lead)")
def assign(
    case_ref: Ref, body: AssignIn, user: CallerDep, work: WorkDep, purpose: PurposeDep = None
) -> Any:
    with failing_closed():
        names = lifecycle.assign_officer(
            work, user, case_ref, body.officer, reason=body.reason, purpose=purpose
        )
    return {"assigned": names}


@router.post("/cases/{case_ref}/unassign", summary="Take an officer off the case (desk lead)")
def unassign(
    case_ref: Ref, body: AssignIn, user: CallerDep, work: WorkDep, purpose: PurposeDep = None
) -> Any:
    with failing_closed():
        names = lifecycle.unassign_officer(
            work, user, case_ref, body.officer, reason=body.reason, purpose=purpose
        )
    return {"assigned": names}


@router.post(
    "/cases/{case_ref}/hand-over",
    summary="Hand the case from one officer to a colleague (desk lead, or the officer)",
)
def hand_over(
    case_ref: Ref, body: HandOverIn, user: CallerDep, work: WorkDep, purpose: PurposeDep = None
) -> Any:
    with failing_closed():
        names = lifecycle.hand_over_case(
            work,
            user,
            case_ref,
            from_officer=body.from_officer,
            to_officer=body.to_officer,
            reason=body.reason,
            purpose=purpose,
        )
    return {"assigned": names}


@router.post("/cases/{case_ref}/close", summary="Close the case with an outcome (desk lead)")
def close(
    case_ref: Ref, body: CloseIn, user: CallerDep, work: WorkDep, purpose: PurposeDep = None
) -> Any:
    with failing_closed():
        return lifecycle.close_case(
            work,
            user,
            case_ref,
            outcome=body.outcome,
            reason=body.reason,
            purpose=purpose,
            force=body.force,
        )


@router.post("/cases/{case_ref}/reopen", summary="Reopen a closed case (desk lead)")
def reopen(
    case_ref: Ref, body: ReopenIn, user: CallerDep, work: WorkDep, purpose: PurposeDep = None
) -> Any:
    with failing_closed():
        return lifecycle.reopen_case(work, user, case_ref, reason=body.reason, purpose=purpose)


@router.post("/cases/{case_ref}/notes", status_code=201, summary="Add a note to a case")
def add_note(
    case_ref: Ref, body: NoteIn, user: CallerDep, work: WorkDep, purpose: PurposeDep = None
) -> Any:
    with failing_closed():
        return work.add_note(user, case_ref, body.body, purpose)


@router.post(
    "/cases/{case_ref}/notes/{note_id}",
    status_code=201,
    summary="Edit a note: a new version (the earlier ones are kept)",
)
def edit_note(
    case_ref: Ref,
    note_id: Id,
    body: NoteIn,
    user: CallerDep,
    work: WorkDep,
    purpose: PurposeDep = None,
) -> Any:
    with failing_closed():
        return work.edit_note(user, case_ref, note_id, body.body, purpose)


@router.post("/cases/{case_ref}/tasks", status_code=201, summary="Add a task to a case")
def add_task(
    case_ref: Ref, body: TaskIn, user: CallerDep, work: WorkDep, purpose: PurposeDep = None
) -> Any:
    with failing_closed():
        return work.add_task(
            user,
            case_ref,
            title=body.title,
            assignee=body.assignee,
            due_on=body.due_on,
            purpose=purpose,
        )


@router.post("/cases/{case_ref}/tasks/{task_id}/done", status_code=204, summary="Mark a task done")
def finish_task(
    case_ref: Ref, task_id: Id, user: CallerDep, work: WorkDep, purpose: PurposeDep = None
) -> Response:
    with failing_closed():
        work.finish_task(user, case_ref, task_id, purpose)
    return Response(status_code=204)


class TaskAssignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    assignee: str = Field(min_length=1, max_length=200, description="user name")
    reason: str = Field(
        min_length=MIN_REASON_CHARS, max_length=MAX_REASON_CHARS, description="why (the timeline)"
    )


class TaskAssignedOut(BaseModel):
    """The task as given: who holds it now, and the reason the timeline keeps."""

    id: str
    title: str
    assignee: str
    status: Literal["open"]
    reason: str


@router.post(
    "/cases/{case_ref}/tasks/{task_id}/assign",
    summary="Give an open task to an officer on the case (one an unassign left unassigned)",
)
def assign_task(
    case_ref: Ref,
    task_id: Id,
    body: TaskAssignIn,
    user: CallerDep,
    work: WorkDep,
    purpose: PurposeDep = None,
) -> TaskAssignedOut:
    with failing_closed():
        given = lifecycle.assign_task(
            work, user, case_ref, task_id, body.assignee, reason=body.reason, purpose=purpose
        )
    return TaskAssignedOut(**given)


@router.post(
    "/cases/{case_ref}/attachments",
    status_code=201,
    summary=f"Attach a file (PDF, PNG, JPEG, UTF-8 text; at most {MAX_ATTACHMENT_BYTES} bytes)",
)
async def attach(
    request: Request,
    case_ref: Ref,
    user: CallerDep,
    work: WorkDep,
    file: Annotated[UploadFile, File(description="the file")],
    reason: Annotated[str, Form(max_length=MAX_REASON_CHARS)] = "",
    purpose: PurposeDep = None,
) -> Any:
    content = await file.read(MAX_ATTACHMENT_BYTES + 1)
    name = file.filename or ""
    with failing_closed():
        return await run_in_threadpool(
            lambda: work.attach(user, case_ref, name, content, purpose=purpose, reason=reason)
        )


@router.get(
    "/cases/{case_ref}/attachments/{attachment_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "The file."}},
    summary="An attachment's bytes",
)
def attachment(
    case_ref: Ref, attachment_id: Id, user: CallerDep, work: WorkDep, purpose: PurposeDep = None
) -> Response:
    with failing_closed():
        content, media_type, name = work.attachment(user, case_ref, attachment_id, purpose)
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quoted(name)}"},
    )


@router.post(
    "/cases/{case_ref}/report",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The recipient's copy."}},
    summary="The case's report as a PDF, fingerprinted for one recipient (trace)",
)
def case_report(
    case_ref: Ref, body: IssueIn, user: CallerDep, work: WorkDep, purpose: PurposeDep = None
) -> Response:
    with failing_closed():
        copy = issue_case_report(
            work, user, case_ref, recipient=body.recipient, purpose=purpose, lang=body.lang
        )
    return _copy(copy, f"case-{copy.copy_id[:8]}.pdf")


@router.post(
    "/alerts/{alert_id}/report",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The recipient's copy."}},
    summary="An alert's report as a PDF, fingerprinted for one recipient (trace)",
)
def alert_report(
    alert_id: Id, body: IssueIn, user: CallerDep, work: WorkDep, purpose: PurposeDep = None
) -> Response:
    with failing_closed():
        copy = issue_alert_report(
            work, user, alert_id, recipient=body.recipient, purpose=purpose, lang=body.lang
        )
    return _copy(copy, f"alert-{copy.copy_id[:8]}.pdf")


def _quoted(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
