"""The search page (``/ui/search``, the box in every page's header) and saved searches.

Thin: the room's service (:func:`kizashi.search.search`) decides every candidate with the
guard and audits the search with the session's stated purpose; this draws what it returns.
A refused account (partners, services, admins without a case) gets the refusal page.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.search import (
    KINDS,
    PurposeRequiredError,
    delete_saved,
    list_saved,
    save_search,
    search,
)
from kizashi.web.door import PageRefusedError, Visit, form_checked, officer_visit
from kizashi.web.render import page, redirect
from kizashi.web.search_form import search_query

router = APIRouter(prefix="/ui", include_in_schema=False)
FACETS = ("kind", "channel", "desk", "category")


def _link(params: dict[str, str | None], **changes: Any) -> str:
    merged = {**params, **changes}
    return "/ui/search?" + urlencode({k: v for k, v in merged.items() if v})


def _saved(current: Visit) -> list[dict[str, Any]]:
    with current.engine.connect() as connection:
        saved = list_saved(connection, current.user)
    for s in saved:
        s["href"] = "/ui/search?" + urlencode({"q": s["query"], **s["filters"]})
    return saved


@router.get("/search")
def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    kind: Annotated[str, Query(max_length=20)] = "",
    channel: Annotated[str, Query(max_length=50)] = "",
    desk: Annotated[str, Query(max_length=50)] = "",
    category: Annotated[str, Query(max_length=50)] = "",
    since: Annotated[str, Query(max_length=10)] = "",
    until: Annotated[str, Query(max_length=10)] = "",
    page_: Annotated[int, Query(alias="page", ge=1, le=1000)] = 1,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    current = officer_visit(request)
    params: dict[str, str | None] = {
        "q": q,
        "kind": kind,
        "channel": channel,
        "desk": desk,
        "category": category,
        "since": since,
        "until": until,
    }
    found = None
    error = None
    if q.strip():
        try:
            query = search_query(params, page_)
            with current.guarded():
                found = search(
                    current.guard,
                    current.user,
                    query,
                    current.session.purpose,
                    tz=current.settings.tz,
                )
        except InputError as exc:
            error = str(exc)
        except ForbiddenError:
            raise PageRefusedError(403, "forbidden") from None
    status = 422 if error else 200
    pages = 0
    if found is not None:
        pages = (found.total + found.per_page - 1) // found.per_page
    return page(
        request,
        "search.html",
        visit=current,
        status=status,
        params=params,
        found=found,
        error=error,
        kinds=KINDS,
        facet_names=FACETS,
        link=lambda **changes: _link(params, **changes),
        pages=pages,
        saved=_saved(current),
        done=done,
    )


@router.post("/search/saved")
async def save(
    request: Request,
    name: Annotated[str, Form(max_length=200)] = "",
    q: Annotated[str, Form(max_length=200)] = "",
    kind: Annotated[str, Form(max_length=20)] = "",
    channel: Annotated[str, Form(max_length=50)] = "",
    desk: Annotated[str, Form(max_length=50)] = "",
    category: Annotated[str, Form(max_length=50)] = "",
    since: Annotated[str, Form(max_length=10)] = "",
    until: Annotated[str, Form(max_length=10)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Save the search shown: its query, facets and the session's purpose."""
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})
    params: dict[str, str | None] = {
        "q": q,
        "kind": kind,
        "channel": channel,
        "desk": desk,
        "category": category,
        "since": since,
        "until": until,
    }

    def write() -> str | None:
        try:
            with current.guarded():
                save_search(
                    current.guard,
                    current.user,
                    name or q,
                    search_query(params),
                    current.session.purpose,
                )
        except InputError as exc:
            return str(exc)
        except PurposeRequiredError:
            raise PageRefusedError(403, "purpose") from None
        except ForbiddenError:
            raise PageRefusedError(403, "forbidden") from None
        return None

    problem = await run_in_threadpool(write)
    if problem:
        return page(
            request,
            "search.html",
            visit=current,
            status=422,
            params=params,
            found=None,
            error=problem,
            kinds=KINDS,
            facet_names=FACETS,
            link=lambda **changes: _link(params, **changes),
            pages=0,
            saved=_saved(current),
            done="",
        )
    return redirect(request, _link(params, done="saved"))


@router.post("/search/saved/{saved_id}/delete")
async def delete(
    request: Request,
    saved_id: str,
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})

    def write() -> None:
        try:
            with current.engine.begin() as connection:
                delete_saved(connection, current.user, saved_id)
        except NotFoundError:
            raise PageRefusedError(404, "not_found") from None

    await run_in_threadpool(write)
    return redirect(request, "/ui/search?done=deleted")
