"""The guard's HTTP routes: password sign-in, sign-out and who am I.

- ``POST /api/v1/session``: user name and password → a short-lived bearer token
  (:func:`kizashi.guard.sign_in`, then :func:`kizashi.guard.open_session`); 401 for every
  refusal alike, 503 if the audit log cannot record the attempt.
- ``DELETE /api/v1/session/current``: revoke the session token used to call it.
- ``GET /api/v1/me``: the caller's user, desk, role and organisation.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from kizashi.errors import AuthError
from kizashi.guard.identity import User, end_session, open_session, sign_in
from kizashi.guard.policy import Resource
from kizashi.http import (
    GUARDED_PROBLEMS,
    CallerDep,
    EngineDep,
    GuardDep,
    ProblemOut,
    PurposeDep,
    TerminalDep,
    bearer,
    client_address,
    decided,
    failing_closed,
)
from kizashi.store.tables import desks

router = APIRouter(tags=["guard"])


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
        **GUARDED_PROBLEMS,
        400: {"model": ProblemOut, "description": "The body is not JSON."},
    },
    summary="Sign in with a user name and password; get a short-lived bearer token",
)
def create_session(
    request: Request, body: SessionIn, engine: EngineDep, guard: GuardDep, terminal: TerminalDep
) -> Any:
    with failing_closed():
        try:
            user = sign_in(
                engine,
                guard.audit,
                body.username,
                body.password,
                terminal=terminal,
                address=client_address(request),
                now=guard.now(),
                parameters=request.app.state.password_parameters,
            )
        except AuthError as exc:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED, str(exc), {"WWW-Authenticate": "Bearer"}
            ) from None
    token, expires = open_session(engine, user, terminal=terminal, now=guard.now())
    return {"token": token, "expires_at": expires.isoformat(), "user": _me(engine, user)}


@router.delete(
    # Its own path: on one path with POST, a 405's Allow header would list only one of them.
    "/api/v1/session/current",
    status_code=204,
    responses=GUARDED_PROBLEMS,
    summary="Sign out: revoke the session token of this request",
)
def delete_session(
    engine: EngineDep,
    guard: GuardDep,
    user: CallerDep,
    terminal: TerminalDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    if credentials is not None:
        with failing_closed():
            end_session(
                engine, guard.audit, credentials.credentials, now=guard.now(), terminal=terminal
            )


@router.get(
    "/api/v1/me",
    response_model=MeOut,
    responses=GUARDED_PROBLEMS,
    summary="Who am I: user, desk, role, organisation",
)
def me(
    engine: EngineDep,
    user: CallerDep,
    guard: GuardDep,
    terminal: TerminalDep,
    purpose: PurposeDep = None,
) -> Any:
    # One's own record: decided (SELF-1) and logged like any read.
    decided(guard, user, "read", Resource("user", user.id), purpose or "who am I")
    return _me(engine, user)
