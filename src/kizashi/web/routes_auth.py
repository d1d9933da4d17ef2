"""Sign-in, sign-out, the language switch and the stated purpose of a session."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kizashi.errors import AuthError
from kizashi.guard import AuditWriteError
from kizashi.guard.identity import end_session, open_session
from kizashi.guard.identity import sign_in as guard_sign_in
from kizashi.http import client_address, stated_purpose
from kizashi.web.door import PageRefusedError, codec, session_of, visit
from kizashi.web.render import page, redirect
from kizashi.web.session import LANGUAGES

router = APIRouter(prefix="/ui", include_in_schema=False)


def safe_next(value: str | None, default: str = "/ui/") -> str:
    """Only a path of this UI: never another site (no open redirect)."""
    if value and value.startswith("/ui") and not value.startswith("//") and "\\" not in value:
        return value
    return default


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    session = session_of(request) or codec(request).fresh()
    return page(request, "login.html", session=session, next=safe_next(next), error=False)


@router.post("/login")
async def sign_in(
    request: Request,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/ui/",
) -> Response:
    session = session_of(request)
    if session is None or not session.csrf_ok(csrf):
        # A sign-in form from another site (or a stale one): start again.
        return page(
            request,
            "login.html",
            session=codec(request).fresh(),
            next=safe_next(next),
            error=True,
            status=403,
        )
    engine = request.app.state.engine
    audit = request.app.state.audit
    address = client_address(request)
    now = request.app.state.clock()

    def check() -> str | None:
        # The guard's sign-in: one answer for every refusal, lock-out and per-address
        # throttling, the attempt in the audit log before anyone is let in, and a
        # server-side session the cookie only points to.
        try:
            user = guard_sign_in(
                engine,
                audit,
                name.strip(),
                password,
                now=now,
                address=address,
                terminal=address,
                parameters=request.app.state.password_parameters,
            )
        except AuthError:
            return None
        except AuditWriteError:
            raise PageRefusedError(503, "unavailable") from None
        token, _expires = open_session(engine, user, now=now, surface="web", terminal=address)
        return token

    token = await run_in_threadpool(check)
    if token is None:
        return page(
            request, "login.html", session=session, next=safe_next(next), error=True, status=401
        )
    signed = replace(session.signed_in(token, issued=codec(request).now()), purpose="")
    return redirect(request, safe_next(next), signed)


@router.post("/logout")
async def sign_out(request: Request, csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
    session = session_of(request)
    if session is None or not session.csrf_ok(csrf):
        raise PageRefusedError(403, "csrf")
    if session.token is not None:
        token = session.token

        def end() -> None:
            try:
                end_session(
                    request.app.state.engine,
                    request.app.state.audit,
                    token,
                    now=request.app.state.clock(),
                    terminal=client_address(request),
                )
            except AuditWriteError:
                raise PageRefusedError(503, "unavailable") from None

        await run_in_threadpool(end)
    return redirect(request, "/ui/login", codec(request).fresh(lang=session.lang))


@router.post("/lang")
async def switch_language(
    request: Request,
    lang: Annotated[str, Form(max_length=5)] = "ja",
    csrf: Annotated[str, Form(max_length=200)] = "",
    back: Annotated[str, Form(max_length=2000)] = "/ui/",
) -> Response:
    session = session_of(request) or codec(request).fresh()
    if not session.csrf_ok(csrf):
        raise PageRefusedError(403, "csrf")
    chosen = lang if lang in LANGUAGES else "ja"
    return redirect(request, safe_next(back), replace(session, lang=chosen))


@router.post("/purpose")
async def state_purpose(
    request: Request,
    purpose: Annotated[str, Form(max_length=300)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
    back: Annotated[str, Form(max_length=2000)] = "/ui/",
) -> Response:
    """The purpose of this session's accesses; the guard judges whether it is adequate."""
    current = visit(request)
    if not current.session.csrf_ok(csrf):
        raise PageRefusedError(403, "csrf")
    stated = stated_purpose(purpose)  # as the API records a header's
    return redirect(request, safe_next(back), replace(current.session, purpose=stated))
