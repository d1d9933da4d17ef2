"""The web's door to the guard: who is signed in, one decision per access, refusals as pages.

Every page read and every form write asks :class:`kizashi.guard.Guard` (which writes its
decision to the audit log before answering). A denial answers the whole page, as the API
does: 404 when existence is concealed, 403 with the rule otherwise, the deconfliction notice
("held by another desk — contact them") when another desk's compartment holds the subject, a
form to state a purpose when the material needs one, and 503 when the audit log cannot be
written. Nothing of a refused page is ever rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import Request
from sqlalchemy import Engine, select

from kizashi.config import Settings
from kizashi.errors import AuthError, ForbiddenError, InputError, NotFoundError
from kizashi.guard import AuditWriteError, Decision, Guard, Resource, User, decide
from kizashi.guard.identity import session_user
from kizashi.guard.policy import ResourceKind, load_resource
from kizashi.http import client_address
from kizashi.store.tables import cases
from kizashi.web.session import COOKIE, Session, SessionCodec


class SignInRequiredError(AuthError):
    """No (valid) session: the page redirects to the sign-in form."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


class PageRefusedError(ForbiddenError):
    """A page the user may not see; rendered whole by the error handler, never partly."""

    def __init__(self, status: int, kind: str, decision: Decision | None = None) -> None:
        self.status = status
        self.kind = kind  # not_found, forbidden, deconflicted, purpose, unavailable, csrf
        self.decision = decision
        super().__init__(kind)


@dataclass
class Visit:
    """One request's signed-in user and session, and the services a page needs."""

    request: Request
    session: Session
    user: User
    settings: Settings
    engine: Engine
    guard: Guard

    @property
    def lang(self) -> str:
        return self.session.lang

    @property
    def terminal(self) -> str:
        """Where the request comes from, as the audit log records it (the client's address)."""
        return client_address(self.request)

    def now(self) -> datetime:
        """The app's clock (the guard's), never the wall clock read directly."""
        return self.guard.now()

    @contextmanager
    def guarded(self) -> Iterator[None]:
        """Around a call of a room's guarded read service: 503 page if the log fails."""
        try:
            yield
        except AuditWriteError:
            raise PageRefusedError(503, "unavailable") from None

    def decide(self, action: str, resources: Sequence[Resource]) -> list[Decision]:
        """Decide (and log) every resource; 503 page if the audit log cannot take them."""
        if not resources:
            return []
        try:
            return self.guard.decide_many(self.user, action, resources, self.session.purpose)
        except AuditWriteError:
            raise PageRefusedError(503, "unavailable") from None

    def load(self, kind: str, ids: Sequence[str]) -> list[Resource]:
        """Load many resources for the guard over one connection (a page loads dozens)."""
        with self.engine.connect() as connection:
            return [load_resource(connection, kind, resource_id) for resource_id in ids]

    def require(self, action: str, resources: Sequence[Resource]) -> list[Decision]:
        """All of `resources` allowed, or the whole page is refused (the strongest reason)."""
        decisions = self.decide(action, resources)
        denied = [d for d in decisions if not d.allowed]
        if denied:
            raise refusal(denied)
        return decisions

    def visible(self, action: str, resources: Sequence[Resource]) -> list[bool]:
        """Allowed or not, per resource: for lists, which leave hidden items out silently."""
        return [d.allowed for d in self.decide(action, resources)]

    def offered(self, action: str, resources: Sequence[Resource]) -> list[bool]:
        """Per resource: would the pure policy (nothing logged) allow `action`? For what a page
        offers (the partner portal's forms), not for access: the form itself, and what is
        posted to it, are decided and logged when asked for. Offering is not an access, so a
        partner's every visit does not leave a denial per channel for insider analytics."""
        now = self.now()
        config = self.guard.config
        return [
            decide(self.user, action, r, self.session.purpose, now=now, config=config).allowed
            for r in resources
        ]

    def needing_purpose(self, action: str, resources: Sequence[Resource]) -> list[bool]:
        """Per resource: would the pure policy (nothing logged) refuse it only for want of a
        stated purpose? Such material is asked for, not decided: a case lead's ordinary visit
        must not leave a denial per item in the audit log for insider analytics to read."""
        now = self.now()
        config = self.guard.config
        return [
            decide(self.user, action, r, self.session.purpose, now=now, config=config).rule
            == "PURPOSE-1"
            for r in resources
        ]


