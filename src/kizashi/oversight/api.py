"""Oversight's HTTP routes (docs/oversight.md, docs/api.md).

- ``GET /api/v1/oversight/access?entity=...``, ``?officer=...`` or ``?report=...``: who looked
  at a person's records, what one user looked at, or every use of one report — audit metadata only (OVERSIGHT-1: oversight
  officers and auditors; anyone else 403). ``proofs=true`` adds each entry's inclusion proof;
  ``signed=true`` answers a signed export instead (a ZIP of PDF, JSON with proofs, SIGNATURE).
- ``POST /api/v1/oversight/expiry``: run expiry (RETAIN-1: administrators), or a dry run
  (RETAIN-2: oversight and auditors may see what would go).
- ``GET /api/v1/oversight/purposes``: the purposes of collection and use in force.

Errors (403, 404, 422) come from the house's error mapping (kizashi.http).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

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
from kizashi.oversight.access import Period
from kizashi.oversight.service import access_report, purposes, run_expiry

router = APIRouter(tags=["oversight"])

_REFUSED: dict[int | str, dict[str, Any]] = {
    400: {"model": ProblemOut, "description": "Bad input (a time without a zone, no subject)."},
    403: {"model": ProblemOut, "description": "Refused by the guard (the rule is named)."},
}


_ATTACHMENT = {"Content-Disposition": 'attachment; filename="access-report.zip"'}


class ExpiryIn(BaseModel):
    dry_run: bool = True
    as_of: datetime | None = Field(None, description="judge retention at this time")


@router.get(
    "/api/v1/oversight/access",
    responses={
        **GUARDED_PROBLEMS,
        **_REFUSED,
        404: {"model": ProblemOut, "description": "No such entity, officer or report."},
    },
    summary="Who looked at a person's records, or what one user looked at (metadata only)",
)
def access(
    user: CallerDep,
    guard: GuardDep,
    terminal: TerminalDep,
    entity: Annotated[str | None, Query(max_length=36)] = None,
    officer: Annotated[str | None, Query(max_length=200)] = None,
    report: Annotated[str | None, Query(max_length=36)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    proofs: bool = False,
    signed: bool = False,
    lang: Annotated[str, Query(pattern="^(ja|en)$")] = "ja",
    purpose: PurposeDep = None,
) -> Any:
    if signed:
        from kizashi.oversight.exports import signed_access_report

        with failing_closed():
            bundle, _found = signed_access_report(
                guard,
                user,
                entity=entity,
                officer=officer,
                report=report,
                period=Period(since, until),
                lang=lang,
                purpose=purpose or "oversight review",
                terminal=terminal,
            )
        return Response(bundle, media_type="application/zip", headers=_ATTACHMENT)
    with failing_closed():
        return access_report(
            guard,
            user,
            entity=entity,
            officer=officer,
            report=report,
            period=Period(since, until),
            proofs=proofs,
            purpose=purpose or "oversight review",
            terminal=terminal,
        )


@router.post(
    "/api/v1/oversight/expiry",
    responses={**GUARDED_PROBLEMS, **_REFUSED},
    summary="Expire the reports past their retention, or list them (dry run, the default)",
)
def expiry(
    body: ExpiryIn,
    user: CallerDep,
    guard: GuardDep,
    terminal: TerminalDep,
    purpose: PurposeDep = None,
) -> Any:
    with failing_closed():
        run = run_expiry(
            guard,
            user,
            dry_run=body.dry_run,
            as_of=body.as_of,
            purpose=purpose or "retention expiry",
            terminal=terminal,
        )
    return run.as_dict()


@router.get(
    "/api/v1/oversight/purposes",
    responses=GUARDED_PROBLEMS,
    summary="The purposes of collection and use in force",
)
def purpose_list(user: CallerDep) -> Any:
    return {"items": purposes()}


@router.get(
    "/api/v1/oversight/transparency",
    responses={**GUARDED_PROBLEMS, **_REFUSED},
    summary="The transparency report for a period: counts only, small counts suppressed",
)
def transparency(
    user: CallerDep,
    guard: GuardDep,
    terminal: TerminalDep,
    period: Annotated[
        str | None, Query(max_length=20, description="2026-Q4, 2026-11, 2026")
    ] = None,
    start: Annotated[str | None, Query(alias="from", max_length=40)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=40)] = None,
    form: Annotated[str, Query(alias="format", pattern="^(json|markdown)$")] = "json",
    purpose: PurposeDep = None,
) -> Any:
    from fastapi.responses import PlainTextResponse

    from kizashi.oversight.transparency import markdown, transparency_report

    with failing_closed():
        report = transparency_report(
            guard,
            user,
            period=period,
            start=start,
            end=end,
            purpose=purpose or "oversight review",
            terminal=terminal,
        )
    if form == "markdown":
        return PlainTextResponse(markdown(report), media_type="text/markdown; charset=utf-8")
    return report
