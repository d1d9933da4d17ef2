"""Subject access, correction notes and the rules in force over HTTP (docs/oversight.md).

- ``POST /api/v1/oversight/sar``: register a subject-access request (SAR-1: oversight).
- ``POST /api/v1/oversight/sar/{ref}/export``: the JSON export, with tear-lines (SAR-2: an
  administrator, once; anyone else 403 naming SAR-3).
- ``POST /api/v1/reports/{report_id}/corrections``: a correction note beside a report (the
  report is never changed; ``GET /api/v1/reports/{id}`` lists its notes).
- ``GET /api/v1/oversight/rules?at=...`` or ``?alert=...``: the rule versions in force at a
  time, or those an alert was scored under (OVERSIGHT-1).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from kizashi.http import (
    GUARDED_PROBLEMS,
    CallerDep,
    GuardDep,
    ProblemOut,
    PurposeDep,
    TerminalDep,
    failing_closed,
)
from kizashi.oversight.corrections import add_correction
from kizashi.oversight.exports import signed_sar_export
from kizashi.oversight.rule_versions import rules_report
from kizashi.oversight.subject_access import export, register

router = APIRouter(tags=["oversight"])

_REFUSED: dict[int | str, dict[str, Any]] = {
    400: {"model": ProblemOut, "description": "Bad input (the field and the reason)."},
    403: {"model": ProblemOut, "description": "Refused by the guard (the rule is named)."},
}


class SarIn(BaseModel):
    ref: str = Field(max_length=100)
    requester: str = Field(max_length=500, description="who asked")
    legal_basis: str = Field(max_length=500)
    identifiers: dict[str, list[str]] = Field(
        description="the person's identifiers: {person|phone|email|account|address: [values]}"
    )


class CorrectionIn(BaseModel):
    note: str = Field(max_length=5000, pattern=r"\S", description="the corrected statement")
    reason: str = Field(max_length=2000, pattern=r"\S")
    field: str | None = Field(None, max_length=300)
    requested_by: str | None = Field(None, max_length=300)


@router.post(
    "/api/v1/oversight/sar",
    responses={**GUARDED_PROBLEMS, **_REFUSED},
    summary="Register a lawful subject-access request (oversight officers)",
)
def sar_register(
    body: SarIn,
    user: CallerDep,
    guard: GuardDep,
    terminal: TerminalDep,
    purpose: PurposeDep = None,
) -> Any:
    with failing_closed():
        return register(
            guard,
            user,
            body.ref,
            requester=body.requester,
            legal_basis=body.legal_basis,
            identifiers=body.identifiers,
            purpose=purpose or "subject access request",
            terminal=terminal,
        )


@router.post(
    "/api/v1/oversight/sar/{ref}/export",
    responses={**GUARDED_PROBLEMS, **_REFUSED},
    summary="Export what the platform holds about the person, with tear-lines (once)",
)
def sar_export(
    ref: str,
    user: CallerDep,
    guard: GuardDep,
    terminal: TerminalDep,
    signed: bool = False,
    lang: Annotated[str, Query(pattern="^(ja|en)$")] = "ja",
    purpose: PurposeDep = None,
) -> Any:
    if signed:  # the export as a signed bundle: a ZIP of PDF, JSON and SIGNATURE
        with failing_closed():
            bundle, _document = signed_sar_export(
                guard,
                user,
                ref,
                lang=lang,
                purpose=purpose or "subject access request",
                terminal=terminal,
            )
        disposition = f'attachment; filename="sar-export-{quote(ref, safe="")}.zip"'
        return Response(
            bundle, media_type="application/zip", headers={"Content-Disposition": disposition}
        )
    with failing_closed():
        return export(
            guard, user, ref, purpose=purpose or "subject access request", terminal=terminal
        )


@router.post(
    "/api/v1/reports/{report_id}/corrections",
    responses={**GUARDED_PROBLEMS, **_REFUSED, 404: {"model": ProblemOut}},
    summary="Attach a correction note to a report (the report itself never changes)",
    status_code=201,
)
def correction(
    report_id: str,
    body: CorrectionIn,
    user: CallerDep,
    guard: GuardDep,
    terminal: TerminalDep,
    purpose: PurposeDep = None,
) -> Any:
    with failing_closed():
        return add_correction(
            guard,
            user,
            report_id,
            note=body.note,
            reason=body.reason,
            field=body.field,
            requested_by=body.requested_by,
            purpose=purpose or "correction of a report",
            terminal=terminal,
        )


@router.get(
    "/api/v1/oversight/rules",
    responses={**GUARDED_PROBLEMS, **_REFUSED, 404: {"model": ProblemOut}},
    summary="The rule versions in force at a time, or those an alert was scored under",
)
def rules(
    user: CallerDep,
    guard: GuardDep,
    terminal: TerminalDep,
    at: datetime | None = None,
    alert: str | None = None,
    signal: str | None = None,
    content: bool = False,
    purpose: PurposeDep = None,
) -> Any:
    with failing_closed():
        return rules_report(
            guard,
            user,
            at=at,
            alert=alert,
            signal=signal,
            content=content,
            purpose=purpose or "oversight review",
            terminal=terminal,
        )
