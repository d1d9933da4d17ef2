"""web: the command-centre pages and the partner portal, served by the API's app.

Server-rendered (Jinja2) pages under ``/ui``; every page read and form write is decided by
the guard and audited like the API. ``mount_web(app)`` adds them to an app made by
:func:`kizashi.api.create_app`. See docs/web.md.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse

from kizashi.registry import load
from kizashi.rooms import ROOMS
from kizashi.web.door import PageRefusedError, SignInRequiredError
from kizashi.web.render import bad_address, refused, sign_in_required
from kizashi.web.session import SessionCodec, load_or_create_key


def mount_web(app: FastAPI) -> None:
    """Add the pages, their assets and their error pages to `app` (state: settings, engine, guard)."""
    from kizashi.web import (
        assets,
        routes_auth,
        routes_case_reports,
        routes_case_tasks,
        routes_cases,
        routes_desk,
        routes_entity,
        routes_inbox,
        routes_inspect,
        routes_live,
        routes_outreach,
        routes_oversight,
        routes_partner,
        routes_pipeline,
        routes_reports,
        routes_search,
        routes_share,
    )

    app.state.web_sessions = SessionCodec(
        load_or_create_key(app.state.settings), clock=app.state.clock
    )
    app.state.web_desk_names = {}
    app.state.web_categories = {}
    for module in (
        assets,
        routes_auth,
        routes_live,  # before routes_desk: /ui/alerts/stream is not an alert id
        routes_desk,
        routes_entity,
        routes_reports,
        routes_cases,
        routes_case_tasks,
        routes_case_reports,
        routes_partner,
        routes_inbox,
        routes_share,
        routes_inspect,
        routes_pipeline,
        routes_outreach,
        routes_search,
        routes_oversight,
    ):
        app.include_router(module.router)
    # Pages a room registers itself (kizashi.rooms), after the web's own.
    for room in ROOMS:
        for page in room.pages:
            app.include_router(load(page))
    app.add_exception_handler(SignInRequiredError, sign_in_required)
    app.add_exception_handler(PageRefusedError, refused)
    # A bad address of a page answers with a page; the API's keep their JSON problem.
    previous = app.exception_handlers.get(RequestValidationError)
    if previous is not None:
        app.add_exception_handler(RequestValidationError, bad_address(previous))

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/ui/", status_code=303)


__all__ = ["mount_web"]
