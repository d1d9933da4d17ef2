"""``/api/v1/trace``: register products, issue fingerprinted copies, fetch one's copy, trace.

Products are registered under the compartment or case they belong to (whose members or
assigned officers are the possible recipients); desk-level products: ``kizashi trace issue``.

The caller is the token's user; ``X-Kizashi-Purpose`` states why (sensitive material needs
one). Tracing (``find``, ``leaks``) answers only the inspection desk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile, status
from fastapi import Path as FastApiPath
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from kizashi.errors import ForbiddenError, InputError, NotFoundError, SchemaError, StoreError
from kizashi.http import (
    CallerDep,
    EngineDep,
    GuardDep,
    ProblemOut,
    PurposeDep,
    SettingsDep,
    failing_closed,
)
from kizashi.trace.inspect import find, leaks
from kizashi.trace.keyed import load_or_create_key
from kizashi.trace.service import TraceService

router = APIRouter(prefix="/api/v1/trace", tags=["trace"])

ID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
MAX_UPLOAD = 30 * 1024 * 1024
T = TypeVar("T")

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ProblemOut, "description": "Missing or invalid token."},
    403: {"model": ProblemOut, "description": "The guard does not allow it."},
    404: {"model": ProblemOut, "description": "No such product or copy (or not yours to see)."},
    413: {"model": ProblemOut, "description": "The upload is too large."},
    422: {"model": ProblemOut, "description": "Bad input, with the reason."},
    503: {"model": ProblemOut, "description": "The audit log cannot be written: nothing served."},
}


class ProductOut(BaseModel):
    id: str
    kind: str
    title: str
    filename: str
    media_type: str
    original_sha256: str
    desk_id: str | None
    case_id: str | None
    compartment_id: str | None
    handling_code: str | None
    operation: dict[str, Any] | None
    scheme: str
    created_by: str


class IssueIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recipients: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        min_length=1, max_length=500, description="User names of the recipients."
    )


class CopyOut(BaseModel):
    copy_id: str
    recipient: str
    sha256: str
    audit_seq: int
    bytes: int
    media_type: str
    url: str


def _service(
    request: Request, engine: EngineDep, settings: SettingsDep, guard: GuardDep
) -> TraceService:
    key = load_or_create_key(settings.data_dir / "trace" / "fingerprint.key")
    return TraceService(engine, guard, key, tz=settings.tz, clock=guard.now)


def _serve(call: Callable[[], T]) -> T:
    """Map the trace room's errors to HTTP, with audit failures failing closed (503)."""
    try:
        with failing_closed():
            return call()
    except ForbiddenError as exc:
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(exc)) from None
    except NotFoundError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    except (InputError, SchemaError) as exc:
        raise HTTPException(422, str(exc)) from None
    except StoreError as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc)) from None


async def _upload(file: UploadFile) -> bytes:
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise HTTPException(413, "at most 30 MB")
    return data


async def _add_product(
    request: Request,
    user: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
    guard: GuardDep,
    purpose: str | None,
    file: UploadFile,
    title: str | None,
    handling_code: str | None,
    *,
    case_ref: str | None = None,
    compartment: str | None = None,
) -> Any:
    data = await _upload(file)
    service = _service(request, engine, settings, guard)
    name = (file.filename or "upload")[:300]
    return await run_in_threadpool(
        _serve,
        lambda: service.add_product(
            user,
            data,
            name,
            purpose=purpose or "",
            title=title,
            case_ref=case_ref,
            compartment=compartment,
            handling_code=handling_code,
        ),
    )


_FILE_HELP = "PNG/JPEG still, PDF, or Markdown with variant slots (see docs/trace.md)."


