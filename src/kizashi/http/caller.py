"""The HTTP door to the guard: who the caller is as a user, and one decision per access.

Every route asks :class:`kizashi.guard.Guard`, which writes its decision to the audit log
before it answers; if the log cannot be written the request fails closed with 503.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Request, status
from pydantic import AfterValidator
from sqlalchemy import Engine

from kizashi.guard.audit import AuditWriteError
from kizashi.guard.identity import User
from kizashi.guard.policy import Decision, Guard, Resource

PURPOSE_HEADER = "X-Kizashi-Purpose"
TERMINAL_HEADER = "X-Kizashi-Terminal"


async def get_guard(request: Request) -> Guard:
    """``async``: it only reads the app's state (no trip through the thread pool)."""
    guard: Guard = request.app.state.guard
    return guard


GuardDep = Annotated[Guard, Depends(get_guard)]


def _as_typed(purpose: str | None) -> str | None:
    """The purpose as the officer typed it. Header values arrive as bytes that Starlette
    reads as Latin-1, so a Japanese purpose sent as UTF-8 (curl, requests, fetch) would
    reach the guard as mojibake: unreadable in the log, and unrecognised by the purpose
    rules (a trivial 業務のため passed ``PURPOSE-1``; qa13). Bytes that are not UTF-8 stay
    Latin-1."""
    if purpose is None or purpose.isascii():
        return purpose
    try:
        return purpose.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return purpose


PurposeDep = Annotated[
    str | None,
    Header(
        alias=PURPOSE_HEADER,
        max_length=300,
        description="Why you need it (required for sensitive material: TLP:RED, "
        "AMBER+STRICT, seized messages, compartments). UTF-8.",
    ),
    AfterValidator(_as_typed),
]


async def get_terminal(
    request: Request,
    terminal: Annotated[
        str | None,
        Header(
            alias=TERMINAL_HEADER,
            max_length=200,
            description="The workstation or device id (recorded for insider analytics); "
            "default: the client's address.",
        ),
    ] = None,
) -> str:
    """Where a request comes from: the declared terminal, else the client's address."""
    if terminal:
        return f"terminal:{terminal}"
    return f"ip:{request.client.host}" if request.client is not None else ""


TerminalDep = Annotated[str, Depends(get_terminal)]


def user_of(engine: Engine, caller: User) -> User:
    """The caller itself: identity and principals are one since issue 14 (the bearer
    dependency yields the active user). Kept so that routes written before still read."""
    del engine
    return caller


@contextmanager
def failing_closed() -> Iterator[None]:
    """Turn a failed audit append into 503: no audit entry, nothing served."""
    try:
        yield
    except AuditWriteError:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "the audit log cannot be written, so nothing is served",
        ) from None


def decided_many(
    guard: Guard,
    user: User,
    action: str,
    resources: Sequence[Resource],
    purpose: str | None,
    *,
    context: Mapping[str, Any] | None = None,
) -> list[Decision]:
    """The guard's decisions, logged; 503 if the audit log cannot take them."""
    with failing_closed():
        return guard.decide_many(user, action, resources, purpose or "", context=context)


def decided(
    guard: Guard,
    user: User,
    action: str,
    resource: Resource,
    purpose: str | None,
    *,
    context: Mapping[str, Any] | None = None,
) -> Decision:
    """The guard's decision, logged; 503 if the audit log cannot take it."""
    return decided_many(guard, user, action, [resource], purpose, context=context)[0]


def refuse(decision: Decision) -> HTTPException:
    """What a denied caller is told: 404 when even existence is concealed, else 403."""
    if decision.conceal:
        return HTTPException(status.HTTP_404_NOT_FOUND, "no such report")
    return HTTPException(status.HTTP_403_FORBIDDEN, f"{decision.reason} (rule {decision.rule})")
