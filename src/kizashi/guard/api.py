"""The guard's HTTP routes: password sign-in, who am I, and the inspection desk's queue.

- ``POST /api/v1/session``: user name and password → a short-lived bearer token
  (:func:`kizashi.guard.sign_in`, then :func:`kizashi.guard.open_session`); 401 for every
  refusal alike, 503 if the audit log cannot record the attempt.
- ``DELETE /api/v1/session/current``: revoke the session token used to call it.
- ``GET /api/v1/me``: the caller's user, desk, role and organisation.
- ``GET /api/v1/inspection/insider-alerts`` and ``/{alert_id}``: insider alerts, for the
  inspection desk only; anyone else gets an empty list and 404, as for any hidden resource.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, status
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from kizashi.api.access import GuardDep, PurposeDep, TerminalDep, decided, failing_closed, user_of
from kizashi.api.deps import EngineDep, PrincipalDep, bearer
from kizashi.api.schemas import ProblemOut
from kizashi.errors import AuthError, NotFoundError
from kizashi.guard.identity import User
from kizashi.guard.insider_queue import get_insider_alert, list_insider_alerts
from kizashi.guard.policy_model import Resource
from kizashi.guard.signin import end_session, open_session, sign_in
from kizashi.store.tables import desks

router = APIRouter(tags=["guard"])

_PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {"model": ProblemOut, "description": "Missing or invalid credentials."},
    503: {"model": ProblemOut, "description": "The audit log cannot be written."},
}


class SessionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000)


class MeOut(BaseModel):
    id: str
    name: str
    display_name: str
    role: str
    desk: str | None = Field(description="Desk id; null for partners and desk-less roles.")
    desk_name: str | None
    desk_kind: str | None
    organisation: str | None = Field(description="The partner organisation, for partners.")


class SessionOut(BaseModel):
    token: str = Field(description="Send as `Authorization: Bearer <token>`.")
    token_type: str = "bearer"
    expires_at: str
    user: MeOut


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
    run_id: str


class InsiderAlertPageOut(BaseModel):
    items: list[InsiderAlertOut]


def _me(engine: Any, user: User) -> dict[str, Any]:
    name = None
    if user.desk is not None:
        with engine.connect() as connection:
            name = connection.execute(select(desks.c.name).where(desks.c.id == user.desk)).scalar()
    return {
        "id": user.id,
        "name": user.name,
        "display_name": user.display_name or user.name,
        "role": user.role,
        "desk": user.desk,
        "desk_name": name,
        "desk_kind": user.desk_kind,
        "organisation": user.organisation,
    }


@router.post(
    "/api/v1/session",
    response_model=SessionOut,
    status_code=201,
    responses={
        **_PROBLEMS,
        400: {"model": ProblemOut, "description": "The body is not JSON."},
    },
    summary="Sign in with a user name and password; get a short-lived bearer token",
)
def create_session(
    body: SessionIn, engine: EngineDep, guard: GuardDep, terminal: TerminalDep
) -> Any:
    with failing_closed():
        try:
            user = sign_in(engine, guard.audit, body.username, body.password, terminal=terminal)
        except AuthError as exc:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED, str(exc), {"WWW-Authenticate": "Bearer"}
            ) from None
    token, expires = open_session(engine, user, terminal=terminal)
    return {"token": token, "expires_at": expires.isoformat(), "user": _me(engine, user)}


@router.delete(
    # Its own path: on one path with POST, a 405's Allow header would list only one of them.
    "/api/v1/session/current",
    status_code=204,
    responses=_PROBLEMS,
    summary="Sign out: revoke the session token of this request",
)
def delete_session(
    engine: EngineDep,
    principal: PrincipalDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    if credentials is not None:
        end_session(engine, credentials.credentials)


@router.get(
    "/api/v1/me",
    response_model=MeOut,
    responses=_PROBLEMS,
    summary="Who am I: user, desk, role, organisation",
)
def me(
    engine: EngineDep,
    principal: PrincipalDep,
    guard: GuardDep,
    terminal: TerminalDep,
    purpose: PurposeDep = None,
) -> Any:
    user = user_of(engine, principal)
    # One's own record: decided (SELF-1) and logged like any read.
    decided(guard, user, "read", Resource("user", user.id), purpose or "who am I")
    return _me(engine, user)


@router.get(
    "/api/v1/inspection/insider-alerts",
    response_model=InsiderAlertPageOut,
    responses=_PROBLEMS,
    summary="Insider alerts with their explanations (inspection desk only; others see none)",
)
def insider_alerts(
    engine: EngineDep,
    principal: PrincipalDep,
    guard: GuardDep,
    terminal: TerminalDep,
    status_: Annotated[str | None, Query(alias="status", max_length=20)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    purpose: PurposeDep = None,
) -> Any:
    user = user_of(engine, principal)
    with failing_closed():
        items = list_insider_alerts(
            guard, user, purpose or "", status=status_, limit=limit, terminal=terminal
        )
    return {"items": items}


@router.get(
    "/api/v1/inspection/insider-alerts/{alert_id}",
    response_model=InsiderAlertOut,
    responses={**_PROBLEMS, 404: {"model": ProblemOut}},
    summary="One insider alert (inspection desk only; 404 for anyone else)",
)
def insider_alert(
    alert_id: Annotated[str, Path(max_length=36)],
    engine: EngineDep,
    principal: PrincipalDep,
    guard: GuardDep,
    terminal: TerminalDep,
    purpose: PurposeDep = None,
) -> Any:
    user = user_of(engine, principal)
    with failing_closed():
        try:
            return get_insider_alert(guard, user, alert_id, purpose or "", terminal=terminal)
        except NotFoundError:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such insider alert") from None
