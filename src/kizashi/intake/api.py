"""Reports: submit one or a batch per channel, read one back, list them."""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from kizashi.config import Settings
from kizashi.errors import InputError
from kizashi.guard import Guard
from kizashi.guard.identity import User
from kizashi.http import (
    CallerDep,
    EngineDep,
    FieldProblemOut,
    GuardDep,
    ProblemOut,
    PurposeDep,
    SettingsDep,
    decided,
    decided_many,
    refuse,
)
from kizashi.intake import (
    ChannelSpec,
    IngestSummary,
    RawRow,
    ReportFilter,
    channels,
    get_report,
    ingest_batch,
    list_reports,
    model_name,
    report_as_seen_by,
)
from kizashi.intake.api_schemas import (
    BatchProblemOut,
    IngestOut,
    ItemOut,
    ReportOut,
    ReportPageOut,
    SingleIngestOut,
)
from kizashi.intake.resources import new_report
from kizashi.text import LONE_SURROGATE

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])

ID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def _problem(
    status_code: int, detail: str, problems: list[dict[str, Any]] | None = None
) -> JSONResponse:
    return JSONResponse({"detail": detail, "problems": problems or []}, status_code=status_code)


def _rows_from_body(body: bytes) -> tuple[list[RawRow], bool] | JSONResponse:
    """Split a request body into rows; the bool says whether it was a single object."""
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        surrogates = _lone_surrogates(body) if "surrogate" in str(exc) else []
        return _problem(
            422,
            "request body is not valid JSON",
            surrogates or [{"field": None, "reason": str(exc)}],
        )
    if isinstance(parsed, dict):
        return [RawRow(1, 1, body.decode("utf-8", "backslashreplace"), parsed, None)], True
    if not isinstance(parsed, list):
        return _problem(422, "request body must be a report object or an array of them")
    rows = []
    for index, item in enumerate(parsed):
        raw = orjson.dumps(item).decode("utf-8")
        if isinstance(item, dict):
            rows.append(RawRow(index + 1, 1, raw, item, None))
        else:
            rows.append(RawRow(index + 1, 1, raw, None, f"item {index} is not a JSON object"))
    return rows, False


def _lone_surrogates(body: bytes) -> list[dict[str, Any]]:
    """Where an escaped lone surrogate (``"\\ud800"``: grammatical JSON, but no character)
    sits in the body, as field paths (``[1].persons[0].name``); orjson names only a
    column. Empty when the body is not JSON by the standard library's reading either."""
    import json  # the error path only: it accepts the lone surrogates orjson refuses

    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):  # deep nesting: the stdlib parser recurses
        return []
    found: list[dict[str, Any]] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, str):
            match = LONE_SURROGATE.search(value)
            if match is not None:
                found.append(
                    {
                        "field": path or None,
                        "reason": f"a lone surrogate (\\u{ord(match.group()):04x}) "
                        f"at character {match.start()}: not a character",
                    }
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                name = key.encode("utf-8", "backslashreplace").decode("utf-8")
                walk(key, f"{path}.{name}" if path else name)
                walk(item, f"{path}.{name}" if path else name)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{path}[{index}]")

    walk(parsed, "")
    return found


def _ingest_response(summary: IngestSummary, single: bool) -> JSONResponse:
    items = [
        ItemOut(
            index=item.row - 1,
            status=item.status,
            id=item.id,
            problems=[FieldProblemOut(field=p.field, reason=p.reason) for p in item.problems],
        )
        for item in summary.items
    ]
    if summary.rejected is not None:
        bad = [item for item in items if item.status == "rejected"]
        problems = [
            {"field": _in_batch(item.index, p.field, single), "reason": p.reason}
            for item in bad
            for p in item.problems
        ]
        detail = (
            "the report is not valid"
            if single
            else f"the batch was not stored: {len(bad)} of {len(items)} items are not acceptable"
        )
        code = 422 if summary.rejected == "invalid" else 409
        body = BatchProblemOut(detail=detail, problems=problems, items=[] if single else items)
        return JSONResponse(body.model_dump(), status_code=code)
    if single:
        item = items[0]
        created = SingleIngestOut(id=item.id or "", status=item.status, run_id=summary.run_id)
        return JSONResponse(
            created.model_dump(), status_code=201 if item.status == "stored" else 200
        )
    out = IngestOut(
        run_id=summary.run_id,
        channel=summary.channel,
        received=summary.rows_read,
        stored=summary.stored,
        duplicates=summary.duplicates,
        items=items,
    )
    return JSONResponse(out.model_dump(), status_code=200)


def _in_batch(index: int, field: str | None, single: bool) -> str | None:
    """A field path inside the request body: ``[2].persons[0].name`` for a batch item."""
    if single:
        return field
    return f"[{index}]" + (f".{field}" if field else "")


def _submit_route(spec: ChannelSpec) -> Any:
    async def submit(
        request: Request,
        engine: EngineDep,
        settings: SettingsDep,
        user: CallerDep,
        guard: GuardDep,
        purpose: PurposeDep = None,
    ) -> JSONResponse:
        body = await request.body()  # bounded by the app's body limits; parsed after the guard
        # The decision and the ingest in one trip through the thread pool (each trip costs
        # the event loop and a worker thread a hand-over; issue 12, ninth run).
        return await run_in_threadpool(
            _decide_and_ingest, spec, body, engine, settings, user, guard, purpose
        )

    submit.__name__ = f"submit_{spec.id}"
    return submit


def _decide_and_ingest(
    spec: ChannelSpec,
    body: bytes,
    engine: Engine,
    settings: Settings,
    user: User,
    guard: Guard,
    purpose: str | None,
) -> JSONResponse:
    """The guard decides (and logs) first; nothing of the body is parsed when it refuses."""
    decision = decided(guard, user, "write", new_report(spec, user), purpose)
    if not decision.allowed:
        return _problem(403, f"{decision.reason} (rule {decision.rule})")
    split = _rows_from_body(body)
    if isinstance(split, JSONResponse):
        return split
    rows, single = split
    if len(rows) > settings.api_max_batch:
        return _problem(413, f"at most {settings.api_max_batch} reports per request")
    if not rows:
        return _problem(422, "the batch is empty")
    summary = ingest_batch(
        engine,
        settings,
        spec.id,
        rows,
        f"api:{user.name}",
        # An officer's report without a source comes from that user.
        default_source=f"principal:{user.name}",
        organisation=user.organisation if user.is_partner else None,
        submitted_by=user.id,
    )
    return _ingest_response(summary, single)


def _request_body(spec: ChannelSpec) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{model_name(spec.id)}"}
    return {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"oneOf": [ref, {"type": "array", "items": ref, "minItems": 1}]}
            }
        },
    }


