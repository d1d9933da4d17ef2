"""Password sign-in and short-lived sessions, for the web room's cookies and the API.

``sign_in(engine, audit, name, password)`` verifies an argon2id password (rehashing it
when the parameters have changed), locks the account for `LOCKOUT` after `MAX_FAILURES`
consecutive failures, and appends the attempt to the audit log *before* it returns the
user (fail closed: no log entry, no sign-in). Every refusal says the same thing, whether
the name is unknown, the account disabled or locked, or the password wrong; the audit
entry says which.

``open_session`` hands out a bearer token valid for `SESSION_TTL` (its SHA-256 digest is
stored, never the token); ``session_principal`` turns it back into the principal the API
authenticates, ``end_session`` revokes it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, insert, select, update

from kizashi.errors import AuthError
from kizashi.guard.audit import AuditEntry, AuditLog
from kizashi.guard.identity import User
from kizashi.guard.identity_service import _dummy_hash, get_user_by_id, login
from kizashi.guard.passwords import DEFAULT_PARAMETERS, HashParameters, verify_password
from kizashi.ids import new_id
from kizashi.principals import Principal
from kizashi.store.tables import principals, users
from kizashi.store.tables_guard import sessions, sign_in_state

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
SESSION_TTL = timedelta(hours=1)
TOKEN_PREFIX = "kzs_"
REFUSED = "sign-in refused: wrong user name or password, or the account is locked for now"


def _state(connection: Connection, user_id: str) -> tuple[int, datetime | None]:
    row = connection.execute(
        select(sign_in_state.c.failures, sign_in_state.c.locked_until).where(
            sign_in_state.c.user_id == user_id
        )
    ).first()
    return (int(row.failures), row.locked_until) if row is not None else (0, None)


def _save_state(connection: Connection, user_id: str, **values: object) -> None:
    found = connection.execute(
        select(sign_in_state.c.user_id).where(sign_in_state.c.user_id == user_id)
    ).first()
    if found is None:
        connection.execute(
            insert(sign_in_state).values(user_id=user_id, **{"failures": 0, **values})
        )
    else:
        connection.execute(
            update(sign_in_state).where(sign_in_state.c.user_id == user_id).values(**values)
        )


def sign_in(
    engine: Engine,
    audit: AuditLog,
    name: str,
    password: str,
    *,
    terminal: str = "",
    now: datetime | None = None,
    parameters: HashParameters = DEFAULT_PARAMETERS,
) -> User:
    """The user, if `password` is theirs and the account is active and not locked.

    Raises AuthError (one message for every refusal) and AuditWriteError (nobody signs in
    unlogged). The attempt is in the audit log before this returns or raises AuthError.
    """
    at = now or datetime.now(UTC)
    with engine.begin() as connection:
        user_id = connection.execute(select(users.c.id).where(users.c.name == name)).scalar()
        failures, locked_until = _state(connection, user_id) if user_id else (0, None)
        user: User | None = None
        if user_id is not None and locked_until is not None and locked_until > at:
            reason = f"account locked until {locked_until.isoformat()}"
            login_failed = True
            # Spend the time a real check takes, so a lock is not told by timing.
            verify_password(_dummy_hash(parameters), password, parameters)
        else:
            try:
                user = login(connection, name, password, parameters)
                reason, login_failed = "", False
            except AuthError:
                reason = "unknown user" if user_id is None else "wrong password or disabled"
                login_failed = True
        if login_failed and user_id is not None and not reason.startswith("account locked"):
            failures += 1
            lock = at + LOCKOUT if failures >= MAX_FAILURES else None
            if lock is not None:
                reason += f"; {failures} failures in a row, locked until {lock.isoformat()}"
            _save_state(
                connection,
                user_id,
                failures=0 if lock is not None else failures,
                locked_until=lock,
                last_failure_at=at,
            )
        elif not login_failed and user_id is not None:
            _save_state(connection, user_id, failures=0, locked_until=None, last_success_at=at)
    # Logged after the state is committed (SQLite has one writer at a time) and before the
    # user is returned: if the log cannot take it, AuditWriteError and nobody signs in.
    audit.append(
        AuditEntry(
            actor=user_id or "anonymous",
            action="sign_in",
            resource_type="session",
            resource_id="",
            purpose="sign in",
            effect="deny" if login_failed else "allow",
            reason=reason,
            personal={} if user_id else {"name": name},
            context={"terminal": terminal} if terminal else {},
            time=at,
        )
    )
    if user is None:
        raise AuthError(REFUSED)
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(
    engine: Engine,
    user: User,
    *,
    terminal: str = "",
    ttl: timedelta = SESSION_TTL,
    now: datetime | None = None,
) -> tuple[str, datetime]:
    """A new bearer token for `user` and when it expires (the token is shown only here)."""
    at = now or datetime.now(UTC)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = at + ttl
    with engine.begin() as connection:
        connection.execute(
            insert(sessions).values(
                id=new_id(),
                user_id=user.id,
                token_sha256=_digest(token),
                created_at=at,
                expires_at=expires,
                terminal=terminal[:200],
            )
        )
    return token, expires


def session_user(connection: Connection, token: str, *, now: datetime | None = None) -> User:
    """The active user of a live session token; AuthError otherwise."""
    at = now or datetime.now(UTC)
    row = connection.execute(
        select(sessions.c.user_id, sessions.c.expires_at, sessions.c.revoked_at).where(
            sessions.c.token_sha256 == _digest(token)
        )
    ).first()
    if row is None or row.revoked_at is not None or row.expires_at <= at:
        raise AuthError("invalid or expired session")
    user = get_user_by_id(connection, row.user_id)
    if not user.active:
        raise AuthError("invalid or expired session")
    return user


def session_principal(connection: Connection, token: str) -> Principal:
    """The API principal of a session token (a user's id is their principal's id)."""
    user = session_user(connection, token)
    row = connection.execute(select(principals).where(principals.c.id == user.id)).first()
    if row is None:
        raise AuthError("invalid or expired session")
    return Principal(row.id, row.name, row.role, row.organisation)


def end_session(engine: Engine, token: str, *, now: datetime | None = None) -> bool:
    with engine.begin() as connection:
        result = connection.execute(
            update(sessions)
            .where(sessions.c.token_sha256 == _digest(token), sessions.c.revoked_at.is_(None))
            .values(revoked_at=now or datetime.now(UTC))
        )
    return bool(result.rowcount)
