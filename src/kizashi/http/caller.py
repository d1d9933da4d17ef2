"""The HTTP door to the guard: who the caller is as a user, and one decision per access.

Every route asks :class:`kizashi.guard.Guard`, which writes its decision to the audit log
before it answers; if the log cannot be written the request fails closed with 503.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import Annotated, Any
from urllib.parse import unquote

from fastapi import Depends, Header, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
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

PURPOSE_MAX_CHARS = 300  # as the UI's purpose bar (kizashi.web.routes_auth.state_purpose)
_PURPOSE_MAX_BYTES = 12 * PURPOSE_MAX_CHARS  # every character 4 bytes, percent-encoded

# Characters no purpose holds: C0/C1 controls (a NUL the audit log on PostgreSQL cannot store
# failed every request of its batch; CR LF, ESC) and the bidirectional overrides and isolates
# that would reorder what the oversight officer reads.
_NOT_IN_A_PURPOSE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def stated_purpose(text: str) -> str:
    """A purpose as both doors record it: whitespace runs as one space, trimmed, and no
    control or direction-override characters."""
    return " ".join(_NOT_IN_A_PURPOSE.sub(" ", text).split())


def purpose_text(raw: str) -> str:
    """A header's purpose as the caller wrote it. HTTP carries header values as bytes and
    Starlette reads them as Latin-1: UTF-8 bytes (a Japanese purpose) are read back as
    UTF-8, and a percent-encoded value (what ASCII-only clients send) is decoded — only
    when the header is ASCII, so a raw Japanese purpose's "%41" stays as written. A value
    that is neither is kept as read. Then :func:`stated_purpose`."""
    try:
        text = raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        text = raw
    if "%" in text and text.isascii():
        with suppress(UnicodeDecodeError):
            text = unquote(text, errors="strict")
    return stated_purpose(text)


async def get_purpose(
    raw: Annotated[
        str | None,
        Header(
            alias=PURPOSE_HEADER,
            # The limit that counts is in characters once decoded (below): a Japanese
            # character is 3 header bytes raw and 9 percent-encoded, so the header's own
            # length cannot be the check. The schema states the characters, so a client (and
            # the schema fuzzing) that sends 300 ASCII characters is within it.
            json_schema_extra={"maxLength": PURPOSE_MAX_CHARS},
            description="Why you need it (required for sensitive material: TLP:RED, "
            "AMBER+STRICT, seized messages, compartments); UTF-8, raw or percent-encoded, "
            f"at most {PURPOSE_MAX_CHARS} characters.",
        ),
    ] = None,
) -> str | None:
    """The stated purpose, decoded (:func:`purpose_text`); ``async``: no I/O."""
    if raw is None:
        return None
    text = purpose_text(raw) if len(raw) <= _PURPOSE_MAX_BYTES else raw
    if not text:
        return None  # nothing stated (blank, or only controls): as no header
    if len(text) > PURPOSE_MAX_CHARS:
        raise RequestValidationError(
            [
                {
                    "loc": ("header", PURPOSE_HEADER),
                    "msg": f"at most {PURPOSE_MAX_CHARS} characters",
                    "type": "string_too_long",
                }
            ]
        )
    return text


PurposeDep = Annotated[str | None, Depends(get_purpose)]


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
