"""Shared request dependencies: the engine, the settings and the authenticated principal."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from kizashi.config import Settings
from kizashi.errors import AuthError
from kizashi.guard.signin import TOKEN_PREFIX as SESSION_PREFIX
from kizashi.guard.signin import session_principal
from kizashi.principals import Principal, authenticate

bearer = HTTPBearer(auto_error=False, description="An API token from `kizashi tokens create`, or a session token from "
    "`POST /api/v1/session`.")


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "missing bearer token", {"WWW-Authenticate": "Bearer"}
        )
    try:
        with get_engine(request).connect() as connection:
            if credentials.credentials.startswith(SESSION_PREFIX):
                # A password sign-in's short-lived session (POST /api/v1/session).
                return session_principal(connection, credentials.credentials)
            return authenticate(connection, credentials.credentials)
    except AuthError as exc:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, str(exc), {"WWW-Authenticate": "Bearer"}
        ) from None


EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]
