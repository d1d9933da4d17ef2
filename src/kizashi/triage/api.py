"""Alerts and entities over HTTP: ``/api/v1/alerts`` and ``/api/v1/entities/{id}``.

Thin: every route turns the caller into a guard user and calls the in-process service
(:mod:`kizashi.triage.access`, :mod:`kizashi.triage.entity`), which decides and logs before
anything is read out. A hidden alert answers 404 exactly like a missing one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Header, HTTPException, Query, Request, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.http import (
    CallerDep,
    EngineDep,
    GuardDep,
    ProblemOut,
    PurposeDep,
    failing_closed,
)
from kizashi.triage.access import AlertFilter, assign_alert, get_alert, list_alerts, review_alert
from kizashi.triage.entity import entity_view
from kizashi.triage.feed import AlertFeed, follow_feed
from kizashi.triage.lifecycle import TransitionError
from kizashi.triage.query import AlertQuery

__all__ = ["router"]

router = APIRouter(tags=["triage"])
T = TypeVar("T")


class AlertOut(BaseModel):
    id: str
    entity_id: str
    entity_label: str | None
    entity_kind: str | None
    desk_id: str
    category: str | None
    score: float
    status: str
    assignee_id: str | None
    routing_rule: str
    summary: str
    handling_code: str | None
    region: str | None
    opened_at: str
    updated_at: str
    urgent: str | None = Field(
        default=None, description="The urgent rule that opened it whatever the risk, if one."
    )


class AlertPageOut(BaseModel):
    items: list[AlertOut]
    next_after: str | None = Field(
        description="Pass as `after` for the next page; null at the end."
    )


class EventOut(BaseModel):
    id: str
    alert_id: str
    user_id: str | None
    action: str
    reason: str | None
    at: str
    from_status: str | None
    to_status: str | None
    details: dict[str, Any] | None


class AlertDetailOut(AlertOut):
    explanation: dict[str, Any]
    closed_reason: str | None
    closed_at: str | None
    closed_by: str | None
    protected: list[str] | None
    events: list[EventOut]
    subject_merged_into: str | None = Field(
        default=None,
        description=(
            "The entity the subject's records were merged into (followed to its end), when "
            "the subject was merged away and this alert stayed on it; open that entity's alerts."
        ),
    )
    folded_into: str | None = Field(
        default=None,
        description=(
            "Status `folded`: the alert this one was folded into when its subject was merged "
            "into that one's subject (work goes on there; this one is closed for good)."
        ),
    )
    folded_from: list[str] = Field(
        default_factory=list,
        description=(
            "Alerts folded into this one; their events are listed with this one's, each "
            "under its own `alert_id`."
        ),
    )


class AssignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    assignee: str = Field(
        min_length=1, max_length=200, description="User name or id, on the alert's desk."
    )
    reason: str | None = Field(default=None, max_length=2000)


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["in_review", "confirmed", "dismissed"]
    reason: str | None = Field(
        default=None, max_length=2000, description="Required to confirm, dismiss or reopen."
    )


class EntityOut(BaseModel):
    id: str
    kind: str
    label: str
    as_of: str
    risk: float = Field(description="Sum of the decayed contributions shown.")
    channels: list[str]
    timeline: list[dict[str, Any]]
    contributions: list[dict[str, Any]]
    alerts: list[dict[str, Any]]


_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ProblemOut, "description": "Missing or invalid token."},
    403: {"model": ProblemOut, "description": "Refused, and told why (e.g. a purpose is needed)."},
    404: {"model": ProblemOut, "description": "No such alert, or one the caller may not see."},
    503: {"model": ProblemOut, "description": "The audit log cannot be written; nothing served."},
}


def _served(call: Callable[[], T]) -> T:
    with failing_closed():
        try:
            return call()
        except NotFoundError as exc:
            raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
        except ForbiddenError as exc:
            raise HTTPException(status.HTTP_403_FORBIDDEN, str(exc)) from None
        except TransitionError as exc:
            raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
        except InputError as exc:
            raise HTTPException(422, str(exc)) from None


@router.get(
    "/api/v1/alerts",
    response_model=AlertPageOut,
    responses={k: v for k, v in _ERRORS.items() if k != 404},
    summary="Alerts of a desk (default: the caller's), best first, keyset-paginated",
)
def alerts_list(
    engine: EngineDep,
    user: CallerDep,
    guard: GuardDep,
    query: Annotated[AlertQuery, Query()],
    purpose: PurposeDep = None,
) -> dict[str, Any]:
    where = query.where()
    return _served(lambda: list_alerts(guard, user, where, purpose or ""))


@router.get(
    "/api/v1/alerts/stream",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "Server-sent events: `alert` for every change (opened, rescored, "
            "assigned, reviewed) of an alert the caller may list, `urgent` when an urgent "
            "alert opens; `data` is JSON with `event_id`, `action`, `at` and `alert` (the "
            "list row). Each event is decided by the guard for this caller and logged.",
        },
        **{k: v for k, v in _ERRORS.items() if k != 404},
    },
    summary="Follow the alerts of a desk (default: the caller's) as they change (SSE)",
)
async def alerts_stream(
    request: Request,
    engine: EngineDep,
    user: CallerDep,
    guard: GuardDep,
    desk: Annotated[str | None, Query(max_length=50)] = None,
    category: Annotated[str | None, Query(max_length=30)] = None,
    timeout: Annotated[
        float | None,
        Query(gt=0, le=86400, description="Close the stream after this many seconds."),
    ] = None,
    purpose: PurposeDep = None,
    last_event_id: Annotated[
        str | None,
        Header(
            alias="Last-Event-ID",
            max_length=64,
            description="Resume after this event (sent by an EventSource that reconnects).",
        ),
    ] = None,
) -> StreamingResponse:
    where = AlertFilter(desk=desk, category=category)
    feed = await run_in_threadpool(lambda: AlertFeed(engine, where, after=last_event_id))

    def poll() -> list[dict[str, Any]]:
        return feed.poll(guard, user, purpose or "")

    return StreamingResponse(
        follow_feed(request, poll, timeout=timeout),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get(
    "/api/v1/alerts/{alert_id}",
    response_model=AlertDetailOut,
    responses=_ERRORS,
    summary="One alert: its explanation (every contribution, routing) and its history",
)
def alerts_show(
    alert_id: uuid.UUID,
    engine: EngineDep,
    user: CallerDep,
    guard: GuardDep,
    purpose: PurposeDep = None,
) -> dict[str, Any]:
    return _served(lambda: get_alert(guard, user, str(alert_id), purpose or ""))


_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    400: {"model": ProblemOut, "description": "The body could not be parsed (not UTF-8 JSON)."},
    409: {"model": ProblemOut, "description": "The lifecycle does not allow this step."},
}


@router.post(
    "/api/v1/alerts/{alert_id}/assign",
    response_model=AlertDetailOut,
    responses=_WRITE_ERRORS,
    summary="Assign an alert to a user of its desk",
)
def alerts_assign(
    alert_id: uuid.UUID,
    body: AssignIn,
    engine: EngineDep,
    user: CallerDep,
    guard: GuardDep,
    purpose: PurposeDep = None,
) -> dict[str, Any]:
    return _served(
        lambda: assign_alert(guard, user, str(alert_id), body.assignee, body.reason, purpose or "")
    )


@router.post(
    "/api/v1/alerts/{alert_id}/review",
    response_model=AlertDetailOut,
    responses=_WRITE_ERRORS,
    summary="Move an alert: new → in_review → confirmed | dismissed (with a reason), or reopen",
)
def alerts_review(
    alert_id: uuid.UUID,
    body: ReviewIn,
    engine: EngineDep,
    user: CallerDep,
    guard: GuardDep,
    purpose: PurposeDep = None,
) -> dict[str, Any]:
    return _served(
        lambda: review_alert(guard, user, str(alert_id), body.status, body.reason, purpose or "")
    )


@router.get(
    "/api/v1/entities/{entity_id}",
    response_model=EntityOut,
    responses=_ERRORS,
    summary="An entity: every linked report in time order, with its risk contributions",
)
def entities_show(
    entity_id: uuid.UUID,
    engine: EngineDep,
    user: CallerDep,
    guard: GuardDep,
    purpose: PurposeDep = None,
) -> dict[str, Any]:
    return _served(lambda: entity_view(guard, user, str(entity_id), purpose or ""))
