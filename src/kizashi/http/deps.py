"""Shared request dependencies: the engine, the settings, the clock and the calling user.

The caller is a user of the guard's one identity (a person, a partner account or a service
account), authenticated by an API token or an API session token in ``Authorization:
Bearer``; a refused credential is in the audit log before the 401 (``guard.identity``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from kizashi.config import Settings
from kizashi.errors import AuthError
from kizashi.guard.audit import AuditWriteError
from kizashi.guard.identity import User, authenticate

bearer = HTTPBearer(
    auto_error=False,
    description="An API token from `kizashi tokens create`, or a session token from "
    "`POST /api/v1/session`.",
)


# The dependencies that only read the app's state are ``async``: they do no I/O, and a plain
# ``def`` dependency costs every request a trip through the thread pool (as
# ``http.problems.no_unknown_query_parameters`` says); a POST of one report made four such
# trips before (issue 12, ninth run).
async def get_engine(request: Request) -> Engine:
    return engine_of(request)


def engine_of(request: Request) -> Engine:
    """The app's engine (for code that is not a dependency)."""
    engine: Engine = request.app.state.engine
    return engine


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def client_address(request: Request) -> str:
    """The client's real address (never a header it declares): throttles and audit."""
    return f"ip:{request.client.host}" if request.client is not None else ""


def get_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    """The active user of the request's bearer credential; 401 (audited) otherwise."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "missing bearer token", {"WWW-Authenticate": "Bearer"}
        )
    try:
        return authenticate(
            engine_of(request),
            request.app.state.audit,
            credentials.credentials,
            now=request.app.state.clock(),
            address=client_address(request),
        )
    except AuthError as exc:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, str(exc), {"WWW-Authenticate": "Bearer"}
        ) from None
    except AuditWriteError:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "the audit log cannot be written, so nothing is served",
        ) from None


EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
CallerDep = Annotated[User, Depends(get_caller)]
# The name rooms used before identity and principals became one (issue 14): the caller.
PrincipalDep = CallerDep
