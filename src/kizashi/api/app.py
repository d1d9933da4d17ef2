"""The HTTP application: ``create_app(settings)``, the top-level wiring of the API.

It opens the store, the audit log and the guard once, installs the shared error mapping
(``kizashi.http``), includes every room's routers from the one list of rooms
(``kizashi.rooms``) and mounts the web pages on the same guard and audit log.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel
from sqlalchemy import Engine

from kizashi import __version__
from kizashi.clock import Clock, system_clock
from kizashi.config import Settings, load_settings
from kizashi.guard import Guard, open_audit_log
from kizashi.guard.identity import DEFAULT_PARAMETERS, HashParameters
from kizashi.http import (
    BodyLimits,
    RequestScope,
    document_problem_responses,
    install_error_handlers,
    no_unknown_query_parameters,
)
from kizashi.intake import channel_model
from kizashi.intake import channels as channel_specs
from kizashi.ops.http import install_operations
from kizashi.registry import load
from kizashi.rooms import ROOMS
from kizashi.store import current_revision, make_engine


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str
    database: str
    migration: str | None


def _openapi_with_channel_schemas(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, with every channel's request schema as a component."""
    if app.openapi_schema:
        return app.openapi_schema
    document = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = document.setdefault("components", {}).setdefault("schemas", {})
    document_problem_responses(document)
    for channel_id in channel_specs():
        schema = channel_model(channel_id).model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
        components.update(schema.pop("$defs", {}))
        components[schema["title"]] = schema
    app.openapi_schema = document
    return document


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    clock: Clock = system_clock,
    password_parameters: HashParameters = DEFAULT_PARAMETERS,
) -> FastAPI:
    """The API and the command-centre UI over the configured store.

    `clock` is the one clock of the app: the guard, the audit log and every page that windows
    by time read it (tests pass a fixed one). `password_parameters` are the argon2id
    parameters a password sign-in (page or API) checks and rehashes under: the guard's own
    unless a test passes the cheap ones its seeded users were hashed with (a sign-in under
    the real ones costs ~0.2 CPU-s, a quarter of a typical web test's CPU).
    """
    settings = settings or load_settings()
    app = FastAPI(
        title="kizashi",
        dependencies=[Depends(no_unknown_query_parameters)],
        version=__version__,
        description=(
            "Early-warning intelligence platform: intake of partner reports, tips, patrol "
            "notes, SNS posts, purchases, listings, seized messages and company approach "
            "reports, each with provenance and grading. Authenticate with `Authorization: "
            "Bearer <token>` (`kizashi tokens create`)."
        ),
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings)
    app.state.clock = clock
    app.state.password_parameters = password_parameters
    app.state.audit = open_audit_log(settings, app.state.engine, clock=clock)
    app.state.guard = Guard(app.state.engine, app.state.audit, clock=clock)
    install_error_handlers(app)
    # Every decision made while serving a request carries its id (docs/insider.md).
    app.add_middleware(RequestScope)
    for room in ROOMS:
        for router in room.routers:
            app.include_router(load(router))
    # The command-centre pages and partner portal (/ui), on the same guard and audit log.
    from kizashi.web import mount_web

    mount_web(app)
    # Request ids, access lines and metrics; /healthz, /readyz, /metrics (docs/operations.md).
    install_operations(app)

    @app.get(
        "/api/v1/health",
        response_model=HealthOut,
        tags=["health"],
        summary="Liveness and migration",
    )
    def health() -> dict[str, Any]:
        engine_ = app.state.engine
        return {
            "status": "ok",
            "version": __version__,
            "database": engine_.dialect.name,
            "migration": current_revision(engine_),
        }

    app.openapi = lambda: _openapi_with_channel_schemas(app)  # type: ignore[method-assign]
    # Outermost: oversized and over-nested bodies are refused before routing or auth.
    app.add_middleware(
        BodyLimits,
        max_bytes=settings.api_max_body_bytes,
        max_depth=settings.api_max_json_depth,
    )
    return app