def refusal(denied: Sequence[Decision]) -> PageRefusedError:
    """What a refused page says: deconfliction first, then a missing purpose, then 403/404."""
    for decision in denied:
        if decision.rule == "DECONFLICT-1":
            return PageRefusedError(403, "deconflicted", decision)
    for decision in denied:
        if decision.rule == "PURPOSE-1":
            return PageRefusedError(403, "purpose", decision)
    if all(d.conceal for d in denied):
        return PageRefusedError(404, "not_found")
    first = next(d for d in denied if not d.conceal)
    return PageRefusedError(403, "forbidden", first)


def codec(request: Request) -> SessionCodec:
    found: SessionCodec = request.app.state.web_sessions
    return found


def session_of(request: Request) -> Session | None:
    return codec(request).load(request.cookies.get(COOKIE))


def visit(request: Request, *, screened: bool = True) -> Visit:
    """The signed-in visit, or SignInRequiredError (the handler redirects to the sign-in page).

    Every page's path parameters are screened here (:func:`screen_path`), once for all pages;
    the refusal page itself, rendered for the same request, asks with ``screened=False``."""
    session = session_of(request)
    next_path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if session is None or session.token is None:
        raise SignInRequiredError(next_path)
    engine: Engine = request.app.state.engine
    try:
        # The server-side session decides: ended (sign-out, disabled, locked out), expired,
        # or of an inactive user, and the cookie signs nobody in.
        with engine.connect() as connection:
            user = session_user(
                connection, session.token, now=request.app.state.clock(), surface="web"
            )
    except (AuthError, NotFoundError):
        raise SignInRequiredError(next_path) from None
    if screened:
        screen_path(request)
    return Visit(
        request, session, user, request.app.state.settings, engine, request.app.state.guard
    )


# No stored id is longer than this (uuids, case refs, channel and desk names are far shorter);
# the audit log's resource_id column holds 300 characters, and "entity:" is prefixed to an
# entity's id when it is decided as a subject, so a longer id could not even be logged.
MAX_PATH_ID = 256


def screen_path(request: Request) -> None:
    """A page's path parameter that cannot name anything stored is a 404, neither loaded nor
    audited: over MAX_PATH_ID characters, or holding a control character (PostgreSQL refuses
    NUL in text, so loading it would be a 500, and logging an over-long one a 503). Nothing is
    learnt from it (no stored id is like it), and it answers as a missing id's page does."""
    for value in request.path_params.values():
        text = str(value)
        if len(text) > MAX_PATH_ID or any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text):
            raise PageRefusedError(404, "not_found")


# The path parameters of officer pages that name stored material, and its kind for the guard.
# A partner's refusal at such a page is decided on that material (and so logged), as the API
# decides the same id; a page added with a new parameter should be added here.
NAMED_MATERIAL: dict[str, ResourceKind] = {
    "alert_id": "alert",
    "entity_id": "entity",
    "report_id": "report",
    "case_ref": "case",
    "product_id": "product",
    "company_id": "company",
    "seq": "audit_entry",
}


def _named_material(request: Request) -> Resource | None:
    """The material an officer page's path names (None for list pages), loaded for the guard."""
    params = request.path_params
    for name, kind in NAMED_MATERIAL.items():
        value = params.get(name)
        if value is None:
            continue
        path = request.url.path
        if name == "alert_id" and path.startswith("/ui/inspection/"):
            kind = "insider_alert"
        elif name == "entity_id" and path.startswith("/ui/outreach/"):
            kind = "approacher"
        engine: Engine = request.app.state.engine
        with engine.connect() as connection:
            if kind == "case":
                # Cases are addressed by their reference on the pages, decided by their id.
                row = connection.execute(select(cases.c.id).where(cases.c.ref == str(value)))
                found = row.scalar()
                if found is None:
                    return Resource("case", f"ref:{value}", found=False)
                value = found
            if kind == "entity":
                # Decided as the API and the officers' page decide an entity: a subject.
                return load_resource(connection, "subject", f"entity:{value}")
            return load_resource(connection, kind, str(value))
    return None


