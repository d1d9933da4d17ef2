"""One kind of revocable session, for the API's bearer tokens and the web's cookies alike.

A session is a row in ``sessions``: the SHA-256 digest of a random token (never the token),
its user, the surface it serves (``api``: sent as ``Authorization: Bearer``; ``web``: held
in the signed cookie), when it expires and when and why it ended. A session acts for its
user only while it is live *and* the user is active; sign-out ends one session, disabling an
account or locking it out ends all of the user's sessions (so enabling the account again
revives none of them). Every end is in the audit log.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import Connection, Engine, insert, select, update

from kizashi.errors import AuthError
from kizashi.guard.audit import AuditLog, identity_event
from kizashi.guard.identity.credentials import digest
from kizashi.guard.identity.domain import User
from kizashi.guard.identity.service import get_user_by_id
from kizashi.ids import new_id
from kizashi.store.tables_guard import sessions

Surface = Literal["api", "web"]
TOKEN_PREFIX = "kzs_"
SESSION_TTL: dict[str, timedelta] = {"api": timedelta(hours=1), "web": timedelta(hours=12)}
INVALID = "invalid or expired session"


def open_session(
    engine: Engine,
    user: User,
    *,
    now: datetime,
    surface: Surface = "api",
    terminal: str = "",
    ttl: timedelta | None = None,
) -> tuple[str, datetime]:
    """A new session token for `user` and when it expires (the token is shown only here)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = now + (ttl or SESSION_TTL[surface])
    with engine.begin() as connection:
        connection.execute(
            insert(sessions).values(
                id=new_id(),
                user_id=user.id,
                token_sha256=digest(token),
                created_at=now,
                expires_at=expires,
                terminal=terminal[:200],
                surface=surface,
            )
        )
    return token, expires


def session_user(
    connection: Connection, token: str, *, now: datetime, surface: Surface = "api"
) -> User:
    """The active user of a live session token of `surface`; AuthError otherwise."""
    row = connection.execute(
        select(
            sessions.c.user_id, sessions.c.expires_at, sessions.c.revoked_at, sessions.c.surface
        ).where(sessions.c.token_sha256 == digest(token))
    ).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise AuthError(INVALID)
    if row.surface != surface:
        raise AuthError(INVALID)
    user = get_user_by_id(connection, row.user_id)
    if not user.active:
        raise AuthError(INVALID)
    return user


def end_session(
    engine: Engine,
    audit: AuditLog,
    token: str,
    *,
    now: datetime,
    reason: str = "sign-out",
    terminal: str = "",
) -> bool:
    """End one session (sign-out); audited. False if it had ended already or never was."""
    with engine.begin() as connection:
        row = connection.execute(
            select(sessions.c.id, sessions.c.user_id, sessions.c.surface).where(
                sessions.c.token_sha256 == digest(token), sessions.c.revoked_at.is_(None)
            )
        ).first()
        if row is None:
            return False
        connection.execute(
            update(sessions)
            .where(sessions.c.id == row.id)
            .values(revoked_at=now, ended_reason=reason[:100])
        )
    audit.append(
        identity_event(
            "sign_out",
            actor=row.user_id,
            reason=reason,
            resource_id=row.id,
            context={"surface": row.surface, **({"terminal": terminal} if terminal else {})},
            time=now,
        )
    )
    return True


def end_user_sessions(
    connection: Connection, user_id: str, *, now: datetime, reason: str
) -> list[str]:
    """End every live session of a user (disabled, locked out); the ids of those ended.

    The caller audits the ends, after its transaction commits (:func:`audit_ended`)."""
    ids = list(
        connection.execute(
            select(sessions.c.id).where(
                sessions.c.user_id == user_id, sessions.c.revoked_at.is_(None)
            )
        ).scalars()
    )
    if ids:
        connection.execute(
            update(sessions)
            .where(sessions.c.id.in_(ids))
            .values(revoked_at=now, ended_reason=reason[:100])
        )
    return ids


def audit_ended(
    audit: AuditLog, actor: str, user_id: str, ended: list[str], *, now: datetime, reason: str
) -> None:
    """One audit entry per session ended on someone's behalf (or by the guard itself)."""
    if ended:
        audit.append_many(
            [
                identity_event(
                    "session_ended",
                    actor=actor,
                    reason=reason,
                    resource_id=session_id,
                    context={"user_id": user_id},
                    time=now,
                )
                for session_id in ended
            ]
        )