@router.post(
    "/compartments/{compartment}/products",
    response_model=ProductOut,
    status_code=201,
    responses=_ERRORS,
    summary="Register a still or marked-up text held in a compartment",
)
async def add_compartment_product(
    request: Request,
    compartment: Annotated[str, FastApiPath(min_length=1, max_length=200)],
    user: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
    guard: GuardDep,
    purpose: PurposeDep,
    file: Annotated[UploadFile, File(description=_FILE_HELP)],
    title: Annotated[str | None, Form(max_length=300)] = None,
    handling_code: Annotated[str | None, Form(max_length=40)] = None,
) -> Any:
    return await _add_product(
        request,
        user,
        engine,
        settings,
        guard,
        purpose,
        file,
        title,
        handling_code,
        compartment=compartment,
    )


@router.post(
    "/cases/{case_ref}/products",
    response_model=ProductOut,
    status_code=201,
    responses=_ERRORS,
    summary="Register a still or marked-up text of a case",
)
async def add_case_product(
    request: Request,
    case_ref: Annotated[str, FastApiPath(min_length=1, max_length=100)],
    user: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
    guard: GuardDep,
    purpose: PurposeDep,
    file: Annotated[UploadFile, File(description=_FILE_HELP)],
    title: Annotated[str | None, Form(max_length=300)] = None,
    handling_code: Annotated[str | None, Form(max_length=40)] = None,
) -> Any:
    return await _add_product(
        request,
        user,
        engine,
        settings,
        guard,
        purpose,
        file,
        title,
        handling_code,
        case_ref=case_ref,
    )


@router.post(
    "/products/{product_id}/issue",
    response_model=list[CopyOut],
    status_code=201,
    responses=_ERRORS,
    summary="Issue a fingerprinted copy to each recipient",
)
def issue(
    request: Request,
    product_id: Annotated[str, FastApiPath(pattern=ID_PATTERN)],
    body: IssueIn,
    user: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
    guard: GuardDep,
    purpose: PurposeDep,
) -> Any:
    service = _service(request, engine, settings, guard)
    copies = _serve(lambda: service.issue(user, product_id, body.recipients, purpose=purpose or ""))
    return [{**c.to_json(), "url": f"/api/v1/trace/copies/{c.copy_id}"} for c in copies]


@router.get(
    "/copies/{copy_id}",
    response_class=Response,
    responses={
        **_ERRORS,
        200: {
            "description": "The copy's bytes (PNG, PDF or Markdown).",
            "content": {
                "image/png": {},
                "image/jpeg": {},
                "application/pdf": {},
                "text/markdown": {},
            },
        },
    },
    summary="Download your own fingerprinted copy",
)
def get_copy(
    request: Request,
    copy_id: Annotated[str, FastApiPath(pattern=ID_PATTERN)],
    user: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
    guard: GuardDep,
    purpose: PurposeDep,
) -> Response:
    service = _service(request, engine, settings, guard)
    content, media = _serve(lambda: service.copy_content(user, copy_id, purpose=purpose or ""))
    return Response(content, media_type=media)


@router.post(
    "/find",
    response_model=dict[str, Any],
    responses=_ERRORS,
    summary="Trace a leaked still, PDF, scan or text to its recipients (inspection desk only)",
)
async def find_leak(
    request: Request,
    user: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
    guard: GuardDep,
    purpose: PurposeDep,
    file: Annotated[UploadFile, File(description="The leaked image or text.")],
) -> Any:
    data = await _upload(file)
    service = _service(request, engine, settings, guard)
    name = (file.filename or "leak")[:300]
    return await run_in_threadpool(
        _serve, lambda: find(service, user, data, name, purpose=purpose or "")
    )


@router.get(
    "/leaks",
    response_model=list[dict[str, Any]],
    responses=_ERRORS,
    summary="Operations whose plans appear in seized messages (inspection desk only)",
)
def list_leaks(
    request: Request,
    user: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
    guard: GuardDep,
    purpose: PurposeDep,
) -> Any:
    service = _service(request, engine, settings, guard)
    return _serve(lambda: leaks(service, user, purpose=purpose or ""))