_SUBMIT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "model": IngestOut | SingleIngestOut,
        "description": "A batch stored (per item: stored or duplicate), or a single duplicate.",
    },
    201: {"model": SingleIngestOut, "description": "A single report stored."},
    401: {"model": ProblemOut, "description": "Missing or invalid token."},
    403: {"model": ProblemOut, "description": "Not allowed to submit this channel."},
    409: {
        "model": BatchProblemOut,
        "description": "Same source and external_id as a stored report but different content; "
        "nothing stored.",
    },
    413: {"model": ProblemOut, "description": "Batch too large."},
    503: {"model": ProblemOut, "description": "The audit log cannot be written; nothing done."},
    422: {
        "model": BatchProblemOut,
        "description": "Invalid JSON or an invalid report, with field paths; nothing stored.",
    },
}

for _spec in channels().values():
    router.add_api_route(
        f"/{_spec.id}",
        _submit_route(_spec),
        methods=["POST"],
        summary=f"Submit {_spec.title.lower()} reports",
        description=(
            f"Submit one `{_spec.id}` report (an object) or a batch (an array). A batch is all "
            "or nothing: if any item is invalid the answer is 422 naming each bad item and field "
            "(`[index].field`) and nothing is stored. Repeats of a stored (source, external_id) "
            "with the same content are duplicates, not errors. Partners submit as their own "
            "organisation and cannot grade their reports."
        ),
        responses=_SUBMIT_RESPONSES,
        openapi_extra={"requestBody": _request_body(_spec)},
        status_code=200,
    )


@router.get(
    "/{report_id:uuid}",
    response_model=ReportOut,
    responses={
        404: {"model": ProblemOut},
        401: {"model": ProblemOut},
        503: {"model": ProblemOut, "description": "The audit log cannot be written."},
    },
    summary="Read one report with its provenance, raw payload and mentions",
)
def read_report(
    report_id: uuid.UUID,
    engine: EngineDep,
    user: CallerDep,
    guard: GuardDep,
    purpose: PurposeDep = None,
) -> dict[str, Any]:
    # The uuid path convertor keeps /reports/<channel> (POST only) from matching this route.
    decision = decided(guard, user, "read", guard.load("report", str(report_id)), purpose)
    if not decision.allowed:
        raise refuse(decision)
    with engine.connect() as connection:
        report = get_report(connection, str(report_id))
    if report is None:  # deleted between the decision and the read: reports are immutable
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such report")
    return report_as_seen_by(user, report)


# A report id, or a cursor sealed by this installation (kizashi.guard.policy.cursors).
AFTER_PATTERN = (
    r"^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|c1\.[A-Za-z0-9_-]{40,280})$"
)


def _position(guard: Guard, after: str | None) -> str | None:
    """Where a page starts. A well-formed cursor that does not open here (forged, or sealed
    by another installation) names no position: 404, as an id that does not exist."""
    try:
        position = guard.cursors.position(after)
    except InputError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"after: {exc}") from None
    if position is not None and not re.fullmatch(ID_PATTERN[1:-1], position):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "after: not a report id")
    return position


@router.get(
    "",
    response_model=ReportPageOut,
    responses={
        401: {"model": ProblemOut},
        404: {"model": ProblemOut, "description": "`after` names no position here."},
        503: {"model": ProblemOut, "description": "The audit log cannot be written."},
    },
    summary="List reports in time order (partners see only their own)",
)
def list_all(
    engine: EngineDep,
    user: CallerDep,
    guard: GuardDep,
    channel: Annotated[str | None, Query(max_length=50)] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    after: Annotated[
        str | None,
        Query(
            max_length=300,
            pattern=AFTER_PATTERN,
            description="Where the page starts: `next_after` of the page before (an id, or "
            "an opaque cursor when that page ended on a report you may not see). A cursor "
            "that does not open here answers 404.",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    purpose: PurposeDep = None,
) -> dict[str, Any]:
    where = ReportFilter(
        channel=channel,
        source=source,
        after=_position(guard, after),
        limit=limit,
        organisation=user.organisation if user.is_partner else None,
    )
    with engine.connect() as connection:
        page = list_reports(connection, where)
    # Each report of the page is decided (and logged) on its own; hidden ones are left out,
    # so neither the items nor their number tell what the caller may not see.
    resources = guard.load_reports([item["id"] for item in page])
    decisions = decided_many(guard, user, "list", resources, purpose)
    items = [
        report_as_seen_by(user, item)
        for item, decision in zip(page, decisions, strict=True)
        if decision.allowed
    ]
    # A full page may go on: its cursor never names a report the caller may not see.
    next_after = (
        guard.cursors.next_after(page[-1]["id"], decisions[-1].allowed)
        if len(page) == limit
        else None
    )
    return {"items": items, "next_after": next_after}
