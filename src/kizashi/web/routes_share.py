"""The command centre's sharing pages: products from draft to release, and requests to
platforms with their dashboard.

Every page acts through :mod:`kizashi.share` on the visit's guard (so each read, approval
and release is decided and logged exactly as through the API). The approver's page shows
the full text beside the tear-line that will leave, the diff between them and every removal
with its rule (the approver may restore one over-removed span, with a reason, where the
handling code allows it); approving records a reason, releasing issues one fingerprinted copy per
person. A refusal is the whole page (404 when concealed, 403 with the rule, the purpose form
when the material needs one); a step the workflow does not allow yet re-renders the page
with the reason (422).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kizashi.errors import InputError, NotFoundError
from kizashi.guard import AuditWriteError
from kizashi.guard.identity import get_user_by_id
from kizashi.share import (
    HANDLING_CODES,
    ShareRefusedError,
    ShareService,
    answer_request,
    decide_request,
    draft_and_submit,
    draft_request,
    get_request,
    mark_notifications_read,
    notifications,
    record_action,
    release,
    request_dashboard,
    send_request,
    submit_request,
)
from kizashi.store.tables_share import PRODUCT_KINDS, PRODUCT_STATES
from kizashi.web.copy_markdown import copy_html
from kizashi.web.door import PageRefusedError, Visit, form_checked, officer_visit, refusal
from kizashi.web.render import page, redirect

router = APIRouter(prefix="/ui/share", include_in_schema=False)
REQUEST_STEPS = ("submit", "decide", "send", "answer", "action")


def service_of(current: Visit) -> ShareService:
    """The share room on this visit's guard (its clock, its audit log)."""
    return ShareService(current.engine, current.guard, current.settings, clock=current.guard.now)


@contextmanager
def as_pages() -> Iterator[None]:
    """The share room's refusals as whole-page refusals (what the API answers, as a page)."""
    try:
        yield
    except NotFoundError:
        raise PageRefusedError(404, "not_found") from None
    except ShareRefusedError as exc:
        raise refusal([exc.decision]) from None
    except AuditWriteError:
        raise PageRefusedError(503, "unavailable") from None


def run(current: Visit, call: Callable[[ShareService], Any]) -> Any:
    """`call` with the visit's share service, refusals turned into pages."""
    with as_pages():
        return call(service_of(current))


async def attempt(current: Visit, call: Callable[[ShareService], Any]) -> str | None:
    """A form's step in the thread pool: None when done, else why not (an InputError)."""

    def work() -> str | None:
        try:
            run(current, call)
        except InputError as exc:
            return str(exc)
        return None

    return await run_in_threadpool(work)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- products -------------------------------------------------------------------------------


@router.get("")
def products(
    request: Request, status: Annotated[str | None, Query(max_length=20)] = None
) -> Response:
    current = officer_visit(request)
    purpose = current.session.purpose
    wanted = status if status in PRODUCT_STATES else None
    found = run(current, lambda s: s.list(current.user, purpose, status=wanted))
    notes = run(current, lambda s: notifications(s, current.user))
    unread = sum(1 for n in notes if not n["read_at"])
    run(current, lambda s: mark_notifications_read(s, current.user))
    return page(
        request,
        "share_products.html",
        visit=current,
        products=found,
        wanted_status=wanted,
        states=PRODUCT_STATES,
        notes=notes[:20],
        unread=unread,
    )


def _draft_page(
    request: Request, current: Visit, values: dict[str, str], error: str | None, status: int
) -> Response:
    return page(
        request,
        "share_draft.html",
        visit=current,
        values=values,
        error=error,
        kinds=PRODUCT_KINDS,
        codes=HANDLING_CODES,
        status=status,
    )


@router.get("/new")
def new_product(request: Request, case: Annotated[str, Query(max_length=100)] = "") -> Response:
    current = officer_visit(request)
    values = {"kind": "advisory", "handling_code": "TLP:GREEN", "case_ref": case}
    return _draft_page(request, current, values, None, 200)


@router.post("/new")
async def draft(request: Request) -> Response:
    current = officer_visit(request)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    form_checked(current, form)
    purpose = current.session.purpose
    made: dict[str, Any] = {}

    def call(service: ShareService) -> None:
        try:
            drafted = draft_and_submit(
                service,
                current.user,
                kind=form.get("kind", ""),
                title=form.get("title", ""),
                body=form.get("body", ""),
                handling_code=form.get("handling_code", ""),
                recipients=lines(form.get("recipients", "")),
                sources=lines(form.get("sources", "")),
                case_ref=form.get("case_ref", "").strip() or None,
                purpose=purpose,
            )
        except NotFoundError as exc:
            # A case, report or alert named in the form that is missing or hidden (the two
            # read the same): the form says so and keeps what was typed.
            raise InputError(str(exc)) from None
        made.update(drafted)

    problem = await attempt(current, call)
    if problem:
        return await run_in_threadpool(
            lambda: _draft_page(request, current, form, problem, status=422)
        )
    return redirect(request, f"/ui/share/products/{made['id']}?done=submitted")


