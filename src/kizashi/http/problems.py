"""How every route says what went wrong: one problem shape, one mapping of errors to it.

A 4xx/5xx body is always ``{"detail": ..., "problems": [{"field", "reason"}]}``
(:class:`ProblemOut`), whether FastAPI refused the request (validation, unknown query
parameters, a body that is not JSON) or a route raised ``HTTPException``; the OpenAPI
document says so too. A kizashi error a route does not map itself answers the status its
class declares (:mod:`kizashi.errors`). Rooms' routers use these shapes; the app installs
the handlers.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi._compat import field_annotation_is_sequence
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from kizashi.errors import KizashiError


class FieldProblemOut(BaseModel):
    field: str | None = Field(
        description="Path of the offending field, e.g. persons[0].phone; null for the whole item."
    )
    reason: str


class ProblemOut(BaseModel):
    detail: str
    problems: list[FieldProblemOut] = Field(default_factory=list)


# What every authenticated, audited route may answer besides its own results (for OpenAPI).
GUARDED_PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {"model": ProblemOut, "description": "Missing or invalid credentials."},
    503: {"model": ProblemOut, "description": "The audit log cannot be written."},
}


def _query_fields(param: Any) -> list[tuple[str, Any]]:
    """A route's query parameter as (name, annotation): a query-parameter model (FastAPI's
    ``Annotated[Model, Query()]``, e.g. triage's AlertQuery) is its fields."""
    annotation = param.field_info.annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [
            (field.alias or name, field.annotation)
            for name, field in annotation.model_fields.items()
        ]
    return [(param.alias, annotation)]


def _query_names(dependant: Dependant) -> set[str]:
    names = {name for param in dependant.query_params for name, _ in _query_fields(param)}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def _list_names(dependant: Dependant) -> set[str]:
    """The query parameters a route takes as lists (which may be repeated)."""
    names = {
        name
        for param in dependant.query_params
        for name, annotation in _query_fields(param)
        if field_annotation_is_sequence(annotation)
    }
    for sub in dependant.dependencies:
        names |= _list_names(sub)
    return names


async def no_unknown_query_parameters(request: Request) -> None:
    """Refuse query parameters a route does not take, so that `?chanel=x` is not ignored,
    and a single-valued one given twice (`?desk=a&desk=b` would silently mean the last).

    ``async`` because it does no I/O: a plain ``def`` dependency costs every request a trip
    through the thread pool."""
    if not request.scope.get("query_string"):
        return  # no query parameter: none unknown, none repeated (most writes, every POST)
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    problems = query_problems(
        request.query_params, _query_names(route.dependant), _list_names(route.dependant)
    )
    if problems:
        raise RequestValidationError(problems)


def query_problems(
    params: Any, allowed: set[str] | frozenset[str], lists: set[str] | frozenset[str]
) -> list[dict[str, Any]]:
    """The API's rule for a query string (its ``QueryParams``): each parameter the route does
    not take, and each single-valued one given more than once, as a validation error. The
    web's door reads a partner's refused list page under the same rule."""
    unknown = sorted(set(params) - allowed)
    repeated = sorted(
        name
        for name in set(params) & allowed
        if name not in lists and len(params.getlist(name)) > 1
    )
    return [
        {"loc": ("query", name), "msg": "unknown query parameter", "type": "extra_forbidden"}
        for name in unknown
    ] + [
        {
            "loc": ("query", name),
            "msg": "given more than once (it takes one value)",
            "type": "too_long",
        }
        for name in repeated
    ]


def _field_path(loc: tuple[Any, ...]) -> str | None:
    # Only the first element says where (a field may itself be called body or path).
    parts = loc[1:] if loc and loc[0] in ("body", "query", "path", "header") else loc
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or None


def _problem_of(error: Any) -> dict[str, Any]:
    loc = tuple(error["loc"])
    if error.get("type") == "json_invalid":
        # FastAPI puts the parser's position where a field path goes: it is no field
        # (as an index it would read as a batch item's)
        where = f" at character {loc[1]}" if len(loc) > 1 else ""
        why = (error.get("ctx") or {}).get("error")
        return {
            "field": None,
            "reason": f"{loc[0]}: not valid JSON{where}" + (f" ({why})" if why else ""),
        }
    return {"field": _field_path(loc), "reason": f"{loc[0]}: {error['msg']}"}


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [_problem_of(e) for e in exc.errors()]
    return JSONResponse({"detail": "invalid request", "problems": problems}, status_code=422)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = exc.headers
    if exc.status_code == 405:
        # Starlette names only the first route whose path matched; a path served by several
        # routes (GET and POST of /api/v1/companies) allows all of their methods.
        headers = {**(headers or {}), "Allow": _allowed_methods(request)}
    return JSONResponse(
        {"detail": exc.detail, "problems": []}, status_code=exc.status_code, headers=headers
    )


def _allowed_methods(request: Request) -> str:
    path = request.scope.get("path", "")
    methods: set[str] = set()
    for route in request.app.router.routes:
        regex, allowed = getattr(route, "path_regex", None), getattr(route, "methods", None)
        if regex is not None and allowed and regex.match(path):
            methods |= set(allowed)
    return ", ".join(sorted(methods))


def document_problem_responses(document: dict[str, Any]) -> None:
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


async def _kizashi_error(_request: Request, exc: Exception) -> JSONResponse:
    """An error a route did not map itself: the status its class declares (kizashi.errors).

    A server-side error (5xx) says only what kind it is: its message may name files,
    database URLs or keys that a caller has no business seeing."""
    assert isinstance(exc, KizashiError)
    status = exc.status
    detail = str(exc) if status < 500 else _SERVER_SIDE.get(status, "internal error")
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"detail": detail, "problems": []}, status_code=status, headers=headers)


_SERVER_SIDE = {503: "service unavailable: the store or the audit log cannot be used"}


def install_error_handlers(app: FastAPI) -> None:
    """Answer validation errors, HTTP exceptions and kizashi errors in the one problem shape."""
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(KizashiError, _kizashi_error)
