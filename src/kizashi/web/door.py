"""The web's door to the guard: who is signed in, one decision per access, refusals as pages.

Every page read and every form write asks :class:`kizashi.guard.Guard` (which writes its
decision to the audit log before answering). A denial answers the whole page, as the API
does: 404 when existence is concealed, 403 with the rule otherwise, the deconfliction notice
("held by another desk — contact them") when another desk's compartment holds the subject, a
form to state a purpose when the material needs one, and 503 when the audit log cannot be
written. Nothing of a refused page is ever rendered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from sqlalchemy import Engine

from kizashi.config import Settings
from kizashi.errors import NotFoundError
from kizashi.guard import AuditWriteError, Decision, Guard, Resource, User, decide
from kizashi.guard.identity_service import get_user_by_id
from kizashi.guard.policy_load import load_resource
from kizashi.web.session import COOKIE, Session, SessionCodec


class SignInRequiredError(Exception):
    """No (valid) session: the page redirects to the sign-in form."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


class PageRefusedError(Exception):
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

    def staged(
        self, action: str, stages: Sequence[Sequence[Resource]], rest: Sequence[Resource]
    ) -> list[Decision]:
        """Decisions on `rest` once every stage is allowed, in one audit commit.

        Each stage is first checked with the pure policy (no I/O, nothing logged): at the
        first stage with a denial, only the stages so far are decided by the guard (logged,
        deconfliction notices sent) and the page is refused, so nothing behind a refusal is
        decided, and the owning desk is told only of lookups the user could make. When all
        stages pass, stages and `rest` go to the guard together.
        """
        now = datetime.now(UTC)
        config = self.guard.config
        so_far: list[Resource] = []
        for stage in stages:
            so_far.extend(stage)
            checks = [
                decide(self.user, action, r, self.session.purpose, now=now, config=config)
                for r in stage
            ]
            if not all(d.allowed for d in checks):
                self.require(action, so_far)
        decisions = self.decide(action, [*so_far, *rest])
        denied = [d for d in decisions[: len(so_far)] if not d.allowed]
        if denied:  # changed between the check and the decision: the guard's answer wins
            raise refusal(denied)
        return decisions[len(so_far) :]

    def visible(self, action: str, resources: Sequence[Resource]) -> list[bool]:
        """Allowed or not, per resource: for lists, which leave hidden items out silently."""
        return [d.allowed for d in self.decide(action, resources)]


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


def visit(request: Request) -> Visit:
    """The signed-in visit, or SignInRequiredError (the handler redirects to the sign-in page)."""
    session = session_of(request)
    next_path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if session is None or session.user_id is None:
        raise SignInRequiredError(next_path)
    engine: Engine = request.app.state.engine
    try:
        with engine.connect() as connection:
            user = get_user_by_id(connection, session.user_id)
    except NotFoundError:
        raise SignInRequiredError(next_path) from None
    if not user.active:
        raise SignInRequiredError(next_path)
    return Visit(
        request, session, user, request.app.state.settings, engine, request.app.state.guard
    )


def officer_visit(request: Request) -> Visit:
    """A visit by anyone but a partner (partners have the portal only)."""
    found = visit(request)
    if found.user.is_partner:
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