def _list_alerts(current: Visit, guard: Guard) -> None:
    from kizashi.triage import list_alerts
    from kizashi.web.alerts import queue_query

    # The page's own words first (mapped to the API's in one place, web.alerts): a query the
    # page refuses is a 422 naming the fields, nothing decided, nothing logged; one it takes
    # is decided as the API decides the same query in its words, and refused for that.
    query = queue_query(current.request.query_params)
    list_alerts(guard, current.user, query.api.where(), _purpose(current))


def _list_insider_alerts(current: Visit, guard: Guard) -> None:
    from kizashi.insider import list_insider_alerts

    list_insider_alerts(guard, current.user, _purpose(current), terminal=current.terminal)


def _list_outreach(current: Visit, guard: Guard) -> None:
    from kizashi.outreach import list_approachers, list_companies

    list_approachers(guard, current.user, _purpose(current))
    list_companies(guard, current.user, _purpose(current))


def _search(current: Visit, guard: Guard) -> None:
    from kizashi.search import search
    from kizashi.web.search_form import search_query

    params = current.request.query_params
    if not params.get("q", "").strip():
        return  # the empty form searches nothing, for an officer too
    try:
        query = search_query(dict(params), int(params.get("page", 1)))
        search(guard, current.user, query, _purpose(current), tz=current.settings.tz)
    except (InputError, ForbiddenError, NotFoundError, ValueError):
        return


def _desk_dashboard(current: Visit, guard: Guard) -> None:
    from zoneinfo import ZoneInfo

    from kizashi.outreach import desk_dashboard

    desk_id = str(current.request.path_params.get("desk_id", ""))
    zone = ZoneInfo(current.settings.timezone)
    try:
        desk_dashboard(guard, current.user, _purpose(current), desk_id, tz=zone)
    except (InputError, ForbiddenError, NotFoundError):
        return


def _oversight_access(current: Visit, guard: Guard) -> None:
    from zoneinfo import ZoneInfo

    from kizashi.oversight import Period, access_report
    from kizashi.web.oversight_form import PURPOSE, form_day

    params = current.request.query_params
    q = params.get("q", "").strip()
    if not q:
        return  # the empty form: no access report is asked for
    kind = params.get("kind", "entity")
    zone = ZoneInfo(current.settings.timezone)
    try:
        period = Period(
            form_day(params.get("since", ""), zone, end=False),
            form_day(params.get("until", ""), zone, end=True),
        )
        access_report(
            guard,
            current.user,
            entity=q if kind not in ("officer", "report") else None,
            officer=q if kind == "officer" else None,
            report=q if kind == "report" else None,
            period=period,
            purpose=current.session.purpose or PURPOSE,
            terminal=current.terminal,
        )
    except (InputError, ForbiddenError, NotFoundError):
        return


def _oversight_transparency(current: Visit, guard: Guard) -> None:
    from kizashi.oversight.transparency import transparency_report
    from kizashi.web.oversight_form import PURPOSE

    params = current.request.query_params
    try:
        # As GET /api/v1/oversight/transparency reads the same query (nothing asked: no period).
        transparency_report(
            guard,
            current.user,
            period=params.get("period") or None,
            start=params.get("from") or None,
            end=params.get("to") or None,
            purpose=current.session.purpose or PURPOSE,
            terminal=current.terminal,
        )
    except (InputError, ForbiddenError, NotFoundError):
        return


def _share_service(current: Visit, guard: Guard) -> Any:
    from kizashi.share import ShareService

    return ShareService(current.engine, guard, current.settings, clock=guard.now)


def _share_products(current: Visit, guard: Guard) -> None:
    if current.request.method != "GET":
        return  # a form's post decides its own material (the product named, or nothing yet)
    from kizashi.store.tables_share import PRODUCT_STATES

    status = current.request.query_params.get("status")
    # As the page lists: a status it does not know lists every product (None), so a bogus
    # ?status= is decided (and a partner's refusal logged) as the plain page is.
    _share_service(current, guard).list(
        current.user,
        _purpose(current),
        status=status if status in PRODUCT_STATES else None,
    )


