"""The pipeline page of the command centre: lag per stage, and the dead letters with a retry
(reports a stage failed on, and analysts' judgements whose re-score was parked).

A report that made a stage fail ``KIZASHI_PIPELINE_MAX_ATTEMPTS`` times is parked with its
stage and reason while the loop goes on (docs/pipeline.md). Here the command centre sees
them and puts them back once the cause is fixed; the pipeline room's access functions decide
every letter as its report, for this officer, and log it before anything is shown or moved.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kizashi.errors import ForbiddenError, NotFoundError
from kizashi.guard import AuditWriteError
from kizashi.pipeline import (
    STAGE_NAMES,
    retry_dead_letters,
    retry_parked_judgements,
    visible_dead_letters,
    visible_lag,
    visible_parked_judgements,
)
from kizashi.web.door import PageRefusedError, form_checked, officer_visit
from kizashi.web.render import page, redirect

router = APIRouter(prefix="/ui", include_in_schema=False)

PAGE = 200


def _dated(row: dict[str, Any]) -> dict[str, Any]:
    return {
        k: datetime.fromisoformat(v) if k.endswith("_at") and isinstance(v, str) else v
        for k, v in row.items()
    }


@router.get("/pipeline")
def pipeline_page(
    request: Request,
    done: Annotated[int | None, Query(ge=0, le=1_000_000_000)] = None,
    error: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    current = officer_visit(request)
    purpose = current.session.purpose
    try:
        lag = visible_lag(current.guard, current.user, purpose)
        letters = visible_dead_letters(current.guard, current.user, purpose, limit=PAGE)
        judgements = visible_parked_judgements(current.guard, current.user, purpose, limit=PAGE)
    except AuditWriteError:
        raise PageRefusedError(503, "unavailable") from None
    return page(
        request,
        "pipeline.html",
        visit=current,
        lag=lag,
        stages=STAGE_NAMES,
        letters=[_dated(r) for r in letters.items],
        hidden=letters.hidden,
        judgements=[_dated(r) for r in judgements.items],
        judgements_hidden=judgements.hidden,
        done=done,
        error=error,
    )


@router.post("/pipeline/retry")
async def retry(request: Request) -> Response:
    current = officer_visit(request)
    form = await request.form()
    form_checked(current, form)
    # A row's own button retries that letter alone; the other button, the letters ticked;
    # a parked judgement's button, that judgement's re-score.
    one = form.get("one")
    judgement = form.get("judgement")
    report_ids = [str(one)] if one else [str(v) for v in form.getlist("report_id")][:PAGE]
    purpose = current.session.purpose

    def put_back() -> int:
        if judgement:
            return retry_parked_judgements(current.guard, current.user, purpose, [str(judgement)])
        return retry_dead_letters(current.guard, current.user, purpose, report_ids)

    try:
        count = await run_in_threadpool(put_back)
    except AuditWriteError:
        raise PageRefusedError(503, "unavailable") from None
    except (ForbiddenError, NotFoundError):
        return redirect(request, "/ui/pipeline?error=refused")
    return redirect(request, f"/ui/pipeline?done={count}")
