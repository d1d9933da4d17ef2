"""The API's door to the guard: who the caller is as a user, and one decision per access.

Every route asks :class:`kizashi.guard.Guard`, which writes its decision to the audit log
before it answers; if the log cannot be written the request fails closed with 503.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request, status
from sqlalchemy import Engine

from kizashi.guard import AuditWriteError, Decision, Guard, Resource, User, user_for_principal
from kizashi.principals import Principal

PURPOSE_HEADER = "X-Kizashi-Purpose"
TERMINAL_HEADER = "X-Kizashi-Terminal"


def get_guard(request: Request) -> Guard:
    guard: Guard = request.app.state.guard
    return guard


GuardDep = Annotated[Guard, Depends(get_guard)]

PurposeDep = Annotated[
    str | None,
    Header(
        alias=PURPOSE_HEADER,
        max_length=300,
        description="Why you need it (required for sensitive material: TLP:RED, "
        "AMBER+STRICT, seized messages, compartments).",
    ),
]


def get_terminal(
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


def user_of(engine: Engine, principal: Principal) -> User:
    """The guard's user for an authenticated principal.

    Partner tokens made before users existed still work as partner users of their
    organisation; an officer or service token needs a user (`kizashi users create`).
    """
    with engine.connect() as connection:
        user = user_for_principal(connection, principal.id)
    if user is not None:
        if not user.active:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "this user is deactivated")
        return user
    if principal.is_partner:
        return User(
            id=principal.id,
            name=principal.name,
            role="partner_submitter",
            organisation=principal.organisation,
        )
    raise HTTPException(
        status.HTTP_403_FORBIDDEN,
        f"principal {principal.name!r} has no user: create one with `kizashi users create`",
    )


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
    guard: Guard, user: User, action: str, resources: Sequence[Resource], purpose: str | None
) -> list[Decision]:
    """The guard's decisions, logged; 503 if the audit log cannot take them."""
    with failing_closed():
        return guard.decide_many(user, action, resources, purpose or "")


def decided(
    guard: Guard, user: User, action: str, resource: Resource, purpose: str | None
) -> Decision:
    """The guard's decision, logged; 503 if the audit log cannot take it."""
    return decided_many(guard, user, action, [resource], purpose)[0]


def refuse(decision: Decision) -> HTTPException:
    """What a denied caller is told: 404 when even existence is concealed, else 403."""
    if decision.conceal:
        return HTTPException(status.HTTP_404_NOT_FOUND, "no such report")
    return HTTPException(status.HTTP_403_FORBIDDEN, f"{decision.reason} (rule {decision.rule})")
