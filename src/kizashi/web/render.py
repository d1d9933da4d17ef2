"""Rendering pages: one Jinja2 environment (autoescaped), the session cookie, refusals."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from kizashi.config import Settings
from kizashi.guard.identity import list_desks
from kizashi.web.alert_history import history
from kizashi.web.door import PageRefusedError, SignInRequiredError, Visit, codec, session_of
from kizashi.web.explain import (
    alert_summary,
    explain_contribution,
    label,
    latest_evidence,
    protected_label,
    readable,
)
from kizashi.web.guard_rules import rule_meaning
from kizashi.web.i18n import translate
from kizashi.web.session import COOKIE, MAX_AGE_SECONDS, Session
from kizashi.web.variant_slots import shown_with_slots

SECURITY_HEADERS = {
    # Our scripts and the vendored chart libraries are served from this origin; chart data
    # travels as JSON in <script type="application/json">, which is never executed.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _json(value: Any) -> Markup:
    # Safe inside <script type="application/json">: no "</" can close the element early.
    text = orjson.dumps(value, default=str).decode("utf-8")
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("kizashi.web", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["json"] = _json
    env.filters["readable"] = readable
    env.filters["slots"] = shown_with_slots
    return env


def local_time(settings: Settings) -> Any:
    tz = ZoneInfo(settings.timezone)

    def fmt(value: datetime | str | None, with_time: bool = True) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, str):
            # Stored and API times are ISO 8601 strings; a page shows them in the local zone.
            value = datetime.fromisoformat(value)
        local = value.astimezone(tz)
        # The zone is always said: a time without one was read as UTC or as local by turns.
        return local.strftime("%Y-%m-%d %H:%M %Z" if with_time else "%Y-%m-%d")

    return fmt


def desk_names(request: Request, lang: str) -> dict[str, str]:
    cached: dict[str, dict[str, str]] = request.app.state.web_desk_names
    if lang not in cached:
        with request.app.state.engine.connect() as connection:
            desks = list_desks(connection)
        cached[lang] = {d.id: (d.name_ja if lang == "ja" else d.name) for d in desks}
    return cached[lang]


def with_cookie(response: Response, request: Request, session: Session) -> Response:
    response.set_cookie(
        COOKIE,
        codec(request).dump(session),
        max_age=MAX_AGE_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


def _context(request: Request, session: Session, visit: Visit | None) -> dict[str, Any]:
    """What every template may use: the words, the user, the desks' names, the local time."""
    lang = session.lang
    settings: Settings = request.app.state.settings

    def t(key: str, **values: Any) -> str:
        return translate(key, lang, **values)

    when = local_time(settings)

    return {
        "t": t,
        "lang": lang,
        "user": visit.user if visit else None,
        "desks": desk_names(request, lang),
        "csrf": session.csrf,
        "purpose": session.purpose,
        "path": request.url.path,
        # Where the language switch comes back to; a refused address comes back without its
        # query (`bad_address`), so what was refused is not echoed into the page.
        "here": getattr(request.state, "here", None)
        or request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        "when": when,
        # Codes in the analyst's words: label('category', 'threat') → 脅迫・危害予告.
        "label": lambda prefix, code: label(t, prefix, code),
        "explain": lambda contribution, as_of: explain_contribution(t, contribution, as_of),
        "summary_of": lambda alert: alert_summary(t, alert, when),
        "history_of": lambda events: history(events, t),
        "protected_label": protected_label,
        # A guard decision's rule in the page's language (audit entry, refusal, oversight).
        "guard_rule": lambda rule: rule_meaning(rule, lang),
        "latest_evidence": latest_evidence,
    }


def page(
    request: Request,
    template: str,
    *,
    visit: Visit | None = None,
    session: Session | None = None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render a page for a visit (signed in) or a session (signed out)."""
    session = (
        visit.session
        if visit is not None
        else (session or session_of(request) or codec(request).fresh())
    )
    settings: Settings = request.app.state.settings
    # A page that marks the notifications it shows as seen passes the count from before.
    unread: int = context.pop("unread", None) or 0
    if visit is not None and not unread:
        from kizashi.share import ShareService, unread_count

        # The user's own notifications only (no decision about anyone else's data).
        unread = unread_count(
            ShareService(visit.engine, visit.guard, settings, clock=visit.guard.now), visit.user
        )
    html = (
        environment()
        .get_template(template)
        .render(**_context(request, session, visit), unread=unread, **context)
    )
    response = HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)
    with_cookie(response, request, session)
    return response


def fragment(request: Request, visit: Visit, template: str, **context: Any) -> str:
    """A piece of a page (a queue row, a banner) for a visit, as the page would draw it."""
    return (
        environment()
        .get_template(template)
        .render(**_context(request, visit.session, visit), **context)
    )


def redirect(request: Request, to: str, session: Session | None = None) -> Response:
    response = RedirectResponse(to, status_code=303, headers={"Cache-Control": "no-store"})
    if session is not None:
        with_cookie(response, request, session)
    return response


async def sign_in_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequiredError)
    from urllib.parse import quote

    return redirect(request, f"/ui/login?next={quote(exc.next_path, safe='')}")


async def refused(request: Request, exc: Exception) -> Response:
    """The whole page is the refusal: status and message as the API would answer."""
    assert isinstance(exc, PageRefusedError)
    from kizashi.web.door import visit as signed_in

    try:
        current: Visit | None = signed_in(request, screened=False)
    except SignInRequiredError:
        current = None
    if request.method != "GET":
        # Refused at a form's address (a save without a purpose, a forged token): the
        # language switch and the purpose forms come back to the start page, not to an
        # address that only takes a POST (a GET there is the API's 405 JSON, no page).
        request.state.here = "/ui/"
    return page(
        request,
        "refused.html",
        visit=current,
        status=exc.status,
        kind=exc.kind,
        decision=exc.decision,
    )


def bad_address(previous: Any) -> Any:
    """A request the app's validation refuses (an unknown query parameter, a value out of
    range): on a page of the UI, a page in the reader's language with its status (422)
    naming the fields; anywhere else (the API) the `previous` handler's JSON problem."""
    from fastapi.exceptions import RequestValidationError

    async def handler(request: Request, exc: Exception) -> Response:
        path = request.url.path
        if not path.startswith("/ui/") or path.startswith("/ui/assets/"):
            response: Response = await previous(request, exc)
            return response
        assert isinstance(exc, RequestValidationError)
        from kizashi.web.door import visit as signed_in

        try:
            current: Visit | None = signed_in(request, screened=False)
        except SignInRequiredError:
            current = None
        session = (
            current.session
            if current is not None
            else session_of(request) or codec(request).fresh()
        )
        fields = ", ".join(sorted({str(e["loc"][-1]) for e in exc.errors()}))
        request.state.here = path
        return page(
            request,
            "message.html",
            visit=current,
            session=session,
            status=422,
            message=translate("bad_address", session.lang, fields=fields),
            back=path if request.method == "GET" else "/ui/",
        )

    return handler
