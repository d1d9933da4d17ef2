"""The outreach pages: the desk's companies and approachers, a company's page (its record,
outreach history, next follow-up, approach reports in stages) and an approacher's approach
timeline. Every read and write goes through outreach's service, which asks the guard; a
refusal answers the whole page (404, 403, deconfliction, a purpose), never part of it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from kizashi.errors import ForbiddenError, NotFoundError
from kizashi.guard import AuditWriteError
from kizashi.outreach import (
    ActivityIn,
    approacher_view,
    company_view,
    complete_follow_up,
    coverage,
    desk_dashboard,
    list_approachers,
    list_companies,
    log_activity,
    stage_model,
)
from kizashi.web.door import PageRefusedError, Visit, form_checked, officer_visit, visit
from kizashi.web.i18n import translate
from kizashi.web.present import highlight
from kizashi.web.render import page, redirect

router = APIRouter(prefix="/ui/outreach", include_in_schema=False)
T = TypeVar("T")


def served(call: Callable[[], T]) -> T:
    """The service's answer, or the page refused whole for the reason the guard gave."""
    try:
        return call()
    except NotFoundError:
        raise PageRefusedError(404, "not_found") from None
    except AuditWriteError:
        raise PageRefusedError(503, "unavailable") from None
    except ForbiddenError as exc:
        if "DECONFLICT-1" in str(exc):
            raise PageRefusedError(403, "deconflicted") from None
        if "PURPOSE-1" in str(exc):
            raise PageRefusedError(403, "purpose") from None
        raise PageRefusedError(403, "forbidden") from None


def _stages() -> list[Any]:
    return list(stage_model().stages)


@router.get("")
def desk(request: Request) -> Response:
    current = officer_visit(request)
    purpose = current.session.purpose
    companies = served(lambda: list_companies(current.guard, current.user, purpose))
    approachers = served(lambda: list_approachers(current.guard, current.user, purpose))
    report = served(lambda: coverage(current.guard, current.user, purpose)) if companies else None
    return page(
        request,
        "outreach.html",
        visit=current,
        companies=companies,
        approachers=approachers,
        coverage=report,
        stages=_stages(),
    )


@router.get("/companies/{company_id}")
def company(request: Request, company_id: str, done: str | None = None) -> Response:
    # Partners may read their own company's page (PARTNER-5), so any signed-in visit.
    current = visit(request)
    return _company_page(request, current, company_id, done=done)


def _company_page(
    request: Request,
    current: Visit,
    company_id: str,
    *,
    done: str | None = None,
    refused: str | None = None,
    status: int = 200,
) -> Response:
    view = served(
        lambda: company_view(current.guard, current.user, current.session.purpose, company_id)
    )
    for reading in view["readings"]:
        reading["segments"] = highlight(reading["text"], reading["evidence"])
    return page(
        request,
        "company.html",
        visit=current,
        stages=_stages(),
        done=done if done in ("activity", "follow_up") else None,
        refused=refused,
        status=status,
        **view,
    )


def _local(value: str, zone: str) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(zone))


class _BadTimeError(ValueError):
    """A form's time that is not one, named by its field."""


def _when(name: str, value: str, zone: str) -> datetime | None:
    try:
        return _local(value, zone)
    except ValueError:
        raise _BadTimeError(f"{name}: not a date and time ({value[:40]!r})") from None


@router.post("/companies/{company_id}/activities")
async def add_activity(
    request: Request,
    company_id: str,
    kind: Annotated[str, Form()],
    held_at: Annotated[str, Form()],
    topics: Annotated[str, Form()],
    attendees: Annotated[str, Form()] = "",
    follow_up: Annotated[str, Form()] = "",
    follow_up_due: Annotated[str, Form()] = "",
) -> Response:
    current = officer_visit(request)
    form_checked(current, await request.form())
    zone = current.settings.timezone
    try:
        data = ActivityIn(
            kind=kind,
            held_at=_when("held_at", held_at, zone),
            topics=topics,
            attendees=[a.strip() for a in attendees.split(",") if a.strip()],
            officers=[current.user.display_name or current.user.name],
            follow_up=follow_up or None,
            follow_up_due=_when("follow_up_due", follow_up_due, zone),
        )
    except (ValidationError, _BadTimeError) as exc:
        # The form again with the field and the reason (was a bare 400 page, qa16).
        problems = (
            [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
            if isinstance(exc, ValidationError)
            else [str(exc)]
        )
        refused = "; ".join(problems)
        return await run_in_threadpool(
            lambda: _company_page(request, current, company_id, refused=refused, status=422)
        )

    def write() -> None:
        log_activity(current.guard, current.user, current.session.purpose, company_id, data)

    await run_in_threadpool(served, write)
    return redirect(request, f"/ui/outreach/companies/{company_id}?done=activity")


@router.post("/activities/{activity_id}/done")
async def follow_up_done(request: Request, activity_id: str) -> Response:
    current = officer_visit(request)
    form_checked(current, await request.form())

    def write() -> dict[str, Any]:
        return complete_follow_up(current.guard, current.user, current.session.purpose, activity_id)

    activity = await run_in_threadpool(served, write)
    return redirect(request, f"/ui/outreach/companies/{activity['company_id']}?done=follow_up")


@router.get("/approachers/{entity_id}")
def approacher(request: Request, entity_id: str) -> Response:
    current = officer_visit(request)
    view = served(
        lambda: approacher_view(current.guard, current.user, current.session.purpose, entity_id)
    )
    for reading in view["timeline"]:
        reading["segments"] = highlight(reading["text"], reading["evidence"])
    return page(request, "approacher.html", visit=current, **view)


def monthly_chart(
    title: str, months: list[str], series: dict[str, list[int]], names: dict[str, str]
) -> dict[str, Any]:
    """A stacked bar chart per month, as the dashboard's charts are drawn: the server puts
    the figure in the page as JSON and the vendored Plotly draws it (web.js)."""
    data = [
        {"type": "bar", "name": names.get(key, key), "x": months, "y": counts}
        for key, counts in series.items()
    ]
    layout = {
        "title": {"text": title},
        "barmode": "stack",
        "height": 320,
        "margin": {"l": 40, "r": 10, "t": 40, "b": 60},
        "xaxis": {"type": "category"},
        "yaxis": {"dtick": 1, "rangemode": "tozero"},
    }
    return {"data": data, "layout": layout}


@router.get("/desks/{desk_id}")
def desk_page(request: Request, desk_id: str) -> Response:
    """A desk's dashboard: its approaches per month by stage and by sector, and its
    approachers (a country desk sees those shared with it)."""
    current = officer_visit(request)
    zone = ZoneInfo(current.settings.timezone)
    view = served(
        lambda: desk_dashboard(
            current.guard, current.user, current.session.purpose, desk_id, tz=zone
        )
    )
    lang = current.session.lang
    stage_names = {k: v[lang] for k, v in view["stage_names"].items()}
    stage_names["none"] = translate("no_stage", lang)
    sector_names = {k: translate("sector_" + k, lang) for k in view["by_sector"]}
    return page(
        request,
        "outreach_desk.html",
        visit=current,
        stage_chart=monthly_chart(
            translate("approaches_by_stage", lang), view["months"], view["by_stage"], stage_names
        ),
        sector_chart=monthly_chart(
            translate("approaches_by_sector", lang),
            view["months"],
            view["by_sector"],
            sector_names,
        ),
        stage_labels=stage_names,
        sector_labels=sector_names,
        **view,
    )
