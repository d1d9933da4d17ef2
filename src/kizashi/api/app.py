"""The HTTP application: ``create_app(settings)``."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from kizashi import __version__
from kizashi.api import channels, reports
from kizashi.api.schemas import HealthOut
from kizashi.config import Settings, load_settings
from kizashi.detect.api import router as detect_router
from kizashi.guard import Guard, open_audit_log
from kizashi.guard.api import router as guard_router
from kizashi.intake import channel_model
from kizashi.intake import channels as channel_specs
from kizashi.resolve.api import router as resolve_router
from kizashi.store import current_revision, make_engine
from kizashi.trace.api import router as trace_router
from kizashi.triage.api import router as triage_router


def _query_names(dependant: Dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def _no_unknown_query_parameters(request: Request) -> None:
    """Refuse query parameters a route does not take, so that `?chanel=x` is not ignored.

    ``async`` because it does no I/O: a plain ``def`` dependency costs every request a trip
    through the thread pool."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    allowed = _query_names(route.dependant)
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise RequestValidationError(
            [
                {
                    "loc": ("query", name),
                    "msg": "unknown query parameter",
                    "type": "extra_forbidden",
                }
                for name in unknown
            ]
        )


def _field_path(loc: tuple[Any, ...]) -> str | None:
    parts = [p for p in loc if p not in ("body", "query", "path", "header")]
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or None


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"field": _field_path(tuple(e["loc"])), "reason": f"{e['loc'][0]}: {e['msg']}"}
        for e in exc.errors()
    ]
    return JSONResponse({"detail": "invalid request", "problems": problems}, status_code=422)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return JSONResponse(
        {"detail": exc.detail, "problems": []}, status_code=exc.status_code, headers=exc.headers
    )


def _openapi_with_channel_schemas(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, with every channel's request schema as a component."""
    if app.openapi_schema:
        return app.openapi_schema
    document = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = document.setdefault("components", {}).setdefault("schemas", {})
    _document_problem_responses(document)
    for channel_id in channel_specs():
        schema = channel_model(channel_id).model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
        components.update(schema.pop("$defs", {}))
        components[schema["title"]] = schema
    app.openapi_schema = document
    return document


def _document_problem_responses(document: dict[str, Any]) -> None:
    """Say what 422s really look like: our ProblemOut, not FastAPI's default error list."""
    problem_ref = {"$ref": "#/components/schemas/ProblemOut"}
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            response = operation.get("responses", {}).get("422")
            if response is None:
                continue
            schema = response.get("content", {}).get("application/json", {}).get("schema", {})
            if schema.get("$ref", "").endswith("/HTTPValidationError"):
                response["content"]["application/json"]["schema"] = problem_ref
                response["description"] = "Invalid request, with the offending fields."
    # Any route that takes a JSON body answers 400 when the body is not JSON at all (FastAPI
    # itself says so before validation); say it once here rather than on every router.
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            if "requestBody" in operation and "400" not in responses:
                responses["400"] = {
                    "description": "The body could not be parsed (not UTF-8 JSON).",
                    "content": {"application/json": {"schema": problem_ref}},
                }
    schemas = document.get("components", {}).get("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """The API (and, later, the command-centre UI) over the configured store."""
    settings = settings or load_settings()
    app = FastAPI(
        title="kizashi",
        dependencies=[Depends(_no_unknown_query_parameters)],
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
    app.state.audit = open_audit_log(settings, app.state.engine)
    app.state.guard = Guard(app.state.engine, app.state.audit)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.include_router(reports.router)
    app.include_router(channels.router)
    app.include_router(detect_router)
    app.include_router(triage_router)
    app.include_router(guard_router)
    # The command-centre pages and partner portal (/ui), on the same guard and audit log.
    from kizashi.web import mount_web

    mount_web(app)
    app.include_router(trace_router)
    app.include_router(resolve_router)

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
    return app