def _product_page(
    request: Request,
    current: Visit,
    product_id: str,
    *,
    error: str | None = None,
    done: str | None = None,
    status: int = 200,
) -> Response:
    product = run(current, lambda s: s.review(current.user, product_id, current.session.purpose))
    if "approvals" not in product:
        # A recipient without the originating desk's need to know: the service gave its own
        # copy only (share/partner_view), and the page shows that, as the API does.
        copy = product.get("copy")
        return page(
            request,
            "share_product_recipient.html",
            visit=current,
            product=product,
            copy=copy_html(copy) if copy else None,
            error=error,
            status=status,
        )
    with current.engine.connect() as connection:
        names = {}
        for uid in {
            product["created_by"],
            *(a["decided_by"] for a in product["approvals"]),
            *(d["recipient_id"] for d in product["deliveries"]),
        }:
            try:
                names[uid] = get_user_by_id(connection, uid).name
            except NotFoundError:
                names[uid] = uid
    return page(
        request,
        "share_product.html",
        visit=current,
        product=product,
        names=names,
        error=error,
        done=done,
        status=status,
    )


@router.get("/products/{product_id}")
def product_page(
    request: Request, product_id: str, done: Annotated[str | None, Query(max_length=20)] = None
) -> Response:
    return _product_page(request, officer_visit(request), product_id, done=done)


@router.post("/products/{product_id}/{step}")
async def product_step(
    request: Request,
    product_id: str,
    step: str,
    reason: Annotated[str, Form(max_length=2000)] = "",
    fmt: Annotated[str, Form(max_length=5, alias="format")] = "md",
    removal: Annotated[int, Form(ge=0, le=100_000)] = 0,
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})
    purpose, user = current.session.purpose, current.user
    steps: dict[str, Callable[[ShareService], Any]] = {
        "submit": lambda s: s.submit(user, product_id, purpose),
        "approve": lambda s: s.approve(user, product_id, reason, purpose),
        "reject": lambda s: s.reject(user, product_id, reason, purpose),
        # the approver puts one over-removed span back (a reason; the product stays submitted)
        "restore": lambda s: s.restore(user, product_id, removal, reason, purpose),
        "release": lambda s: release(s, user, product_id, purpose, fmt=fmt),
    }
    if step not in steps:
        raise PageRefusedError(404, "not_found")
    problem = await attempt(current, steps[step])
    if problem:
        return await run_in_threadpool(
            lambda: _product_page(request, current, product_id, error=problem, status=422)
        )
    return redirect(request, f"/ui/share/products/{product_id}?done={step}")


# --- requests to platforms ----------------------------------------------------------------


def _requests_page(
    request: Request,
    current: Visit,
    values: dict[str, str],
    error: str | None = None,
    status: int = 200,
) -> Response:
    board = run(current, lambda s: request_dashboard(s, current.user, current.session.purpose))
    return page(
        request,
        "share_requests.html",
        visit=current,
        board=board,
        values=values,
        error=error,
        status=status,
    )


@router.get("/requests")
def requests_dashboard(
    request: Request, alert: Annotated[str, Query(max_length=36)] = ""
) -> Response:
    current = officer_visit(request)
    return _requests_page(request, current, {"alert_id": alert})


@router.post("/requests")
async def new_request(request: Request) -> Response:
    current = officer_visit(request)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    form_checked(current, form)
    made: dict[str, Any] = {}

    def call(service: ShareService) -> None:
        identifiers = {"account": form["account"]} if form.get("account") else {}
        made.update(
            draft_request(
                service,
                current.user,
                alert_id=form.get("alert_id", "").strip(),
                platform=form.get("platform", ""),
                legal_basis=form.get("legal_basis", ""),
                body=form.get("body", ""),
                identifiers=identifiers,
                purpose=current.session.purpose,
            )
        )

    problem = await attempt(current, call)
    if problem:
        return await run_in_threadpool(
            lambda: _requests_page(request, current, form, problem, status=422)
        )
    return redirect(request, f"/ui/share/requests/{made['id']}?done=drafted")


def _request_page(
    request: Request,
    current: Visit,
    request_id: str,
    *,
    error: str | None = None,
    done: str | None = None,
    status: int = 200,
) -> Response:
    found = run(
        current, lambda s: get_request(s, current.user, request_id, current.session.purpose)
    )
    return page(
        request,
        "share_request.html",
        visit=current,
        item=found,
        error=error,
        done=done,
        status=status,
    )


@router.get("/requests/{request_id}")
def request_page(
    request: Request, request_id: str, done: Annotated[str | None, Query(max_length=20)] = None
) -> Response:
    return _request_page(request, officer_visit(request), request_id, done=done)


@router.post("/requests/{request_id}/{step}")
async def request_step(request: Request, request_id: str, step: str) -> Response:
    current = officer_visit(request)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    form_checked(current, form)
    if step not in REQUEST_STEPS:
        raise PageRefusedError(404, "not_found")
    purpose, user = current.session.purpose, current.user

    def call(service: ShareService) -> Any:
        if step == "submit":
            return submit_request(service, user, request_id, purpose)
        if step == "decide":
            return decide_request(
                service,
                user,
                request_id,
                approve=form.get("decision") == "approve",
                reason=form.get("reason", ""),
                purpose=purpose,
            )
        if step == "send":
            return send_request(service, user, request_id, purpose)
        if step == "answer":
            return answer_request(
                service,
                user,
                request_id,
                answer=form.get("answer", ""),
                account=form.get("account") or None,
                subscriber_name=form.get("subscriber_name") or None,
                subscriber_phone=form.get("subscriber_phone") or None,
                subscriber_email=form.get("subscriber_email") or None,
                purpose=purpose,
            )
        return record_action(service, user, request_id, form.get("action", ""), purpose)

    problem = await attempt(current, call)
    if problem:
        return await run_in_threadpool(
            lambda: _request_page(request, current, request_id, error=problem, status=422)
        )
    return redirect(request, f"/ui/share/requests/{request_id}?done={step}")
