"""A case's and an alert's printed report (a PDF fingerprinted for one recipient), and the
promotion of alerts into a case, from an alert's page and from the queue's bulk action.

Thin: every read and write is :class:`kizashi.casework.Casework`'s, which asks the guard; a
refused report re-renders the case page or the alert's problem page with the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from kizashi.casework import issue_alert_report, issue_case_report
from kizashi.casework.domain import REASON_WIRE_CHARS
from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.store.tables import cases
from kizashi.web.case_page import (
    KNOWN_ERRORS,
    REASON_BOUNDS,
    case_form,
    case_page,
    casework,
    refusal_field,
)
from kizashi.web.door import PageRefusedError, Visit, form_checked, officer_visit
from kizashi.web.render import page, redirect

router = APIRouter(prefix="/ui", include_in_schema=False)


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
    current, work = case_form(request, csrf)

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
            lambda error: case_page(request, current, case_ref, error=error, status=422),
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
    current, work = case_form(request, csrf)
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
