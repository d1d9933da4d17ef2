"""Global search over HTTP: ``/api/v1/search``, saved searches and their notices.

Thin: each route calls the room's service with the caller and the stated purpose
(``X-Kizashi-Purpose``); the service decides every candidate with the guard and logs the
search before it answers (503 if the audit log cannot be written).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, HTTPException, Path, Query, Request, status
from pydantic import BaseModel, ConfigDict, Field

from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.http import CallerDep, GuardDep, ProblemOut, PurposeDep, failing_closed
from kizashi.search.saved import delete_saved, list_saved, list_search_notices, save_search
from kizashi.search.service import SearchQuery, search

__all__ = ["router"]

router = APIRouter(tags=["search"])
T = TypeVar("T")
ID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
SLUG = r"^[a-z0-9_-]{1,50}$"
DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# At least two characters that are neither space nor control (what the search folds away).
QUERY = r"^.*[^\s\x00-\x1f\x7f-\x9f].*[^\s\x00-\x1f\x7f-\x9f].*$"
# A day as text (a date type would also take a number as a timestamp); "format: date" tells
# clients (and schemathesis) that it must be a real day.
DATE: dict[str, Any] = {"format": "date"}
Kind = Literal[
    "person",
    "organisation",
    "phone",
    "email",
    "account",
    "address",
    "payment_token",
    "report",
    "case",
]

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ProblemOut, "description": "Missing or invalid token."},
    403: {
        "model": ProblemOut,
        "description": "This account may not search (partners, services), or a saved search "
        "was given no purpose.",
    },
    422: {"model": ProblemOut, "description": "A field is invalid; the message names it."},
    503: {"model": ProblemOut, "description": "The audit log cannot be written; nothing served."},
}


def _served(call: Callable[[], T]) -> T:
    with failing_closed():
        try:
            return call()
        except NotFoundError as exc:
            raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
        except ForbiddenError as exc:
            raise HTTPException(status.HTTP_403_FORBIDDEN, str(exc)) from None
        except InputError as exc:
            raise HTTPException(422, str(exc)) from None


class HitOut(BaseModel):
    kind: str
    id: str
    label: str
    channel: str | None
    desk: str | None
    category: str | None
    occurred_at: str | None
    url: str = Field(description="The command centre's page of it.")


class SearchOut(BaseModel):
    query: str = Field(description="The query as matched (folded).")
    items: list[HitOut]
    total: int = Field(description="How many matches the caller may see (never the hidden).")
    page: int
    per_page: int
    facets: dict[str, dict[str, int]] = Field(
        description="kind, channel, desk, category → count, over what the caller may see."
    )
    needs_purpose: bool = Field(
        description="Some material needs a stated purpose (X-Kizashi-Purpose) to be shown."
    )


def _day(text: str | None, field: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{field}: not a day (YYYY-MM-DD): {text!r}") from None


class Facets(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Kind | None = None
    channel: str | None = Field(default=None, pattern=SLUG)
    desk: str | None = Field(default=None, pattern=SLUG)
    category: str | None = Field(default=None, pattern=SLUG)
    since: str | None = Field(default=None, pattern=DAY, json_schema_extra=DATE)
    until: str | None = Field(default=None, pattern=DAY, json_schema_extra=DATE)


class SavedIn(Facets):
    name: str = Field(min_length=1, max_length=200)
    q: str = Field(min_length=2, max_length=200, pattern=QUERY, description="The query.")


class SavedOut(BaseModel):
    id: str
    name: str
    query: str
    filters: dict[str, Any]
    purpose: str
    created_at: str


class NoticeOut(BaseModel):
    id: str
    saved_search: str
    saved_search_id: str
    created_at: str
    read: bool
    item: HitOut


@router.get(
    "/api/v1/search",
    response_model=SearchOut,
    responses=_ERRORS,
    summary="Find people (any script), phones, e-mails, handles, addresses, reports, cases",
)
def search_route(
    request: Request,
    user: CallerDep,
    guard: GuardDep,
    q: Annotated[
        str, Query(min_length=2, max_length=200, pattern=QUERY, description="What to find.")
    ],
    kind: Kind | None = None,
    channel: Annotated[str | None, Query(pattern=SLUG)] = None,
    desk: Annotated[str | None, Query(pattern=SLUG)] = None,
    category: Annotated[str | None, Query(pattern=SLUG)] = None,
    since: Annotated[
        str | None,
        Query(pattern=DAY, description="From this day (YYYY-MM-DD).", json_schema_extra=DATE),
    ] = None,
    until: Annotated[
        str | None,
        Query(pattern=DAY, description="Until this day, inclusive.", json_schema_extra=DATE),
    ] = None,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
    purpose: PurposeDep = None,
) -> dict[str, Any]:
    tz = request.app.state.settings.tz

    def run() -> dict[str, Any]:
        query = SearchQuery(
            q,
            kind,
            channel,
            desk,
            category,
            _day(since, "since"),
            _day(until, "until"),
            page,
            per_page,
        )
        return search(guard, user, query, purpose or "", tz=tz).as_dict()

    return _served(run)


@router.get(
    "/api/v1/saved-searches",
    response_model=list[SavedOut],
    responses={k: v for k, v in _ERRORS.items() if k in (401, 503)},
    summary="The caller's saved searches",
)
def saved_list(user: CallerDep, guard: GuardDep) -> list[dict[str, Any]]:
    with guard.engine.connect() as connection:
        return list_saved(connection, user)


@router.post(
    "/api/v1/saved-searches",
    response_model=SavedOut,
    status_code=201,
    responses=_ERRORS,
    summary="Save a search: a notice comes when something new matches it",
)
def saved_create(
    body: SavedIn, user: CallerDep, guard: GuardDep, purpose: PurposeDep = None
) -> dict[str, Any]:
    def run() -> dict[str, Any]:
        query = SearchQuery(
            body.q,
            body.kind,
            body.channel,
            body.desk,
            body.category,
            _day(body.since, "since"),
            _day(body.until, "until"),
        )
        return save_search(guard, user, body.name, query, purpose or "")

    return _served(run)


@router.delete(
    "/api/v1/saved-searches/{saved_id}",
    status_code=204,
    responses={
        **{k: v for k, v in _ERRORS.items() if k in (401, 503)},
        404: {"model": ProblemOut, "description": "No such saved search of the caller's."},
    },
    summary="Delete one of the caller's saved searches and its notices",
)
def saved_delete(
    saved_id: Annotated[str, Path(pattern=ID_PATTERN)],
    user: CallerDep,
    guard: GuardDep,
) -> None:
    def run() -> None:
        with guard.engine.begin() as connection:
            delete_saved(connection, user, saved_id)

    _served(run)


@router.get(
    "/api/v1/search/notices",
    response_model=list[NoticeOut],
    responses={k: v for k, v in _ERRORS.items() if k in (401, 503)},
    summary="Notices of the caller's saved searches: new matches the caller may see",
)
def notices_list(user: CallerDep, guard: GuardDep, purpose: PurposeDep = None) -> list[Any]:
    return _served(lambda: list_search_notices(guard, user, purpose or ""))
