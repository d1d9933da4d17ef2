"""The partner portal's inbox: products released to the partner, each read as the partner's
own fingerprinted copy, acknowledged, and questioned back.

The list and every action go through :mod:`kizashi.share` on the visit's guard: a delivery
is only ever its recipient's (anyone else gets the same 404 as for a missing one), reading
the copy marks it read, and a question becomes a ``consultation`` report through intake with
the partner as its source (so it enters the pipeline like any report) and tells the author.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kizashi.share import acknowledge, ask, inbox, read_copy
from kizashi.web.copy_markdown import copy_html
from kizashi.web.door import PageRefusedError, Visit, form_checked, partner_visit
from kizashi.web.render import SECURITY_HEADERS, page, redirect
from kizashi.web.routes_share import attempt, run

router = APIRouter(prefix="/ui/partner/inbox", include_in_schema=False)
PURPOSE = "partner reading a product released to it"


def _delivery(current: Visit, delivery_id: str) -> dict[str, Any]:
    box = run(current, lambda s: inbox(s, current.user, PURPOSE))
    found = next((d for d in box if d["delivery_id"] == delivery_id), None)
    if found is None:
        raise PageRefusedError(404, "not_found")
    return dict(found)


def _page(
    request: Request,
    current: Visit,
    delivery_id: str,
    *,
    done: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    item = _delivery(current, delivery_id)
    content, media = run(current, lambda s: read_copy(s, current.user, delivery_id, PURPOSE))
    html = copy_html(content.decode("utf-8")) if media.startswith("text/") else None
    return page(
        request,
        "partner_product.html",
        visit=current,
        item=item,
        copy=html,
        done=done,
        error=error,
        status=status,
    )


@router.get("/{delivery_id}")
def product(
    request: Request, delivery_id: str, done: Annotated[str | None, Query(max_length=20)] = None
) -> Response:
    return _page(request, partner_visit(request), delivery_id, done=done)


@router.get("/{delivery_id}/copy")
def download(request: Request, delivery_id: str) -> Response:
    """The partner's own copy as delivered (Markdown or PDF), to keep."""
    current = partner_visit(request)
    item = _delivery(current, delivery_id)
    content, media = run(current, lambda s: read_copy(s, current.user, delivery_id, PURPOSE))
    name = f"{item['kind']}-{item['product_id']}.{item['format']}"
    headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type=media, headers=headers)


@router.post("/{delivery_id}/acknowledge")
async def acknowledged(
    request: Request, delivery_id: str, csrf: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    current = partner_visit(request)
    form_checked(current, {"csrf": csrf})
    problem = await attempt(current, lambda s: acknowledge(s, current.user, delivery_id, PURPOSE))
    if problem:
        return await run_in_threadpool(
            lambda: _page(request, current, delivery_id, error=problem, status=422)
        )
    return redirect(request, f"/ui/partner/inbox/{delivery_id}?done=acknowledged")


@router.post("/{delivery_id}/ask")
async def asked(
    request: Request,
    delivery_id: str,
    question: Annotated[str, Form(max_length=10_000)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current = partner_visit(request)
    form_checked(current, {"csrf": csrf})
    problem = await attempt(current, lambda s: ask(s, current.user, delivery_id, question, PURPOSE))
    if problem:
        return await run_in_threadpool(
            lambda: _page(request, current, delivery_id, error=problem, status=422)
        )
    return redirect(request, f"/ui/partner/inbox/{delivery_id}?done=asked")
