"""The inspection desk's HTTP routes: insider alerts with their explanations.

- ``GET /api/v1/inspection/insider-alerts`` and ``/{alert_id}``: insider alerts, for the
  inspection desk only; anyone else gets an empty list and 404, as for any hidden resource
  (the guard decides each one; see :mod:`kizashi.insider.queue`);
- ``POST /api/v1/inspection/insider-alerts/{alert_id}/review``: acknowledge, assign,
  confirm, dismiss (with a reason) or suppress (with a reason and an expiry)
  (:mod:`kizashi.insider.review`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from kizashi.errors import NotFoundError
from kizashi.http import (
    GUARDED_PROBLEMS,
    CallerDep,
    EngineDep,
    GuardDep,
    ProblemOut,
    PurposeDep,
    TerminalDep,
    failing_closed,
)
from kizashi.insider.queue import get_insider_alert, list_insider_alerts

router = APIRouter(tags=["guard"])


class InsiderAlertOut(BaseModel):
    id: str
    user_id: str
    user: str
    day: str
    raised_at: str
    score: float
    peer_group: str
    status: str
    rules: list[dict[str, Any]]
    features: list[dict[str, Any]]
    explanation: str
    explanation_ja: str = ""
    lane: str = "queue"
    assignee: str | None = None
    reason: str = ""
    reviewed_at: str | None = None
    history: list[dict[str, Any]] = []
    run_id: str


class InsiderAlertPageOut(BaseModel):
    items: list[InsiderAlertOut]


@router.get(
    "/api/v1/inspection/insider-alerts",
    response_model=InsiderAlertPageOut,
    responses=GUARDED_PROBLEMS,
    summary="Insider alerts with their explanations (inspection desk only; others see none)",
)
def insider_alerts(
    engine: EngineDep,
    user: CallerDep,
    guard: GuardDep,
    terminal: TerminalDep,
    status_: Annotated[str | None, Query(alias="status", max_length=20)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    purpose: PurposeDep = None,
) -> Any:
    with failing_closed():
        items = list_insider_alerts(
            guard, user, purpose or "", status=status_, limit=limit, terminal=terminal
        )
    return {"items": items}


@router.get(
    "/api/v1/inspection/insider-alerts/{alert_id}",
    response_model=InsiderAlertOut,
    responses={**GUARDED_PROBLEMS, 404: {"model": ProblemOut}},
    summary="One insider alert (inspection desk only; 404 for anyone else)",
)
def insider_alert(
    alert_id: Annotated[str, Path(max_length=36)],
    engine: EngineDep,
    user: CallerDep,
    guard: GuardDep,
    terminal: TerminalDep,
    purpose: PurposeDep = None,
) -> Any:
    with failing_closed():
        try:
            return get_insider_alert(guard, user, alert_id, purpose or "", terminal=terminal)
        except NotFoundError:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such insider alert") from None


class InsiderReviewIn(BaseModel):
    step: str = Field(pattern="^(acknowledge|assign|confirm|dismiss|suppress)$")
    reason: str = Field("", max_length=2000)
    assignee: str | None = Field(None, max_length=120)
    until: datetime | None = None


@router.post(
    "/api/v1/inspection/insider-alerts/{alert_id}/review",
    response_model=InsiderAlertOut,
    responses={
        **GUARDED_PROBLEMS,
        400: {
            "model": ProblemOut,
            "description": "The step refused for its input, nothing changed: `problems[].field` "
            "names the body field (`reason`, `until`, `assignee`, `step`; null when the alert "
            "is already confirmed or dismissed).",
        },
        404: {"model": ProblemOut},
        422: {"model": ProblemOut},
    },
    summary="Acknowledge, assign, confirm, dismiss or suppress an insider alert (inspection desk)",
)
def review_insider_alert_route(
    alert_id: Annotated[str, Path(max_length=36)],
    body: InsiderReviewIn,
    user: CallerDep,
    guard: GuardDep,
    terminal: TerminalDep,
    purpose: PurposeDep = None,
) -> Any:
    from kizashi.insider.review import InsiderReviewRefusedError, review_insider_alert

    with failing_closed():
        try:
            return review_insider_alert(
                guard,
                user,
                alert_id,
                body.step,
                purpose or "",
                reason=body.reason,
                assignee=body.assignee,
                until=body.until,
                terminal=terminal,
            )
        except NotFoundError:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such insider alert") from None
        except InsiderReviewRefusedError as exc:
            # The one problem shape, naming the field (before: `problems: []`).
            return JSONResponse(
                {"detail": str(exc), "problems": [{"field": exc.field, "reason": exc.reason}]},
                status_code=exc.status,
            )