def _share_requests(current: Visit, guard: Guard) -> None:
    from kizashi.share import request_dashboard

    if current.request.method != "GET":
        return
    # As GET /api/v1/share/requests reads the dashboard.
    request_dashboard(_share_service(current, guard), current.user, _purpose(current))


def _share_request(current: Visit, guard: Guard) -> None:
    from kizashi.share import get_request

    if current.request.method != "GET":
        return  # a step (submit, decide, ...) is decided by the step's own rule
    request_id = str(current.request.path_params.get("request_id", ""))[:36]
    try:
        # As the API's steps on a request decide it (a product: share/platform).
        get_request(_share_service(current, guard), current.user, request_id, _purpose(current))
    except (InputError, ForbiddenError, NotFoundError):
        return


def _purpose(current: Visit) -> str:
    return current.session.purpose or ""


# Officer pages that list or search (no material id in the path), by their route's path, and
# the room's service their API calls (GET /api/v1/alerts with the page's query,
# /api/v1/inspection/insider-alerts, /api/v1/approachers and /api/v1/companies,
# /api/v1/search with the page's query, /api/v1/outreach/desks/{desk_id},
# /api/v1/oversight/access?entity=|officer=|report= with the page's query, for the page and
# its signed export, /api/v1/oversight/transparency with the page's period; since mend20
# /api/v1/share/products and /api/v1/share/requests, and a request's page, whose id the
# share room loads itself). Every officer
# page a partner can ask for is walked in tests/web/test_need_to_know_walk.py
# (PARTNER_WALK): a page whose API logs a partner's denial belongs here. A partner refused
# such a page has it decided by that very service through :meth:`Guard.refusals_only`: the
# refusal leaves the denials the API's answer to the same partner leaves (with a terminal
# where the API records one), and no allow (the page serves nothing).
LISTED_MATERIAL: dict[str, Callable[[Visit, Guard], None]] = {
    "/ui/alerts": _list_alerts,
    "/ui/inspection": _list_insider_alerts,
    "/ui/outreach": _list_outreach,
    "/ui/search": _search,
    "/ui/outreach/desks/{desk_id}": _desk_dashboard,
    "/ui/oversight": _oversight_access,
    "/ui/oversight/export": _oversight_access,
    "/ui/oversight/transparency": _oversight_transparency,
    "/ui/share": _share_products,
    "/ui/share/requests": _share_requests,
    "/ui/share/requests/{request_id}": _share_request,
}


def _route_path(request: Request) -> str:
    """The path of the route that answers the request (its template, e.g. with ``{desk_id}``)."""
    route = request.scope.get("route")
    template = getattr(route, "path", None)
    return str(template) if template else request.url.path


def officer_visit(request: Request) -> Visit:
    """A visit by anyone but a partner (partners have the portal only).

    A partner's refusal is decided and logged like the API's for the same id (PARTNER-3 or
    MISSING-1, concealed): a partner probing officer pages with ids is in the audit log for
    insider analytics and oversight, not only in the access log. A refused list page
    (:data:`LISTED_MATERIAL`) is decided by the API list's own service, so it is logged too."""
    found = visit(request)
    if found.user.is_partner:
        named = _named_material(request)
        if named is not None:
            found.decide("read", [named])
        else:
            listing = LISTED_MATERIAL.get(_route_path(request).rstrip("/") or "/")
            if listing is not None:
                with found.guarded():
                    listing(found, found.guard.refusals_only())
        raise PageRefusedError(404, "not_found")
    return found


def partner_visit(request: Request) -> Visit:
    found = visit(request)
    if not found.user.is_partner:
        raise PageRefusedError(404, "not_found")
    return found


def form_checked(visit_: Visit, form: Any) -> None:
    """Refuse a form without the session's CSRF token."""
    if not visit_.session.csrf_ok(form.get("csrf")):
        raise PageRefusedError(403, "csrf")
