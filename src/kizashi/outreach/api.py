"""Outreach over HTTP: companies, activities, approachers, coverage, briefing statistics and
a desk's dashboard.

Thin: each route turns the caller into a guard user and calls the in-process service
(:mod:`kizashi.outreach.service`, :mod:`kizashi.outreach.reports`), which decides and logs
before anything is read out or written. A hidden company or approacher answers 404 exactly
like a missing one; another desk's dashboard answers 403, as its page does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Path, Query, status

from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.http import (
    CallerDep,
    GuardDep,
    ProblemOut,
    PurposeDep,
    SettingsDep,
    failing_closed,
)
from kizashi.outreach import reports as desk_reports
from kizashi.outreach import service
from kizashi.outreach.errors import RegisterConflictError
from kizashi.outreach.registry import ActivityIn, CompanyIn

__all__ = ["router"]

router = APIRouter(tags=["outreach"])
ID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
IdPath = Annotated[str, Path(pattern=ID)]
T = TypeVar("T")
Json = dict[str, Any]

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ProblemOut, "description": "Missing or invalid token."},
    403: {"model": ProblemOut, "description": "Refused, and told why (a purpose, deconfliction)."},
    404: {"model": ProblemOut, "description": "No such record, or one the caller may not see."},
    503: {"model": ProblemOut, "description": "The audit log cannot be written; nothing served."},
}
_WRITE_ERRORS = {**_ERRORS, 409: {"model": ProblemOut, "description": "Already so."}}


def _served(call: Callable[[], T]) -> T:
    with failing_closed():
        try:
            return call()
        except NotFoundError as exc:
            raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
        except ForbiddenError as exc:
            raise HTTPException(status.HTTP_403_FORBIDDEN, str(exc)) from None
        except RegisterConflictError as exc:
            raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
        except InputError as exc:
            raise HTTPException(422, str(exc)) from None


@router.get(
    "/api/v1/companies",
    response_model=list[Json],
    responses=_ERRORS,
    summary="The company register (the companies the caller may see)",
)
def companies_list(user: CallerDep, guard: GuardDep, purpose: PurposeDep = None) -> list[Json]:
    return _served(lambda: service.list_companies(guard, user, purpose or ""))


@router.post(
    "/api/v1/companies",
    response_model=Json,
    status_code=201,
    responses=_WRITE_ERRORS,
    summary="Register a company (the outreach desk)",
)
def companies_create(
    body: CompanyIn,
    user: CallerDep,
    guard: GuardDep,
    purpose: PurposeDep = None,
) -> Json:
    return _served(lambda: service.register_company(guard, user, purpose or "", body))


@router.get(
    "/api/v1/companies/{company_id}",
    response_model=Json,
    responses=_ERRORS,
    summary="A company: its record, outreach history, next follow-up and approach reports",
)
def companies_get(
    company_id: IdPath,
    user: CallerDep,
    guard: GuardDep,
    purpose: PurposeDep = None,
) -> Json:
    return _served(lambda: service.company_view(guard, user, purpose or "", company_id))


@router.put(
    "/api/v1/companies/{company_id}",
    response_model=Json,
    responses=_WRITE_ERRORS,
    summary="Update a company's register record",
)
def companies_update(
    company_id: IdPath,
    body: CompanyIn,
    user: CallerDep,
    guard: GuardDep,
    purpose: PurposeDep = None,
) -> Json:
    return _served(lambda: service.update_company(guard, user, purpose or "", company_id, body))


@router.post(
    "/api/v1/companies/{company_id}/activities",
    response_model=Json,
    status_code=201,
    responses=_WRITE_ERRORS,
    summary="Record a visit, briefing or individual consultation, with its follow-up",
)
def activities_create(
    company_id: IdPath,
    body: ActivityIn,
    user: CallerDep,
    guard: GuardDep,
    purpose: PurposeDep = None,
) -> Json:
    return _served(lambda: service.log_activity(guard, user, purpose or "", company_id, body))


@router.post(
    "/api/v1/activities/{activity_id}/follow-up-done",
    response_model=Json,
    responses=_WRITE_ERRORS,
    summary="Mark an activity's follow-up done",
)
def follow_up_done(
    activity_id: IdPath,
    user: CallerDep,
    guard: GuardDep,
    purpose: PurposeDep = None,
) -> Json:
    return _served(lambda: service.complete_follow_up(guard, user, purpose or "", activity_id))


@router.get(
    "/api/v1/approachers",
    response_model=list[Json],
    responses=_ERRORS,
    summary="Approachers the caller may see (the outreach desk's, and a country desk's own)",
)
def approachers_list(user: CallerDep, guard: GuardDep, purpose: PurposeDep = None) -> list[Json]:
    return _served(lambda: service.list_approachers(guard, user, purpose or ""))


@router.get(
    "/api/v1/approachers/{entity_id}",
    response_model=Json,
    responses=_ERRORS,
    summary="An approacher: names, companies, escalation and the approach timeline in stages",
)
def approachers_get(
    entity_id: IdPath,
    user: CallerDep,
    guard: GuardDep,
    purpose: PurposeDep = None,
) -> Json:
    return _served(lambda: service.approacher_view(guard, user, purpose or "", entity_id))


@router.get(
    "/api/v1/outreach/coverage",
    response_model=Json,
    responses=_ERRORS,
    summary="Sectors and wards not visited, companies that reported nothing for a year",
)
def coverage(
    user: CallerDep,
    guard: GuardDep,
    days: Annotated[int, Query(ge=1, le=3650)] = 365,
    purpose: PurposeDep = None,
) -> Json:
    return _served(lambda: desk_reports.coverage(guard, user, purpose or "", days=days))


@router.get(
    "/api/v1/outreach/briefing",
    response_model=Json,
    responses=_ERRORS,
    summary="Anonymised approach statistics by stage, sector and method (small counts suppressed)",
)
def briefing(
    user: CallerDep,
    guard: GuardDep,
    since: datetime | None = None,
    until: datetime | None = None,
    export: bool = False,
    purpose: PurposeDep = None,
) -> Json:
    return _served(
        lambda: desk_reports.briefing_statistics(
            guard, user, purpose or "", since=since, until=until, export=export
        )
    )


@router.get(
    "/api/v1/outreach/desks/{desk_id}",
    response_model=Json,
    responses=_ERRORS,
    summary="A desk's dashboard: approaches per month by furthest stage and by sector, and its "
    "approachers (the desk's members only)",
)
def desk_dashboard(
    desk_id: Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")],
    user: CallerDep,
    guard: GuardDep,
    settings: SettingsDep,
    purpose: PurposeDep = None,
) -> Json:
    # The page's read model (months in the deployment's time zone, as the page draws them).
    zone = ZoneInfo(settings.timezone)
    return _served(
        lambda: desk_reports.desk_dashboard(guard, user, purpose or "", desk_id, tz=zone)
    )
