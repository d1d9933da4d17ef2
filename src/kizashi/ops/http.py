"""The operator's side of the HTTP app: a request id and an access line for every request,
request metrics by route template, and ``/healthz``, ``/readyz`` and ``/metrics``.

The request middleware is plain ASGI (not Starlette's ``BaseHTTPMiddleware``), so server-sent
event streams pass through unbuffered and the request id reaches the endpoint's thread. An
incoming ``X-Request-ID`` of up to 64 letters, digits, ``-``, ``_`` or ``.`` is kept (the
proxy's id then links its log to ours); anything else is replaced by a fresh id. The access
line and the metrics name the route *template*, never the path as typed (it may hold an
id, a name or a phone number); paths that match no route count as ``unmatched``.

``/metrics`` answers a bearer token equal to ``metrics_token`` when one is set, else only
clients on loopback (behind the TLS proxy, uvicorn reports the forwarded client address, so
remote scrapers are refused; scrape on the host, or set a token).
"""

from __future__ import annotations

import hmac
import logging
import os
import re
import time
import uuid
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from kizashi import __version__
from kizashi.errors import AuthError, ForbiddenError
from kizashi.observe import enable_metrics, observe_request, request_id_scope
from kizashi.ops.health import readiness
from kizashi.ops.profile import is_loopback

log = logging.getLogger("kizashi.access")
REQUEST_ID_HEADER = "x-request-id"
_VALID_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def route_template(scope: dict[str, Any]) -> str:
    """The template of the route that answered (``/api/v1/alerts/{alert_id}``)."""
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    if template:
        return str(scope.get("root_path", "") or "") + str(template)
    return "unmatched"


class RequestMiddleware:
    """Request id, access log line and request metrics for every HTTP request."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = (
            dict(scope.get("headers") or ()).get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        )
        request_id = given if _VALID_ID.fullmatch(given) else uuid.uuid4().hex
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers") or [])
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        with request_id_scope(request_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                seconds = time.perf_counter() - started
                method, route = scope.get("method", ""), route_template(scope)
                observe_request(method, route, status, seconds)
                log.info(
                    "%s %s %s",
                    method,
                    route,
                    status,
                    extra={
                        "method": method,
                        "route": route,
                        "status": status,
                        "duration_ms": round(seconds * 1000, 2),
                    },
                )


class LiveOut(BaseModel):
    status: str
    version: str
    pid: int


class ProbeOut(BaseModel):
    name: str
    ok: bool
    detail: str


class ReadyOut(BaseModel):
    status: str
    checks: list[ProbeOut]


router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=LiveOut, summary="Liveness: the process answers")
def healthz() -> dict[str, Any]:
    return {"status": "ok", "version": __version__, "pid": os.getpid()}


@router.get(
    "/readyz",
    response_model=ReadyOut,
    summary="Readiness: store, migrations, audit log writable, pipeline lag",
    responses={503: {"model": ReadyOut, "description": "Not ready: a check failed"}},
)
def readyz(request: Request) -> JSONResponse:
    state = request.app.state
    probes = readiness(state.settings, state.engine, state.audit, state.clock)
    ok = all(probe.ok for probe in probes)
    return JSONResponse(
        {"status": "ready" if ok else "not ready", "checks": [p.to_json() for p in probes]},
        status_code=200 if ok else 503,
    )


def _allowed(request: Request) -> None:
    token = request.app.state.settings.metrics_token
    if token is not None:
        given = request.headers.get("authorization", "")
        expected = "Bearer " + token.get_secret_value()
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise AuthError("/metrics needs the metrics token (Authorization: Bearer ...)")
        return
    host = request.client.host if request.client is not None else ""
    if not is_loopback(host):
        raise ForbiddenError(
            "/metrics answers loopback clients only (or set KIZASHI_METRICS_TOKEN)"
        )


@router.get(
    "/metrics",
    summary="Prometheus metrics (metrics token, or loopback clients only)",
    response_class=Response,
    responses={
        200: {"content": {"text/plain": {}}, "description": "Prometheus text format"},
        401: {"description": "A metrics token is set and was not given"},
        403: {"description": "No metrics token is set and the client is not on loopback"},
    },
)
def metrics(request: Request) -> Response:
    _allowed(request)
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

    from kizashi.ops.store_metrics import StoreCollector

    state = request.app.state
    process = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        process = CollectorRegistry()
        multiprocess.MultiProcessCollector(process)  # type: ignore[no-untyped-call]
    from_store = CollectorRegistry(auto_describe=False)
    from_store.register(StoreCollector(state.engine, state.clock))
    body = generate_latest(process) + generate_latest(from_store)
    return Response(body, media_type=CONTENT_TYPE_LATEST)


def install_operations(app: FastAPI) -> None:
    """Add the request middleware and the operations routes to `app`; start recording."""
    enable_metrics()
    app.add_middleware(RequestMiddleware)
    app.include_router(router)
